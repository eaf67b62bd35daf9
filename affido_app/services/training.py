"""Training (formazione): courses made of sessions, enrolment of fosterers and attendance.

A course is completed by a fosterer who attended (present) at least ``required_core_sessions`` of
its core sessions, or every core session when that number is not set. A fosterer's training is
complete when every course required for approval they are enrolled in is completed, and they are
enrolled in at least one such course. :func:`course_completion` is that rule, without a database.

The register of a session (who was present) is recorded for the whole session at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from affido_app.db.models import (
    Attendance,
    CourseEnrollment,
    Fosterer,
    TrainingCourse,
    TrainingSession,
)
from affido_app.domain import validators as v
from affido_app.domain.enums import AttendanceStatus, AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import Conflict, FieldError, NotFound, ValidationError
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import (
    apply,
    as_dict,
    check_version,
    get_or_404,
    is_unique_violation,
    today,
)
from affido_app.services.context import Actor

K, Fd = fl.Kind, fl.Field

COURSE_FIELDS = fl.specs(
    Fd("title", "Titolo", K.TEXT, required=True, max_length=200),
    Fd("description", "Descrizione", K.MULTILINE, max_length=5000),
    Fd("start_date", "Data di inizio", K.DATE),
    Fd("required_core_sessions", "Incontri obbligatori da frequentare", K.INT, min_value=0,
       max_value=100),
    Fd("required_for_approval", "Necessario per l'idoneità", K.BOOL, default=True),
    Fd("notes", "Note", K.MULTILINE, max_length=5000),
)

SESSION_FIELDS = fl.specs(
    Fd("starts_at", "Inizio", K.DATETIME, required=True),
    Fd("ends_at", "Fine", K.DATETIME),
    Fd("place", "Luogo", K.TEXT, max_length=200),
    Fd("topic", "Argomento", K.TEXT, required=True, max_length=200),
    Fd("trainer", "Formatore", K.TEXT, max_length=160),
    Fd("is_core", "Incontro obbligatorio", K.BOOL, default=True),
    Fd("notes", "Note", K.MULTILINE, max_length=5000),
)

_COURSE = "Il percorso formativo"
_SESSION = "L'incontro di formazione"
_NOTE_MAX_LENGTH = 500


# --- the completion rule (pure) -----------------------------------------------------------------

def _meetings(n: int) -> str:
    return "1 incontro obbligatorio" if n == 1 else f"{n} incontri obbligatori"


def course_completion(
    core_attended: int, core_total: int, required: int | None
) -> tuple[bool, str | None]:
    """Whether a course is completed and, if not, what is missing in Italian words fit to follow
    the course title ("mancano 2 incontri obbligatori su 5").

    ``required`` is the course's ``required_core_sessions``: ``None`` means every core session
    (a course without core sessions in its calendar is then not completed yet: there is nothing to
    attend); ``0`` means nothing is required.
    """
    if required is None:
        if core_total == 0:
            return False, "nessun incontro obbligatorio è ancora in calendario"
        needed = core_total
    else:
        needed = required
    missing = needed - core_attended
    if missing <= 0:
        return True, None
    verb = "manca" if missing == 1 else "mancano"
    return False, f"{verb} {_meetings(missing)} su {needed}"


# --- courses ------------------------------------------------------------------------------------

def create_course(s: Session, actor: Actor, data: Mapping[str, Any]) -> int:
    actor.require(Action.CREATE, Resource.TRAINING)
    values = fl.clean(data, COURSE_FIELDS)
    obj = TrainingCourse(**values)
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, TrainingCourse.__tablename__, obj.id)
    return obj.id


def update_course(
    s: Session, actor: Actor, course_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    actor.require(Action.UPDATE, Resource.TRAINING)
    obj = get_or_404(s, TrainingCourse, course_id, _COURSE)
    check_version(obj, expected_version, _COURSE)
    values = fl.clean(data, COURSE_FIELDS, partial=True, current=as_dict(obj, COURSE_FIELDS))
    changed = apply(obj, values)
    if changed:
        s.flush()
        audit(s, actor.id, AuditAction.UPDATE, TrainingCourse.__tablename__, obj.id,
              detail=changed_fields(changed))
    return obj.version


def course_of_session(s: Session, actor: Actor, session_id: int) -> int:
    """The course a training session belongs to."""
    actor.require(Action.READ, Resource.TRAINING)
    return get_or_404(s, TrainingSession, session_id, "L'incontro di formazione").course_id


def get_course(s: Session, actor: Actor, course_id: int) -> dict:
    """A course with its sessions (oldest first) and the fosterers enrolled (by name)."""
    actor.require(Action.READ, Resource.TRAINING)
    obj = get_or_404(s, TrainingCourse, course_id, _COURSE)
    out = {"id": obj.id, "version": obj.version, **as_dict(obj, COURSE_FIELDS)}
    marked = (
        select(Attendance.session_id, func.count().label("n"),
               func.sum(case((Attendance.status == AttendanceStatus.PRESENT, 1), else_=0))
               .label("present"))
        .group_by(Attendance.session_id).subquery()
    )
    sessions = s.execute(
        select(TrainingSession, marked.c.n, marked.c.present)
        .join(marked, marked.c.session_id == TrainingSession.id, isouter=True)
        .where(TrainingSession.course_id == obj.id)
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    ).all()
    out["sessions"] = [
        {"id": ses.id, "version": ses.version, **as_dict(ses, SESSION_FIELDS),
         "marked": n or 0, "present": present or 0}
        for ses, n, present in sessions
    ]
    enrolled = s.execute(
        select(Fosterer.id, Fosterer.last_name, Fosterer.first_name, CourseEnrollment.enrolled_on)
        .join(CourseEnrollment, CourseEnrollment.fosterer_id == Fosterer.id)
        .where(CourseEnrollment.course_id == obj.id)
        .order_by(func.lower(Fosterer.last_name), func.lower(Fosterer.first_name), Fosterer.id)
    ).all()
    out["enrolled"] = [
        {"fosterer_id": fid, "last_name": last, "first_name": first,
         "name": f"{last} {first}", "enrolled_on": on}
        for fid, last, first, on in enrolled
    ]
    return out


def list_courses(s: Session, actor: Actor) -> list[dict]:
    """Every course, newest first, with the number of sessions (core too) and of enrolled."""
    actor.require(Action.READ, Resource.TRAINING)
    ses = (
        select(TrainingSession.course_id, func.count().label("n"),
               func.sum(case((TrainingSession.is_core.is_(True), 1), else_=0)).label("core"))
        .group_by(TrainingSession.course_id).subquery()
    )
    enr = (
        select(CourseEnrollment.course_id, func.count().label("n"))
        .group_by(CourseEnrollment.course_id).subquery()
    )
    c = TrainingCourse
    rows = s.execute(
        select(c.id, c.version, c.title, c.start_date, c.required_core_sessions,
               c.required_for_approval, ses.c.n, ses.c.core, enr.c.n)
        .join(ses, ses.c.course_id == c.id, isouter=True)
        .join(enr, enr.c.course_id == c.id, isouter=True)
        .order_by(c.start_date.desc().nulls_last(), c.id.desc())
    ).all()
    return [
        {"id": r[0], "version": r[1], "title": r[2], "start_date": r[3],
         "required_core_sessions": r[4], "required_for_approval": r[5],
         "sessions": r[6] or 0, "core_sessions": r[7] or 0, "enrolled": r[8] or 0}
        for r in rows
    ]


def delete_course(
    s: Session, actor: Actor, course_id: int, *, expected_version: int | None = None
) -> None:
    """Remove a course with its sessions and enrolments; refused once attendance is recorded."""
    actor.require(Action.DELETE, Resource.TRAINING)
    obj = get_or_404(s, TrainingCourse, course_id, _COURSE)
    check_version(obj, expected_version, _COURSE)
    recorded = s.execute(
        select(func.count()).select_from(Attendance)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.course_id == obj.id)
    ).scalar_one()
    if recorded:
        raise Conflict("Per questo percorso sono già state registrate delle presenze: "
                       "non può essere eliminato.")
    s.delete(obj)
    s.flush()
    audit(s, actor.id, AuditAction.DELETE, TrainingCourse.__tablename__, course_id)


# --- sessions -----------------------------------------------------------------------------------

def add_session(s: Session, actor: Actor, course_id: int, data: Mapping[str, Any]) -> int:
    actor.require(Action.CREATE, Resource.TRAINING)
    get_or_404(s, TrainingCourse, course_id, _COURSE)
    values = fl.clean(data, SESSION_FIELDS, extra_checks=[_session_checks(False)])
    obj = TrainingSession(course_id=course_id, **values)
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, TrainingSession.__tablename__, obj.id,
          detail={"course_id": course_id, "is_core": obj.is_core})
    return obj.id


def update_session(
    s: Session, actor: Actor, session_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    actor.require(Action.UPDATE, Resource.TRAINING)
    obj = get_or_404(s, TrainingSession, session_id, _SESSION)
    check_version(obj, expected_version, _SESSION)
    values = fl.clean(data, SESSION_FIELDS, partial=True,
                      extra_checks=[_session_checks(_has_attendance(s, obj.id))],
                      current=as_dict(obj, SESSION_FIELDS))
    changed = apply(obj, values)
    if changed:
        s.flush()
        audit(s, actor.id, AuditAction.UPDATE, TrainingSession.__tablename__, obj.id,
              detail=changed_fields(changed))
    return obj.version


def remove_session(
    s: Session, actor: Actor, session_id: int, *, expected_version: int | None = None
) -> None:
    actor.require(Action.DELETE, Resource.TRAINING)
    obj = get_or_404(s, TrainingSession, session_id, _SESSION)
    check_version(obj, expected_version, _SESSION)
    if _has_attendance(s, obj.id):
        raise Conflict("Per questo incontro sono già state registrate le presenze: "
                       "non può essere eliminato.")
    course_id = obj.course_id
    s.delete(obj)
    s.flush()
    audit(s, actor.id, AuditAction.DELETE, TrainingSession.__tablename__, session_id,
          detail={"course_id": course_id})


def _has_attendance(s: Session, session_id: int) -> bool:
    return s.execute(
        select(Attendance.id).where(Attendance.session_id == session_id).limit(1)
    ).first() is not None


def _session_checks(has_attendance: bool):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        starts, ends = rec.get("starts_at"), rec.get("ends_at")
        if starts and ends and ends <= starts and "ends_at" not in errors:
            errors["ends_at"] = "L'orario di fine deve seguire quello di inizio."
        if (has_attendance and starts and "starts_at" not in errors
                and _local_date(starts) > today()):
            errors["starts_at"] = ("Le presenze sono già registrate: l'incontro non può essere "
                                   "spostato a una data futura.")

    return check


# --- enrolment ----------------------------------------------------------------------------------

def enroll(
    s: Session, actor: Actor, course_id: int, fosterer_id: int, on: dt.date | None = None
) -> int:
    """Enrol a fosterer in a course (``on``: the date of enrolment, default today)."""
    actor.require(Action.UPDATE, Resource.TRAINING)
    get_or_404(s, TrainingCourse, course_id, _COURSE)
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    try:
        on = v.parse_date(on) if on is not None else today()
    except FieldError as exc:
        raise ValidationError({"enrolled_on": exc.message}) from None
    if on > today():
        raise ValidationError({"enrolled_on": "La data di iscrizione non può essere nel futuro."})
    duplicate = ValidationError({"fosterer_id": "L'affidatario è già iscritto a questo percorso."})
    if _enrollment(s, course_id, fosterer_id) is not None:
        raise duplicate
    obj = CourseEnrollment(course_id=course_id, fosterer_id=fosterer_id, enrolled_on=on)
    s.add(obj)
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:  # enrolled meanwhile from another PC
        if is_unique_violation(exc):
            raise duplicate from exc
        raise
    audit(s, actor.id, AuditAction.CREATE, CourseEnrollment.__tablename__, obj.id,
          fosterer_id=fosterer_id, detail={"course_id": course_id})
    return obj.id


def unenroll(s: Session, actor: Actor, course_id: int, fosterer_id: int) -> None:
    """Cancel an enrolment; refused once the fosterer's attendance is recorded in the course."""
    actor.require(Action.UPDATE, Resource.TRAINING)
    obj = _enrollment(s, course_id, fosterer_id)
    if obj is None:
        raise NotFound("Iscrizione non trovata: potrebbe essere stata annullata.")
    marked = s.execute(
        select(Attendance.id)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.course_id == course_id, Attendance.fosterer_id == fosterer_id)
        .limit(1)
    ).first()
    if marked:
        raise Conflict("Per questo affidatario sono già registrate delle presenze nel percorso: "
                       "l'iscrizione non può essere annullata.")
    enrollment_id = obj.id
    s.delete(obj)
    s.flush()
    audit(s, actor.id, AuditAction.DELETE, CourseEnrollment.__tablename__, enrollment_id,
          fosterer_id=fosterer_id, detail={"course_id": course_id})


