"""One process-wide cache of fitted extractors, shared by every reader of text in the process.

CV reading (``people.cv``), compass tagging (``catalogue.tagging``: a single offer's edit and the bulk
run alike) and the vacancy pipeline (``vacancies.pipeline``, also on each Dask worker) all ask
``fitted(mode, top_k)``. The indexes are fitted (or loaded from the disk cache in ~/.cache/lifelong) once
per mode and process; a different ``top_k`` is a shallow copy that shares them (ranking fewer skills per
text is cheaper, the indexes are not copied).
"""

from __future__ import annotations

import copy
import os
import threading

from .extractor import SkillExtractor
from .taxonomy import load_esco

_FITTED: dict[str, SkillExtractor] = {}
_VIEWS: dict[tuple[str, int], SkillExtractor] = {}
_LOCK = threading.Lock()


def fitted(mode: str = "fast", top_k: int = 20) -> SkillExtractor:
    """The process's fitted extractor for ``mode``, ranking at most ``top_k`` skills per text."""
    key = (mode, top_k)
    with _LOCK:
        if key not in _VIEWS:
            if mode not in _FITTED:
                base = SkillExtractor(mode=mode, top_k=top_k).fit(load_esco())
                if base.sparse_path and mode == "fast":
                    base._sparse_scorer()  # built once here, so every view shares it
                _FITTED[mode] = base
            view = copy.copy(_FITTED[mode])
            view.top_k = top_k
            _VIEWS[key] = view
        return _VIEWS[key]


def worker_info() -> dict:
    """Which process answered and which extractors it holds fitted (tests and benchmarks)."""
    return {"pid": os.getpid(), "fitted": sorted(f"{m}:{k}" for m, k in _VIEWS)}


def clear() -> None:
    """Forget every fitted extractor (tests that swap the taxonomy)."""
    with _LOCK:
        _FITTED.clear()
        _VIEWS.clear()
