"""Training: courses, sessions, enrolment, the register of a session, completion of training."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from affido_app.db.models import AuditEvent, CourseEnrollment, TrainingSession
from affido_app.domain.enums import AttendanceStatus, AuditAction, Role
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import people
from affido_app.services import training as tr
from affido_app.services.training import course_completion

P, A, J = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.JUSTIFIED
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _days_ago(n: int) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


# --- the completion rule, without a database ----------------------------------------------------

@pytest.mark.parametrize(
    ("attended", "core", "required", "expected"),
    [
        (5, 5, None, (True, None)),
        (4, 5, None, (False, "manca 1 incontro obbligatorio su 5")),
        (3, 5, 3, (True, None)),
        (4, 5, 3, (True, None)),  # more than required
        (1, 5, 3, (False, "mancano 2 incontri obbligatori su 3")),
        (2, 2, 4, (False, "mancano 2 incontri obbligatori su 4")),  # not all sessions planned yet
        (0, 0, 0, (True, None)),  # nothing required
        (0, 3, 0, (True, None)),
        (0, 0, None, (False, "nessun incontro obbligatorio è ancora in calendario")),
        (0, 8, None, (False, "mancano 8 incontri obbligatori su 8")),
    ],
)
def test_course_completion_rule(attended, core, required, expected):
    assert course_completion(attended, core, required) == expected


# --- helpers ------------------------------------------------------------------------------------

def _fosterer(s, actor, last, first="Anna") -> int:
    return people.create_fosterer(s, actor, {"last_name": last, "first_name": first,
                                             "birth_date": "05/06/1970", "comune": "Rivoli"})


@pytest.fixture
def course(db, actors):
    """A course of 3 core sessions (2 required) + 1 optional, held; two fosterers enrolled."""
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        cid = tr.create_course(s, coord, {"title": "Percorso base", "required_core_sessions": 2,
                                          "start_date": "01/09/2026"})
        sessions = [
            tr.add_session(s, coord, cid, {"starts_at": _days_ago(30 - i * 7),
                                           "ends_at": _days_ago(30 - i * 7) + dt.timedelta(hours=2),
                                           "topic": f"Incontro {i + 1}", "place": "Rivoli"})
            for i in range(3)
        ]
        sessions.append(tr.add_session(s, coord, cid, {"starts_at": _days_ago(3),
                                                       "topic": "Facoltativo", "is_core": "no"}))
        rossi, bianchi = _fosterer(s, coord, "Rossi"), _fosterer(s, coord, "Bianchi")
        tr.enroll(s, coord, cid, rossi)
        tr.enroll(s, coord, cid, bianchi)
    return {"id": cid, "sessions": sessions, "rossi": rossi, "bianchi": bianchi}


# --- courses and sessions -----------------------------------------------------------------------

def test_course_validation_and_permissions(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            tr.create_course(s, coord, {"title": " ", "required_core_sessions": "-1"})
        assert exc.value.errors == {
            "title": "Campo obbligatorio.",
            "required_core_sessions": "Il valore deve essere compreso tra 0 e 100.",
        }
        for role in (Role.READ_ONLY, Role.PSYCHOLOGIST, Role.SOCIAL_WORKER):
            with pytest.raises(PermissionDenied, match="attività di formazione"):
                tr.create_course(s, actors[role], {"title": "Corso"})
        cid = tr.create_course(s, coord, {"title": "Corso"})
        rec = tr.get_course(s, actors[Role.READ_ONLY], cid)
    assert rec["required_for_approval"] is True and rec["required_core_sessions"] is None
    assert rec["sessions"] == [] and rec["enrolled"] == []


def test_update_course_version_conflict(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        cid = tr.create_course(s, coord, {"title": "Corso"})
        assert tr.update_course(s, coord, cid, {"required_for_approval": False},
                                expected_version=1) == 2
        with pytest.raises(Conflict):
            tr.update_course(s, coord, cid, {"title": "Altro"}, expected_version=1)
        assert tr.get_course(s, coord, cid)["required_for_approval"] is False


def test_session_validation(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        cid = tr.create_course(s, coord, {"title": "Corso"})
        with pytest.raises(ValidationError) as exc:
            tr.add_session(s, coord, cid, {"starts_at": "10/11/2026 18:00",
                                           "ends_at": "10/11/2026 17:00"})
        assert exc.value.errors == {"topic": "Campo obbligatorio.",
                                    "ends_at": "L'orario di fine deve seguire quello di inizio."}
        with pytest.raises(ValidationError) as exc:
            tr.add_session(s, coord, cid, {"starts_at": "10/11/2026 25:00", "topic": "X"})
        assert exc.value.errors == {"starts_at": "Ora non valida: usare il formato hh:mm."}
        with pytest.raises(NotFound):
            tr.add_session(s, coord, cid + 1, {"starts_at": NOW, "topic": "X"})
        sid = tr.add_session(s, coord, cid, {"starts_at": "10/11/2026 18:00", "topic": "Ascolto"})
        with pytest.raises(ValidationError) as exc:
            tr.update_session(s, coord, sid, {"ends_at": "10/11/2026 18:00"}, expected_version=1)
        assert set(exc.value.errors) == {"ends_at"}
        assert tr.update_session(s, coord, sid, {"trainer": "Dott.ssa Neri"},
                                 expected_version=1) == 2


def test_get_and_list_courses(db, actors, course):
    ro = actors[Role.READ_ONLY]
    with db.sessions.begin() as s:
        rec = tr.get_course(s, ro, course["id"])
        rows = tr.list_courses(s, ro)
    assert [x["id"] for x in rec["sessions"]] == course["sessions"]
    assert [x["name"] for x in rec["enrolled"]] == ["Bianchi Anna", "Rossi Anna"]
    assert rows == [{"id": course["id"], "version": 1, "title": "Percorso base",
                     "start_date": dt.date(2026, 9, 1), "required_core_sessions": 2,
                     "required_for_approval": True, "sessions": 4, "core_sessions": 3,
                     "enrolled": 2}]


# --- enrolment ----------------------------------------------------------------------------------

def test_enrolment(db, actors, course):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            tr.enroll(s, coord, course["id"], course["rossi"])
        assert exc.value.errors == {
            "fosterer_id": "L'affidatario è già iscritto a questo percorso."}
        with pytest.raises(NotFound):
            tr.enroll(s, coord, course["id"], 99_999)
        other = _fosterer(s, coord, "Verdi")
        with pytest.raises(ValidationError) as exc:
            tr.enroll(s, coord, course["id"], other, on=dt.date.today() + dt.timedelta(days=1))
        assert set(exc.value.errors) == {"enrolled_on"}
        with pytest.raises(PermissionDenied):
            tr.enroll(s, actors[Role.SOCIAL_WORKER], course["id"], other)
        tr.enroll(s, coord, course["id"], other, on="02/09/2026")
        tr.unenroll(s, coord, course["id"], other)
        with pytest.raises(NotFound):
            tr.unenroll(s, coord, course["id"], other)
        assert s.execute(select(func.count()).select_from(CourseEnrollment)).scalar_one() == 2


# --- the register -------------------------------------------------------------------------------

def test_register_of_a_whole_session(db, actors, course):
    coord = actors[Role.COORDINATOR]
    first = course["sessions"][0]
    rossi, bianchi = course["rossi"], course["bianchi"]
    with db.sessions.begin() as s:
        assert [(r["name"], r["status"]) for r in tr.session_register(s, coord, first)] == [
            ("Bianchi Anna", None), ("Rossi Anna", None)]
        counts = tr.record_attendance(s, coord, first, {rossi: P, bianchi: "assente"},
                                      notes={bianchi: "Malattia"})
        assert counts == {"created": 2, "updated": 0, "removed": 0, "present": 1, "absent": 1,
                          "justified": 0}
        register = tr.session_register(s, actors[Role.READ_ONLY], first)
        assert [(r["id"], r["status"], r["note"]) for r in register] == [
            (bianchi, A, "Malattia"), (rossi, P, None)]
        # saving the register again updates the marks, keeps notes not sent
        counts = tr.record_attendance(s, coord, first, {rossi: P, bianchi: "justified"})
        assert (counts["created"], counts["updated"]) == (0, 1)
        register = tr.session_register(s, coord, first)
        assert [(r["status"], r["note"]) for r in register] == [(J, "Malattia"), (P, None)]
        # None removes a mark, an empty note clears it
        tr.record_attendance(s, coord, first, {rossi: None, bianchi: J}, notes={bianchi: ""})
        assert [(r["status"], r["note"]) for r in tr.session_register(s, coord, first)] == [
            (J, None), (None, None)]
        audits = list(s.scalars(select(AuditEvent).where(
            AuditEvent.entity == "training_sessions", AuditEvent.entity_id == first,
            AuditEvent.action == AuditAction.UPDATE)))
    assert len(audits) == 3  # one row per call, with counts only
    assert audits[0].detail == {"attendance": {"created": 2, "updated": 0, "removed": 0,
                                               "present": 1, "absent": 1, "justified": 0}}
    assert "Malattia" not in str([a.detail for a in audits])


def test_register_refusals(db, actors, course):
    coord = actors[Role.COORDINATOR]
    first = course["sessions"][0]
    with db.sessions.begin() as s:
        stranger = _fosterer(s, coord, "Gialli")
        with pytest.raises(ValidationError) as exc:
            tr.record_attendance(s, coord, first, {course["rossi"]: P, stranger: P})
        assert exc.value.errors == {"marks": "1 persona indicata non è iscritta al percorso."}
        with pytest.raises(ValidationError) as exc:
            tr.record_attendance(s, coord, first, {course["rossi"]: "forse"})
        assert exc.value.errors == {
            "marks": "Presenza non valida: indicare presente, assente o giustificato."}
        with pytest.raises(ValidationError) as exc:
            tr.record_attendance(s, coord, first, {course["rossi"]: P},
                                 notes={course["bianchi"]: "x"})
        assert set(exc.value.errors) == {"notes"}
        future = tr.add_session(s, coord, course["id"], {"starts_at": NOW + dt.timedelta(days=2),
                                                         "topic": "Prossimo"})
        with pytest.raises(ValidationError) as exc:
            tr.record_attendance(s, coord, future, {course["rossi"]: P})
        assert exc.value.errors == {
            "session": "Non si possono registrare le presenze di un incontro futuro."}
        with pytest.raises(PermissionDenied):
            tr.record_attendance(s, actors[Role.PSYCHOLOGIST], first, {course["rossi"]: P})
        # nothing sent, nothing written
        assert tr.record_attendance(s, coord, first, {})["created"] == 0


def test_attendance_protects_the_history(db, actors, course):
    coord = actors[Role.COORDINATOR]
    first, second = course["sessions"][:2]
    with db.sessions.begin() as s:
        tr.record_attendance(s, coord, first, {course["rossi"]: P})
        with pytest.raises(Conflict, match="presenze"):
            tr.remove_session(s, coord, first)
        with pytest.raises(Conflict, match="presenze"):
            tr.delete_course(s, coord, course["id"])
        with pytest.raises(Conflict, match="presenze"):
            tr.unenroll(s, coord, course["id"], course["rossi"])
        with pytest.raises(ValidationError) as exc:
            tr.update_session(s, coord, first, {"starts_at": NOW + dt.timedelta(days=3),
                                                "ends_at": None}, expected_version=1)
        assert set(exc.value.errors) == {"starts_at"}
        tr.remove_session(s, coord, second)  # no attendance: allowed
        assert s.get(TrainingSession, second) is None
        tr.unenroll(s, coord, course["id"], course["bianchi"])


def test_delete_course_without_attendance(db, actors, course):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDenied):
            tr.delete_course(s, actors[Role.SOCIAL_WORKER], course["id"])
        tr.delete_course(s, coord, course["id"])
        assert tr.list_courses(s, coord) == []
        assert s.execute(select(func.count()).select_from(TrainingSession)).scalar_one() == 0
        with pytest.raises(NotFound):
            tr.get_course(s, coord, course["id"])


# --- a fosterer's training ----------------------------------------------------------------------

def test_fosterer_training_completion(db, actors, course):
    coord = actors[Role.COORDINATOR]
    s1, s2, s3, optional = course["sessions"]
    rossi, bianchi = course["rossi"], course["bianchi"]
    with db.sessions.begin() as s:
        tr.record_attendance(s, coord, s1, {rossi: P, bianchi: P})
        tr.record_attendance(s, coord, s2, {rossi: J, bianchi: A})
        tr.record_attendance(s, coord, optional, {rossi: P, bianchi: P})
        status = tr.fosterer_training(s, actors[Role.READ_ONLY], rossi)
        assert status["complete"] is False
        assert status["missing"] == ["«Percorso base»: manca 1 incontro obbligatorio su 2"]
        (c,) = status["courses"]
        assert (c["sessions_total"], c["core_total"], c["core_attended"], c["required"],
                c["completed"]) == (4, 3, 1, 2, False)  # justified absence and optional: no
        tr.record_attendance(s, coord, s3, {rossi: P})
        status = tr.fosterer_training(s, coord, rossi)
        assert (status["complete"], status["missing"]) == (True, [])
        assert status["courses"][0]["core_attended"] == 2
        # a course not required for approval does not block completion
        extra = tr.create_course(s, coord, {"title": "Approfondimento",
                                            "required_for_approval": False})
        tr.enroll(s, coord, extra, rossi)
        status = tr.fosterer_training(s, coord, rossi)
        assert status["complete"] is True and len(status["courses"]) == 2
        # required_core_sessions unset: every core session is needed
        tr.update_course(s, coord, course["id"], {"required_core_sessions": ""},
                         expected_version=1)
        status = tr.fosterer_training(s, coord, rossi)
        assert status["missing"] == ["«Percorso base»: manca 1 incontro obbligatorio su 3"]


def test_fosterer_without_required_course_is_not_complete(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = _fosterer(s, coord, "Neri")
        status = tr.fosterer_training(s, coord, fid)
        assert status == {"fosterer_id": fid, "courses": [], "complete": False,
                          "missing": ["Non risulta iscritto a nessun percorso formativo "
                                      "obbligatorio."]}
        optional = tr.create_course(s, coord, {"title": "Facoltativo",
                                               "required_for_approval": "no",
                                               "required_core_sessions": 0})
        tr.enroll(s, coord, optional, fid)
        status = tr.fosterer_training_status(s, fid)
        assert status["complete"] is False
        assert status["courses"][0]["completed"] is True
        with pytest.raises(NotFound):
            tr.fosterer_training(s, coord, fid + 100)


def test_course_of_session(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        cid = tr.create_course(s, co, {"title": "Corso"})
        sid = tr.add_session(s, co, cid, {"starts_at": "01/02/2026 17:00", "topic": "Primo"})
        assert tr.course_of_session(s, actors[Role.READ_ONLY], sid) == cid
        with pytest.raises(NotFound):
            tr.course_of_session(s, co, 9999)