def _enrollment(s: Session, course_id: int, fosterer_id: int) -> CourseEnrollment | None:
    return s.scalars(
        select(CourseEnrollment).where(CourseEnrollment.course_id == course_id,
                                       CourseEnrollment.fosterer_id == fosterer_id)
    ).first()


# --- attendance ---------------------------------------------------------------------------------

def record_attendance(
    s: Session, actor: Actor, session_id: int,
    marks: Mapping[int, AttendanceStatus | str | None],
    notes: Mapping[int, str | None] | None = None,
) -> dict[str, int]:
    """Record the register of a whole session: fosterer id → present / absent / justified.

    Marks already recorded are replaced; ``None`` removes a mark. ``notes`` (fosterer id → text)
    sets the note of those fosterers (an empty text removes it); notes of fosterers not in it are
    kept. Only enrolled fosterers can be marked, and only for a session held today or before.
    Returns the counts written (also kept in the one audit row of the call).
    """
    actor.require(Action.UPDATE, Resource.TRAINING)
    ses = get_or_404(s, TrainingSession, session_id, _SESSION)
    notes = dict(notes or {})
    errors: dict[str, str] = {}
    if _local_date(ses.starts_at) > today():
        errors["session"] = "Non si possono registrare le presenze di un incontro futuro."
    statuses: dict[int, AttendanceStatus | None] = {}
    for fosterer_id, raw in marks.items():
        if raw is None or raw == "":
            statuses[int(fosterer_id)] = None
            continue
        try:
            statuses[int(fosterer_id)] = fl.clean_value(_STATUS, raw)
        except FieldError:
            errors["marks"] = "Presenza non valida: indicare presente, assente o giustificato."
    texts: dict[int, str | None] = {}
    for fosterer_id, raw in notes.items():
        try:
            texts[int(fosterer_id)] = v.clean_text(raw, max_length=_NOTE_MAX_LENGTH)
        except FieldError as exc:
            errors["notes"] = exc.message
    if set(texts) - set(statuses):
        errors["notes"] = "Le note si riferiscono a persone senza presenza indicata."
    enrolled = set(s.scalars(
        select(CourseEnrollment.fosterer_id).where(CourseEnrollment.course_id == ses.course_id)
    ))
    strangers = len(set(statuses) - enrolled)
    if strangers:
        errors["marks"] = (
            "1 persona indicata non è iscritta al percorso." if strangers == 1
            else f"{strangers} persone indicate non sono iscritte al percorso."
        )
    if errors:
        raise ValidationError(errors)

    existing = {
        a.fosterer_id: a
        for a in s.scalars(select(Attendance).where(Attendance.session_id == ses.id))
    }
    counts = {"created": 0, "updated": 0, "removed": 0,
              **{status.value: 0 for status in AttendanceStatus}}
    for fosterer_id, status in statuses.items():
        row = existing.get(fosterer_id)
        if status is None:
            if row is not None:
                s.delete(row)
                counts["removed"] += 1
            continue
        counts[status.value] += 1
        values: dict[str, Any] = {"status": status}
        if fosterer_id in texts:
            values["note"] = texts[fosterer_id]
        if row is None:
            s.add(Attendance(session_id=ses.id, fosterer_id=fosterer_id, **values))
            counts["created"] += 1
        elif apply(row, values):
            counts["updated"] += 1
    if not (counts["created"] or counts["updated"] or counts["removed"]):
        return counts
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:  # the same register saved meanwhile from another PC
        if is_unique_violation(exc):
            raise Conflict("Il registro è stato modificato da un altro operatore: ricaricare i "
                           "dati e riprovare.") from exc
        raise
    audit(s, actor.id, AuditAction.UPDATE, TrainingSession.__tablename__, ses.id,
          detail={"attendance": counts})
    return counts


