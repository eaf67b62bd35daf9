"""Documents are tested on demo data (``demo_db`` of tests/conftest.py: a small demo database
built once per test process and copied for each test)."""

from __future__ import annotations

import io

import pytest

from affido_app.domain.enums import Role
from affido_app.reports import render_bytes
from affido_app.services.context import load_actor
from affido_app.services.demo import DEMO_ACCOUNTS
from affido_app.services.documents import DocumentRequest, prepare


@pytest.fixture
def demo_actors(demo_db) -> dict:
    """Role → Actor of the demo accounts (the first account of each role)."""
    out = {}
    with demo_db.sessions() as s:
        for username, _name, role in DEMO_ACCOUNTS:
            if role not in out:
                out[role] = load_actor(s, username)
    return out


def pdf_text(data: bytes) -> tuple[str, int]:
    """All the text of a PDF (pages joined) and its page count, read back with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def print_document(database, actor, request: DocumentRequest, output: str = "file"):
    """prepare + render, as the app does: returns (text, pages, document, pdf bytes)."""
    with database.sessions.begin() as s:
        document = prepare(s, actor, request, output=output)
    pdf, pages = render_bytes(document)
    text, read_pages = pdf_text(pdf)
    assert read_pages == pages
    return text, pages, document, pdf


__all__ = ["Role", "pdf_text", "print_document"]
