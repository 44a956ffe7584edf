from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """The employer portal (/werkgever/) over the low `organisations` app: it reads accounts, people and the
    compass, so it sits above them (scripts/structure_map.py APP_FLOORS)."""

    name = "lifelong.employers"
    verbose_name = "Werkgevers"