_STATUS = Fd("status", "Presenza", K.ENUM, enum=AttendanceStatus)


def session_register(s: Session, actor: Actor, session_id: int) -> list[dict]:
    """The register of a session: every enrolled fosterer (by name) with their mark or None."""
    actor.require(Action.READ, Resource.TRAINING)
    ses = get_or_404(s, TrainingSession, session_id, _SESSION)
    rows = s.execute(
        select(Fosterer.id, Fosterer.last_name, Fosterer.first_name, Attendance.status,
               Attendance.note)
        .join(CourseEnrollment, CourseEnrollment.fosterer_id == Fosterer.id)
        .join(Attendance, (Attendance.fosterer_id == Fosterer.id)
              & (Attendance.session_id == ses.id), isouter=True)
        .where(CourseEnrollment.course_id == ses.course_id)
        .order_by(func.lower(Fosterer.last_name), func.lower(Fosterer.first_name), Fosterer.id)
    ).all()
    return [
        {"id": fid, "last_name": last, "first_name": first, "name": f"{last} {first}",
         "status": status, "note": note}
        for fid, last, first, status, note in rows
    ]


# --- a fosterer's training ----------------------------------------------------------------------

def fosterer_training(s: Session, actor: Actor, fosterer_id: int) -> dict:
    """Courses of a fosterer with attendance and completion, and whether training is complete."""
    actor.require(Action.READ, Resource.TRAINING)
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    return fosterer_training_status(s, fosterer_id)


