"""The header's menu per role, as data: one line per entry (label, page, who sees it).

Who sees an entry is the same rule the page uses (the roles its view lets in), so each entry leads to a
page, never to a refusal. Add a role's page by adding one ``Entry`` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lifelong.actionplan import permissions as plan_permissions
from lifelong.users.models import Role
from lifelong.vacancies import permissions as vacancy_permissions

EVERYONE = None
ANALYSTS = (Role.ANALYST, Role.PARTNERSHIP, Role.SECRETARIAT)  # forecasts.views.ANALYSTS
DASHBOARD_READERS = tuple(plan_permissions.READ_ROLES)


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: tuple[str, ...] | None = EVERYONE  # None: everyone, signed in or not
    query: str = ""
    when: Callable | None = None  # an extra condition on the user (e.g. a member of an expert panel)

    def shown_to(self, user) -> bool:
        if not user.is_authenticated:
            return self.roles is None and (self.when is None or bool(self.when(user)))
        if self.roles is not None and not (user.role in self.roles and user.is_active):
            return False
        return self.when is None or bool(self.when(user))

    def href(self) -> str:
        return reverse(self.url_name) + self.query


def _not_a_dashboard_reader(user) -> bool:
    return not user.is_authenticated or user.role not in DASHBOARD_READERS


MENU: list[Entry] = [
    Entry(_("Competenties zoeken"), "taxonomy:search"),
    Entry(_("Beroepen zoeken"), "taxonomy:search", query="?type=occupation"),
    Entry(_("Opleidingskompas"), "catalogue:search"),
    Entry(_("LLL-dashboard"), "dashboard:public", when=_not_a_dashboard_reader),
    Entry(_("LLL-dashboard"), "dashboard:overview", roles=DASHBOARD_READERS),
    Entry(_("Mijn loopbaan"), "people:overview", roles=(Role.LEARNER,)),
    Entry(_("Mijn leerrechten"), "accounts:my_rights", roles=(Role.LEARNER,)),
    Entry(_("Mijn werk"), "organisations:my_work", roles=(Role.LEARNER,)),
    Entry(_("Werkgever"), "organisations:home", roles=(Role.EMPLOYER,)),
    Entry(_("Begeleiding"), "people:guide_home", roles=(Role.COUNSELLOR, Role.EMPLOYER)),
    Entry(_("Mijn caseload"), "casework:caseload", roles=(Role.COUNSELLOR, Role.BRIDGE)),
    Entry(_("Mijn begeleiding"), "casework:mine", roles=(Role.LEARNER,)),
    Entry(_("Organisaties"), "casework:organisations", roles=(Role.COUNSELLOR, Role.BRIDGE)),
    Entry(_("Begeleiding van je organisatie"), "casework:our_guidance", roles=(Role.EMPLOYER,)),
    Entry(_("Mijn berichten"), "mobilisation:my_messages", roles=(Role.LEARNER,)),
    Entry(_("Berichten doorgeven"), "mobilisation:tasks", roles=(Role.COUNSELLOR, Role.BRIDGE)),
    Entry(_("Mijn aanbod"), "catalogue:provider", roles=(Role.PROVIDER,)),
    Entry(_("Inschrijvingen"), "accounts:provider", roles=(Role.PROVIDER,)),
    Entry(_("KMO-portefeuille"), "organisations:provider_wallet", roles=(Role.PROVIDER,)),
    Entry(_("Voorspellingen"), "forecasts:overview", roles=ANALYSTS),
    Entry(_("Enquêtes"), "forecasts:employer_home", roles=(Role.EMPLOYER,)),
    Entry(_("Expertpanels"), "forecasts:expert_home", roles=tuple(Role.values), when=lambda u: u.panels.exists()),
    Entry(_("Vacatureanalyse"), "vacancies:analysis", roles=tuple(vacancy_permissions.READ_ROLES)),
    Entry(_("Mobilisatie"), "mobilisation:home", roles=ANALYSTS),
    Entry(_("Aanbieders"), "catalogue:provider", roles=(Role.SECRETARIAT,)),
    Entry(_("Leerrechten nakijken"), "catalogue:eligibility", roles=(Role.SECRETARIAT,)),
    Entry(_("Beheer"), "admin:index", roles=tuple(Role.values), when=lambda u: u.is_staff),
]


def menu_for(user) -> list[tuple[str, str]]:
    """(label, href) of the entries this user sees, in menu order."""
    return [(entry.label, entry.href()) for entry in MENU if entry.shown_to(user)]
