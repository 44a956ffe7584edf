from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "lifelong.users"
    label = "users"
    verbose_name = "Gebruikers"
