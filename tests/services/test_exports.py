"""Exports of a list as xlsx or csv: contents, formula injection, permission and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction, Role
from affido_app.domain.permissions import Resource
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.services import exports
from affido_app.services.audit_log import describe_detail, describe_record

HEADERS = ["Nome", "Nato il", "Comune", "Ore"]
ROWS = [
    ["Rossi Maria", dt.date(1940, 3, 2), "Bologna", 4.5],
    ["=HYPERLINK(\"http://x\")", None, "+39 333", -2],
    ["@SUM(A1)", dt.date(1938, 12, 31), "-meno", 0],
]


def _audit_rows(db):
    with db.sessions() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
                         .order_by(AuditEvent.id)).all()


def _export(db, actor, path, rows=ROWS, **kw):
    kw.setdefault("resource", Resource.ELDER)
    kw.setdefault("list_name", "Anziani")
    with db.sessions.begin() as s:
        return exports.export_list(s, actor, path, headers=HEADERS, rows=rows, **kw)


def test_xlsx_has_the_headers_rows_dates_as_dates_and_no_formulas(db, actors, tmp_path):
    path = tmp_path / "anziani.xlsx"
    assert _export(db, actors[Role.COORDINATOR], path) == 3
    ws = load_workbook(path).active
    assert ws.title == "Anziani"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == HEADERS
    assert values[1] == ["Rossi Maria", dt.datetime(1940, 3, 2), "Bologna", 4.5]
    assert ws["B2"].is_date and ws["B2"].number_format == exports.DATE_FORMAT
    # text that looks like a formula stays text; numbers stay numbers
    for ref, text in (("A3", '=HYPERLINK("http://x")'), ("C3", "+39 333"), ("A4", "@SUM(A1)"),
                      ("C4", "-meno")):
        assert ws[ref].value == text and ws[ref].data_type == "s", ref
    assert ws["D3"].value == -2 and ws["D3"].data_type == "n"
    assert ws.freeze_panes == "A2"


def test_csv_is_utf8_with_bom_semicolons_italian_dates_and_guarded(db, actors, tmp_path):
    path = tmp_path / "anziani.csv"
    rows = [*ROWS, ["Città è già", dt.date(2001, 1, 9), "Forlì; centro", None]]
    assert _export(db, actors[Role.ADMIN], path, rows=rows) == 4
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[0] == HEADERS
    assert parsed[1] == ["Rossi Maria", "02/03/1940", "Bologna", "4,5"]
    assert parsed[2] == ["'=HYPERLINK(\"http://x\")", "", "'+39 333", "-2"]
    assert parsed[3] == ["'@SUM(A1)", "31/12/1938", "'-meno", "0"]
    assert parsed[4] == ["Città è già", "09/01/2001", "Forlì; centro", ""]


def test_one_audit_row_without_personal_data(db, actors, tmp_path):
    coord = actors[Role.COORDINATOR]
    _export(db, coord, tmp_path / "a.csv", filters="stato: In attesa; ordinati per nome")
    (row,) = _audit_rows(db)
    assert (row.user_id, row.entity, row.entity_id) == (coord.id, "elenco", None)
    assert row.detail == {"elenco": "Anziani", "righe": 3, "formato": "csv",
                          "filtri": "stato: In attesa; ordinati per nome"}
    assert "Rossi" not in json.dumps(row.detail)
    # the access log reads it in Italian
    assert describe_record(row.entity) == "Elenco"
    assert describe_detail(row.action, row.entity, row.detail) == (
        "Elenco: Anziani; righe: 3; formato: csv; filtri: stato: In attesa; ordinati per nome.")


def test_a_role_without_the_right_writes_nothing(db, actors, tmp_path):
    path = tmp_path / "a.xlsx"
    for role in (Role.READ_ONLY, Role.PSYCHOLOGIST, Role.SOCIAL_WORKER):
        with pytest.raises(PermissionDenied) as caught:
            _export(db, actors[role], path)
        assert caught.value.message == "Il suo profilo non consente di esportare anziani."
    with pytest.raises(PermissionDenied):
        _export(db, actors[Role.COORDINATOR], path, resource=Resource.AUDIT,
                list_name="Registro")
    assert not path.exists()
    assert _audit_rows(db) == []


def test_unknown_format_and_missing_folder_leave_no_audit_row(db, actors, tmp_path):
    with pytest.raises(ValidationError):
        _export(db, actors[Role.ADMIN], tmp_path / "a.ods")
    from affido_app.errors import StorageError

    with pytest.raises(StorageError):
        _export(db, actors[Role.ADMIN], tmp_path / "missing" / "a.xlsx")
    assert _audit_rows(db) == []
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.entity == exports.AUDIT_ENTITY)) == 0


def test_a_failing_row_source_writes_no_file(db, actors, tmp_path):
    def rows():
        yield ROWS[0]
        raise RuntimeError("cancelled")

    path = tmp_path / "a.xlsx"
    with pytest.raises(RuntimeError):
        _export(db, actors[Role.ADMIN], path, rows=rows())
    assert not path.exists() and _audit_rows(db) == []


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_ten_thousand_rows_are_quick(sqlite_db, fmt, tmp_path):
    from tests.conftest import make_actors

    actor = make_actors(sqlite_db)[Role.ADMIN]
    rows = ([f"Cognome{i} Nome", dt.date(1930 + i % 60, 1 + i % 12, 1 + i % 28), "Bologna",
             "333 123 4567", "In attesa", dt.date(2024, 1, 1)] for i in range(10_000))
    headers = ["Nome", "Nato il", "Comune", "Telefono", "Stato", "Dal"]
    path = tmp_path / f"big.{fmt}"
    seen = []
    start = time.perf_counter()
    with sqlite_db.sessions.begin() as s:
        count = exports.export_list(s, actor, path, resource=Resource.ELDER, list_name="Anziani",
                                    headers=headers, rows=rows, progress=seen.append)
    elapsed = time.perf_counter() - start
    assert count == 10_000 and seen[-1] == 10_000
    assert elapsed < 10, elapsed
    if fmt == "xlsx":
        wb = load_workbook(path, read_only=True)
        rows_read = list(wb.active.values)
        wb.close()
        assert len(rows_read) == 10_001 and rows_read[-1][0] == "Cognome9999 Nome"
    else:
        assert path.read_bytes().count(b"\r\n") == 10_001


def test_xlsx_rows_never_go_through_a_temporary_file(db, actors, tmp_path, monkeypatch):
    import openpyxl.worksheet._writer as sheet_writer

    def refuse(*_args, **_kw):
        raise AssertionError("temporary file")

    monkeypatch.setattr(sheet_writer, "create_temporary_file", refuse)
    path = tmp_path / "a.xlsx"
    assert _export(db, actors[Role.ADMIN], path) == 3
    assert load_workbook(path).active["A2"].value == "Rossi Maria"
