"""Benchmark of hostile CV files (issue 19.3): time and peak Python memory to read or refuse each.

    .venv/bin/python benchmarks/bench_hostile_uploads.py

The files are made here (the same generators as tests/people/test_cv_hostile.py): a .docx zip bomb of about
1 MB inflating to 1 GiB, a 250-page PDF, a PDF whose content stream inflates to 64 MB, a 4 MB .docx of real
text. No database: ``people.cv.text_of_upload`` is what the worker runs.
"""

from __future__ import annotations

import io
import os
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
from _common import django_setup, report  # noqa: E402


def big_real_docx(size: int = 4 * 1024 * 1024) -> bytes:
    """A .docx of ``size`` bytes of (incompressible-ish) text paragraphs."""
    words = [os.urandom(6).hex() for _ in range(size // 13)]
    body = "".join(f"<w:p><w:r><w:t>{' '.join(words[i:i + 20])}</w:t></w:r></w:p>" for i in range(0, len(words), 20))
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           f"{body}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def main() -> None:
    django_setup()
    from tests.people.test_cv_hostile import (
        pdf_of_pages,
        pdf_with_a_huge_content_stream,
        zip_bomb_docx,
    )

    from lifelong.people import cv

    files = {"docx zip bomb (1 GiB inflated)": zip_bomb_docx(), "PDF of 250 pages": pdf_of_pages(250),
             "PDF content stream of 64 MB": pdf_with_a_huge_content_stream(), "docx of 4 MB text": big_real_docx()}
    rows = []
    for name, data in files.items():
        tracemalloc.start()
        started = time.perf_counter()
        try:
            cv.text_of_upload(data, name)
            outcome = "read"
        except cv.UnreadableCv as exc:
            outcome = f"refused: {str(exc)[:60]}"
        seconds = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append({"file": name, "bytes": len(data), "seconds": round(seconds, 2),
                     "peak_python_MB": round(peak / 1e6, 1), "outcome": outcome})
    load = os.getloadavg()
    report("hostile_uploads", rows, notes=f"load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} on a shared "
           "2-core machine (other agents running); peak is Python allocations (tracemalloc)", load_average=load)


if __name__ == "__main__":
    main()
