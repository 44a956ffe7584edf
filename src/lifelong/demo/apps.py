from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lifelong.demo"
    label = "demo"
    verbose_name = "Demo"
