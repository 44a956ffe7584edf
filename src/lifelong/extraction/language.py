"""A tiny language guesser for nl / fr / en job-ad text (stopword votes, pure)."""

from __future__ import annotations

from lifelong.taxonomy.textnorm import tokens

SUPPORTED = ("nl", "fr", "en")
_MARKERS = {
    "nl": {"de", "het", "een", "en", "van", "voor", "met", "je", "jij", "u", "wij", "we", "zijn", "is", "bent",
           "heb", "hebt", "heeft", "ervaring", "kennis", "of", "om", "te", "op", "bij", "als", "die", "dat", "jouw",
           "onze", "ons", "kan", "kunt", "werken", "job", "functie", "ben", "wat", "hoe", "niet", "ook"},
    "fr": {"le", "la", "les", "un", "une", "des", "du", "de", "et", "vous", "nous", "est", "pour", "avec", "dans",
           "sur", "au", "aux", "votre", "vos", "notre", "nos", "etes", "avez", "connaissance", "experience", "en",
           "qui", "que", "pas", "ou", "sont", "travail", "poste", "chez"},
    "en": {"the", "a", "an", "and", "of", "for", "with", "you", "we", "are", "is", "our", "your", "to", "in",
           "on", "have", "has", "experience", "knowledge", "skills", "will", "be", "as", "at", "by", "or", "who",
           "work", "team", "ability", "strong", "this", "that", "looking"},
}


def guess_language(text: str, default: str = "nl") -> str:
    return vote(tokens(text[:5000]), _MARKERS, default)


def vote(words, markers: dict[str, set[str]], default: str) -> str:
    """The language whose marker words occur most often in ``words``; ``default`` when none occurs. Ties go
    to the language listed first in ``markers`` (Dutch, then French: the languages of Flanders and
    Brussels)."""
    votes = dict.fromkeys(markers, 0)
    for word in words:
        for lang, marked in markers.items():
            if word in marked:
                votes[lang] += 1
    best = max(votes.values())
    if best == 0:
        return default
    return next(lang for lang, n in votes.items() if n == best)
