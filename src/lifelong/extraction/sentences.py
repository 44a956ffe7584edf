"""Sentence splitting with character offsets, tuned for job ads (nl first, fr, en).

Job ads are bullet lists as much as prose: a line break, a bullet sign or a
sentence end starts a new piece. Abbreviations common in Dutch, French and
English ads ("o.a.", "bv.", "e.g.", "p.ex.") do not end a sentence. Very long
pieces are cut at a clause boundary so that one sentence stays one thought.
"""

from __future__ import annotations

import re

MAX_CHARS = 300
ABBREVIATIONS = {
    "bv", "bijv", "o.a", "m.a.w", "m.b.t", "i.v.m", "ca", "incl", "excl", "min", "max", "nl", "enz", "evt",
    "resp", "d.w.z", "t.e.m", "e.g", "i.e", "etc", "vs", "approx", "p.ex", "cf", "env", "mr", "mrs", "dr",
    "st", "no", "nr", "tel", "ex", "art", "vb", "z.s.m",
}
# a line break, a bullet, or sentence-final punctuation followed by a space
_BOUNDARY = re.compile(r"\n+|(?:^|\s)[•·▪►‣◦*–]\s*|(?<=[.!?;:])\s+(?=[\"'(\[]?[A-ZÀ-Ý0-9•·▪*–-])")
_CLAUSE = re.compile(r"[,;]\s+|\s+[-–]\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-•·▪►‣◦*–"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(piece: str) -> bool:
    m = _WORD_BEFORE.search(piece)
    return bool(m) and (m.group(1).lower() in ABBREVIATIONS or len(m.group(1)) == 1)


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_CHARS:
        return [(start, end)]
    pieces, cursor = [], start
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() - cursor >= MAX_CHARS // 2:
            pieces.append((cursor, m.start()))
            cursor = m.end()
    pieces.append((cursor, end))
    out = []
    for s, e in pieces:  # still too long (no clause marks): hard windows at word boundaries
        while e - s > MAX_CHARS:
            cut = text.rfind(" ", s, s + MAX_CHARS)
            cut = cut if cut > s else s + MAX_CHARS
            out.append((s, cut))
            s = cut + 1
        out.append((s, e))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the sentences of ``text``; ``text[start:end]`` is one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.start() > start and text[m.start() - 1] == "." and _is_abbreviation(text[start:m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = _strip(text, s, e)
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.extend(_cut_long(text, s, e))
    return out
