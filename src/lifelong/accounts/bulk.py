"""Inserting many ledger rows at once: PostgreSQL's COPY with ids taken from the table's sequence, or the
ORM's bulk_create elsewhere (SQLite). Both run inside the caller's transaction."""

from __future__ import annotations

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def insert(model, columns: list[str], rows: list[tuple]) -> list[int]:
    """Insert ``rows`` (tuples in the order of ``columns``, database column names, no ``id``) and return
    their new ids in the same order."""
    if not rows:
        return []
    table = model._meta.db_table
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(rows)])
            ids = [r[0] for r in cursor.fetchall()]
            raw = cursor.cursor  # psycopg's own cursor, in the same transaction
            names = ", ".join(["id", *columns])
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row((pk, *row))
        return ids
    fields = {f.column: f.attname for f in model._meta.concrete_fields}
    objs = model.objects.bulk_create([model(**{fields[c]: v for c, v in zip(columns, row, strict=True)})
                                      for row in rows], batch_size=2000)
    return [o.pk for o in objs]


def existing_values(model, column: str, values: list) -> set:
    """Which of ``values`` are already in ``column`` (one array parameter on PostgreSQL: no giant IN list)."""
    if not values:
        return set()
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "{column}" FROM "{model._meta.db_table}" WHERE "{column}" = ANY(%s)', [values])
            return {r[0] for r in cursor.fetchall()}
    return set(model.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True))


def locked_accounts(model, kind: str, person_ids: set[int], scheme_ids: set[int]) -> dict[tuple, int]:
    """{(person_id, scheme_id, period_start): id} of the people's accounts of one kind, locked FOR UPDATE."""
    if not person_ids:
        return {}
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT person_id, scheme_id, period_start, id FROM "{model._meta.db_table}" '
                           "WHERE kind = %s AND person_id = ANY(%s) AND scheme_id = ANY(%s) FOR UPDATE",
                           [kind, list(person_ids), list(scheme_ids)])
            return {(p, s, start): pk for p, s, start, pk in cursor.fetchall()}
    return {(a.person_id, a.scheme_id, a.period_start): a.pk for a in model.objects.select_for_update()
            .filter(kind=kind, person_id__in=person_ids, scheme_id__in=scheme_ids)
            .only("id", "person_id", "scheme_id", "period_start")}
