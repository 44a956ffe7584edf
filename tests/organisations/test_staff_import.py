"""``lifelong organisations import-staff``: every bad line refused with its line and reason, the good lines kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lifelong.employers.staff_import import import_staff, organisation_by_kbo
from lifelong.organisations.models import Employment

from .conftest import make_person, make_user


def test_each_bad_line_refused_with_reason_good_lines_kept(org):
    a, b = make_person(make_user("learner")), make_person()
    other_kbo = "0403170701"
    csv = "\n".join([
        "person;start_date;end_date;fte;statute;enterprise_number",
        f"{a.user.email};2020-01-01;;0,8;bediende;{org.enterprise_number}",  # 2 ok
        f"person:{b.pk};2021-05-01;2023-12-31;1;arbeider;",               # 3 ok
        "nobody@nowhere.test;2021-01-01;;1;;",                            # 4 unknown person
        f"person:{b.pk};2023-06-01;;0,5;;",                               # 5 overlaps line 3
        f"person:{b.pk};2024-01-01;;1,2;;",                               # 6 FTE above 1
        f"person:{b.pk};2024-01-01;;-0,5;;",                              # 7 FTE below 0
        f"person:{b.pk};2025-01-01;2024-01-01;1;;",                       # 8 end before start
        f"person:{b.pk};2024-01-01;;1;;0403170702",                       # 9 KBO fails its check digits
        f"person:{b.pk};2024-01-01;;1;;{other_kbo}",                      # 10 another firm's number
        f"person:{b.pk};2024-01-01;;1;;",                                 # 11 ok (after line 3 ended)
    ]) + "\n"
    report = import_staff(csv, organisation=org)
    refused = {line: " ".join(reasons) for line, reasons in report.refused}
    assert report.created == 3
    assert sorted(refused) == [4, 5, 6, 7, 8, 9, 10]
    assert "onbekende persoon" in refused[4]
    assert "overlapt" in refused[5]
    assert "meer dan voltijds" in refused[6]
    assert "meer dan 0" in refused[7]
    assert "einddatum ligt voor de begindatum" in refused[8]
    assert "controlegetal" in refused[9]
    assert "niet dat van" in refused[10]
    kept = Employment.objects.filter(organisation=org).order_by("start_date")
    assert [(e.person_id, e.fte_permille, e.statute) for e in kept] == [
        (a.pk, 800, "clerk"), (b.pk, 1000, "worker"), (b.pk, 1000, "clerk")]


def test_overlap_with_stored_record_and_missing_columns(org):
    person = make_person()
    assert import_staff(f"person,start_date,fte\nperson:{person.pk},2020-01-01,1\n", organisation=org).created == 1
    again = import_staff(f"person,start_date,fte\nperson:{person.pk},2022-01-01,1\n", organisation=org)
    assert again.created == 0 and "overlapt" in again.refused[0][1][0]
    with pytest.raises(ValueError, match="kolommen ontbreken"):
        import_staff("person,start\nx,y\n", organisation=org)


def test_organisation_kbo_must_pass_check_digits(org):
    with pytest.raises(ValueError, match="klopt niet"):
        organisation_by_kbo("0123456789")
    assert organisation_by_kbo(org.enterprise_number) == org


@pytest.mark.django_db
def test_command_line_refuses_bad_kbo(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("person,start_date,fte\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "lifelong.cli", "organisations", "import-staff", str(path),
                          "--organisation", "0123456789"], capture_output=True, text=True)
    assert run.returncode == 2 and "klopt niet" in run.stderr
