from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "lifelong.forecasts"
    label = "forecasts"
    verbose_name = "Competentievoorspellingen"
    default_auto_field = "django.db.models.BigAutoField"
