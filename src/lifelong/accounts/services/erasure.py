"""After people are erased, the ledger is made whole again (the one place where ledger rows are deleted)."""

from __future__ import annotations

from django.db import transaction

from ..models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
)


def reconcile_after_erasure() -> int:
    """After people were erased (their accounts go with them), drop the now one-sided transactions and
    reset each funding balance to the sum of its entries. Returns the number of transactions removed.

    This is the one place where ledger rows are deleted: erasure of a person (or of synthetic demo data).
    """
    from django.db.models import Exists, OuterRef, Sum

    holder_side = LedgerEntry.objects.filter(transaction=OuterRef("pk")).exclude(account__kind=AccountKind.FUNDING)
    with transaction.atomic():
        orphans = LedgerTransaction.objects.annotate(has_holder=Exists(holder_side)).filter(has_holder=False)
        orphan_ids = list(orphans.values_list("pk", flat=True))
        if not orphan_ids:
            return 0
        LedgerEntry.objects.filter(transaction_id__in=orphan_ids).delete()
        for chunk_start in range(0, len(orphan_ids), 5000):
            chunk = orphan_ids[chunk_start:chunk_start + 5000]
            LedgerTransaction.objects.filter(reverses_id__in=chunk).delete()
            LedgerTransaction.objects.filter(pk__in=chunk).delete()
        for account in LedgerAccount.objects.filter(kind=AccountKind.FUNDING):
            total = account.entries.aggregate(s=Sum("amount"))["s"] or 0
            LedgerAccount.objects.filter(pk=account.pk).update(balance=total)
    return len(orphan_ids)




def on_person_erased(**_kwargs) -> None:
    """Receiver of ``people.signals.person_erased`` (connected in ``apps.py``): reconcile the ledger."""
    reconcile_after_erasure()
