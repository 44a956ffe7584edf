from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "lifelong.organisations"
    label = "organisations"
    verbose_name = "Organisaties"
