"""GDPR tools: a person's full export, anonymisation after the retention period, erasure on
request where the law allows, and a statistics export with pseudonymised ids.

- :func:`person_export` (art. 15 and 20): everything held about one elder or fosterer, as a
  JSON-serialisable dict keyed by Italian labels, and nothing about anyone else: the other person
  of a pair, other fosterers in a meeting and staff appear only as neutral descriptions ("la
  persona affidataria dell'abbinamento", the staff member's role), and names of those people are
  replaced by ``[omissis]`` in free texts. What the actor may not read (confidential notes, health
  data, the audit log) is left out and the export says so. :func:`export_person_files` writes the
  JSON and the PDF (:mod:`affido_app.reports.person_export`).
- :func:`anonymisation_candidates` / :func:`anonymise`: records closed more than
  ``privacy.retention_years`` years ago (default 10) lose names, codice fiscale, contacts,
  address, free texts and health texts; contacts, household, documents and attachments are
  deleted; what statistics need stays (birth year, sex, comune, statuses and dates, pairs and
  their dates). Idempotent; audited with counts, never the old values; the search index forgets
  the old name.
- :func:`erasure_check` / :func:`erase` (art. 17): deleting a person is refused while records must
  be kept (an open or past pair, expenses of the last ten years, a consent not withdrawn, an open
  record), with the reasons in Italian and, when possible, anonymisation offered instead.
- :func:`statistics_export`: one CSV per kind (elders, fosterers, pairs) where every id is
  ``HMAC-SHA256(key, "elder:<id>")`` truncated; the key lives in a file outside the database
  (:func:`load_or_create_key`): same key, same pseudonyms; another key, unlinkable exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import hmac
import io
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import (
    Attachment,
    Attendance,
    AuditEvent,
    Consent,
    CourseEnrollment,
    Elder,
    ElderContact,
    ElderEvent,
    ExpenseClaim,
    Fosterer,
    FostererDocument,
    FostererEvent,
    HouseholdMember,
    Interview,
    InterviewInterviewer,
    Match,
    MatchEvent,
    StaffUser,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
    TrainingCourse,
    TrainingSession,
)
from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import (
    INTERVIEW_SECTIONS,
    AttendanceStatus,
    AuditAction,
    ElderCloseReason,
    ElderStatus,
    ExpenseStatus,
    FostererEndReason,
    FostererStatus,
    InterviewKind,
    InterviewOutcome,
    LabelledEnum,
    LabelledFlag,
    MatchCloseReason,
    MatchStatus,
    MeetingPlace,
    Need,
    PersonKind,
    Role,
    SupervisionKind,
    WellbeingLevel,
)
from affido_app.domain.permissions import Action, Resource, can, can_read_confidential_notes
from affido_app.errors import Conflict, StorageError, ValidationError
from affido_app.files import write_atomically
from affido_app.services import drafts, people
from affido_app.services.audit import audit
from affido_app.services.common import get_or_404
from affido_app.services.common import today as _today
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting

#: the setting with the years a closed record is kept before anonymisation
RETENTION_KEY = "privacy.retention_years"
#: accounting records are kept ten years (art. 2220 of the Italian civil code)
ACCOUNTING_YEARS = 10
#: what replaces a name (of someone else) found in a free text
REDACTED = "[omissis]"
#: the surname an anonymised record shows (the first name is left empty)
ANONYMOUS_NAME = "Persona anonimizzata"
#: statuses that close a person's record
CLOSED_STATUSES: dict[PersonKind, frozenset] = {
    PersonKind.ELDER: frozenset({ElderStatus.CLOSED}),
    PersonKind.FOSTERER: frozenset({FostererStatus.NOT_APPROVED, FostererStatus.WITHDRAWN,
                                    FostererStatus.CEASED}),
}
#: how many hex digits of the HMAC a pseudonym keeps (64 bits: no collision in practice)
PSEUDONYM_HEX = 16
KEY_BYTES = 32
KEY_FILE_HEADER = ("# Affido: chiave per gli pseudonimi delle esportazioni statistiche.\n"
                   "# Conservarla separata dal database e non condividerla: con la stessa chiave "
                   "gli pseudonimi restano gli stessi.\n")


class Reason(LabelledEnum):
    """Why a record is anonymised or erased (kept in the audit row as a code)."""

    RETENTION = ("retention", "Fine del periodo di conservazione")
    REQUEST = ("request", "Richiesta dell'interessato")


_NOUN = {PersonKind.ELDER: "L'anziano", PersonKind.FOSTERER: "L'affidatario"}
_OTHER_PARTY = {PersonKind.ELDER: "la persona affidataria dell'abbinamento",
                PersonKind.FOSTERER: "la persona anziana dell'abbinamento"}
_MODEL = {PersonKind.ELDER: Elder, PersonKind.FOSTERER: Fosterer}
_RESOURCE = {PersonKind.ELDER: Resource.ELDER, PersonKind.FOSTERER: Resource.FOSTERER}
_FK = {PersonKind.ELDER: "elder_id", PersonKind.FOSTERER: "fosterer_id"}
_REASON_ENUMS: dict[PersonKind, tuple[type, ...]] = {
    PersonKind.ELDER: (ElderCloseReason,), PersonKind.FOSTERER: (FostererEndReason,)}

_ENTITY_LABELS = {
    "elders": "Scheda dell'anziano", "fosterers": "Scheda dell'affidatario",
    "elder_contacts": "Persone di riferimento", "household_members": "Nucleo familiare",
    "fosterer_documents": "Documenti", "consents": "Consensi", "attachments": "Allegati",
    "interviews": "Colloqui", "matches": "Abbinamenti",
    "supervision_sessions": "Incontri di supervisione",
    "supervision_notes": "Note di supervisione", "expense_claims": "Rimborsi spese",
    "attendances": "Presenze alla formazione", "course_enrollments": "Iscrizioni ai corsi",
    "training_sessions": "Incontri di formazione", "training_courses": "Percorsi formativi",
    "documents": "Documenti stampati",
}


def _kind(kind: PersonKind | str) -> PersonKind:
    try:
        return PersonKind(kind)
    except ValueError:
        raise ValidationError({"kind": "Tipo di persona sconosciuto."}) from None


# --- values as they go into the export ----------------------------------------------------------

def _v(value: Any) -> Any:
    """A JSON-safe, readable value: labels for codes, ISO dates, decimals as text."""
    if value is None:
        return None
    if isinstance(value, LabelledFlag):
        return [value.labels()[m] for m in value.members()]
    if isinstance(value, enum.Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_v(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.astimezone().isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _flag(enum: type, mask: int | None) -> list[str]:
    return _v(enum(mask or 0))


def _grid(mask: int | None) -> str:
    return WeeklyGrid(mask or 0).describe()


def _label_of(enum: type, code: str | None) -> str | None:
    if not code:
        return None
    try:
        return enum(code).label
    except ValueError:
        return code


def _reason(code: str | None, *enums: type) -> str | None:
    """A reason code as its Italian label; free text (suspensions) as is."""
    if not code:
        return None
    for reasons in enums:
        try:
            return reasons(code).label
        except ValueError:
            continue
    return code


class _Redactor:
    """Replaces the names of other people (whole names, and surnames or first names of four
    letters or more) in free texts with ``[omissis]``."""

    def __init__(self, names: Iterable[tuple[str | None, str | None]]):
        words: set[str] = set()
        for last, first in names:
            last, first = (last or "").strip(), (first or "").strip()
            if last and first:
                words.update({f"{last} {first}", f"{first} {last}"})
            for part in (*last.split(), *first.split()):
                if len(part) >= 4:
                    words.add(part)
        ordered = sorted(words, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)",
                                    re.IGNORECASE) if ordered else None)

    def __call__(self, value: Any) -> Any:
        if not value or self._pattern is None or not isinstance(value, str):
            return value
        return self._pattern.sub(REDACTED, value)


def _split_name(full: str | None) -> tuple[str, str]:
    parts = (full or "").split(maxsplit=1)
    return (parts[-1], parts[0]) if len(parts) == 2 else ((full or ""), "")


# --- 1. the export of one person ------------------------------------------------------------------

@dataclass
class _Ctx:
    s: Session
    actor: Actor
    kind: PersonKind
    person_id: int
    roles: dict[int, Role]
    redact: _Redactor
    warnings: list[str]
    #: confidential texts left out (interviews, supervision notes): the actor may not read them
    hidden: int = 0

    def role(self, staff_id: int | None) -> str | None:
        role = self.roles.get(staff_id) if staff_id is not None else None
        return f"operatore ({role.label})" if role is not None else None

    def may(self, action: Action, resource: Resource) -> bool:
        return can(self.actor.role, action, resource)


def person_export(s: Session, actor: Actor, kind: PersonKind | str, person_id: int) -> dict:
    """Everything held about one person, JSON-serialisable (keys are Italian labels).

    Requires the right to export the person's kind of record; the export is audited. Parts the
    actor may not read are left out, and the list "Avvertenze" says which and why."""
    kind = _kind(kind)
    actor.require(Action.EXPORT, _RESOURCE[kind])
    obj = get_or_404(s, _MODEL[kind], person_id, _NOUN[kind])
    roles = {uid: Role(role) for uid, role in s.execute(select(StaffUser.id, StaffUser.role))}
    pairs = list(s.scalars(select(Match).where(getattr(Match, _FK[kind]) == person_id)
                           .order_by(Match.proposed_on, Match.id)))
    c = _Ctx(s, actor, kind, person_id, roles, _Redactor(_other_names(s, kind, person_id, pairs)),
             [])
    out: dict[str, Any] = {
        "Documento": "Esportazione dei dati personali (artt. 15 e 20 del Regolamento UE 2016/679)",
        "Ente": get_setting(s, "org.name") or "",
        "Progetto": get_setting(s, "org.project") or "",
        "Generato il": _v(utcnow()),
        "Generato da": f"un operatore con profilo {actor.role.label}",
        "Tipo di persona": kind.label,
        "Codice della scheda": person_id,
        "Avvertenze": c.warnings,
    }
    sensitive = kind == PersonKind.FOSTERER or c.may(Action.READ_SENSITIVE, Resource.ELDER)
    out["Scheda"] = _record(c, obj, sensitive)
    out["Storia dello stato"] = _status_history(c)
    if kind == PersonKind.ELDER:
        out["Persone di riferimento"] = [
            {"Nome e cognome": r.name, "Relazione": r.relation, "Telefono": r.phone,
             "Email": r.email, "Riferimento principale": r.is_primary, "Note": c.redact(r.notes)}
            for r in s.scalars(select(ElderContact).where(ElderContact.elder_id == person_id)
                               .order_by(ElderContact.id))]
    else:
        out["Nucleo familiare"] = [
            {"Nome e cognome": r.name, "Relazione": r.relation, "Anno di nascita": r.birth_year,
             "Partecipa all'affido": r.co_fosterer, "Note": c.redact(r.notes)}
            for r in s.scalars(select(HouseholdMember)
                               .where(HouseholdMember.fosterer_id == person_id)
                               .order_by(HouseholdMember.id))]
        out["Documenti"] = [
            {"Tipo di documento": _v(r.kind), "Numero": r.number, "Rilasciato il": _v(r.issued_on),
             "Scade il": _v(r.expires_on), "Copia allegata": r.attachment_id is not None,
             "Note": c.redact(r.notes)}
            for r in s.scalars(select(FostererDocument)
                               .where(FostererDocument.fosterer_id == person_id)
                               .order_by(FostererDocument.id))]
    _optional(c, out, "Consensi", (Action.READ, Resource.CONSENT), _consents)
    _optional(c, out, "Allegati", (Action.READ, Resource.ATTACHMENT),
              lambda c: _attachments(c, pairs))
    _optional(c, out, "Colloqui", (Action.READ, Resource.INTERVIEW), _interviews)
    if kind == PersonKind.FOSTERER:
        _optional(c, out, "Formazione", (Action.READ, Resource.TRAINING), _training)
    _optional(c, out, "Abbinamenti", (Action.READ, Resource.MATCH), lambda c: _pairs(c, pairs))
    if kind == PersonKind.FOSTERER:
        _optional(c, out, "Incontri di supervisione", (Action.READ, Resource.SUPERVISION),
                  _meetings)
        _optional(c, out, "Rimborsi spese", (Action.READ, Resource.EXPENSE), _expenses)
    _optional(c, out, "Registro degli accessi", (Action.READ, Resource.AUDIT), _audit_rows)
    if not sensitive:
        c.warnings.insert(0, "I dati sanitari e sulla fragilità non sono inclusi: il profilo di "
                             "chi ha eseguito l'esportazione non consente di leggerli.")
    c.warnings.append("Le altre persone (la controparte degli abbinamenti, gli altri "
                      "partecipanti agli incontri, gli operatori) sono indicate solo con una "
                      f"descrizione; i loro nomi nei testi liberi sono sostituiti da {REDACTED}.")
    c.warnings.append("Il contenuto dei file allegati non è incluso: l'elenco ne riporta nome, "
                      "tipo e dimensione; una copia può essere richiesta all'ente.")
    audit(s, actor.id, AuditAction.EXPORT, _MODEL[kind].__tablename__, person_id,
          **{_FK[kind]: person_id},
          detail={"document": "person_export", "sensitive": sensitive,
                  "confidential_hidden": c.hidden,
                  "sections": sorted(k for k, v in out.items() if isinstance(v, list | dict))})
    return out


def _optional(c: _Ctx, out: dict, key: str, right: tuple[Action, Resource], build) -> None:
    if c.may(*right):
        out[key] = build(c)
    else:
        c.warnings.append(f"La sezione «{key}» non è inclusa: il profilo di chi ha eseguito "
                          "l'esportazione non consente di consultarla.")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _other_names(s: Session, kind: PersonKind, person_id: int,
                 pairs: list[Match]) -> list[tuple[str | None, str | None]]:
    """Names that must not appear: the other person of each pair, the other fosterers met in
    supervision, every staff member."""
    names: list[tuple[str | None, str | None]] = [
        _split_name(n) for n in s.scalars(select(StaffUser.full_name))]
    if kind == PersonKind.ELDER:
        ids = {m.fosterer_id for m in pairs}
        names += s.execute(select(Fosterer.last_name, Fosterer.first_name)
                           .where(Fosterer.id.in_(ids))).all() if ids else []
        return names
    elder_ids = {m.elder_id for m in pairs}
    if elder_ids:
        names += s.execute(select(Elder.last_name, Elder.first_name)
                           .where(Elder.id.in_(elder_ids))).all()
    sessions = select(SupervisionParticipant.session_id).where(
        SupervisionParticipant.fosterer_id == person_id)
    names += s.execute(
        select(Fosterer.last_name, Fosterer.first_name)
        .join(SupervisionParticipant, SupervisionParticipant.fosterer_id == Fosterer.id)
        .where(SupervisionParticipant.session_id.in_(sessions), Fosterer.id != person_id)
        .distinct()).all()
    return names


def _record(c: _Ctx, obj: Any, sensitive: bool) -> dict[str, Any]:
    fields = people.ELDER_FIELDS if c.kind == PersonKind.ELDER else people.FOSTERER_FIELDS
    out: dict[str, Any] = {}
    for name, spec in fields.items():
        if spec.sensitive and not sensitive:
            continue
        value = getattr(obj, name)
        if name == "availability":
            value = _grid(value)
        elif name == "referred_by_id":
            value = c.role(value)
        elif spec.enum is not None and issubclass(spec.enum, LabelledFlag):
            value = _flag(spec.enum, value)
        elif name in ("notes", "interests_notes", "needs_notes", "preferences_notes",
                      "referral_source", "family_network_notes", "motivation", "skills_notes",
                      "home_notes", "fragility_relational_notes", "fragility_physical_notes",
                      "fragility_psychological_notes", "chronic_conditions", "mobility_aids",
                      "allergies"):
            value = c.redact(value)
        out[spec.label] = _v(value)
    status_enum = ElderStatus if c.kind == PersonKind.ELDER else FostererStatus
    out["Stato"] = _v(status_enum(obj.status))
    out["Stato dal"] = _v(obj.status_since)
    out["Rientro previsto"] = _v(obj.suspended_until)
    out["Motivo della chiusura"] = _reason(obj.end_reason, *_REASON_ENUMS[c.kind])
    if c.kind == PersonKind.FOSTERER:
        out["Data di idoneità"] = _v(obj.approval_date)
    out["Scheda creata il"] = _v(obj.created_at)
    out["Ultima modifica"] = _v(obj.updated_at)
    out["Anonimizzata il"] = _v(obj.anonymised_at)
    return out


def _status_history(c: _Ctx) -> list[dict]:
    model = ElderEvent if c.kind == PersonKind.ELDER else FostererEvent
    status_enum = ElderStatus if c.kind == PersonKind.ELDER else FostererStatus
    rows = c.s.scalars(select(model).where(getattr(model, _FK[c.kind]) == c.person_id)
                       .order_by(model.occurred_on, model.id))
    return [_event(c, e, status_enum, *_REASON_ENUMS[c.kind]) for e in rows]


def _event(c: _Ctx, e: Any, status_enum: type, *reasons: type) -> dict[str, Any]:
    return {
        "Data": _v(e.occurred_on),
        "Stato precedente": _label_of(status_enum, e.from_status),
        "Nuovo stato": _label_of(status_enum, e.to_status),
        "Motivo": _reason(e.reason, *reasons),
        "Dettaglio del motivo": c.redact(e.sub_reason),
        "Rientro previsto": _v(e.until),
        "Nota": c.redact(e.note),
        "Registrato da": c.role(e.author_id),
        "Registrato il": _v(e.recorded_at),
    }


def _consents(c: _Ctx) -> list[dict]:
    col = getattr(Consent, _FK[c.kind])
    day = _today()
    return [
        {"Ambito del consenso": _v(r.scope), "Data del consenso": _v(r.given_on),
         "Revocato il": _v(r.withdrawn_on), "Attivo oggi": r.active_on(day),
         "Modulo firmato allegato": r.attachment_id is not None,
         "Registrato da": c.role(r.recorded_by_id), "Note": c.redact(r.notes)}
        for r in c.s.scalars(select(Consent).where(col == c.person_id)
                             .order_by(Consent.given_on, Consent.id))]


def _attachments(c: _Ctx, pairs: list[Match]) -> list[dict]:
    own = getattr(Attachment, _FK[c.kind]) == c.person_id
    pair_ids = [m.id for m in pairs]
    cond = or_(own, Attachment.match_id.in_(pair_ids)) if pair_ids else own
    rows = c.s.execute(
        select(Attachment.id, Attachment.match_id, Attachment.filename, Attachment.mime_type,
               Attachment.size, Attachment.sha256, Attachment.description,
               Attachment.uploaded_by_id, Attachment.created_at)
        .where(cond).order_by(Attachment.created_at, Attachment.id))
    return [
        {"Nome del file": c.redact(r.filename), "Tipo": r.mime_type, "Dimensione (byte)": r.size,
         "Impronta SHA-256": r.sha256, "Descrizione": c.redact(r.description),
         "Riferito a": (f"abbinamento n. {r.match_id}" if r.match_id is not None
                        else "la persona"),
         "Caricato da": c.role(r.uploaded_by_id), "Caricato il": _v(r.created_at)}
        for r in rows]


def _interviews(c: _Ctx) -> list[dict]:
    col = getattr(Interview, _FK[c.kind])
    hidden = 0
    out = []
    for obj in c.s.scalars(select(Interview).where(col == c.person_id)
                           .order_by(Interview.held_at, Interview.id)):
        participants = [*(i.staff_id for i in obj.interviewers), obj.created_by_id]
        visible = can_read_confidential_notes(c.actor.role, c.actor.id, participants)
        row: dict[str, Any] = {
            "Tipo di colloquio": _v(InterviewKind(obj.kind)),
            "Data e ora": _v(obj.held_at),
            "Luogo": c.redact(obj.place),
            "Esito": _v(InterviewOutcome(obj.outcome)),
            "Condotto da": [
                c.role(i.staff_id) + (" – esito firmato" if i.signed_off_at else "")
                for i in obj.interviewers if c.role(i.staff_id)],
            "Prossimi passi": c.redact(obj.next_steps),
            "Prossimo appuntamento": _v(obj.next_date),
            "Note riservate incluse": visible,
        }
        if visible:
            for name, label in INTERVIEW_SECTIONS:
                row[label] = c.redact(getattr(obj, name))
            row["Note libere"] = c.redact(obj.notes)
            row["Indicazioni"] = c.redact(obj.recommendation)
        else:
            hidden += 1
        out.append(row)
    c.hidden += hidden
    if hidden:
        c.warnings.append(
            f"Le note riservate di {_count(hidden, 'colloquio', 'colloqui')} non sono incluse: "
            "possono leggerle solo gli psicologi e gli operatori che hanno condotto il "
            "colloquio.")
    return out


def _training(c: _Ctx) -> list[dict]:
    courses = c.s.execute(
        select(TrainingCourse.id, TrainingCourse.title, CourseEnrollment.enrolled_on)
        .join(CourseEnrollment, CourseEnrollment.course_id == TrainingCourse.id)
        .where(CourseEnrollment.fosterer_id == c.person_id)
        .order_by(CourseEnrollment.enrolled_on, TrainingCourse.id)).all()
    attended = c.s.execute(
        select(TrainingSession.course_id, TrainingSession.starts_at, TrainingSession.topic,
               TrainingSession.place, TrainingSession.is_core, Attendance.status,
               Attendance.note)
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(Attendance.fosterer_id == c.person_id)
        .order_by(TrainingSession.starts_at, TrainingSession.id)).all()
    by_course: dict[int, list[dict]] = {}
    for row in attended:
        by_course.setdefault(row.course_id, []).append({
            "Data": _v(row.starts_at), "Argomento": row.topic, "Luogo": row.place,
            "Obbligatorio": row.is_core, "Presenza": _v(AttendanceStatus(row.status)),
            "Nota": c.redact(row.note)})
    out = [{"Percorso formativo": title, "Iscritto il": _v(enrolled),
            "Presenze": by_course.pop(course_id, [])} for course_id, title, enrolled in courses]
    for course_id, rows in by_course.items():  # attendance without enrolment
        title = c.s.get(TrainingCourse, course_id).title
        out.append({"Percorso formativo": title, "Iscritto il": None, "Presenze": rows})
    return out


def _pairs(c: _Ctx, pairs: list[Match]) -> list[dict]:
    may_supervision = c.may(Action.READ, Resource.SUPERVISION)
    if not may_supervision and pairs:
        c.warnings.append("Non sono incluse le note di supervisione degli abbinamenti: il profilo "
                          "di chi ha eseguito l'esportazione non consente di consultarle.")
    hidden = 0
    out = []
    for m in pairs:
        events = c.s.scalars(select(MatchEvent).where(MatchEvent.match_id == m.id)
                             .order_by(MatchEvent.occurred_on, MatchEvent.id))
        row: dict[str, Any] = {
            "Codice dell'abbinamento": m.id,
            "Altra persona": _OTHER_PARTY[c.kind],
            "Stato": _v(MatchStatus(m.status)), "Stato dal": _v(m.status_since),
            "Data della proposta": _v(m.proposed_on), "Avvio": _v(m.started_on),
            "Conclusione": _v(m.ended_on), "Ripresa prevista": _v(m.suspended_until),
            "Motivo della conclusione": _reason(m.close_reason, MatchCloseReason),
            "Dettaglio del motivo": c.redact(m.close_sub_reason),
            "Giorni e orari concordati": _grid(m.schedule),
            "Ore settimanali": m.hours_per_week,
            "Luogo degli incontri": _label_of(MeetingPlace, m.meeting_place),
            "Attività previste": _flag(Need, m.activities),
            "Frequenza della supervisione (giorni)": m.supervision_every_days,
            "Punteggio di compatibilità": m.proposal_score,
            "Obiettivi": c.redact(m.goals), "Note": c.redact(m.notes),
            "Proposto da": c.role(m.proposed_by_id),
            "Storia": [_event(c, e, MatchStatus, MatchCloseReason) for e in events],
        }
        if may_supervision:
            notes, pair_hidden = _supervision_notes(c, m.id)
            row["Note di supervisione"] = notes
            hidden += pair_hidden
        out.append(row)
    c.hidden += hidden
    if hidden:
        c.warnings.append(
            f"I testi di {_count(hidden, 'nota', 'note')} di supervisione non sono inclusi: "
            "possono leggerli solo gli psicologi, chi ha condotto l'incontro e gli operatori "
            "presenti.")
    return out


def _supervision_notes(c: _Ctx, match_id: int) -> tuple[list[dict], int]:
    """The notes on one pair: the levels and flags, and the texts about this person (never the
    other person's wellbeing) when the actor may read them."""
    side = "elder" if c.kind == PersonKind.ELDER else "fosterer"
    level, level_notes = f"{side}_wellbeing", f"{side}_wellbeing_notes"
    rows = c.s.execute(
        select(SupervisionNote, SupervisionSession)
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .where(SupervisionNote.match_id == match_id)
        .order_by(SupervisionSession.held_at, SupervisionNote.id)).all()
    out, hidden = [], 0
    for note, ses in rows:
        participants = [ses.led_by_id, *(p.staff_id for p in ses.participants if p.staff_id)]
        visible = can_read_confidential_notes(c.actor.role, c.actor.id, participants)
        wellbeing = getattr(note, level)
        row: dict[str, Any] = {
            "Data dell'incontro": _v(ses.held_at),
            "Tipo di incontro": _v(SupervisionKind(ses.kind)),
            "Condotto da": c.role(ses.led_by_id),
            "Benessere della persona": _v(WellbeingLevel(wellbeing)) if wellbeing else None,
            "Situazione di rischio": note.risk_flag,
            "Rischio chiuso il": _v(note.risk_closed_at),
            "Prossima verifica": _v(note.next_date),
            "Testi inclusi": visible,
        }
        if visible:
            row.update({
                "Andamento dell'affido": c.redact(note.how_it_goes),
                "Note sul benessere della persona": c.redact(getattr(note, level_notes)),
                "Problemi emersi": c.redact(note.problems),
                "Azioni concordate": c.redact(note.agreed_actions),
                "Nota di chiusura del rischio": c.redact(note.risk_closing_note),
            })
        else:
            hidden += 1
        out.append(row)
    return out, hidden


def _meetings(c: _Ctx) -> list[dict]:
    """Supervision meetings the fosterer took part in: when, what kind, who led (a role)."""
    rows = c.s.execute(
        select(SupervisionSession.held_at, SupervisionSession.kind, SupervisionSession.place,
               SupervisionSession.led_by_id)
        .join(SupervisionParticipant, SupervisionParticipant.session_id == SupervisionSession.id)
        .where(SupervisionParticipant.fosterer_id == c.person_id)
        .order_by(SupervisionSession.held_at, SupervisionSession.id)).all()
    return [{"Data e ora": _v(held_at), "Tipo di incontro": _v(SupervisionKind(kind)),
             "Luogo": c.redact(place), "Condotto da": c.role(led_by)}
            for held_at, kind, place, led_by in rows]


def _expenses(c: _Ctx) -> list[dict]:
    rows = c.s.scalars(select(ExpenseClaim).where(ExpenseClaim.fosterer_id == c.person_id)
                       .order_by(ExpenseClaim.date, ExpenseClaim.id))
    return [
        {"Data": _v(r.date), "Abbinamento": (f"n. {r.match_id}" if r.match_id else None),
         "Chilometri": _v(r.km), "Rimborso chilometrico (€/km)": f"{r.km_rate:.3f}",
         "Altre spese (€)": _v(r.costs), "Totale (€)": _v(r.total),
         "Descrizione": c.redact(r.description), "Stato": _v(ExpenseStatus(r.status)),
         "Deciso da": c.role(r.decided_by_id), "Deciso il": _v(r.decided_at),
         "Nota della decisione": c.redact(r.decision_note)}
        for r in rows]


def _audit_rows(c: _Ctx) -> list[dict]:
    col = AuditEvent.elder_id if c.kind == PersonKind.ELDER else AuditEvent.fosterer_id
    rows = c.s.execute(select(AuditEvent.at, AuditEvent.action, AuditEvent.entity,
                              AuditEvent.user_id)
                       .where(col == c.person_id).order_by(AuditEvent.id))
    return [{"Data e ora": _v(at), "Operazione": _v(AuditAction(action)),
             "Dati": _ENTITY_LABELS.get(entity, entity), "Operatore": c.role(user_id)}
            for at, action, entity, user_id in rows]


def export_json(data: Mapping[str, Any]) -> bytes:
    """The export as UTF-8 JSON, indented for reading."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_person_files(s: Session, actor: Actor, kind: PersonKind | str, person_id: int, *,
                        json_path: Path | None, pdf_path: Path | None) -> dict:
    """Gather the export (audited) and write it as JSON and/or PDF where the user chose. A failed
    write raises :class:`StorageError`: the caller's unit of work, and so the audit row, is
    rolled back."""
    from affido_app.reports import person_export as report
    from affido_app.reports import render_bytes
    from affido_app.services.documents import letterhead

    if json_path is None and pdf_path is None:
        raise ValidationError({"path": "Indicare dove salvare l'esportazione."})
    data = person_export(s, actor, kind, person_id)
    if pdf_path is not None:
        document = report.build(data, letterhead(s))
        pdf, _pages = render_bytes(document)
        write_atomically(Path(pdf_path), pdf)
    if json_path is not None:
        write_atomically(Path(json_path), export_json(data))
    return data


def export_filename(kind: PersonKind | str, person_id: int) -> str:
    """A file name without extension that names no one: ``dati-personali-anziano-12``."""
    word = "anziano" if _kind(kind) == PersonKind.ELDER else "affidatario"
    return f"dati-personali-{word}-{int(person_id)}"


# --- 2. anonymisation and erasure ---------------------------------------------------------------

def retention_years(s: Session) -> int:
    years = get_setting(s, RETENTION_KEY)
    try:
        return max(1, int(years))
    except (TypeError, ValueError):
        return 10


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _open_pairs(s: Session, kind: PersonKind, person_id: int) -> int:
    return s.execute(select(func.count()).select_from(Match).where(
        getattr(Match, _FK[kind]) == person_id, Match.status != MatchStatus.CLOSED)).scalar_one()


def anonymisation_candidates(s: Session, actor: Actor, today: dt.date | None = None) -> list[dict]:
    """Closed records whose retention period is over (closed on or before ``today`` minus the
    retention years), not yet anonymised and without open pairs; oldest closure first."""
    if not any(can(actor.role, Action.DELETE, r) for r in _RESOURCE.values()):
        actor.require(Action.DELETE, Resource.ELDER)  # raises: no right at all
    day = today or _today()
    out: list[dict] = []
    years = retention_years(s)
    cutoff = years_before(day, years)
    for kind in (PersonKind.ELDER, PersonKind.FOSTERER):
        if not can(actor.role, Action.DELETE, _RESOURCE[kind]):
            continue
        m = _MODEL[kind]
        open_pair = select(Match.id).where(getattr(Match, _FK[kind]) == m.id,
                                           Match.status != MatchStatus.CLOSED)
        rows = s.execute(
            select(m.id, m.last_name, m.first_name, m.birth_date, m.comune, m.status,
                   m.status_since)
            .where(m.status.in_(list(CLOSED_STATUSES[kind])), m.status_since <= cutoff,
                   m.anonymised_at.is_(None), ~open_pair.exists())
            .order_by(m.status_since, m.id)).all()
        out += [{"kind": kind, "id": r.id, "last_name": r.last_name, "first_name": r.first_name,
                 "birth_year": r.birth_date.year if r.birth_date else None, "comune": r.comune,
                 "status": r.status, "closed_on": r.status_since,
                 "due_on": _add_years(r.status_since, years)} for r in rows]
    out.sort(key=lambda r: (r["closed_on"], r["kind"].value, r["id"]))
    return out


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anonymisation_blockers(s: Session, kind: PersonKind | str, person_id: int,
                           reason: Reason | str, day: dt.date | None = None) -> list[str]:
    """Why the record cannot be anonymised now (Italian sentences; empty: it can)."""
    kind = _kind(kind)
    reason = Reason(reason)
    day = day or _today()
    obj = get_or_404(s, _MODEL[kind], person_id, _NOUN[kind])
    out = []
    if obj.anonymised_at is None and obj.status not in CLOSED_STATUSES[kind]:
        status = (ElderStatus if kind == PersonKind.ELDER else FostererStatus)(obj.status)
        out.append(f"La scheda è ancora aperta (stato «{status.label}»): va prima conclusa.")
    if _open_pairs(s, kind, person_id):
        out.append("La persona ha un abbinamento in corso: va prima concluso.")
    if (reason == Reason.RETENTION and obj.anonymised_at is None and not out
            and obj.status_since > years_before(day, retention_years(s))):
        due = _add_years(obj.status_since, retention_years(s))
        out.append("Il periodo di conservazione non è ancora trascorso: termina il "
                   f"{due:%d/%m/%Y}.")
    return out


class _Texts:
    """Free-text columns blanked by anonymisation, table by table."""

    ELDER = ("birthplace", "address", "postal_code", "phone", "mobile", "email",
             "interests_notes", "notes", "referral_source", "gp_name", "gp_phone",
             "family_network_notes", "fragility_relational_notes", "fragility_physical_notes",
             "fragility_psychological_notes", "chronic_conditions", "mobility_aids",
             "needs_notes", "preferences_notes", "allergies", "codice_fiscale")
    FOSTERER = ("birthplace", "address", "postal_code", "phone", "mobile", "email",
                "interests_notes", "notes", "occupation", "motivation", "skills_notes",
                "home_notes", "codice_fiscale")
    INTERVIEW = ("place", *(n for n, _ in INTERVIEW_SECTIONS), "notes", "recommendation",
                 "next_steps")
    MATCH = ("goals", "notes", "close_sub_reason")
    NOTE = ("how_it_goes", "elder_wellbeing_notes", "fosterer_wellbeing_notes", "problems",
            "agreed_actions", "risk_closing_note")


def anonymise(s: Session, actor: Actor, kind: PersonKind | str, person_id: int,
              reason: Reason | str = Reason.RETENTION, *, purge_index: bool = True) -> dict:
    """Anonymise one closed record (only who may delete people). Returns counts of what changed
    (all zero when there was nothing left to do: the operation is idempotent).

    ``reason`` "retention" needs the retention period to be over; "request" (the person asked)
    only needs the record closed, with no open pair. ``purge_index=False`` leaves compacting the
    search index to the caller (:func:`purge_search_index`), for a batch."""
    kind = _kind(kind)
    try:
        reason = Reason(reason)
    except ValueError:
        raise ValidationError({"reason": "Motivo non valido."}) from None
    actor.require(Action.DELETE, _RESOURCE[kind])
    problems = anonymisation_blockers(s, kind, person_id, reason)
    if problems:
        raise Conflict("Non è possibile anonimizzare la scheda. " + " ".join(problems))
    obj = get_or_404(s, _MODEL[kind], person_id, _NOUN[kind])
    already = obj.anonymised_at is not None
    drafts.discard_drafts_for_person(s, actor, kind, person_id)  # unsaved forms about them
    counts = _anonymise_rows(s, kind, obj)
    changed = any(counts.values())
    if not changed:
        return {"already_anonymised": already, **counts}
    if purge_index:
        purge_search_index(s)
    audit(s, actor.id, AuditAction.ANONYMISE, _MODEL[kind].__tablename__, person_id,
          **{_FK[kind]: person_id}, detail={"reason": reason.value, **counts})
    return {"already_anonymised": already, **counts}


def anonymise_many(s: Session, actor: Actor, items: Iterable[tuple[PersonKind | str, int]],
                   reason: Reason | str = Reason.RETENTION) -> dict:
    """Anonymise several records in one unit of work; the search index is compacted once."""
    done = 0
    for kind, person_id in items:
        result = anonymise(s, actor, kind, person_id, reason, purge_index=False)
        done += any(v for k, v in result.items() if k != "already_anonymised")
    if done:
        purge_search_index(s)
    return {"anonymised": done}


def _anonymise_rows(s: Session, kind: PersonKind, obj: Any) -> dict[str, int]:
    pid = obj.id
    fk = _FK[kind]
    counts: dict[str, int] = {}
    texts = _Texts.ELDER if kind == PersonKind.ELDER else _Texts.FOSTERER
    values: dict[str, Any] = dict.fromkeys(texts)
    values.update(last_name=ANONYMOUS_NAME, first_name="")
    if obj.birth_date is not None:  # the year stays (statistics): the middle of the year
        values["birth_date"] = dt.date(obj.birth_date.year, 7, 1)
    fields = [n for n, v in values.items() if getattr(obj, n) != v]
    for name in fields:
        setattr(obj, name, values[name])
    if fields:
        obj.search_text = people._search_text(obj)
    if obj.anonymised_at is None:
        obj.anonymised_at = utcnow()
    counts["fields"] = len(fields)
    s.flush()

    # what belongs to the person only: deleted
    own_attachments = select(Attachment.id).where(getattr(Attachment, fk) == pid)
    pairs = [r for r in s.execute(select(Match.id, Match.elder_id, Match.fosterer_id)
                                  .where(getattr(Match, fk) == pid))]
    pair_ids = [p.id for p in pairs]
    # a pair's files (the signed agreement…) go when both of its people are anonymised
    gone_pairs = [p.id for p in pairs if _anonymised(s, p, kind)]
    attachment_ids = list(s.scalars(own_attachments))
    if gone_pairs:
        attachment_ids += list(s.scalars(select(Attachment.id)
                                         .where(Attachment.match_id.in_(gone_pairs))))
    if attachment_ids:
        s.execute(update(Consent).where(Consent.attachment_id.in_(attachment_ids))
                  .values(attachment_id=None, version=Consent.version + 1))
        s.execute(update(FostererDocument)
                  .where(FostererDocument.attachment_id.in_(attachment_ids))
                  .values(attachment_id=None, version=FostererDocument.version + 1))
        s.execute(delete(Attachment).where(Attachment.id.in_(attachment_ids)))
    counts["attachments"] = len(attachment_ids)
    if kind == PersonKind.ELDER:
        counts["contacts"] = _delete(s, ElderContact, ElderContact.elder_id == pid)
    else:
        counts["household"] = _delete(s, HouseholdMember, HouseholdMember.fosterer_id == pid)
        counts["documents"] = _delete(s, FostererDocument, FostererDocument.fosterer_id == pid)

    # what is kept for statistics: its free texts blanked
    counts["consents"] = _blank(s, Consent, getattr(Consent, fk) == pid, ("notes",))
    counts["interviews"] = _blank(s, Interview, getattr(Interview, fk) == pid, _Texts.INTERVIEW)
    event_model = ElderEvent if kind == PersonKind.ELDER else FostererEvent
    counts["events"] = _blank_events(s, event_model, getattr(event_model, fk) == pid)
    if pair_ids:
        counts["pairs"] = _blank(s, Match, Match.id.in_(pair_ids), _Texts.MATCH)
        counts["pair_events"] = _blank_events(s, MatchEvent, MatchEvent.match_id.in_(pair_ids))
        counts["supervision_notes"] = _blank(s, SupervisionNote,
                                             SupervisionNote.match_id.in_(pair_ids), _Texts.NOTE)
    else:
        counts.update(pairs=0, pair_events=0, supervision_notes=0)
    counts["supervision_sessions"] = _blank_own_sessions(s, kind, pid, pairs)
    if kind == PersonKind.FOSTERER:
        counts["expenses"] = _blank(s, ExpenseClaim, ExpenseClaim.fosterer_id == pid,
                                    ("description", "decision_note"))
        counts["attendance"] = _blank(s, Attendance, Attendance.fosterer_id == pid, ("note",))
    s.flush()
    return counts


def _anonymised(s: Session, pair: Any, kind: PersonKind) -> bool:
    """Is the other person of ``pair`` anonymised already?"""
    if kind == PersonKind.ELDER:
        return s.scalar(select(Fosterer.anonymised_at).where(
            Fosterer.id == pair.fosterer_id)) is not None
    return s.scalar(select(Elder.anonymised_at).where(Elder.id == pair.elder_id)) is not None


def _delete(s: Session, model: type, where) -> int:
    return s.execute(delete(model).where(where)).rowcount or 0


def _blank(s: Session, model: type, where, columns: Iterable[str]) -> int:
    """Set ``columns`` to NULL where any of them holds something; the number of rows changed."""
    cols = [getattr(model, c) for c in columns]
    values: dict[str, Any] = dict.fromkeys(columns)
    if hasattr(model, "version"):
        values["version"] = model.version + 1
    stmt = update(model).where(where, or_(*(c.is_not(None) for c in cols))).values(**values)
    return s.execute(stmt.execution_options(synchronize_session=False)).rowcount or 0


def _blank_events(s: Session, model: type, where) -> int:
    """Status events are append-only (no UPDATE): the ones with a note or a detail are written
    again, with the same id, dates and statuses, without the texts."""
    t = model.__table__
    rows = s.execute(select(t).where(where, or_(t.c.note.is_not(None),
                                                t.c.sub_reason.is_not(None)))).mappings().all()
    for row in rows:
        s.execute(delete(t).where(t.c.id == row["id"]))
        s.execute(insert(t).values({**row, "note": None, "sub_reason": None}))
    return len(rows)


def _blank_own_sessions(s: Session, kind: PersonKind, pid: int, pairs: list) -> int:
    """The free notes of supervision meetings that were only about this person (their pairs, and
    no fosterer but the ones of those pairs) are blanked; group meetings keep theirs."""
    pair_ids = {p.id for p in pairs}
    fosterers = {p.fosterer_id for p in pairs} | ({pid} if kind == PersonKind.FOSTERER else set())
    linked = set(s.scalars(select(SupervisionNote.session_id)
                           .where(SupervisionNote.match_id.in_(pair_ids)))) if pair_ids else set()
    if kind == PersonKind.FOSTERER:
        linked |= set(s.scalars(select(SupervisionParticipant.session_id)
                                .where(SupervisionParticipant.fosterer_id == pid)))
    own = []
    for session_id in linked:
        note_pairs = set(s.scalars(select(SupervisionNote.match_id)
                                   .where(SupervisionNote.session_id == session_id)))
        present = set(s.scalars(select(SupervisionParticipant.fosterer_id).where(
            SupervisionParticipant.session_id == session_id,
            SupervisionParticipant.fosterer_id.is_not(None))))
        if note_pairs <= pair_ids and present <= fosterers:
            own.append(session_id)
    if not own:
        return 0
    return _blank(s, SupervisionSession, SupervisionSession.id.in_(own), ("notes", "place"))


def purge_search_index(s: Session) -> None:
    """Compact the SQLite full-text indexes so that deleted names leave no trace in them (FTS5
    keeps deleted terms in older segments until they are merged). Nothing to do on PostgreSQL."""
    if s.get_bind().dialect.name != "sqlite":
        return
    from affido_app.db.schema_extras import FTS_TABLES

    for fts in FTS_TABLES.values():
        s.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))


@dataclass(frozen=True)
class ErasureCheck:
    """Whether a person's data may be erased: ``reasons`` (Italian) when not, and whether
    anonymisation is possible instead."""

    allowed: bool
    reasons: tuple[str, ...]
    can_anonymise: bool

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        text = "Non è possibile cancellare i dati della persona. " + " ".join(self.reasons)
        if self.can_anonymise:
            text += (" È possibile invece anonimizzare la scheda: nomi, recapiti e testi liberi "
                     "vengono eliminati e restano solo i dati statistici.")
        return text


def erasure_check(s: Session, actor: Actor, kind: PersonKind | str, person_id: int,
                  day: dt.date | None = None) -> ErasureCheck:
    kind = _kind(kind)
    actor.require(Action.DELETE, _RESOURCE[kind])
    day = day or _today()
    obj = get_or_404(s, _MODEL[kind], person_id, _NOUN[kind])
    reasons: list[str] = []
    if obj.status not in CLOSED_STATUSES[kind]:
        status = (ElderStatus if kind == PersonKind.ELDER else FostererStatus)(obj.status)
        reasons.append(f"La scheda è ancora aperta (stato «{status.label}»): va prima conclusa.")
    fk = getattr(Match, _FK[kind])
    open_pairs = _open_pairs(s, kind, person_id)
    all_pairs = s.execute(select(func.count()).select_from(Match).where(fk == person_id)
                          ).scalar_one()
    if open_pairs:
        reasons.append("La persona ha un abbinamento in corso: va prima concluso.")
    if all_pairs > open_pairs:
        reasons.append("La persona ha avuto abbinamenti: la loro storia riguarda anche l'altra "
                       "persona e deve essere conservata.")
    if kind == PersonKind.FOSTERER:
        recent = s.execute(select(func.count()).select_from(ExpenseClaim).where(
            ExpenseClaim.fosterer_id == person_id,
            ExpenseClaim.date > years_before(day, ACCOUNTING_YEARS))).scalar_one()
        if recent:
            reasons.append(f"Ci sono rimborsi spese degli ultimi {ACCOUNTING_YEARS} anni, da "
                           "conservare per obbligo contabile (art. 2220 del Codice civile).")
    col = getattr(Consent, _FK[kind])
    active = s.execute(select(func.count()).select_from(Consent).where(
        col == person_id, Consent.given_on <= day,
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > day))).scalar_one()
    if active:
        reasons.append("Ci sono consensi ancora attivi: prima della cancellazione va registrata "
                       "la loro revoca.")
    can_anon = not anonymisation_blockers(s, kind, person_id, Reason.REQUEST, day)
    return ErasureCheck(not reasons, tuple(reasons), can_anon)


def erase(s: Session, actor: Actor, kind: PersonKind | str, person_id: int,
          reason: Reason | str = Reason.REQUEST) -> dict:
    """Delete a person and everything that belongs only to them (art. 17), where the law allows
    (:func:`erasure_check`); otherwise :class:`Conflict` with the reasons. The audit row keeps
    the id and counts, never the data."""
    kind = _kind(kind)
    try:
        reason = Reason(reason)
    except ValueError:
        raise ValidationError({"reason": "Motivo non valido."}) from None
    check = erasure_check(s, actor, kind, person_id)
    if not check.allowed:
        raise Conflict(check.message)
    fk = _FK[kind]
    counts: dict[str, int] = {}
    for name, model in (("contacts", ElderContact), ("household", HouseholdMember),
                        ("documents", FostererDocument), ("consents", Consent),
                        ("interviews", Interview), ("expenses", ExpenseClaim),
                        ("attendance", Attendance), ("supervision_meetings",
                                                     SupervisionParticipant)):
        column = getattr(model, fk, None)
        if column is not None:
            counts[name] = s.execute(select(func.count()).select_from(model)
                                     .where(column == person_id)).scalar_one()
    attachment_ids = list(s.scalars(select(Attachment.id)
                                    .where(getattr(Attachment, fk) == person_id)))
    counts["attachments"] = len(attachment_ids)
    if attachment_ids:
        s.execute(update(Consent).where(Consent.attachment_id.in_(attachment_ids))
                  .values(attachment_id=None))
        s.execute(update(FostererDocument)
                  .where(FostererDocument.attachment_id.in_(attachment_ids))
                  .values(attachment_id=None))
        s.execute(delete(Attachment).where(Attachment.id.in_(attachment_ids)))
    drafts.discard_drafts_for_person(s, actor, kind, person_id)  # unsaved forms about them
    interview_ids = select(Interview.id).where(getattr(Interview, fk) == person_id)
    s.execute(delete(InterviewInterviewer).where(InterviewInterviewer.interview_id.in_(
        interview_ids)))
    for model in (ElderContact, HouseholdMember, FostererDocument, Consent, Interview,
                  ExpenseClaim, Attendance, CourseEnrollment, SupervisionParticipant,
                  ElderEvent, FostererEvent):
        column = getattr(model, fk, None)
        if column is not None:
            s.execute(delete(model).where(column == person_id))
    obj = s.get(_MODEL[kind], person_id)
    if obj is not None:  # no stale copy of what is deleted stays in the session
        s.expunge(obj)
    s.execute(delete(_MODEL[kind]).where(_MODEL[kind].id == person_id))
    purge_search_index(s)
    audit(s, actor.id, AuditAction.ERASE, _MODEL[kind].__tablename__, person_id,
          **{fk: person_id}, detail={"reason": reason.value, **counts})
    return counts


# --- 3. statistics with pseudonyms --------------------------------------------------------------

def default_key_path() -> Path:
    from affido_app import config

    return config.pseudonym_key_path()


def load_or_create_key(path: Path | str | None = None) -> bytes:
    """The pseudonymisation key kept in ``path`` (default: the user's data folder), created with
    a new random key on first use (readable by the user only). Never stored in the database."""
    path = Path(path) if path is not None else default_key_path()
    try:
        if path.exists():
            return _read_key(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(KEY_FILE_HEADER + key.hex() + "\n")
        return key
    except FileExistsError:  # created meanwhile by another export
        return _read_key(path)
    except OSError as exc:
        raise StorageError(f"Impossibile leggere o creare la chiave «{path}»: "
                           f"{exc.strerror or exc}.") from None


def _read_key(path: Path) -> bytes:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"[0-9a-fA-F]{64}", line):
            return bytes.fromhex(line)
        break
    raise ValidationError({"key": f"Il file «{path.name}» non contiene una chiave valida."})


def key_fingerprint(key: bytes) -> str:
    """A short, one-way mark of a key (in the audit row: which key an export used)."""
    return hashlib.sha256(b"affido-pseudonym-key:" + key).hexdigest()[:8]


def pseudonym(key: bytes, kind: str, record_id: int) -> str:
    """``HMAC-SHA256(key, "<kind>:<id>")``, the first 16 hex digits."""
    return hmac.new(key, f"{kind}:{int(record_id)}".encode(), hashlib.sha256
                    ).hexdigest()[:PSEUDONYM_HEX]


STATISTICS_FILES = ("anziani.csv", "affidatari.csv", "abbinamenti.csv")


def statistics_export(s: Session, actor: Actor, key: bytes) -> dict[str, str]:
    """Three CSV texts (``;``-separated, for spreadsheets set in Italian): one row per elder, per
    fosterer and per pair, ids replaced by pseudonyms; no names, no codice fiscale, no contacts.
    Audited with the counts and the key's fingerprint."""
    for resource in (Resource.ELDER, Resource.FOSTERER, Resource.MATCH):
        actor.require(Action.EXPORT, resource)
    if len(key) < 16:
        raise ValidationError({"key": "Chiave troppo corta."})
    e, f, m = Elder, Fosterer, Match
    elders = _csv(
        ["pseudonimo", "anno_nascita", "sesso", "comune", "stato", "stato_dal",
         "data_segnalazione", "data_valutazione", "motivo_chiusura", "in_carico_uvg",
         "anonimizzato"],
        ([pseudonym(key, "elder", r.id), r.birth_date.year if r.birth_date else "",
          r.sex.value if r.sex else "", r.comune or "", _status_label(ElderStatus, r.status),
          _iso(r.status_since), _iso(r.referral_date), _iso(r.intake_date),
          _reason(r.end_reason, ElderCloseReason) or "", "sì" if r.in_uvg_care else "no",
          "sì" if r.anonymised_at else "no"]
         for r in s.execute(select(e.id, e.birth_date, e.sex, e.comune, e.status,
                                   e.status_since, e.referral_date, e.intake_date,
                                   e.end_reason, e.in_uvg_care, e.anonymised_at)
                            .order_by(e.id))))
    fosterers = _csv(
        ["pseudonimo", "anno_nascita", "sesso", "comune", "stato", "stato_dal",
         "data_candidatura", "data_idoneita", "motivo_chiusura", "capacita", "anonimizzato"],
        ([pseudonym(key, "fosterer", r.id), r.birth_date.year if r.birth_date else "",
          r.sex.value if r.sex else "", r.comune or "", _status_label(FostererStatus, r.status),
          _iso(r.status_since), _iso(r.application_date), _iso(r.approval_date),
          _reason(r.end_reason, FostererEndReason) or "", r.capacity,
          "sì" if r.anonymised_at else "no"]
         for r in s.execute(select(f.id, f.birth_date, f.sex, f.comune, f.status,
                                   f.status_since, f.application_date, f.approval_date,
                                   f.end_reason, f.capacity, f.anonymised_at)
                            .order_by(f.id))))
    pairs = _csv(
        ["pseudonimo", "anziano", "affidatario", "stato", "stato_dal", "data_proposta",
         "data_avvio", "data_conclusione", "motivo_conclusione", "ore_settimanali"],
        ([pseudonym(key, "match", r.id), pseudonym(key, "elder", r.elder_id),
          pseudonym(key, "fosterer", r.fosterer_id), _status_label(MatchStatus, r.status),
          _iso(r.status_since), _iso(r.proposed_on), _iso(r.started_on), _iso(r.ended_on),
          _reason(r.close_reason, MatchCloseReason) or "",
          "" if r.hours_per_week is None else f"{r.hours_per_week:g}".replace(".", ",")]
         for r in s.execute(select(m.id, m.elder_id, m.fosterer_id, m.status, m.status_since,
                                   m.proposed_on, m.started_on, m.ended_on, m.close_reason,
                                   m.hours_per_week).order_by(m.id))))
    out = dict(zip(STATISTICS_FILES, (elders[0], fosterers[0], pairs[0]), strict=True))
    audit(s, actor.id, AuditAction.EXPORT, "statistics", None,
          detail={"document": "statistics", "elders": elders[1], "fosterers": fosterers[1],
                  "matches": pairs[1], "key": key_fingerprint(key)})
    return out


def write_statistics_export(s: Session, actor: Actor, folder: Path | str,
                            key_path: Path | str | None = None) -> list[Path]:
    """Write the three CSV files into ``folder`` (UTF-8 with BOM, so that spreadsheets read the
    accents); the key is read from (or created in) ``key_path``. Returns the paths written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError({"folder": "La cartella indicata non esiste."})
    key = load_or_create_key(key_path)
    files = statistics_export(s, actor, key)
    written = []
    for name, content in files.items():
        path = folder / name
        write_atomically(path, content.encode("utf-8-sig"))
        written.append(path)
    return written


def _csv(header: list[str], rows: Iterable[list]) -> tuple[str, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return buffer.getvalue(), n


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _status_label(enum: type, value: Any) -> str:
    return enum(value).label if value is not None else ""


# Names used by the UI and the tests.
__all__ = [
    "ACCOUNTING_YEARS", "ANONYMOUS_NAME", "REDACTED", "RETENTION_KEY", "STATISTICS_FILES",
    "ErasureCheck", "Reason", "anonymisation_blockers", "anonymisation_candidates", "anonymise",
    "anonymise_many", "default_key_path", "erase", "erasure_check", "export_filename",
    "export_json", "export_person_files", "key_fingerprint", "load_or_create_key",
    "person_export", "pseudonym", "purge_search_index", "retention_years",
    "statistics_export", "write_statistics_export", "years_before",
]
