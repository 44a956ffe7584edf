"""Where an ad is: postcode or municipality → NUTS-2 province (pure; Flemish provinces from ``reference``).

Belgian postcodes follow bpost's ranges: the Flemish ones come from ``lifelong.reference``; Brussels
and the Walloon provinces are added here so an ad from there keeps its region (it is not counted in
``flanders:all``). Municipalities: the main municipality names of Flanders and Brussels (Dutch names,
some French ones), each with the postcode of its centre; other names leave the province empty.
"""

from __future__ import annotations

import re

from lifelong.reference import PROVINCES, province_of_postcode
from lifelong.taxonomy.textnorm import fold

FLEMISH = tuple(PROVINCES)
# bpost ranges outside Flanders (NUTS 2021): Brussels, Walloon Brabant, Hainaut, Liège, Luxembourg, Namur.
OTHER_BELGIAN = [((1000, 1299), "BE10"), ((1300, 1499), "BE31"), ((4000, 4999), "BE33"), ((5000, 5999), "BE35"),
                 ((6000, 6599), "BE32"), ((6600, 6999), "BE34"), ((7000, 7999), "BE32")]
PROVINCE_NAMES = {**{code: p["name"] for code, p in PROVINCES.items()}, "BE10": "Brussel", "BE31": "Waals-Brabant",
                  "BE32": "Henegouwen", "BE33": "Luik", "BE34": "Luxemburg", "BE35": "Namen"}

MUNICIPALITIES = {
    "antwerpen": "2000", "anvers": "2000", "gent": "9000", "gand": "9000", "brugge": "8000", "bruges": "8000",
    "leuven": "3000", "louvain": "3000", "mechelen": "2800", "malines": "2800", "aalst": "9300", "alost": "9300",
    "hasselt": "3500", "kortrijk": "8500", "courtrai": "8500", "sint-niklaas": "9100", "oostende": "8400",
    "ostende": "8400", "genk": "3600", "roeselare": "8800", "dendermonde": "9200", "turnhout": "2300",
    "beveren": "9120", "dilbeek": "1700", "heist-op-den-berg": "2220", "lokeren": "9160", "vilvoorde": "1800",
    "sint-truiden": "3800", "mol": "2400", "halle": "1500", "ninove": "9400", "geel": "2440", "brasschaat": "2930",
    "lommel": "3920", "waregem": "8790", "ieper": "8900", "ypres": "8900", "zaventem": "1930", "tienen": "3300",
    "grimbergen": "1850", "lier": "2500", "schoten": "2900", "knokke-heist": "8300", "beringen": "3580",
    "wetteren": "9230", "deinze": "9800", "tongeren": "3700", "herentals": "2200", "maasmechelen": "3630",
    "aarschot": "3200", "menen": "8930", "harelbeke": "8530", "eeklo": "9900", "oudenaarde": "9700",
    "ronse": "9600", "tielt": "8700", "diest": "3290", "torhout": "8820", "poperinge": "8970", "veurne": "8630",
    "diksmuide": "8600", "izegem": "8870", "wevelgem": "8560", "zele": "9240", "temse": "9140", "hamme": "9220",
    "zottegem": "9620", "geraardsbergen": "9500", "maldegem": "9990", "kapellen": "2950", "mortsel": "2640",
    "boom": "2850", "willebroek": "2830", "bilzen": "3740", "houthalen-helchteren": "3530", "bree": "3960",
    "pelt": "3900", "leopoldsburg": "3970", "tessenderlo": "3980", "zonhoven": "3520", "heusden-zolder": "3550",
    "asse": "1730", "overijse": "3090", "machelen": "1830", "kortenberg": "3070", "haacht": "3150",
    "landen": "3400", "zoersel": "2980", "edegem": "2650", "kontich": "2550", "hoogstraten": "2320",
    "balen": "2490", "westerlo": "2260", "nijlen": "2560", "duffel": "2570", "bornem": "2880", "kasterlee": "2460",
    "oostkamp": "8020", "blankenberge": "8370", "de haan": "8420", "middelkerke": "8430", "koksijde": "8670",
    "de panne": "8660", "nieuwpoort": "8620", "zwevegem": "8550", "kuurne": "8520", "lede": "9340",
    "merelbeke": "9820", "destelbergen": "9070", "lochristi": "9080", "evergem": "9940", "zelzate": "9060",
    "aalter": "9880", "tervuren": "3080", "zemst": "1980", "boortmeerbeek": "3190", "rotselaar": "3110",
    "brussel": "1000", "bruxelles": "1000", "brussels": "1000", "lanaken": "3620", "dilsen-stokkem": "3650",
    "maaseik": "3680", "peer": "3990", "hamont-achel": "3930", "neerpelt": "3910", "herzele": "9550",
}
POSTCODE = re.compile(r"^\d{4}$")


def region_of_postcode(postcode: str) -> str | None:
    """NUTS-2 code of a Belgian postcode, or None when it is not one."""
    postcode = re.sub(r"^(?:BE?)\s*-\s*", "", (postcode or "").strip().upper())  # "B-9000" → "9000"
    if not POSTCODE.match(postcode) or postcode.startswith("0"):
        return None
    flemish = province_of_postcode(postcode)
    if flemish:
        return flemish
    number = int(postcode)
    return next((code for (lo, hi), code in OTHER_BELGIAN if lo <= number <= hi), None)


def postcode_of_municipality(name: str) -> str | None:
    key = re.sub(r"\s*\(.*\)\s*$", "", fold(name or "").strip())
    key = re.sub(r"\s+", " ", key)
    return MUNICIPALITIES.get(key)


def is_flemish(province: str) -> bool:
    return province in FLEMISH
