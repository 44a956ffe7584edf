"""Places: postcode → province (``reference``), municipality and approximate coordinates (pure).

A full bpost/NGI postcode table is not bundled yet; a few main postcodes carry their centre and
every other Flemish postcode falls back to its province's centre (documented in docs/catalogue.md).
"""

from __future__ import annotations

from lifelong.reference import PROVINCES, province_of_postcode

MAIN_POSTCODES = {
    "1000": ("Brussel", 50.8467, 4.3525), "1800": ("Vilvoorde", 50.9281, 4.4245),
    "2000": ("Antwerpen", 51.2194, 4.4025), "2300": ("Turnhout", 51.3227, 4.9447),
    "2800": ("Mechelen", 51.0259, 4.4776), "3000": ("Leuven", 50.8798, 4.7005),
    "3500": ("Hasselt", 50.9307, 5.3325), "3600": ("Genk", 50.9650, 5.5008),
    "8000": ("Brugge", 51.2093, 3.2247), "8400": ("Oostende", 51.2154, 2.9287),
    "8500": ("Kortrijk", 50.8280, 3.2649), "8800": ("Roeselare", 50.9465, 3.1227),
    "9000": ("Gent", 51.0543, 3.7174), "9100": ("Sint-Niklaas", 51.1650, 4.1437),
    "9300": ("Aalst", 50.9378, 4.0410),
}
PROVINCE_CENTRES = {
    "BE21": (51.2, 4.6), "BE22": (50.98, 5.45), "BE23": (51.0, 3.8), "BE24": (50.88, 4.55), "BE25": (51.0, 3.1),
}


def place_of(postcode: str) -> tuple[str | None, str, tuple[float, float] | None]:
    """(province code, municipality or '', (lat, lon) or None) for a postcode."""
    postcode = (postcode or "").strip()
    province = province_of_postcode(postcode) if postcode else None
    if postcode in MAIN_POSTCODES:
        name, lat, lon = MAIN_POSTCODES[postcode]
        return province, name, (lat, lon)
    return province, "", PROVINCE_CENTRES.get(province) if province else None


def province_name(code: str) -> str:
    return PROVINCES.get(code, {}).get("name", code)
