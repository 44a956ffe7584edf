"""Text normalisation for matching Dutch, French and English labels (pure)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
STEMMERS = {"nl": "dutch", "en": "english", "fr": "french"}
# Words that carry no competence meaning in a search box.
STOPWORDS = {
    "nl": {"de", "het", "een", "en", "of", "van", "voor", "met", "in", "op", "aan", "te", "om", "bij", "naar", "door", "als", "die", "dat", "je", "u"},
    "en": {"the", "a", "an", "and", "or", "of", "for", "with", "in", "on", "to", "at", "by", "as", "from"},
    "fr": {"le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "pour", "avec", "en", "au", "aux", "à", "a", "d", "l"},
}
ALL_STOPWORDS = set().union(*STOPWORDS.values())


def fold(text: str) -> str:
    """Lower case without accents: 'Élève' → 'eleve'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=400_000)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(fold(text)))


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(token: str, language: str) -> str:
    if language not in STEMMERS:
        return token
    return _stemmer(language).stemWord(token)


@lru_cache(maxsize=50_000)
def lemma(token: str, language: str) -> str:
    try:
        import simplemma

        return fold(simplemma.lemmatize(token, lang=language))
    except Exception:  # unknown language or word: the token itself
        return token

