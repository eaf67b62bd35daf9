"""The printable *registro degli accessi* of one person (administrators), read back with pypdf;
``affido report access`` from the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from affido_app import cli_report
from affido_app.db.models import AuditEvent, Elder, Fosterer, StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.services.documents import DocumentRequest, check_request, prepare
from tests.reports.conftest import pdf_text, print_document


def _busiest(database, model, column) -> tuple[int, str]:
    """The person with the most audit rows, and their name as printed."""
    with database.sessions() as s:
        pid = s.execute(select(column).where(column.is_not(None)).group_by(column)
                        .order_by(func.count().desc(), column).limit(1)).scalar_one()
        person = s.get(model, pid)
        return pid, f"{person.last_name} {person.first_name}"


def _rows_about(database, **person) -> list[AuditEvent]:
    (key, value), = person.items()
    with database.sessions() as s:
        rows = s.scalars(select(AuditEvent).where(getattr(AuditEvent, key) == value)
                         .order_by(AuditEvent.id)).all()
        for r in rows:
            s.expunge(r)
        return rows


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_register_lists_who_did_what_with_a_summary_by_operator(demo_db, demo_actors):
    elder_id, name = _busiest(demo_db, Elder, AuditEvent.elder_id)
    before = _rows_about(demo_db, elder_id=elder_id)
    text, pages, document, _pdf = print_document(
        demo_db, demo_actors[Role.ADMIN], DocumentRequest("access", elder_id, scope="elder"))
    flat = _flat(text)
    assert document.confidential and document.subject == name
    assert "Registro degli accessi" in flat and name in flat
    assert "Riepilogo per operatore" in flat
    assert f"Accessi registrati {len(before)}" in flat
    with demo_db.sessions() as s:
        staff = {u.id: u for u in s.scalars(select(StaffUser))}
    for user_id in {r.user_id for r in before}:
        assert staff[user_id].full_name in flat
        assert staff[user_id].role.label in flat
    # what was done, in Italian words
    labels = {AuditAction(r.action).label for r in before}
    assert all(label in flat for label in labels)
    assert "Stato iniziale: «Segnalato»" in flat
    # only this person: another elder's name is not there, unless a shared record names them
    with demo_db.sessions() as s:
        others = s.execute(select(Elder.last_name, Elder.first_name)
                           .where(Elder.id != elder_id)).all()
    assert not any(f"{o.last_name} {o.first_name}" in flat for o in others)
    assert pages >= 1


def test_printing_it_is_itself_audited_on_the_person(demo_db, demo_actors):
    elder_id, _name = _busiest(demo_db, Elder, AuditEvent.elder_id)
    admin = demo_actors[Role.ADMIN]
    before = len(_rows_about(demo_db, elder_id=elder_id))
    print_document(demo_db, admin, DocumentRequest("access", elder_id), output="preview")
    after = _rows_about(demo_db, elder_id=elder_id)
    assert len(after) == before + 1
    last = after[-1]
    assert (last.action, last.user_id, last.entity, last.entity_id) == (
        AuditAction.PRINT, admin.id, "elders", elder_id)
    assert last.detail == {"document": "access", "output": "preview", "scope": "elder"}
    # and the next register shows it, in words
    text, *_ = print_document(demo_db, admin, DocumentRequest("access", elder_id))
    assert "Documento «Registro degli accessi»: anteprima." in _flat(text)


def test_a_fosterer_and_a_period(demo_db, demo_actors):
    fosterer_id, name = _busiest(demo_db, Fosterer, AuditEvent.fosterer_id)
    admin = demo_actors[Role.ADMIN]
    text, *_ = print_document(demo_db, admin, DocumentRequest("access", fosterer_id,
                                                              scope="fosterer"))
    assert name in _flat(text) and "affidatari" in _flat(text)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    text, pages, *_ = print_document(demo_db, admin, DocumentRequest(
        "access", fosterer_id, scope="fosterer", date_from=tomorrow,
        date_to=tomorrow + dt.timedelta(days=30)))
    flat = _flat(text)
    assert "Nessun accesso registrato nel periodo." in flat and "Accessi registrati 0" in flat
    assert pages == 1


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_administrators_print_it_and_a_refusal_leaves_no_row(demo_db, demo_actors, role):
    elder_id, _name = _busiest(demo_db, Elder, AuditEvent.elder_id)
    before = len(_rows_about(demo_db, elder_id=elder_id))
    with pytest.raises(PermissionDenied), demo_db.sessions.begin() as s:
        prepare(s, demo_actors[role], DocumentRequest("access", elder_id))
    assert len(_rows_about(demo_db, elder_id=elder_id)) == before


def test_requests_are_checked():
    with pytest.raises(ValidationError) as exc:
        check_request(DocumentRequest("access", None))
    assert "record_id" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        check_request(DocumentRequest("access", 1, scope="pair"))
    assert exc.value.errors["scope"] == "Ambito non valido: elder o fosterer."
    assert DocumentRequest("access", 1).entity == "elders"
    assert DocumentRequest("access", 1, scope="fosterer").entity == "fosterers"
    # the supervision report keeps its own scopes
    assert DocumentRequest("supervision", None).effective_scope == "period"
    assert DocumentRequest("supervision", 3).effective_scope == "pair"


def test_the_command_prints_it(demo_db, tmp_path, capsys, monkeypatch):
    elder_id, name = _busiest(demo_db, Elder, AuditEvent.elder_id)
    path = str(tmp_path / "demo.db")
    out = tmp_path / "accessi.pdf"
    monkeypatch.setenv("AFFIDO_USER", "admin")
    monkeypatch.setenv("AFFIDO_PASSWORD", "demo")  # the demo accounts' password
    code = cli_report.main(["--db", path, "access", "--scope", "elder", "--id", str(elder_id),
                            "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text, _pages = pdf_text(out.read_bytes())
    assert "Registro degli accessi" in text and name in _flat(text)

    monkeypatch.setenv("AFFIDO_USER", "coordinatore")
    denied = tmp_path / "no.pdf"
    assert cli_report.main(["--db", path, "access", "--id", str(elder_id),
                            "--out", str(denied)]) == 1
    assert "non consente" in capsys.readouterr().err and not denied.exists()


@pytest.mark.parametrize("args", [
    ["access", "--scope", "pair", "--id", "1", "--out", "x.pdf"],
    ["elder", "--scope", "elder", "--id", "1", "--out", "x.pdf"],
])
def test_scopes_belong_to_their_documents(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli_report.main(args) == 2
    assert "--scope" in capsys.readouterr().err
