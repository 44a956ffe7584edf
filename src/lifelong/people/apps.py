from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lifelong.people"
    label = "people"
    verbose_name = "Personen"
