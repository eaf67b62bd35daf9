"""The audit log as administrators read it: filters, pages in plain Italian, one person's
accesses, the log of the log, and tampering found by ``affido check``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event, func, select, text

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction, FostererStatus, PersonKind, Role
from affido_app.errors import NotFound, PermissionDenied, ValidationError
from affido_app.services import audit_log as L
from affido_app.services import people as P
from affido_app.services.audit import verify_chain
from affido_app.services.audit_log import AuditFilter
from affido_app.services.documents import DocumentRequest, prepare, record_output
from tests.helpers import elder_data, fosterer_data

TODAY = dt.date.today()


@pytest.fixture
def story(db, actors):
    """An elder created and edited by the coordinator and read (health data) by the
    psychologist; a fosterer whose status the social worker changes; the elder's record
    printed by the admin three ways."""
    co, psy, sw, admin = (actors[r] for r in (Role.COORDINATOR, Role.PSYCHOLOGIST,
                                             Role.SOCIAL_WORKER, Role.ADMIN))
    with db.sessions.begin() as s:
        eid = P.create_elder(s, co, elder_data(last_name="Rossi", first_name="Maria"))
        P.update_elder(s, co, eid, {"notes": "x", "gp_name": "Dottor Bianchi"},
                       expected_version=1)
        fid = P.create_fosterer(s, co, fosterer_data(last_name="Verdi", first_name="Luca"))
        other = P.create_elder(s, co, elder_data(last_name="Neri", first_name="Anna"))
    with db.sessions.begin() as s:
        P.get_elder(s, psy, eid, sensitive=True)
        P.change_status(s, sw, PersonKind.FOSTERER, fid, FostererStatus.SELECTION)
    with db.sessions.begin() as s:
        request = DocumentRequest("elder", eid)
        document = prepare(s, admin, request, output="preview")
        record_output(s, admin, request, "printer", document.audit_ids)
        record_output(s, admin, request, "file", document.audit_ids)
    return {"elder": eid, "fosterer": fid, "other": other, "actors": actors}


def _all(db, actor, flt=None):
    with db.sessions() as s:
        return L.list_events(s, actor, flt, 0, L.MAX_PAGE)


def _count(db, actor, flt=None):
    with db.sessions() as s:
        return L.count_events(s, actor, flt)


# --- who may read it -------------------------------------------------------------------------

@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_administrators_read_the_log(db, actors, role):
    actor = actors[role]
    calls = [
        lambda s: L.list_events(s, actor, None, 0, 10),
        lambda s: L.count_events(s, actor),
        lambda s: L.filter_choices(s, actor),
        lambda s: L.log_viewing(s, actor),
        lambda s: L.get_event(s, actor, 1),
        lambda s: L.person_access(s, actor, PersonKind.ELDER, 1),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), db.sessions() as s:
            call(s)


# --- rows in words ---------------------------------------------------------------------------

def test_rows_say_who_what_and_on_which_record_in_italian(db, story):
    admin = story["actors"][Role.ADMIN]
    rows = _all(db, admin)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)  # newest first

    update = next(r for r in rows if r.action == AuditAction.UPDATE and r.entity == "elders")
    assert update.user_name == "Carlo Coordinatore" and update.user_role == "Coordinatore"
    assert update.action_label == "Modifica"
    assert update.record == "Scheda anziano: Rossi Maria"
    assert update.detail == "Campi modificati: Medico di base, Note."
    assert update.person == "Rossi Maria"

    read = next(r for r in rows if r.action == AuditAction.READ and r.entity == "elders"
                and r.user_role == "Psicologo")
    assert read.user_name == "Paola Psicologa"
    assert read.detail == "Consultati i dati sanitari e di fragilità."

    status = next(r for r in rows if r.action == AuditAction.STATUS)
    assert status.record == "Scheda affidatario: Verdi Luca"
    assert status.detail == "Stato da «Candidatura» a «In selezione»."

    created = next(r for r in rows if r.action == AuditAction.CREATE
                   and r.entity == "fosterers")
    assert created.detail == "Stato iniziale: «Candidatura»."

    outputs = [r.detail for r in rows if r.action == AuditAction.PRINT]
    assert sorted(outputs) == sorted([
        "Documento «Scheda anziano»: anteprima.", "Documento «Scheda anziano»: stampa.",
        "Documento «Scheda anziano»: salvato in file."])

    staff = next(r for r in rows if r.entity == "staff_users" and r.action == AuditAction.CREATE)
    assert staff.record.startswith("Account operatore: ")
    assert staff.detail.startswith("Ruolo: ")
    # nothing shown to the user is a database id
    for r in rows:
        assert not re.search(r"\d", r.record + r.user_name + r.action_label), r


def test_filters_each_narrow_the_rows(db, story):
    actors, admin = story["actors"], story["actors"][Role.ADMIN]
    everything = _all(db, admin)
    assert _count(db, admin) == len(everything)

    psy = actors[Role.PSYCHOLOGIST]
    cases = {
        AuditFilter(user_id=psy.id): lambda r: r.user_id == psy.id,
        AuditFilter(action=AuditAction.PRINT): lambda r: r.action == AuditAction.PRINT,
        AuditFilter(record_type="fosterers"): lambda r: r.entity in ("fosterers",
                                                                     "fosterer_events"),
        AuditFilter(record_type="staff"): lambda r: r.entity == "staff_users",
        AuditFilter(elder_id=story["elder"]): lambda r: r.elder_id == story["elder"],
        AuditFilter(fosterer_id=story["fosterer"]): lambda r: r.fosterer_id == story["fosterer"],
        AuditFilter(action=AuditAction.UPDATE, elder_id=story["elder"]):
            lambda r: r.action == AuditAction.UPDATE and r.elder_id == story["elder"],
    }
    for flt, wanted in cases.items():
        expected = [r.id for r in everything if wanted(r)]
        assert expected, flt
        assert [r.id for r in _all(db, admin, flt)] == expected, flt
        assert _count(db, admin, flt) == len(expected), flt


def test_period_filter_uses_local_days(db, story):
    admin = story["actors"][Role.ADMIN]
    total = _count(db, admin)
    assert _count(db, admin, AuditFilter(date_from=TODAY, date_to=TODAY)) == total
    assert _count(db, admin, AuditFilter(date_from=TODAY + dt.timedelta(days=1))) == 0
    assert _count(db, admin, AuditFilter(date_to=TODAY - dt.timedelta(days=1))) == 0
    with pytest.raises(ValidationError) as exc, db.sessions() as s:
        L.count_events(s, admin, AuditFilter(date_from=TODAY, date_to=TODAY - dt.timedelta(1)))
    assert "date_to" in exc.value.errors
    with pytest.raises(ValidationError), db.sessions() as s:
        L.count_events(s, admin, AuditFilter(record_type="nonsense"))


def test_a_person_filter_leaves_the_person_out_of_the_description(db, story):
    admin = story["actors"][Role.ADMIN]
    rows = _all(db, admin, AuditFilter(elder_id=story["elder"]))
    update = next(r for r in rows if r.action == AuditAction.UPDATE)
    assert update.record == "Scheda anziano" and update.person == "Rossi Maria"


def test_pages_are_windows_of_the_same_order_and_one_query_each(db, story):
    admin = story["actors"][Role.ADMIN]
    everything = [r.id for r in _all(db, admin)]
    assert len(everything) > 12
    pages = []
    with db.sessions() as s:
        for offset in range(0, len(everything), 5):
            pages += [r.id for r in L.list_events(s, admin, None, offset, 5)]
    assert pages == everything

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.sessions() as s:
            s.connection()  # the session's own set-up statements are not the page's
            statements.clear()
            rows = L.list_events(s, admin, None, 0, 200)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert {r.entity for r in rows} >= {"elders", "fosterers", "staff_users"}  # every join
    assert len(statements) == 1


def test_get_event_and_not_found(db, story):
    admin = story["actors"][Role.ADMIN]
    newest = _all(db, admin)[0]
    with db.sessions() as s:
        assert L.get_event(s, admin, newest.id) == newest
        with pytest.raises(NotFound):
            L.get_event(s, admin, 10**9)


def test_filter_choices_list_staff_actions_and_kinds(db, actors):
    admin = actors[Role.ADMIN]
    with db.sessions() as s:
        choices = L.filter_choices(s, admin)
    assert (actors[Role.PSYCHOLOGIST].id, "Paola Psicologa (Psicologo)") in choices["users"]
    assert ("print", "Stampa") in choices["actions"]
    assert ("elders", "Schede degli anziani") in choices["record_types"]


# --- the log of the log ----------------------------------------------------------------------

def test_looking_at_the_log_is_logged_without_personal_data(db, story):
    admin = story["actors"][Role.ADMIN]
    flt = AuditFilter(date_from=TODAY, action=AuditAction.PRINT, elder_id=story["elder"])
    with db.sessions.begin() as s:
        row_id = L.log_viewing(s, admin, flt)
    with db.sessions() as s:
        row = s.get(AuditEvent, row_id)
        assert (row.action, row.entity, row.user_id) == (AuditAction.READ, "audit_events",
                                                         admin.id)
        assert row.elder_id == story["elder"]  # a look at this person's accesses
        # which filters, not their values: no name, no id of a person or operator
        assert row.detail == {"filters": {"from": TODAY.isoformat(), "action": "print",
                                          "person": True}}
        assert verify_chain(s) == []
        shown = L.get_event(s, admin, row_id)
    assert shown.record == "Registro degli accessi – Rossi Maria (anziana)"
    assert shown.detail.startswith("Consultato il registro degli accessi, filtrato per periodo "
                                   "dal ")
    assert "azione «Stampa»" in shown.detail and "una persona" in shown.detail


# --- one person's accesses -------------------------------------------------------------------

def test_person_access_lists_every_row_about_the_person_and_sums_by_operator(db, story):
    actors, admin = story["actors"], story["actors"][Role.ADMIN]
    with db.sessions() as s:
        found = L.person_access(s, admin, "elder", story["elder"])
        expected = s.scalars(select(AuditEvent.id).where(AuditEvent.elder_id == story["elder"])
                             .order_by(AuditEvent.id)).all()
    assert found["name"] == "Rossi Maria"
    assert [r.id for r in found["rows"]] == expected  # oldest first, nobody else's rows
    assert found["total"] == len(expected) and not found["truncated"]
    by_user = {e["user_name"]: e for e in found["summary"]}
    assert set(by_user) == {"Carlo Coordinatore", "Paola Psicologa", "Anna Amministratrice"}
    assert (by_user["Carlo Coordinatore"]["changes"], by_user["Carlo Coordinatore"]["reads"]) \
        == (2, 0)
    assert by_user["Paola Psicologa"]["reads"] == 1
    assert by_user["Anna Amministratrice"]["outputs"] == 3
    assert by_user["Paola Psicologa"]["user_role"] == "Psicologo"
    assert sum(e["total"] for e in found["summary"]) == found["total"]
    assert actors[Role.SOCIAL_WORKER].id not in {e["user_id"] for e in found["summary"]}

    with db.sessions() as s:
        later = L.person_access(s, admin, "elder", story["elder"],
                                date_from=TODAY + dt.timedelta(days=1))
        fosterer = L.person_access(s, admin, PersonKind.FOSTERER, story["fosterer"])
        with pytest.raises(NotFound):
            L.person_access(s, admin, "elder", 10**9)
        with pytest.raises(ValidationError):
            L.person_access(s, admin, "pair", story["elder"])
    assert later["rows"] == [] and later["summary"] == [] and later["total"] == 0
    assert {r.action for r in fosterer["rows"]} == {AuditAction.CREATE, AuditAction.STATUS}


def test_person_access_keeps_the_most_recent_rows_when_there_are_too_many(db, story,
                                                                         monkeypatch):
    admin = story["actors"][Role.ADMIN]
    monkeypatch.setattr(L, "MAX_REPORT_ROWS", 2)
    with db.sessions() as s:
        found = L.person_access(s, admin, "elder", story["elder"])
        newest = s.scalars(select(AuditEvent.id).where(AuditEvent.elder_id == story["elder"])
                           .order_by(AuditEvent.id.desc()).limit(2)).all()
    assert [r.id for r in found["rows"]] == sorted(newest)
    assert found["truncated"] and found["total"] > 2


# --- the words, without a database -----------------------------------------------------------

@pytest.mark.parametrize(("action", "entity", "detail", "expected"), [
    ("update", "interviews", {"fields": ["outcome", "place"], "outcome": "favourable",
                              "signoffs_cleared": 2},
     "Campi modificati: Esito, Luogo; esito: «Favorevole»; annullate 2 firme dell'esito "
     "precedente."),
    ("update", "interviews", {"signed_off": "psychologist", "outcome": "favourable"},
     "Esito «Favorevole» firmato come psicologo."),
    ("read", "supervision_sessions", {"fields": "confidential", "pair_notes": 3},
     "Lette le note riservate (con 3 note di coppia)."),
    ("read", "elders", {"fields": "sensitive", "purpose": "matching"},
     "Consultati i dati sanitari e di fragilità per la ricerca di un abbinamento."),
    ("status", "consents", {"scope": "health_data", "from": "active", "to": "withdrawn"},
     "Consenso revocato; ambito: Trattamento dei dati sanitari."),
    ("status", "elders", {"from": "waiting", "to": "fostered", "match_id": 4},
     "Stato da «In attesa di abbinamento» a «In affido»; in seguito a un cambiamento "
     "dell'abbinamento."),
    ("export", "calendar", {"from": "2026-03-01", "to": "2026-03-31", "events": 12,
                            "counts": {"training": 12}},
     "Periodo dal 1 marzo 2026 al 31 marzo 2026; 12 eventi."),
    ("print", "documents", {"document": "activity", "output": "file", "from": "2026-01-01",
                            "to": "2026-06-30"},
     "Documento «Relazione di attività»: salvato in file; periodo dal 1 gennaio 2026 al 30 "
     "giugno 2026."),
    ("update", "app_settings", {"key": "org.name"}, "Impostazione «Nome dell'ente»."),
    ("update", "training_sessions", {"attendance": {"created": 3, "updated": 0, "removed": 0,
                                                    "present": 2, "absent": 1}},
     "Registro presenze aggiornato: 2 presenti, 1 assente."),
    ("create", "attachments", {"owner": "elder", "size": 20480,
                               "mime_type": "application/pdf"},
     "File di un anziano; dimensione 20 KB (PDF)."),
    ("login_failed", "staff_users", {"reason": "wrong_password", "attempts": 3},
     "Reason: wrong_password; attempts: 3."),
    ("read", "elders", None, ""),
])
def test_detail_sentences(action, entity, detail, expected):
    assert L.describe_detail(action, entity, detail) == expected


def test_record_descriptions():
    assert L.describe_record("elders", elder="Rossi Maria (anziana)") == \
        "Scheda anziano: Rossi Maria"
    assert L.describe_record("matches", elder="Rossi Maria (anziana)",
                             fosterer="Verdi Luca (affidatario)") == \
        "Abbinamento – Rossi Maria (anziana) e Verdi Luca (affidatario)"
    assert L.describe_record("training_courses", extra="«Primo percorso»") == \
        "Percorso formativo: «Primo percorso»"
    assert L.describe_record("some_new_table") == "Some new table"


# --- tampering found by `affido check` -------------------------------------------------------

@pytest.mark.parametrize("tamper", [
    "UPDATE audit_events SET detail = '{\"fields\": [\"notes\"]}' WHERE id = {mid}",
    "DELETE FROM audit_events WHERE id = {mid}",
])
def test_affido_check_reports_a_changed_detail_or_a_removed_row(tmp_path, capsys, tamper):
    from affido_app.cli import main
    from affido_app.config import sqlite_url
    from affido_app.db.backup import connect_raw
    from affido_app.db.migrate import open_database
    from tests.conftest import make_actors

    path = tmp_path / "a.db"
    db = open_database(sqlite_url(path))
    actors = make_actors(db)
    with db.sessions.begin() as s:
        eid = P.create_elder(s, actors[Role.COORDINATOR], elder_data())
        P.update_elder(s, actors[Role.COORDINATOR], eid, {"notes": "x"}, expected_version=1)
        P.get_elder(s, actors[Role.PSYCHOLOGIST], eid, sensitive=True)
    with db.sessions() as s:
        ids = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == len(ids) >= 5
    db.dispose()
    assert main(["check", "--db", str(path)]) == 0
    capsys.readouterr()

    middle = ids[len(ids) // 2]
    conn = connect_raw(path, None)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute(tamper.replace("{mid}", str(middle)))
    conn.close()

    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Registro degli accessi" in err
    assert str(middle if "UPDATE" in tamper else ids[ids.index(middle) + 1]) in err


def test_the_chain_survives_the_log_of_the_log(db, actors):
    admin = actors[Role.ADMIN]
    with db.sessions.begin() as s:
        for _ in range(3):
            L.log_viewing(s, admin, AuditFilter(record_type="elders"))
    with db.sessions() as s:
        assert verify_chain(s) == []
        assert s.execute(text("SELECT count(*) FROM audit_events WHERE entity = "
                              "'audit_events'")).scalar_one() == 3
