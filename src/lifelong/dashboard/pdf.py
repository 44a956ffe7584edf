"""A PDF of the dashboard report: the same tables as the printable page (fpdf2, pure Python).

The built-in PDF fonts cover Latin-1 only; characters outside it are spelled out
(no font files needed on the server). Charts appear as their tables.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .selectors import Table

SPELL = {"—": "-", "–": "-", "€": "EUR", "→": "->", "≥": ">=", "≤": "<=", "…": "...", "’": "'", "‘": "'",
         "“": '"', "”": '"', "„": '"', "×": "x"}


def _latin1(text) -> str:
    if text is None:
        return ""
    if isinstance(text, Decimal):
        text = text.normalize()
        text = format(text, "f")
    text = str(text)
    for a, b in SPELL.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def report_pdf(title: str, tables: list[Table]) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_lang(get_language() or "nl")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, _latin1(_("Gemaakt op %(when)s; kleine cellen (n < 10) onderdrukt.")
                             % {"when": f"{datetime.now():%Y-%m-%d %H:%M}"}),
             new_x="LMARGIN", new_y="NEXT")
    for table in tables:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(table.title), new_x="LMARGIN", new_y="NEXT")
        if table.params:
            pdf.set_font("Helvetica", "I", 8)
            pdf.multi_cell(0, 5, _latin1(", ".join(f"{k}={v}" for k, v in table.params.items())),
                           new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 7)
        with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=4) as t:
            t.row([_latin1(c) for c in table.columns])
            for row in table.rows or [[_("(geen gegevens)")] + [""] * (len(table.columns) - 1)]:
                t.row([_latin1(v)[:160] for v in row])
    return bytes(pdf.output())
