"""The recovery sheet: the code, large and readable, and what to do with it."""

from __future__ import annotations

import io
import re

import pypdf

from affido_app.db import keyring as kr
from affido_app.reports.recovery import code_lines, render_sheet


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_sheet_holds_the_code_and_the_organisation():
    dk = kr.new_database_key()
    code = kr.recovery_code(dk)
    pdf, pages = render_sheet(code, "Consorzio <b>Ovest</b> & Solidale",
                              database="/dati/affido.db", administrator="Anna Bianchi")
    assert pages == 1
    text = _text(pdf)
    assert "Consorzio <b>Ovest</b> & Solidale" in text  # printed literally
    assert "cassaforte" in text and "Password dimenticata?" in text
    # the code read back from the sheet is the database key
    lines = [line for line in text.splitlines() if re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4})+",
                                                                line.strip())]
    assert "-".join(line.strip() for line in lines) == code
    assert kr.key_from_recovery_code("-".join(lines)) == dk


def test_code_lines_are_groups_of_four():
    code = kr.recovery_code(bytes(range(32)))
    lines = code_lines(code)
    assert len(lines) == 2
    assert all(len(g) == 4 for line in lines for g in line.split("-"))
    assert "-".join(lines) == code
