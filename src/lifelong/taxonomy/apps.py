from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "lifelong.taxonomy"
    label = "taxonomy"
    verbose_name = "ESCO"
