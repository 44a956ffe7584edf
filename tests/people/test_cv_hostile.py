"""Hostile CV uploads (issue 19.3): the request only stores the bytes; the worker parses them with caps on
unpacked size, pages and characters; every malformed file ends in a clear Dutch reason, never a 500."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib

import pytest

from lifelong.people import cv, cv_services, services
from lifelong.people.models import CvReading, CvReadingStatus
from lifelong.people.tasks import read_cv

GIB = 1 << 30


def _zip(name: str, stream: bytes, *, size: int, method: int = 8, flags: int = 0, crc: int = 0) -> bytes:
    """A one-member zip archive written by hand, so the header can say what an attacker wants."""
    fn = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(stream), size, len(fn), 0)
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, method, 0, 0x21, crc, len(stream), size,
                          len(fn), 0, 0, 0, 0, 0, 0) + fn
    offset = len(local) + len(fn) + len(stream)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), offset, 0)
    return local + fn + stream + central + end


def zip_bomb_docx(inflated: int = GIB) -> bytes:
    """About 1 MB of deflate that inflates to ``inflated`` bytes of XML-ish text (identical full-flush blocks)."""
    chunk = b"<" * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    stream = block * (inflated // len(chunk)) + c.flush(zlib.Z_FINISH)
    return _zip("word/document.xml", stream, size=inflated)


def pdf_of_pages(n: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_a_huge_content_stream(inflated: int = 64 << 20) -> bytes:
    """One page whose content stream inflates from a few KB to ``inflated`` bytes (a decompression bomb)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream.set_data(zlib.compress(b"0 0 m\n" * (inflated // 6), 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refused_quickly(data: bytes, match: str, seconds: float = 5.0, megabytes: int = 64):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(cv.UnreadableCv, match=match):
            cv.text_of_upload(data, "cv")
    finally:
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < seconds
    assert peak < megabytes * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_a_docx_zip_bomb_is_refused_quickly_without_big_memory():
    bomb = zip_bomb_docx()
    assert len(bomb) < 2 * 1024 * 1024
    _refused_quickly(bomb, "uitgepakt te groot")


def test_a_docx_that_lies_about_its_size_stops_at_the_cap(monkeypatch):
    # the header says 1 KB, the stream inflates to 1 GiB: zipfile stops at the declared size, the CRC fails
    bomb = zip_bomb_docx()
    lying = bomb.replace(struct.pack("<L", GIB), struct.pack("<L", 1024))
    _refused_quickly(lying, "niet lezen")


@pytest.mark.parametrize("method,flags,reason", [(99, 0, "niet lezen"), (8, 1, "wachtwoord"), (12, 0, "niet lezen")])
def test_encrypted_and_unknown_zip_methods_get_a_reason(method, flags, reason):
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = stream.compress(b"<w:document/>") + stream.flush()
    _refused_quickly(_zip("word/document.xml", data, size=13, method=method, flags=flags), reason)


def test_a_250_page_pdf_is_refused_within_seconds():
    _refused_quickly(pdf_of_pages(250), "250 bladzijden")


def test_a_pdf_decompression_bomb_is_refused():
    _refused_quickly(pdf_with_a_huge_content_stream(), "niet openen|geen tekst", seconds=10, megabytes=200)


@pytest.mark.django_db
def test_the_upload_only_stores_the_bytes_and_the_worker_refuses_with_a_reason(client, learner, person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(learner)
    started = time.perf_counter()
    resp = client.post("/loopbaan/cv/", {"file": SimpleUploadedFile("cv.docx", zip_bomb_docx())})
    assert resp.status_code == 302 and time.perf_counter() - started < 5
    reading = CvReading.objects.get(person=person)
    assert reading.status == CvReadingStatus.QUEUED and bytes(reading.upload).startswith(b"PK")
    read_cv.call(reading.pk)  # the background job, in this process
    reading.refresh_from_db()
    assert reading.status == CvReadingStatus.FAILED and "te groot" in reading.refusal
    assert bytes(reading.upload) == b""
    page = client.get("/loopbaan/cv/").content.decode()
    assert "te groot" in page


@pytest.mark.django_db
def test_a_person_uploads_at_most_n_cvs_an_hour(settings, learner, person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CV_UPLOADS_PER_HOUR = 2
    text = b"Ik werkte tien jaar als kok in een restaurant en leidde de keuken."
    for _ in range(2):
        cv_services.submit_cv(user=learner, person=person, upload=SimpleUploadedFile("cv.txt", text))
    with pytest.raises(services.Refused, match="afgelopen uur"):
        cv_services.submit_cv(user=learner, person=person, upload=SimpleUploadedFile("cv.txt", text))
    cv_services.submit_cv(user=learner, person=person, text=text.decode())  # pasting text stays possible
