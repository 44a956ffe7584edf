"""Reference lists shared by the domains (codes from official classifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Flemish provinces with their NUTS-2 code (Eurostat NUTS 2021) and a postcode range (bpost).
PROVINCES = {
    "BE21": {"name": _("Antwerpen"), "postcodes": [(2000, 2999)]},
    "BE22": {"name": _("Limburg"), "postcodes": [(3500, 3999)]},
    "BE23": {"name": _("Oost-Vlaanderen"), "postcodes": [(9000, 9999)]},
    "BE24": {"name": _("Vlaams-Brabant"), "postcodes": [(1500, 1999), (3000, 3499)]},
    "BE25": {"name": _("West-Vlaanderen"), "postcodes": [(8000, 8999)]},
}
PROVINCE_CHOICES = [(code, p["name"]) for code, p in PROVINCES.items()]


def province_of_postcode(postcode: int | str) -> str | None:
    try:
        number = int(str(postcode).strip())
    except ValueError:
        return None
    for code, province in PROVINCES.items():
        if any(lo <= number <= hi for lo, hi in province["postcodes"]):
            return code
    return None


# NACE Rev. 2 sections (Eurostat).
NACE_SECTIONS = {
    "A": _("Landbouw, bosbouw en visserij"), "B": _("Winning van delfstoffen"), "C": _("Industrie"),
    "D": _("Energievoorziening"), "E": _("Water, afval en sanering"), "F": _("Bouwnijverheid"),
    "G": _("Groot- en detailhandel"), "H": _("Vervoer en opslag"), "I": _("Logies en horeca"),
    "J": _("Informatie en communicatie"), "K": _("Financiële diensten"), "L": _("Vastgoed"),
    "M": _("Vrije beroepen en wetenschap"), "N": _("Administratieve en ondersteunende diensten"),
    "O": _("Openbaar bestuur"), "P": _("Onderwijs"), "Q": _("Gezondheidszorg en welzijn"),
    "R": _("Kunst, amusement en recreatie"), "S": _("Overige diensten"),
}
NACE_CHOICES = list(NACE_SECTIONS.items())


class EducationLevel:
    """ISCED 2011 levels grouped as in Flemish statistics (low = ISCED 0-2, medium 3-4, high 5-8)."""

    LOW, MEDIUM, HIGH = "low", "medium", "high"
    CHOICES = [(LOW, _("laaggeschoold")), (MEDIUM, _("middengeschoold")), (HIGH, _("hooggeschoold"))]


class LabourStatus:
    EMPLOYED, SELF_EMPLOYED, JOB_SEEKER, INACTIVE = "employed", "self_employed", "job_seeker", "inactive"
    CHOICES = [(EMPLOYED, _("werknemer")), (SELF_EMPLOYED, _("zelfstandige")),
               (JOB_SEEKER, _("werkzoekende")), (INACTIVE, _("niet-beroepsactief"))]


class FirmSize:
    """EU SME definition by head count (Commission Recommendation 2003/361/EC)."""

    MICRO, SMALL, MEDIUM, LARGE = "micro", "small", "medium", "large"
    CHOICES = [(MICRO, _("micro (<10)")), (SMALL, _("klein (10-49)")), (MEDIUM, _("middelgroot (50-249)")),
               (LARGE, _("groot (250+)"))]

    @classmethod
    def of(cls, employees: int) -> str:
        if employees < 10:
            return cls.MICRO
        if employees < 50:
            return cls.SMALL
        if employees < 250:
            return cls.MEDIUM
        return cls.LARGE
