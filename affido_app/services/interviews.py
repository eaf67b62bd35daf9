"""Interviews (colloqui): fosterer screening and follow-up, elder intake assessment.

An interview is about exactly one person: an elder (only the intake assessment) or a fosterer
(first, in-depth, home visit, follow-up). Its structured sections, free notes and recommendation
are special-category data (GDPR art. 9): only the staff who took part (the interviewers and whoever
recorded it) and psychologists may read or change them, and every read leaves an audit row. The
rest (kind, date, place, outcome, interviewers and their sign-offs) is visible to every role that
may read interviews.

Who took part decides who may read, so the list of interviewers and the outcome they sign off are
guarded by the same rule as the confidential texts. Changing the outcome withdraws the sign-offs
already given: each interviewer signs off a given outcome.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import Elder, Fosterer, Interview, InterviewInterviewer, StaffUser
from affido_app.domain.enums import (
    INTERVIEW_SECTIONS,
    AuditAction,
    InterviewKind,
    InterviewOutcome,
    PersonKind,
    Role,
)
from affido_app.domain.permissions import Action, Resource, can_read_confidential_notes
from affido_app.errors import Conflict, PermissionDenied, ValidationError
from affido_app.services import fields as fl
from affido_app.services import people
from affido_app.services.audit import audit
from affido_app.services.common import apply, as_dict, check_version, get_or_404
from affido_app.services.context import Actor

K, Fd = fl.Kind, fl.Field

INTERVIEW_FIELDS = fl.specs(
    Fd("kind", "Tipo di colloquio", K.ENUM, enum=InterviewKind, required=True),
    Fd("held_at", "Data e ora del colloquio", K.DATETIME, required=True),
    Fd("place", "Luogo", K.TEXT, max_length=200),
    *(Fd(name, label, K.MULTILINE, sensitive=True) for name, label in INTERVIEW_SECTIONS),
    Fd("notes", "Note libere", K.MULTILINE, sensitive=True),
    Fd("outcome", "Esito", K.ENUM, enum=InterviewOutcome, required=True,
       default=InterviewOutcome.PENDING),
    Fd("recommendation", "Indicazioni", K.MULTILINE, sensitive=True),
    Fd("next_steps", "Prossimi passi", K.MULTILINE, max_length=5000),
    Fd("next_date", "Prossimo appuntamento", K.DATE),
)

#: the texts only participants and psychologists may read (sections, notes, recommendation)
CONFIDENTIAL_FIELDS = tuple(n for n, f in INTERVIEW_FIELDS.items() if f.sensitive)
METADATA_FIELDS = tuple(n for n, f in INTERVIEW_FIELDS.items() if not f.sensitive)
#: what only participants and psychologists may change: the texts and the outcome they sign off
_RESTRICTED_FIELDS = frozenset(CONFIDENTIAL_FIELDS) | {"outcome"}
FAVOURABLE_OUTCOMES = frozenset(
    {InterviewOutcome.FAVOURABLE, InterviewOutcome.FAVOURABLE_WITH_RESERVATIONS}
)
#: roles whose sign-off on a favourable interview a fosterer's approval needs
SIGNOFF_ROLES = (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER)
#: tolerance for clocks of office PCs that disagree by a few minutes
CLOCK_GRACE = dt.timedelta(minutes=5)

_NOUN = "Il colloquio"
_RESTRICTED_MESSAGE = (
    "Le note riservate, l'esito e gli operatori di un colloquio possono essere modificati solo "
    "da chi lo ha condotto o da uno psicologo."
)


# --- create / edit ------------------------------------------------------------------------------

def create_interview(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None,
    data: Mapping[str, Any], interviewers: Iterable[int],
) -> int:
    """Record an interview held with one elder or one fosterer; returns its id.

    ``interviewers``: ids of the active staff members who conducted it (at least one); each takes
    part in the role their account has.
    """
    actor.require(Action.CREATE, Resource.INTERVIEW)
    subject = _subject(s, elder_id, fosterer_id)
    staff, staff_error = _interviewers(s, interviewers)
    values = fl.clean(data, INTERVIEW_FIELDS,
                      extra_checks=[_checks(subject), _error("interviewers", staff_error)])
    obj = Interview(elder_id=elder_id, fosterer_id=fosterer_id, created_by_id=actor.id, **values)
    obj.interviewers = [InterviewInterviewer(staff_id=u.id, role=u.role) for u in staff]
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, Interview.__tablename__, obj.id,
          elder_id=elder_id, fosterer_id=fosterer_id,
          detail={"kind": obj.kind.value, "outcome": obj.outcome.value,
                  "interviewers": len(staff)})
    return obj.id


def update_interview(
    s: Session, actor: Actor, interview_id: int, data: Mapping[str, Any], *,
    expected_version: int, interviewers: Iterable[int] | None = None,
) -> int:
    """Change an interview (only the keys given); returns the new version.

    ``interviewers``, when given, replaces the list of interviewers: those who stay keep their
    sign-off. Changing the confidential texts, the outcome or the interviewers is reserved to who
    took part and to psychologists; changing the outcome withdraws every sign-off.
    """
    actor.require(Action.UPDATE, Resource.INTERVIEW)
    obj = get_or_404(s, Interview, interview_id, _NOUN)
    check_version(obj, expected_version, _NOUN)
    subject = PersonKind.ELDER if obj.elder_id is not None else PersonKind.FOSTERER
    current_ids = [row.staff_id for row in obj.interviewers]
    staff, staff_error = (
        (None, None) if interviewers is None else _interviewers(s, interviewers, current_ids)
    )
    values = fl.clean(data, INTERVIEW_FIELDS, partial=True,
                      extra_checks=[_checks(subject), _error("interviewers", staff_error)],
                      current=as_dict(obj, INTERVIEW_FIELDS))
    new_ids = None if staff is None else [u.id for u in staff]
    staff_changes = new_ids is not None and set(new_ids) != set(current_ids)
    touches_restricted = staff_changes or any(
        getattr(obj, name) != value for name, value in values.items()
        if name in _RESTRICTED_FIELDS
    )
    if touches_restricted and not may_read_confidential(actor, obj):
        raise PermissionDenied(_RESTRICTED_MESSAGE)

    changed = apply(obj, values)
    detail: dict[str, Any] = {}
    if changed:
        detail["fields"] = sorted(changed)
    if "outcome" in changed:
        cleared = 0
        for row in obj.interviewers:
            if row.signed_off_at is not None:
                row.signed_off_at = None
                cleared += 1
        detail["outcome"] = obj.outcome.value
        if cleared:
            detail["signoffs_cleared"] = cleared
    if staff_changes:
        assert staff is not None
        kept = set(current_ids) & {u.id for u in staff}
        for row in list(obj.interviewers):
            if row.staff_id not in kept:
                obj.interviewers.remove(row)
        for user in staff:
            if user.id not in kept:
                obj.interviewers.append(InterviewInterviewer(staff_id=user.id, role=user.role))
        detail["interviewers"] = {"added": len(staff) - len(kept),
                                  "removed": len(current_ids) - len(kept)}
        obj.updated_at = utcnow()  # a new version for the record, not only for its children
    if not detail:
        return obj.version
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, Interview.__tablename__, obj.id,
          elder_id=obj.elder_id, fosterer_id=obj.fosterer_id, detail=detail)
    return obj.version


def sign_off_interview(
    s: Session, actor: Actor, interview_id: int, *, expected_version: int | None = None
) -> dt.datetime:
    """The acting interviewer signs off the outcome of the interview; returns the time of it.

    ``expected_version``, when given, makes sure the outcome signed is the one on screen.
    """
    actor.require(Action.UPDATE, Resource.INTERVIEW)
    obj = get_or_404(s, Interview, interview_id, _NOUN)
    check_version(obj, expected_version, _NOUN)
    row = next((r for r in obj.interviewers if r.staff_id == actor.id), None)
    if row is None:
        raise PermissionDenied("Solo gli operatori che hanno condotto il colloquio possono "
                               "firmarne l'esito.")
    if obj.outcome == InterviewOutcome.PENDING:
        raise ValidationError({"outcome": "Prima della firma occorre indicare l'esito del "
                                          "colloquio."})
    if row.signed_off_at is not None:
        raise Conflict("L'esito di questo colloquio è già stato firmato.")
    row.signed_off_at = utcnow()
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, Interview.__tablename__, obj.id,
          elder_id=obj.elder_id, fosterer_id=obj.fosterer_id,
          detail={"signed_off": row.role.value, "outcome": obj.outcome.value})
    return row.signed_off_at


# --- read ---------------------------------------------------------------------------------------

def get_interview(s: Session, actor: Actor, interview_id: int) -> dict:
    """An interview as a dict; the confidential texts only for who may read them (audited).

    ``confidential_visible`` tells whether they are included.
    """
    actor.require(Action.READ, Resource.INTERVIEW)
    obj = get_or_404(s, Interview, interview_id, _NOUN)
    out = _metadata_row(obj)
    out["subject_name"] = _subject_name(s, obj)
    out["interviewers"] = _interviewer_rows(s, [obj.id]).get(obj.id, [])
    visible = may_read_confidential(actor, obj)
    out["confidential_visible"] = visible
    if visible:
        out.update(as_dict(obj, CONFIDENTIAL_FIELDS))
        audit(s, actor.id, AuditAction.READ, Interview.__tablename__, obj.id,
              elder_id=obj.elder_id, fosterer_id=obj.fosterer_id,
              detail={"fields": "confidential"})
    return out


def list_interviews(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None
) -> list[dict]:
    """Interviews (of one person, when given), newest first: metadata only, never the texts
    (which are not even loaded), each with its interviewers. One query whatever the number of
    interviews: a row per interviewer (one with no interviewer for an interview without)."""
    actor.require(Action.READ, Resource.INTERVIEW)
    n = len(_LISTED)
    stmt = _list_statement(elder_id is not None, fosterer_id is not None)
    out: list[dict] = []
    item: dict = {}
    for row in s.execute(stmt, {"elder_id": elder_id, "fosterer_id": fosterer_id}):
        if not out or row[0] != item["id"]:
            item = dict(zip(_LISTED, row[:n], strict=True))
            item["subject_name"] = f"{row[n]} {row[n + 1]}"
            item["interviewers"] = []
            out.append(item)
        staff_id, role, signed_off_at, full_name = row[n + 2:]
        if staff_id is not None:
            item["interviewers"].append({"staff_id": staff_id, "full_name": full_name,
                                         "role": role, "signed_off_at": signed_off_at})
    return out


#: the columns of a listed interview (then the subject's last and first name)
_LISTED = ("id", "version", *METADATA_FIELDS, "elder_id", "fosterer_id", "created_by_id",
           "created_at", "updated_at")


@functools.lru_cache(maxsize=4)
def _list_statement(by_elder: bool, by_fosterer: bool):
    """Built once for each filter (``elder_id`` / ``fosterer_id`` bound)."""
    i, e, f = Interview.__table__, Elder.__table__, Fosterer.__table__
    stmt = (
        select(*people.columns(Interview, _LISTED),
               func.coalesce(e.c.last_name, f.c.last_name),
               func.coalesce(e.c.first_name, f.c.first_name),
               _II.c.staff_id, _II.c.role, _II.c.signed_off_at, _SU.c.full_name)
        .select_from(i)
        .join(e, e.c.id == i.c.elder_id, isouter=True)
        .join(f, f.c.id == i.c.fosterer_id, isouter=True)
        .join(_II, _II.c.interview_id == i.c.id, isouter=True)
        .join(_SU, _SU.c.id == _II.c.staff_id, isouter=True)  # accounts are never deleted
        .order_by(i.c.held_at.desc(), i.c.id.desc(), _II.c.id)
    )
    if by_elder:
        stmt = stmt.where(i.c.elder_id == bindparam("elder_id"))
    if by_fosterer:
        stmt = stmt.where(i.c.fosterer_id == bindparam("fosterer_id"))
    return stmt


# --- approval evidence --------------------------------------------------------------------------

def fosterer_signoff_status(s: Session, fosterer_id: int) -> dict:
    """Whether a favourable interview of the fosterer is signed off by a psychologist and a social
    worker (the evidence approval needs). No permission check: a query for other services.

    Returns ``{"favourable_signed": bool, "missing": [Italian sentences]}``.
    """
    rows = s.execute(
        select(Interview.id, InterviewInterviewer.role, InterviewInterviewer.signed_off_at)
        .join(InterviewInterviewer, InterviewInterviewer.interview_id == Interview.id,
              isouter=True)
        .where(Interview.fosterer_id == fosterer_id,
               Interview.outcome.in_(list(FAVOURABLE_OUTCOMES)))
    ).all()
    signed: dict[int, set[Role]] = {}
    for interview_id, role, signed_off_at in rows:
        roles = signed.setdefault(interview_id, set())
        if signed_off_at is not None and role is not None:
            roles.add(Role(role))
    if not signed:
        return {"favourable_signed": False,
                "missing": ["Manca un colloquio con esito favorevole."]}
    # the favourable interview closest to complete tells what is still missing
    best = max(signed.values(), key=lambda roles: len(roles & set(SIGNOFF_ROLES)))
    missing = [_MISSING_SIGNOFF[role] for role in SIGNOFF_ROLES if role not in best]
    return {"favourable_signed": not missing, "missing": missing}


_MISSING_SIGNOFF = {
    Role.PSYCHOLOGIST: "Manca la firma di uno psicologo su un colloquio con esito favorevole.",
    Role.SOCIAL_WORKER: (
        "Manca la firma di un assistente sociale su un colloquio con esito favorevole."
    ),
}


# --- helpers ------------------------------------------------------------------------------------

def _participant_ids(obj: Interview) -> list[int | None]:
    return [*(row.staff_id for row in obj.interviewers), obj.created_by_id]


def may_read_confidential(actor: Actor, obj: Interview) -> bool:
    return can_read_confidential_notes(actor.role, actor.id, _participant_ids(obj))


def _subject(s: Session, elder_id: int | None, fosterer_id: int | None) -> PersonKind:
    if (elder_id is None) == (fosterer_id is None):
        raise ValidationError(
            {"subject": "Il colloquio riguarda una sola persona: indicare l'anziano oppure "
                        "l'affidatario."})
    if elder_id is not None:
        get_or_404(s, Elder, elder_id, "L'anziano")
        return PersonKind.ELDER
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    return PersonKind.FOSTERER


def _interviewers(
    s: Session, ids: Iterable[int], keep: Iterable[int] = ()
) -> tuple[list[StaffUser], str | None]:
    """The staff users with these ids (order kept, repeats dropped), or an error.

    They must be active, except those in ``keep`` (interviewers already recorded, who may have
    left the service since).
    """
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return [], "Indicare almeno un operatore che ha condotto il colloquio."
    kept = set(keep)
    found = {u.id: u for u in s.scalars(select(StaffUser).where(StaffUser.id.in_(wanted)))}
    if any(i not in found or not (found[i].active or i in kept) for i in wanted):
        return [], "Uno o più operatori indicati non esistono o non sono attivi."
    return [found[i] for i in wanted], None


def _checks(subject: PersonKind):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        kind = rec.get("kind")
        if kind is not None and "kind" not in errors:
            if subject is PersonKind.ELDER and kind != InterviewKind.INTAKE:
                errors["kind"] = (
                    f"Con un anziano si svolge solo la «{InterviewKind.INTAKE.label}»."
                )
            elif subject is PersonKind.FOSTERER and kind == InterviewKind.INTAKE:
                errors["kind"] = (
                    f"La «{InterviewKind.INTAKE.label}» riguarda solo gli anziani."
                )
        held = rec.get("held_at")
        if held is not None and "held_at" not in errors and held > utcnow() + CLOCK_GRACE:
            errors["held_at"] = (
                "Il colloquio si registra dopo averlo svolto: la data non può essere nel futuro."
            )
        next_date = rec.get("next_date")
        if (next_date is not None and held is not None and "next_date" not in errors
                and next_date < held.astimezone().date()):
            errors["next_date"] = "Il prossimo appuntamento non può precedere il colloquio."

    return check


def _error(name: str, message: str | None):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        if message:
            errors[name] = message

    return check


def _metadata_row(obj: Interview) -> dict:
    out = as_dict(obj, METADATA_FIELDS)
    out.update(id=obj.id, version=obj.version, elder_id=obj.elder_id,
               fosterer_id=obj.fosterer_id, created_by_id=obj.created_by_id,
               created_at=obj.created_at, updated_at=obj.updated_at)
    return out


def _subject_name(s: Session, obj: Interview) -> str | None:
    """"Cognome Nome" of the person interviewed."""
    model, person_id = (Elder, obj.elder_id) if obj.elder_id is not None else (
        Fosterer, obj.fosterer_id)
    row = s.execute(
        select(model.last_name, model.first_name).where(model.id == person_id)
    ).first()
    return None if row is None else f"{row[0]} {row[1]}"


def _interviewer_rows(s: Session, interview_ids: list[int]) -> dict[int, list[dict]]:
    """Interview id → its interviewers with name, role and sign-off (one query)."""
    out: dict[int, list[dict]] = {}
    if not interview_ids:
        return out
    rows = s.execute(_INTERVIEWERS, {"ids": list(interview_ids)})
    for interview_id, staff_id, role, signed_off_at, full_name in rows:
        out.setdefault(interview_id, []).append(
            {"staff_id": staff_id, "full_name": full_name, "role": role,
             "signed_off_at": signed_off_at}
        )
    return out


_II, _SU = InterviewInterviewer.__table__, StaffUser.__table__
_INTERVIEWERS = (
    select(_II.c.interview_id, _II.c.staff_id, _II.c.role, _II.c.signed_off_at,
           _SU.c.full_name)
    .select_from(_II)
    .join(_SU, _SU.c.id == _II.c.staff_id)
    .where(_II.c.interview_id.in_(bindparam("ids", expanding=True)))
    .order_by(_II.c.id)
)