def fosterer_training_status(s: Session, fosterer_id: int) -> dict:
    """:func:`fosterer_training` without permission check: a query for other services (approval).

    Returns ``{"courses": [...], "complete": bool, "missing": [Italian sentences]}``; each course
    has ``course_id, title, required_for_approval, sessions_total, core_total, core_attended,
    required, completed, missing``.
    """
    ses = (
        select(TrainingSession.course_id, func.count().label("total"),
               func.sum(case((TrainingSession.is_core.is_(True), 1), else_=0)).label("core"))
        .group_by(TrainingSession.course_id).subquery()
    )
    att = (
        select(TrainingSession.course_id, func.count().label("attended"))
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(Attendance.fosterer_id == fosterer_id, TrainingSession.is_core.is_(True),
               Attendance.status == AttendanceStatus.PRESENT)
        .group_by(TrainingSession.course_id).subquery()
    )
    c = TrainingCourse
    rows = s.execute(
        select(c.id, c.title, c.required_for_approval, c.required_core_sessions,
               CourseEnrollment.enrolled_on, ses.c.total, ses.c.core, att.c.attended)
        .join(CourseEnrollment, CourseEnrollment.course_id == c.id)
        .join(ses, ses.c.course_id == c.id, isouter=True)
        .join(att, att.c.course_id == c.id, isouter=True)
        .where(CourseEnrollment.fosterer_id == fosterer_id)
        .order_by(c.start_date.nulls_last(), c.id)
    ).all()
    courses = []
    missing = []
    for cid, title, for_approval, required, enrolled_on, total, core, attended in rows:
        core, attended = core or 0, attended or 0
        completed, why = course_completion(attended, core, required)
        courses.append({
            "course_id": cid, "title": title, "required_for_approval": for_approval,
            "enrolled_on": enrolled_on, "sessions_total": total or 0, "core_total": core,
            "core_attended": attended, "required": required, "completed": completed,
            "missing": why,
        })
        if for_approval and not completed:
            missing.append(f"«{title}»: {why}")
    if not any(course["required_for_approval"] for course in courses):
        missing.insert(0, "Non risulta iscritto a nessun percorso formativo obbligatorio.")
    return {"fosterer_id": fosterer_id, "courses": courses, "complete": not missing,
            "missing": missing}


def _local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a stored (UTC) timestamp, on the office's clock."""
    return moment.astimezone().date()

