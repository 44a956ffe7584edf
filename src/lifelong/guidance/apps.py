from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "lifelong.guidance"
    label = "guidance"
    verbose_name = "Begeleiding en toestemming"
