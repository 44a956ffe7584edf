"""Sentences about the employer or the offer, not about a competence (pure).

"Onze klant is een internationale producent", "Wij bieden een vast contract",
"Nous offrons un salaire attractif": every ad has them, and a ranker always
finds *some* skill for them. They are recognised by a few phrases per
language and give no skill and no occupation.
"""

from __future__ import annotations

import re

_PATTERNS = {
    "nl": r"\b(onze klant|(wij|we) zijn een|in volle groei|ons bedrijf|onze organisatie|wij bieden|we bieden|wat bieden wij|wat mag je verwachten|"
          r"ons aanbod|je krijgt|u krijgt|(aangename|fijne|dynamische|leuke) werkomgeving|verloning|"
          r"maaltijdcheques|ecocheques|hospitalisatieverzekering|groepsverzekering|vast contract|"
          r"contract van onbepaalde duur|interim met optie|solliciteer|stuur (je|uw) cv|"
          r"is een (internationale|toonaangevende|groeiende|familiale|gerenommeerde)|marktleider|gevestigd in|"
          r"vlak bij het station|goed bereikbaar|m/v/x|v/m/x)\b",
    "fr": r"(\bnotre client\b|\bnous sommes une?\b|\bnotre entreprise\b|\bnous (vous )?(offrons|proposons)\b|\bsalaire\b|"
          r"ch[eè]ques?[- ]repas|\bcdi\b|contrat [aà] dur[ée]e ind[ée]termin[ée]e|\bpostulez\b|"
          r"envoyez (votre|ton) cv|\best une (entreprise|soci[ée]t[ée]) (internationale|familiale|leader)|"
          r"\bleader (du|sur le) march[ée]|\bsitu[ée]e? [àa]\b|\bh/f\b|\bm/f/x\b)",
    "en": r"\b(our client|we are an? (leading|growing|dynamic|global)|we offer|what we offer|competitive salary|attractive salary|apply now|send your cv|"
          r"equal opportunity employer|is a (leading|global|growing|family-owned) (company|manufacturer|provider)|"
          r"headquartered in|permanent contract)\b",
}
_COMPILED = {lang: re.compile(p, re.IGNORECASE) for lang, p in _PATTERNS.items()}


def is_boilerplate(sentence: str, language: str) -> bool:
    pattern = _COMPILED.get(language)
    return bool(pattern and pattern.search(sentence))
