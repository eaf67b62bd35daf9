"""``affido report KIND --id ID --out FILE.pdf``: a document without the interface."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from affido_app import cli_report
from affido_app.db.models import AuditEvent, TrainingSession
from affido_app.services.documents import KINDS
from tests.reports.conftest import pdf_text


@pytest.fixture(autouse=True)
def _demo_password(monkeypatch):
    monkeypatch.setenv("AFFIDO_PASSWORD", "demo")  # every demo account's password


@pytest.fixture
def demo_path(demo_db, tmp_path):
    return str(tmp_path / "demo.db")


def _session_id(database) -> int:
    with database.sessions() as s:
        return s.scalars(select(TrainingSession.id).order_by(TrainingSession.id)).first()


def _prints(database) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "print"))


def test_report_writes_the_pdf_and_an_audit_row(demo_db, demo_path, tmp_path, capsys,
                                                monkeypatch):
    monkeypatch.setenv("AFFIDO_USER", "coordinatore")
    out = tmp_path / "registro.pdf"
    before = _prints(demo_db)
    code = cli_report.main(["--db", demo_path, "attendance", "--id",
                            str(_session_id(demo_db)), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text, pages = pdf_text(out.read_bytes())
    assert "Registro presenze" in text and pages == 1
    assert "1 pagina" in capsys.readouterr().out
    assert _prints(demo_db) == before + 1


@pytest.mark.parametrize(("args", "message"), [
    (["attendance", "--id", "999999"], "non trovato"),
    (["activity"], "periodo"),
])
def test_user_errors_exit_1_with_one_line_and_no_file(demo_db, demo_path, tmp_path, capsys,
                                                      monkeypatch, args, message):
    monkeypatch.setenv("AFFIDO_USER", "coordinatore")
    out = tmp_path / "x.pdf"
    assert cli_report.main(["--db", demo_path, *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_a_user_without_print_permission_gets_no_file_and_no_audit(demo_db, demo_path,
                                                                   tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.setenv("AFFIDO_USER", "lettore")
    out = tmp_path / "x.pdf"
    before = _prints(demo_db)
    assert cli_report.main(["--db", demo_path, "attendance", "--id",
                            str(_session_id(demo_db)), "--out", str(out)]) == 1
    assert "non consente di stampare" in capsys.readouterr().err
    assert not out.exists() and _prints(demo_db) == before


@pytest.mark.parametrize("args", [
    ["nonsense", "--out", "x.pdf"],
    ["elder", "--id", "1"],                                    # no --out
    ["elder", "--id", "0", "--out", "x.pdf"],
    ["elder", "--id", "1", "--out", "x.txt"],
    ["elder", "--id", "1", "--scope", "period", "--out", "x.pdf"],
    ["expenses", "--id", "1", "--month", "2026-13", "--out", "x.pdf"],
    ["expenses", "--id", "1", "--month", "2026-10", "--from", "01/10/2026", "--out", "x.pdf"],
    ["activity", "--from", "31/02/2026", "--to", "01/03/2026", "--out", "x.pdf"],
])
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli_report.main(args) == 2
    assert not list(tmp_path.iterdir())


def test_every_document_kind_is_offered_by_the_command():
    assert set(cli_report.KINDS_HELP) == set(KINDS)


def test_month_is_a_whole_month():
    import datetime as dt

    assert cli_report._month("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
