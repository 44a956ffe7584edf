from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "lifelong.mobilisation"
    label = "mobilisation"
    verbose_name = "Mobilisatie"
    default_auto_field = "django.db.models.BigAutoField"
