"""The training plan as a PDF for the works council (fpdf2, core fonts: Latin-1 text)."""

from __future__ import annotations

from fpdf import FPDF


def _latin1(text) -> str:
    text = str(text).replace("–", "-").replace("—", "-").replace("’", "'").replace("„", '"').replace("”", '"')
    return text.encode("latin-1", "replace").decode("latin-1")


def _line(pdf, height: int, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def plan_pdf(*, organisation, plan, coverage, labels) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    _line(pdf, 8, _latin1(f"Opleidingsplan {plan.year} - {organisation.name}"))
    pdf.set_font("Helvetica", "", 9)
    _line(pdf, 5, _latin1(f"Ondernemingsnummer {organisation.enterprise_number} - status: "
                                 f"{plan.get_status_display()}"))
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _latin1("Nodige competenties en dekking in het team"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for c in coverage:
        covered = c.covered if c.covered is not None else "minder dan 5"
        _line(pdf, 5, _latin1(f"- {c.label} ({c.need.get_horizon_display()}): nodig {c.need.people_needed}, "
                                     f"in het team {covered}{' - tekort' if c.gap else ''}"))
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _latin1("Acties"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for item in plan.items.all():
        deadline = item.deadline.isoformat() if item.deadline else "-"
        _line(pdf, 5, _latin1(f"- {item.title} [{item.get_kind_display()}] - {labels.get(item.skill_id, '')}; "
                                     f"doelgroep: {item.target_group or '-'}; tegen {deadline}; "
                                     f"{item.get_status_display()}"))
    return bytes(pdf.output())
