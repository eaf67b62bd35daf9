"""The calendar: events of each kind in a range, who sees what, the .ics export (no personal
health details, stable UIDs) and its audit row."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys

import icalendar
import pytest
from sqlalchemy import event, select

from affido_app import cli_calendar
from affido_app.db.models import (
    AuditEvent,
    Interview,
    Match,
    MatchEvent,
    SupervisionNote,
)
from affido_app.domain import permissions
from affido_app.domain.enums import (
    AuditAction,
    InterviewKind,
    MatchStatus,
    Role,
    SupervisionKind,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import StorageError, ValidationError
from affido_app.services import calendar as cal
from affido_app.services import people, training
from affido_app.services import supervision as sv
from tests.helpers import cf_for

SECRET = "SEGRETO-SANITARIO-7731"
TODAY = dt.date.today()
#: a past week (supervisions are recorded after they are held)
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday() + 21)
SUNDAY = MONDAY + dt.timedelta(days=6)
PHONE = "011 555 7319"
MOBILE = "347 555 8842"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local time on the office's clock, aware."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


def build(db, actors) -> dict:
    """One event of each kind inside the week, one of each outside it, secrets everywhere."""
    coord, psych = actors[Role.COORDINATOR], actors[Role.PSYCHOLOGIST]
    ids: dict = {}
    with db.sessions.begin() as s:
        born = dt.date(1938, 4, 2)
        cf = cf_for("Pulci", "Ernesta", "F", born)
        eid = people.create_elder(s, coord, {
            "last_name": "Pulci", "first_name": "Ernesta", "sex": "F", "birth_date": born,
            "birthplace": "Rivoli", "codice_fiscale": cf, "comune": "Rivoli", "phone": PHONE,
            "mobile": MOBILE, "notes": SECRET, "fragility_physical": 2,
            "fragility_physical_notes": SECRET, "chronic_conditions": SECRET,
        })
        fid = people.create_fosterer(s, coord, {
            "last_name": "Verdone", "first_name": "Gianfranco", "birth_date": "05/06/1975",
            "comune": "Collegno", "mobile": "348 555 1020", "notes": SECRET,
        })
        other = people.create_fosterer(s, coord, {
            "last_name": "Lanza", "first_name": "Ottavio", "birth_date": "05/06/1971",
            "comune": "Rivoli",
        })
        ids.update(elder=eid, fosterer=fid, cf=cf)

        course = training.create_course(s, coord, {"title": "Percorso autunno",
                                                   "notes": SECRET})
        ids["training"] = training.add_session(s, coord, course, {
            "starts_at": at(MONDAY + dt.timedelta(days=1), 17, 30),
            "ends_at": at(MONDAY + dt.timedelta(days=1), 19, 30),
            "topic": "Comunicare con l'anziano", "place": "Sala del Consorzio, Rivoli",
            "trainer": "Dott.ssa Rinaldi", "notes": SECRET,
        })
        ids["training_outside"] = training.add_session(s, coord, course, {
            "starts_at": at(SUNDAY + dt.timedelta(days=1), 9), "topic": "Fuori settimana",
        })

        ids["supervision"] = sv.create_supervision(s, psych, {
            "kind": SupervisionKind.GROUP, "held_at": at(MONDAY + dt.timedelta(days=3), 17),
            "place": "Casa del Quartiere", "led_by_id": psych.id, "notes": SECRET,
        }, fosterer_ids=[fid])
        ids["supervision_outside"] = sv.create_supervision(s, psych, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": at(MONDAY - dt.timedelta(days=1), 17),
            "led_by_id": psych.id,
        })

        match = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.INTRODUCTION,
                      status_since=MONDAY + dt.timedelta(days=2),
                      proposed_on=MONDAY - dt.timedelta(days=5), notes=SECRET, goals=SECRET)
        s.add(match)
        s.flush()
        s.add_all([
            MatchEvent(match_id=match.id, occurred_on=MONDAY - dt.timedelta(days=5),
                       to_status=MatchStatus.PROPOSED.value),
            MatchEvent(match_id=match.id, occurred_on=MONDAY + dt.timedelta(days=2),
                       from_status="proposed", to_status=MatchStatus.INTRODUCTION.value,
                       note=SECRET),
        ])
        s.add(SupervisionNote(session_id=ids["supervision"], match_id=match.id,
                              how_it_goes=SECRET, problems=SECRET, agreed_actions=SECRET))
        ids["match"] = match.id

        held = at(MONDAY - dt.timedelta(days=20), 10)
        planned = Interview(fosterer_id=fid, kind=InterviewKind.FIRST, held_at=held,
                            notes=SECRET, motivation=SECRET, critical_points=SECRET,
                            next_date=MONDAY + dt.timedelta(days=4))
        # the other fosterer's follow-up was held already: its planned date is history
        superseded = Interview(fosterer_id=other, kind=InterviewKind.FIRST, held_at=held,
                               next_date=MONDAY + dt.timedelta(days=5))
        followup = Interview(fosterer_id=other, kind=InterviewKind.FOLLOW_UP,
                             held_at=held + dt.timedelta(days=3))
        s.add_all([planned, superseded, followup])
        s.flush()
        ids["interview"] = planned.id
        ids["interview_superseded"] = superseded.id
    return ids


@pytest.fixture
def data(db, actors):
    return build(db, actors)


# --- events -------------------------------------------------------------------------------------

def test_events_of_each_kind_in_the_range(db, actors, data):
    with db.sessions() as s:
        found = cal.events(s, actors[Role.COORDINATOR], MONDAY, SUNDAY)
    assert [(e.kind, e.id) for e in found] == [
        ("training", data["training"]),
        ("introduction", data["match"]),
        ("supervision", data["supervision"]),
        ("interview", data["interview"]),
    ]
    by_kind = {e.kind: e for e in found}
    t = by_kind["training"]
    assert t.title == "Formazione: Comunicare con l'anziano"
    assert t.start == at(MONDAY + dt.timedelta(days=1), 17, 30)
    assert t.end == at(MONDAY + dt.timedelta(days=1), 19, 30)
    assert t.start.tzinfo is not None and not t.all_day
    assert t.place == "Sala del Consorzio, Rivoli"
    assert t.detail == "Percorso: Percorso autunno · Formatore: Dott.ssa Rinaldi"
    assert t.record == ("training", data["training"])
    sup = by_kind["supervision"]
    assert sup.title == "Supervisione di gruppo" and sup.end is None
    assert sup.detail == "Conduce: Paola Psicologa"
    assert sup.shown_end() - sup.start == cal.DEFAULT_DURATION
    intro = by_kind["introduction"]
    assert intro.title == "Conoscenza: Pulci – Verdone"
    assert intro.all_day and intro.day == MONDAY + dt.timedelta(days=2)
    assert intro.record == ("elder", data["elder"])
    assert intro.short_title == "Pulci – Verdone"
    interview = by_kind["interview"]
    assert interview.title == "Colloquio previsto: Verdone"
    assert interview.record == ("fosterer", data["fosterer"])
    assert interview.day == MONDAY + dt.timedelta(days=4)


def test_range_edges_and_kinds(db, actors, data):
    coord = actors[Role.COORDINATOR]
    with db.sessions() as s:
        # both edge days are included
        one_day = cal.events(s, coord, MONDAY + dt.timedelta(days=1),
                             MONDAY + dt.timedelta(days=1))
        assert [e.id for e in one_day] == [data["training"]]
        wider = cal.events(s, coord, MONDAY - dt.timedelta(days=1), SUNDAY + dt.timedelta(days=1))
        assert {("training", data["training_outside"]),
                ("supervision", data["supervision_outside"])} <= {(e.kind, e.id) for e in wider}
        only = cal.events(s, coord, MONDAY, SUNDAY, kinds=["supervision", "introduction"])
        assert [e.kind for e in only] == ["introduction", "supervision"]
        assert cal.events(s, coord, MONDAY, SUNDAY, kinds=[]) == []
        with pytest.raises(ValueError):
            cal.events(s, coord, MONDAY, SUNDAY, kinds=["party"])
        with pytest.raises(ValidationError):
            cal.events(s, coord, SUNDAY, MONDAY)


def test_one_query_per_kind(db, actors, data):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.sessions() as s:
            cal.events(s, actors[Role.COORDINATOR], MONDAY - dt.timedelta(days=60),
                       SUNDAY + dt.timedelta(days=60))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == len(cal.KINDS)


def test_kinds_the_user_cannot_read_are_skipped(db, actors, data, monkeypatch):
    reader = actors[Role.READ_ONLY]
    assert cal.readable_kinds(reader) == cal.KINDS
    monkeypatch.setitem(permissions.MATRIX, Role.READ_ONLY, frozenset(
        permissions.MATRIX[Role.READ_ONLY]
        - {(Action.READ, Resource.SUPERVISION), (Action.READ, Resource.MATCH)}))
    assert cal.readable_kinds(reader) == ("training", "interview")
    with db.sessions.begin() as s:
        found = cal.events(s, reader, MONDAY, SUNDAY)
        assert {e.kind for e in found} == {"training", "interview"}
        # asking for them explicitly does not help
        assert cal.events(s, reader, MONDAY, SUNDAY, kinds=["supervision"]) == []
        parsed = icalendar.Calendar.from_ical(cal.export_ics(s, reader, MONDAY, SUNDAY))
    uids = {str(c["UID"]) for c in parsed.walk("VEVENT")}
    assert uids == {f"training-{data['training']}@affido", f"interview-{data['interview']}@affido"}


def test_anonymised_surnames_are_not_shown_empty(db, actors, data):
    from affido_app.db.models import Elder

    with db.sessions.begin() as s:
        s.get(Elder, data["elder"]).last_name = ""
    with db.sessions() as s:
        found = cal.events(s, actors[Role.COORDINATOR], MONDAY, SUNDAY, kinds=["introduction"])
    assert found[0].title == "Conoscenza: (anonimizzato) – Verdone"


# --- export -------------------------------------------------------------------------------------

def test_export_parses_back_with_stable_uids(db, actors, data):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        first = cal.export_ics(s, coord, MONDAY, SUNDAY)
    with db.sessions.begin() as s:
        second = cal.export_ics(s, coord, MONDAY, SUNDAY)
    parsed = icalendar.Calendar.from_ical(first)
    assert str(parsed["PRODID"]) == "-//Affido//Mi affido a te//IT"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["X-WR-CALNAME"]) == "Mi affido a te"
    vevents = parsed.walk("VEVENT")
    assert len(vevents) == 4
    uids = [str(v["UID"]) for v in vevents]
    assert uids == [f"training-{data['training']}@affido",
                    f"introduction-{data['match']}@affido",
                    f"supervision-{data['supervision']}@affido",
                    f"interview-{data['interview']}@affido"]
    assert uids == [str(v["UID"]) for v in icalendar.Calendar.from_ical(second).walk("VEVENT")]
    by_uid = {str(v["UID"]): v for v in vevents}
    training_ev = by_uid[f"training-{data['training']}@affido"]
    start = training_ev.decoded("DTSTART")
    assert start == at(MONDAY + dt.timedelta(days=1), 17, 30)
    assert start.utcoffset() == dt.timedelta(0)
    assert training_ev.decoded("DTEND") - start == dt.timedelta(hours=2)
    assert str(training_ev["SUMMARY"]) == "Formazione: Comunicare con l'anziano"
    assert str(training_ev["LOCATION"]) == "Sala del Consorzio, Rivoli"
    assert "DTSTAMP" in training_ev
    intro = by_uid[f"introduction-{data['match']}@affido"]
    assert intro.decoded("DTSTART") == MONDAY + dt.timedelta(days=2)  # a date: VALUE=DATE
    assert intro.decoded("DTEND") == MONDAY + dt.timedelta(days=3)
    assert str(intro["SUMMARY"]) == "Conoscenza: Pulci – Verdone"
    sup = by_uid[f"supervision-{data['supervision']}@affido"]
    assert sup.decoded("DTEND") - sup.decoded("DTSTART") == dt.timedelta(hours=1)
    assert b"DTSTART;VALUE=DATE:" in first
    assert b"Z\r\n" in first  # UTC times


def test_export_holds_no_personal_details(db, actors, data):
    with db.sessions.begin() as s:
        ics = cal.export_ics(s, actors[Role.COORDINATOR], MONDAY - dt.timedelta(days=30),
                             SUNDAY + dt.timedelta(days=30))
    text = ics.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "Pulci" in unfolded and "Verdone" in unfolded
    for word in (SECRET, data["cf"], "Ernesta", "Gianfranco", "Ottavio", "5557319",
                 "555 7319", "5558842", "5551020", "1938"):
        assert word not in unfolded, word


def test_export_is_audited(db, actors, data):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        cal.export_ics(s, coord, MONDAY, SUNDAY)
    with db.sessions() as s:
        row = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert row.action == AuditAction.EXPORT and row.entity == "calendar"
    assert row.user_id == coord.id and row.entity_id is None
    assert row.detail == {
        "from": MONDAY.isoformat(), "to": SUNDAY.isoformat(), "events": 4,
        "counts": {"training": 1, "supervision": 1, "introduction": 1, "interview": 1},
    }
    assert "Pulci" not in json.dumps(row.detail)


def test_save_ics_writes_the_file_or_nothing(db, actors, data, tmp_path):
    coord = actors[Role.COORDINATOR]
    folder = tmp_path / "export"
    folder.mkdir()
    out = folder / "agenda.ics"
    with db.sessions.begin() as s:
        assert cal.save_ics(s, coord, MONDAY, SUNDAY, out) == 4
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 4
    assert [p.name for p in folder.iterdir()] == ["agenda.ics"]  # no temporary file left
    with db.sessions() as s:
        before = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    with pytest.raises(StorageError, match="non esiste"), db.sessions.begin() as s:
        cal.save_ics(s, coord, MONDAY, SUNDAY, tmp_path / "manca" / "agenda.ics")
    with db.sessions() as s:
        assert s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == before


def test_empty_range_exports_an_empty_calendar(db, actors):
    with db.sessions.begin() as s:
        ics = cal.export_ics(s, actors[Role.READ_ONLY], MONDAY, SUNDAY)
    parsed = icalendar.Calendar.from_ical(ics)
    assert parsed.walk("VEVENT") == []
    assert str(parsed["PRODID"]) == cal.PRODID


# --- the command line: affido calendar ----------------------------------------------------------

def _args(db, out, start=MONDAY, end=SUNDAY) -> argparse.Namespace:
    return argparse.Namespace(db=db.url, out=str(out), from_date=start, to_date=end)


def _last_audit(db) -> AuditEvent:
    with db.sessions() as s:
        return s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_cli_exports_as_the_first_admin(db, actors, data, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("AFFIDO_USER", raising=False)
    out = tmp_path / "agenda.ics"
    assert cli_calendar.run(_args(db, out)) == 0
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 4
    printed = capsys.readouterr()
    assert printed.err == ""
    assert printed.out.strip() == (
        f"Calendario esportato in {out}: 4 eventi dal {MONDAY:%d/%m/%Y} al {SUNDAY:%d/%m/%Y}.")
    row = _last_audit(db)
    assert (row.action, row.entity, row.user_id) == (AuditAction.EXPORT, "calendar",
                                                     actors[Role.ADMIN].id)


def test_cli_acts_as_affido_user(db, actors, data, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AFFIDO_USER", "lettore")
    assert cli_calendar.run(_args(db, tmp_path / "a.ics")) == 0
    assert _last_audit(db).user_id == actors[Role.READ_ONLY].id
    monkeypatch.setenv("AFFIDO_USER", "sconosciuto")
    assert cli_calendar.run(_args(db, tmp_path / "b.ics")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["affido: Operatore «sconosciuto» non trovato."]
    assert not (tmp_path / "b.ics").exists()


def test_cli_errors(db, actors, tmp_path, capsys):
    # --from after --to: a usage error
    assert cli_calendar.run(_args(db, tmp_path / "x.ics", SUNDAY, MONDAY)) == 2
    assert "successiva" in capsys.readouterr().err
    # a folder that does not exist: one clear line
    assert cli_calendar.run(_args(db, tmp_path / "manca" / "x.ics")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "non esiste" in err[0]
    # a date that does not exist: argparse's usage error
    assert cli_calendar.main(["--db", db.url, "--out", str(tmp_path / "x.ics"),
                              "--from", "31/02/2026"]) == 2
    assert "Data inesistente" in capsys.readouterr().err
    assert cli_calendar.main(["--db", db.url]) == 2  # --out is required
    assert not list(tmp_path.glob("*.ics"))


def test_cli_default_range():
    today = dt.date(2026, 11, 21)
    assert cli_calendar.date_range(None, None, today) == (today, dt.date(2027, 2, 19))
    assert cli_calendar.date_range(dt.date(2026, 1, 1), None, today) == (
        dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert cli_calendar.date_range(None, dt.date(2026, 12, 1), today) == (
        today, dt.date(2026, 12, 1))


def test_cli_in_a_process(sqlite_db, tmp_path):
    from tests.conftest import make_actors

    make_actors(sqlite_db)
    out = tmp_path / "agenda.ics"
    code = ("import sys; from affido_app.cli_calendar import main; "
            f"sys.exit(main(['--db', {str(sqlite_db.path)!r}, '--out', {str(out)!r}, "
            "'--from', '2026-01-01', '--to', '31/01/2026']))")
    env = {k: v for k, v in os.environ.items() if k != "AFFIDO_USER"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "0 eventi dal 01/01/2026 al 31/01/2026" in done.stdout
    assert icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT") == []
