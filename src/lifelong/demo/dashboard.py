"""Demo data of the dashboard: called by ``lifelong demo seed`` after the people and rights exist."""

from __future__ import annotations

from django.db import transaction

from lifelong.actionplan.models import Action, BudgetLine, Source
from lifelong.actionplan.services import load_actionplan
from lifelong.dashboard.services import import_indicators, recompute_now


@transaction.atomic
def seed_demo_dashboard() -> dict:
    """Load the plan and the official series (idempotent) and demo budgets. The platform indicators are
    computed by ``compute_demo_indicators``, the seed's last step (after every booking and right exists)."""
    plan = load_actionplan()
    report = import_indicators()
    # Budgets per action are not in any source: these are invented demo figures, marked as such.
    demo = {"VS1.2": (45_000_000, 40_000_000, 31_000_000), "VS3.x1": (25_000_000, 25_000_000, 12_500_000),
            "VS6.x1": (80_000_000, 60_000_000, 20_000_000)}
    for code, (planned, committed, spent) in demo.items():
        action = Action.objects.filter(code=code).first()
        if action is not None:
            BudgetLine.objects.get_or_create(action=action, year=2025, defaults={
                "planned_cents": planned, "committed_cents": committed, "spent_cents": spent,
                "note": "DEMO: verzonnen bedrag", "src": Source.SECRETARIAT})
    return {"plan": plan.summary(), "indicators": report.summary()}


def compute_demo_indicators() -> int:
    """Compute the platform indicators from the seeded people, rights and bookings (values written)."""
    return recompute_now().values_written
