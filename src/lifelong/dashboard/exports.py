"""CSV and XLSX of a view's table, with the view's parameters written beside the data."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.utils.translation import gettext as _

from lifelong.numbers import plain

from .selectors import Table


def _cell(value):
    """A value for a file: empty for None, numbers plainly (``Decimal('73.0000')`` → 73, see ``numbers.plain``)."""
    if value is None:
        return ""
    return plain(value)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"# {table.title}"])
    for key, value in table.params.items():
        writer.writerow([f"# {key}={value}"])
    if table.caption:
        writer.writerow([f"# {table.caption}"])
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    data = wb.active
    data.title = _("gegevens")
    data.append(table.columns)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        data.append([float(v) if hasattr(v, "as_tuple") else _cell(v) for v in row])
    params = wb.create_sheet(_("parameters"))
    params.append([_("titel"), table.title])
    for key, value in table.params.items():
        params.append([key, str(value)])
    params.append([_("toelichting"), table.caption])
    params.append([_("gemaakt op"), datetime.now().isoformat(timespec="seconds")])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
