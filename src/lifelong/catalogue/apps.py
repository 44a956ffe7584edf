from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "lifelong.catalogue"
    label = "catalogue"
    verbose_name = "Opleidingskompas"
