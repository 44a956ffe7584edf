from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lifelong.web"
    label = "web"
    verbose_name = "Web"
