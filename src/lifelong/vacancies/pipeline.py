"""The extraction step of the pipeline as one pure function (no Django): the same code runs
in-process and on every Dask worker.

``extract_batch(records, mode, top_k)`` maps ``[(id, text, language), …]`` to
``[(id, [(uri, score), …], [(uri, score), …]), …]`` (skills, occupations; best first). The fitted
extractor is the process's one (``lifelong.extraction.shared``): a Dask worker fits (or loads from
the disk cache) once and reuses it for every batch it gets.
"""

from __future__ import annotations

from lifelong.extraction import shared
from lifelong.extraction.shared import worker_info

ENGINE_LANGUAGES = ("nl", "fr", "en")
__all__ = ["ENGINE_LANGUAGES", "engine_language", "extract_batch", "extractor", "worker_info"]


def engine_language(language: str | None) -> str | None:
    """The engine reads nl, fr and en; a German ad is read with the English labels (best effort)."""
    if language in ENGINE_LANGUAGES:
        return language
    return "en" if language == "de" else None


def extractor(mode: str = "fast", top_k: int = 20):
    return shared.fitted(mode, top_k)


def extract_batch(records: list[tuple[int, str, str | None]], mode: str = "fast", top_k: int = 20) -> list[tuple]:
    engine = extractor(mode, top_k)
    results = engine.extract([r[1] for r in records], [engine_language(r[2]) for r in records])
    return [(rid, [(m.uri, m.score) for m in res.skills], [(m.uri, m.score) for m in res.occupations])
            for (rid, _text, _lang), res in zip(records, results, strict=True)]
