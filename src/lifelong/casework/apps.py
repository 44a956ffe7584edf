from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lifelong.casework"
    label = "casework"
    verbose_name = "Begeleiding van personen (caseload, samenwerken, doorverwijzen)"
