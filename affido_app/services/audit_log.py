"""The audit log as administrators read it: filtered pages of rows in plain Italian, and
"who consulted this person" for the printable *registro degli accessi*.

Only administrators may read it (``Action.READ`` on ``Resource.AUDIT``). A page is one SQL query
(the operator's name, the person the row is about and a few record titles come from outer
joins); the count is a second one, run once per filter. Rows hold codes (table names, field
names, statuses): :func:`describe_record` and :func:`describe_detail` turn them into Italian
words, never showing database ids. Looking at the log is itself logged (:func:`log_viewing`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from affido_app.db.models import (
    AuditEvent,
    Elder,
    Fosterer,
    StaffUser,
    TrainingCourse,
    TrainingSession,
)
from affido_app.domain.enums import AuditAction, PersonKind, Role, Sex
from affido_app.domain.permissions import Action, Resource, can
from affido_app.errors import NotFound, ValidationError
from affido_app.services.audit import audit
from affido_app.services.context import Actor

#: the table of the viewing rows this module writes
ENTITY = AuditEvent.__tablename__
#: the most rows one printed report lists (the summary counts them all)
MAX_REPORT_ROWS = 5000
#: the longest page a caller may ask for
MAX_PAGE = 1000

# --- the words -------------------------------------------------------------------------------

#: table → the kind of record, in Italian (singular, as the start of a description)
RECORD_NOUNS: dict[str, str] = {
    "elders": "Scheda anziano",
    "elder_contacts": "Contatto di riferimento",
    "elder_events": "Stato dell'anziano",
    "fosterers": "Scheda affidatario",
    "household_members": "Componente del nucleo",
    "fosterer_documents": "Documento dell'affidatario",
    "fosterer_events": "Stato dell'affidatario",
    "interviews": "Colloquio",
    "matches": "Abbinamento",
    "match_events": "Stato dell'abbinamento",
    "consents": "Consenso al trattamento dei dati",
    "attachments": "Allegato",
    "expense_claims": "Rimborso spese",
    "training_courses": "Percorso formativo",
    "training_sessions": "Incontro di formazione",
    "course_enrollments": "Iscrizione a un percorso formativo",
    "attendances": "Presenze alla formazione",
    "supervision_sessions": "Incontro di supervisione",
    "supervision_notes": "Nota di supervisione",
    "staff_users": "Account operatore",
    "app_settings": "Impostazioni",
    "audit_events": "Registro degli accessi",
    "calendar": "Calendario",
    "documents": "Documento",
    "recovery_sheet": "Foglio di recupero",
}

#: documents printed outside the registry of services/documents
_OTHER_DOCUMENTS = {"recovery": "Foglio di recupero del database"}

#: the record types offered as a filter: key → (Italian label, tables)
RECORD_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "elders": ("Schede degli anziani", ("elders", "elder_contacts", "elder_events")),
    "fosterers": ("Schede degli affidatari",
                  ("fosterers", "household_members", "fosterer_documents", "fosterer_events")),
    "interviews": ("Colloqui", ("interviews",)),
    "matches": ("Abbinamenti", ("matches", "match_events")),
    "supervision": ("Supervisione", ("supervision_sessions", "supervision_notes")),
    "training": ("Formazione", ("training_courses", "training_sessions", "course_enrollments",
                                "attendances")),
    "expenses": ("Rimborsi spese", ("expense_claims",)),
    "consents": ("Consensi", ("consents",)),
    "attachments": ("Allegati", ("attachments",)),
    "staff": ("Operatori e accessi", ("staff_users",)),
    "settings": ("Impostazioni", ("app_settings",)),
    "calendar": ("Calendario", ("calendar",)),
    "documents": ("Documenti di periodo", ("documents",)),
    "audit": ("Registro degli accessi", ("audit_events",)),
}

#: where a printed document went (detail "output" of :mod:`affido_app.services.documents`)
OUTPUT_WORDS = {"preview": "anteprima", "printer": "stampa", "file": "salvato in file"}

#: actions grouped for the summary of the printed report
READS = frozenset({AuditAction.READ})
CHANGES = frozenset({AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE,
                     AuditAction.ANONYMISE, AuditAction.ERASE,
                     AuditAction.STATUS})
OUTPUTS = frozenset({AuditAction.PRINT, AuditAction.EXPORT})

_PERSON_WORDS = {
    PersonKind.ELDER: ("anziano", "anziana", "un anziano"),
    PersonKind.FOSTERER: ("affidatario", "affidataria", "un affidatario"),
}


# --- filters and rows ------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditFilter:
    """What the administrator asks to see; every field left None means "any".

    ``date_from``/``date_to``: local days, both included. ``record_type``: a key of
    :data:`RECORD_TYPES`. ``elder_id``/``fosterer_id``: rows about that person."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    user_id: int | None = None
    action: AuditAction | None = None
    record_type: str | None = None
    elder_id: int | None = None
    fosterer_id: int | None = None

    def is_empty(self) -> bool:
        return self == AuditFilter()


@dataclass(frozen=True)
class AuditRow:
    """One row as shown: every text in Italian, no database id among them but ``id`` (the
    row's number in the log, which ``affido check`` messages refer to)."""

    id: int
    at: dt.datetime
    user_id: int | None
    user_name: str
    user_role: str
    action: AuditAction
    action_label: str
    entity: str
    #: the kind of record and whom it is about: "Colloquio – Rossi Maria (anziana)"
    record: str
    #: what happened, as a sentence: "Campi modificati: Telefono, Note."
    detail: str
    #: the person(s) the row is about, "" when none
    person: str
    elder_id: int | None
    fosterer_id: int | None


def list_events(s: Session, actor: Actor, flt: AuditFilter | None = None, offset: int = 0,
                limit: int = 200) -> list[AuditRow]:
    """One page of rows, newest first (one query)."""
    actor.require(Action.READ, Resource.AUDIT)
    flt = _checked(flt)
    limit = max(0, min(int(limit), MAX_PAGE))
    stmt = _filtered(_page_select(), flt).order_by(AuditEvent.id.desc())
    rows = s.execute(stmt.offset(max(0, int(offset))).limit(limit)).all()
    names = _names_visible(actor)
    subject = None  # the person filtered on goes without saying in each record's description
    if flt.elder_id is not None and flt.fosterer_id is None:
        subject = PersonKind.ELDER
    elif flt.fosterer_id is not None and flt.elder_id is None:
        subject = PersonKind.FOSTERER
    return [_make_row(r, names, subject) for r in rows]


def count_events(s: Session, actor: Actor, flt: AuditFilter | None = None) -> int:
    actor.require(Action.READ, Resource.AUDIT)
    flt = _checked(flt)
    stmt = _filtered(select(func.count()).select_from(AuditEvent), flt)
    return int(s.execute(stmt).scalar_one())


def get_event(s: Session, actor: Actor, event_id: int) -> AuditRow:
    """One row, as :func:`list_events` shows it."""
    actor.require(Action.READ, Resource.AUDIT)
    row = s.execute(_page_select().where(AuditEvent.id == event_id)).one_or_none()
    if row is None:
        raise NotFound("La riga del registro degli accessi non esiste.")
    return _make_row(row, _names_visible(actor))


def log_viewing(s: Session, actor: Actor, flt: AuditFilter | None = None) -> int:
    """Record that ``actor`` looked at the log with ``flt`` (which filters, never names); a
    look at one person's rows is recorded as about that person. Returns the row's id."""
    actor.require(Action.READ, Resource.AUDIT)
    flt = _checked(flt)
    filters: dict[str, Any] = {}
    if flt.date_from:
        filters["from"] = flt.date_from.isoformat()
    if flt.date_to:
        filters["to"] = flt.date_to.isoformat()
    if flt.user_id is not None:
        filters["user"] = True
    if flt.action is not None:
        filters["action"] = flt.action.value
    if flt.record_type:
        filters["record_type"] = flt.record_type
    if flt.elder_id is not None or flt.fosterer_id is not None:
        filters["person"] = True
    return audit(s, actor.id, AuditAction.READ, ENTITY, None, elder_id=flt.elder_id,
                 fosterer_id=flt.fosterer_id, detail={"filters": filters})


def filter_choices(s: Session, actor: Actor) -> dict[str, list[tuple[Any, str]]]:
    """The choices of the filter bar: ``users`` (id, "Name (role)"), ``actions`` (code,
    label), ``record_types`` (key, label)."""
    actor.require(Action.READ, Resource.AUDIT)
    users = s.execute(
        select(StaffUser.id, StaffUser.full_name, StaffUser.role)
        .order_by(func.lower(StaffUser.full_name), StaffUser.id)
    ).all()
    return {
        "users": [(u.id, f"{u.full_name} ({_role_label(u.role)})") for u in users],
        "actions": [(a.value, a.label) for a in AuditAction],
        "record_types": [(k, label) for k, (label, _tables) in RECORD_TYPES.items()],
    }


# --- one person's accesses -------------------------------------------------------------------

def person_access(s: Session, actor: Actor, kind: PersonKind | str, person_id: int,
                  date_from: dt.date | None = None, date_to: dt.date | None = None
                  ) -> dict[str, Any]:
    """Who consulted or changed this person's records: every row about the person (their
    ``elder_id``/``fosterer_id``), oldest first, and a summary per operator.

    ``{"kind", "person_id", "name", "sex", "rows": [AuditRow], "total", "truncated",
    "summary": [{"user_id", "user_name", "user_role", "reads", "changes", "outputs",
    "others", "total", "first", "last"}], "date_from", "date_to"}``; ``rows`` holds the
    :data:`MAX_REPORT_ROWS` most recent at most (``truncated`` says so), the summary counts
    them all."""
    actor.require(Action.READ, Resource.AUDIT)
    try:
        kind = PersonKind(kind)
    except ValueError:
        raise ValidationError({"scope": "Indicare un anziano (elder) o un affidatario "
                                        "(fosterer)."}) from None
    model = Elder if kind == PersonKind.ELDER else Fosterer
    person = s.execute(
        select(model.last_name, model.first_name, model.sex).where(model.id == person_id)
    ).one_or_none()
    if person is None:
        raise NotFound(("L'anziano" if kind == PersonKind.ELDER else "L'affidatario")
                       + " richiesto non esiste.")
    flt = _checked(AuditFilter(
        date_from=date_from, date_to=date_to,
        elder_id=person_id if kind == PersonKind.ELDER else None,
        fosterer_id=person_id if kind == PersonKind.FOSTERER else None,
    ))
    names = _names_visible(actor)
    rows = s.execute(_filtered(_page_select(), flt).order_by(AuditEvent.id.desc())
                     .limit(MAX_REPORT_ROWS)).all()
    listed = [_make_row(r, names, kind) for r in reversed(rows)]

    grouped = s.execute(_filtered(
        select(AuditEvent.user_id, AuditEvent.action, func.count(),
               func.min(AuditEvent.at), func.max(AuditEvent.at))
        .select_from(AuditEvent), flt
    ).group_by(AuditEvent.user_id, AuditEvent.action)).all()
    staff = {u.id: u for u in s.execute(
        select(StaffUser.id, StaffUser.full_name, StaffUser.role)
        .where(StaffUser.id.in_({g[0] for g in grouped if g[0] is not None}))
    )} if grouped else {}
    per_user: dict[int | None, dict[str, Any]] = {}
    for user_id, action, count, first, last in grouped:
        entry = per_user.get(user_id)
        if entry is None:
            user = staff.get(user_id)
            entry = per_user[user_id] = {
                "user_id": user_id,
                "user_name": user.full_name if user else _NO_USER,
                "user_role": _role_label(user.role) if user else "",
                "reads": 0, "changes": 0, "outputs": 0, "others": 0, "total": 0,
                "first": None, "last": None,
            }
        action = _action(action)
        group = ("reads" if action in READS else "changes" if action in CHANGES
                 else "outputs" if action in OUTPUTS else "others")
        entry[group] += count
        entry["total"] += count
        first, last = _aware(first), _aware(last)
        entry["first"] = first if entry["first"] is None else min(entry["first"], first)
        entry["last"] = last if entry["last"] is None else max(entry["last"], last)
    summary = sorted(per_user.values(), key=lambda e: (-e["total"], e["user_name"].lower()))
    total = sum(e["total"] for e in summary)
    shown_name = f"{person.last_name} {person.first_name}" if names else \
        _PERSON_WORDS[kind][2]
    return {
        "kind": kind, "person_id": person_id, "name": shown_name, "sex": person.sex,
        "rows": listed, "total": total, "truncated": total > len(listed),
        "summary": summary, "date_from": date_from, "date_to": date_to,
    }


# --- words for a row -------------------------------------------------------------------------

def person_word(kind: PersonKind | str, sex: Sex | str | None) -> str:
    """"anziano" / "anziana", "affidatario" / "affidataria"."""
    male, female, _some = _PERSON_WORDS[PersonKind(kind)]
    return female if sex is not None and str(sex) == Sex.F.value else male


def record_type_of(entity: str) -> str | None:
    """The key of :data:`RECORD_TYPES` a table belongs to."""
    for key, (_label, tables) in RECORD_TYPES.items():
        if entity in tables:
            return key
    return None


def record_noun(entity: str) -> str:
    """The kind of record of a table, in Italian ("Colloquio"); unknown tables read as words."""
    noun = RECORD_NOUNS.get(entity)
    if noun:
        return noun
    words = entity.replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "Dati dell'applicazione"


def describe_record(entity: str, *, elder: str | None = None, fosterer: str | None = None,
                    extra: str | None = None, noun: str | None = None) -> str:
    """"Scheda anziano: Rossi Maria", "Colloquio – Bianchi Luca (affidatario)",
    "Abbinamento – Rossi Maria (anziana) e Bianchi Luca (affidatario)". ``elder`` and
    ``fosterer`` are already worded (name and kind); ``extra`` names a record with no person
    (a course's title, an operator's account); ``noun`` replaces the kind of record (the
    title of a printed document)."""
    noun = noun or record_noun(entity)
    if entity == "elders" and elder:
        return f"{noun}: {_bare(elder)}"
    if entity == "fosterers" and fosterer:
        return f"{noun}: {_bare(fosterer)}"
    people = [p for p in (elder, fosterer) if p]
    if people:
        return f"{noun} – {' e '.join(people)}"
    if extra:
        return f"{noun}: {extra}"
    return noun


def describe_detail(action: AuditAction | str, entity: str,
                    detail: Mapping[str, Any] | None) -> str:
    """What the row's ``detail`` says, as an Italian sentence ("" when it says nothing)."""
    action = _action(action)
    d = dict(detail or {})
    parts: list[str] = []

    document = d.pop("document", None)
    if document is not None:
        parts.append(_document_words(str(document), d.pop("output", None), d.pop("scope", None),
                                     d.pop("from", None), d.pop("to", None)))
    filters = d.pop("filters", None)
    if isinstance(filters, Mapping):
        parts.append(_filter_words(filters))
    if action in (AuditAction.ANONYMISE, AuditAction.ERASE):
        parts += _gdpr_words(d)

    fields = d.pop("fields", None)
    purpose = d.pop("purpose", None)
    if fields == "sensitive":
        text = ("Consultati i dati sanitari e di fragilità" if entity == "elders"
                else "Consultati i dati riservati")
        if purpose == "matching":
            text += " per la ricerca di un abbinamento"
        parts.append(text)
    elif fields == "confidential":
        text = "Lette le note riservate"
        notes = d.pop("pair_notes", None)
        if isinstance(notes, int) and notes:
            text += f" (con {_count(notes, 'nota di coppia', 'note di coppia')})"
        parts.append(text)
    elif isinstance(fields, list | tuple) and fields:
        labels = _field_names(entity, fields)
        lead = {AuditAction.READ: "Campi consultati", AuditAction.STATUS: "Aggiornati anche",
                AuditAction.CREATE: "Campi compilati"}.get(action, "Campi modificati")
        parts.append(f"{lead}: {', '.join(labels)}")
    elif fields:
        parts.append(f"Campi: {fields}")

    if "from" in d and "to" in d:
        old, new = d.pop("from"), d.pop("to")
        if entity == "consents" and (old, new) == ("active", "withdrawn"):
            parts.append("Consenso revocato")
        elif _is_iso_date(old) and _is_iso_date(new):
            parts.append(f"Periodo {_period(old, new)}")
        else:
            parts.append(f"Stato da «{_status(entity, old)}» a «{_status(entity, new)}»")
    if "match_id" in d:
        d.pop("match_id")
        parts.append("in seguito a un cambiamento dell'abbinamento")
    if "status" in d:
        status = d.pop("status")
        lead = "Stato iniziale" if action == AuditAction.CREATE else "Stato"
        parts.append(f"{lead}: «{_status(entity, status)}»")
    if "kind" in d:
        parts.append(_kind_words(entity, d.pop("kind")))
    if "signed_off" in d:
        role = _role_label(d.pop("signed_off")).lower()
        if "outcome" in d:
            outcome = _enum_label("InterviewOutcome", d.pop("outcome"))
            parts.append(f"Esito «{outcome}» firmato come {role}")
        else:
            parts.append(f"Esito firmato come {role}")
    if "outcome" in d:
        parts.append(f"Esito: «{_enum_label('InterviewOutcome', d.pop('outcome'))}»")
    if "signoffs_cleared" in d:
        n = d.pop("signoffs_cleared")
        parts.append(f"annullate {_count(n, 'firma', 'firme')} dell'esito precedente")
    if "interviewers" in d:
        value = d.pop("interviewers")
        if isinstance(value, Mapping):
            parts.append(f"Intervistatori aggiunti: {value.get('added', 0)}, tolti: "
                         f"{value.get('removed', 0)}")
        elif isinstance(value, int):
            parts.append(_count(value, "intervistatore", "intervistatori"))
    if "staff" in d or "fosterers" in d:
        parts.append(_participants(d.pop("staff", 0), d.pop("fosterers", 0)))
    if isinstance(d.get("participants"), Mapping):
        p = d.pop("participants")
        parts.append("Partecipanti: " + _participants(p.get("staff", 0), p.get("fosterers", 0)))
    if "scope" in d:
        parts.append(f"Ambito: {_enum_label('ConsentScope', d.pop('scope'))}")
    if "key" in d:
        parts.append(f"Impostazione «{_setting_label(d.pop('key'))}»")
    if "role" in d:
        parts.append(f"Ruolo: {_role_label(d.pop('role'))}")
    if "is_core" in d:
        parts.append("Incontro obbligatorio" if d.pop("is_core") else "Incontro facoltativo")
    d.pop("course_id", None)  # the course is the record itself, or not worth an id
    d.pop("session_id", None)
    if isinstance(d.get("attendance"), Mapping):
        parts.append(_attendance_words(d.pop("attendance")))
    if "owner" in d:
        owner = {"elder": "di un anziano", "fosterer": "di un affidatario",
                 "match": "di un abbinamento"}.get(str(d.pop("owner")), "")
        if owner:
            parts.append(f"File {owner}")
    if "size" in d:
        size, mime = d.pop("size"), d.pop("mime_type", None)
        text = f"dimensione {_size(size)}"
        if mime:
            text += f" ({_mime_word(str(mime))})"
        parts.append(text)
    if d.pop("risk_flag", False):
        parts.append("Segnalata una situazione di rischio")
    if d.get("risk") == "closed":
        d.pop("risk")
        parts.append("Situazione di rischio chiusa")
    if "events" in d:
        parts.append(_count(d.pop("events"), "evento", "eventi"))
        d.pop("counts", None)
    for key, value in d.items():  # anything newer than these words: shown plainly
        parts.append(f"{key.replace('_', ' ')}: {_plain(value)}")
    return _sentence(parts)


# --- internals -------------------------------------------------------------------------------

_NO_USER = "Operatore non identificato"
_Actor = aliased(StaffUser, name="acting_user")
_Target = aliased(StaffUser, name="target_user")
_Elder = aliased(Elder, name="audit_elder")
_Fosterer = aliased(Fosterer, name="audit_fosterer")
_Course = aliased(TrainingCourse, name="audit_course")
_TSession = aliased(TrainingSession, name="audit_tsession")


def _page_select() -> Select:
    A = AuditEvent
    return (
        select(A.id, A.at, A.user_id, A.action, A.entity, A.entity_id, A.elder_id,
               A.fosterer_id, A.detail,
               _Actor.full_name.label("user_name"), _Actor.role.label("user_role"),
               _Elder.last_name.label("elder_last"), _Elder.first_name.label("elder_first"),
               _Elder.sex.label("elder_sex"),
               _Fosterer.last_name.label("fosterer_last"),
               _Fosterer.first_name.label("fosterer_first"),
               _Fosterer.sex.label("fosterer_sex"),
               _Target.full_name.label("target_name"),
               _Course.title.label("course_title"),
               _TSession.topic.label("session_topic"),
               _TSession.starts_at.label("session_starts"))
        .select_from(A)
        .outerjoin(_Actor, _Actor.id == A.user_id)
        .outerjoin(_Elder, _Elder.id == A.elder_id)
        .outerjoin(_Fosterer, _Fosterer.id == A.fosterer_id)
        .outerjoin(_Target, and_(A.entity == "staff_users", _Target.id == A.entity_id))
        .outerjoin(_Course, and_(A.entity == "training_courses", _Course.id == A.entity_id))
        .outerjoin(_TSession, and_(A.entity == "training_sessions",
                                   _TSession.id == A.entity_id))
    )


def _filtered(stmt: Select, flt: AuditFilter) -> Select:
    A = AuditEvent
    if flt.date_from is not None:
        stmt = stmt.where(A.at >= _local_midnight(flt.date_from))
    if flt.date_to is not None:
        stmt = stmt.where(A.at < _local_midnight(flt.date_to + dt.timedelta(days=1)))
    if flt.user_id is not None:
        stmt = stmt.where(A.user_id == flt.user_id)
    if flt.action is not None:
        stmt = stmt.where(A.action == flt.action)
    if flt.record_type:
        stmt = stmt.where(A.entity.in_(RECORD_TYPES[flt.record_type][1]))
    if flt.elder_id is not None:
        stmt = stmt.where(A.elder_id == flt.elder_id)
    if flt.fosterer_id is not None:
        stmt = stmt.where(A.fosterer_id == flt.fosterer_id)
    return stmt


def _checked(flt: AuditFilter | None) -> AuditFilter:
    flt = flt or AuditFilter()
    errors: dict[str, str] = {}
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        errors["date_to"] = "La fine del periodo viene prima dell'inizio."
    if flt.record_type is not None and flt.record_type not in RECORD_TYPES:
        errors["record_type"] = "Tipo di record sconosciuto."
    if flt.action is not None:
        try:
            AuditAction(flt.action)
        except ValueError:
            errors["action"] = "Azione sconosciuta."
    if errors:
        raise ValidationError(errors)
    return flt


def _local_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the PC's time zone, as an aware datetime."""
    return dt.datetime.combine(day, dt.time()).astimezone()


def _names_visible(actor: Actor) -> bool:
    return can(actor.role, Action.READ, Resource.ELDER) and \
        can(actor.role, Action.READ, Resource.FOSTERER)


def _make_row(r, names: bool, subject: PersonKind | None = None) -> AuditRow:
    """The row in words; with ``subject`` (the person of a report) the record's description
    leaves that person out: "Colloquio", "Abbinamento – Bianchi Luca (affidatario)"."""
    action = _action(r.action)
    elder = fosterer = None
    if r.elder_id is not None:
        elder = _person_text(PersonKind.ELDER, r.elder_last, r.elder_first, r.elder_sex, names)
    if r.fosterer_id is not None:
        fosterer = _person_text(PersonKind.FOSTERER, r.fosterer_last, r.fosterer_first,
                                r.fosterer_sex, names)
    extra = None
    if r.entity == "staff_users" and r.target_name:
        extra = r.target_name
    elif r.entity == "training_courses" and r.course_title:
        extra = f"«{r.course_title}»"
    elif r.entity == "training_sessions" and r.session_topic:
        extra = f"«{r.session_topic}»"
        if r.session_starts is not None:
            extra += f" del {_day(r.session_starts)}"
    if r.user_id is None:
        user_name, user_role = _NO_USER, ""
    else:
        user_name = r.user_name or "Operatore non più in archivio"
        user_role = _role_label(r.user_role) if r.user_role else ""
    return AuditRow(
        id=int(r.id), at=_aware(r.at), user_id=r.user_id, user_name=user_name,
        user_role=user_role, action=action, action_label=action.label, entity=r.entity,
        record=describe_record(r.entity,
                               elder=None if subject == PersonKind.ELDER else elder,
                               fosterer=None if subject == PersonKind.FOSTERER else fosterer,
                               extra=extra, noun=_document_label(r.detail)),
        detail=describe_detail(action, r.entity, r.detail),
        person=" e ".join(_bare(p) for p in (elder, fosterer) if p),
        elder_id=r.elder_id, fosterer_id=r.fosterer_id,
    )


def _person_text(kind: PersonKind, last: str | None, first: str | None, sex, names: bool
                 ) -> str:
    """"Rossi Maria (anziana)"; "un anziano" for who may not see names; a person erased
    since then is said so."""
    if not names:
        return _PERSON_WORDS[kind][2]
    word = person_word(kind, sex)
    if last is None and first is None:
        return f"{word} non più in archivio"
    name = " ".join(p for p in (last, first) if p)
    return f"{name} ({word})"


def _bare(text: str) -> str:
    """The name without "(anziana)"."""
    return text.rsplit(" (", 1)[0] if text.endswith(")") else text


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _action(value: AuditAction | str) -> AuditAction:
    return value if isinstance(value, AuditAction) else AuditAction(value)


def _role_label(value) -> str:
    try:
        return Role(value).label
    except ValueError:
        return str(value)


def _enum_label(name: str, value: Any) -> str:
    from affido_app.domain import enums

    enum = getattr(enums, name, None)
    try:
        return enum(value).label if enum is not None else str(value)
    except ValueError:
        return str(value)


_STATUS_ENUMS = {"elders": "ElderStatus", "elder_events": "ElderStatus",
                 "fosterers": "FostererStatus", "fosterer_events": "FostererStatus",
                 "matches": "MatchStatus", "match_events": "MatchStatus",
                 "expense_claims": "ExpenseStatus"}


def _status(entity: str, value: Any) -> str:
    name = _STATUS_ENUMS.get(entity)
    return _enum_label(name, value) if name else str(value)


def _kind_words(entity: str, value: Any) -> str:
    if entity == "interviews":
        return _enum_label("InterviewKind", value)
    if entity == "supervision_sessions":
        label = _enum_label("SupervisionKind", value)
        return f"Incontro {label.lower()}"
    return f"Tipo: {value}"


@functools.cache
def _field_specs() -> dict[str, Mapping[str, Any]]:
    """Table → its fields (name → spec with the Italian label), from the services."""
    from affido_app.services import (
        consents,
        expenses,
        interviews,
        matches,
        people,
        staff,
        supervision,
        training,
    )

    return {
        "elders": people.ELDER_FIELDS, "fosterers": people.FOSTERER_FIELDS,
        "elder_contacts": people.CONTACT_FIELDS, "household_members": people.HOUSEHOLD_FIELDS,
        "fosterer_documents": people.DOCUMENT_FIELDS, "interviews": interviews.INTERVIEW_FIELDS,
        "matches": matches.MATCH_FIELDS, "consents": consents.CONSENT_FIELDS,
        "expense_claims": expenses.EXPENSE_FIELDS, "staff_users": staff.STAFF_FIELDS,
        "supervision_sessions": supervision.SESSION_FIELDS,
        "supervision_notes": supervision.NOTE_FIELDS,
        "training_courses": training.COURSE_FIELDS,
        "training_sessions": training.SESSION_FIELDS,
    }


def _field_names(entity: str, names) -> list[str]:
    specs = _field_specs().get(entity, {})
    out = []
    for name in names:
        spec = specs.get(str(name))
        out.append(spec.label if spec is not None else str(name).replace("_", " "))
    return out


def _setting_label(key: Any) -> str:
    from affido_app.services.settings import REGISTRY

    spec = REGISTRY.get(str(key))
    return spec.label if spec is not None else str(key)


def _document_label(detail: Any) -> str | None:
    """The title of the document a "print" row is about ("Verbale di colloquio")."""
    if not isinstance(detail, Mapping) or "document" not in detail:
        return None
    from affido_app.services.documents import KINDS

    spec = KINDS.get(str(detail["document"]))
    return spec.label if spec is not None else _OTHER_DOCUMENTS.get(str(detail["document"]))


def _document_words(kind: str, output: Any, scope: Any, start: Any, end: Any) -> str:
    from affido_app.services.documents import KINDS

    spec = KINDS.get(kind)
    text = f"Documento «{spec.label if spec else _OTHER_DOCUMENTS.get(kind, kind)}»"
    if scope == "fosterer" and kind == "supervision":
        text += " di tutti gli abbinamenti dell'affidatario"
    where = OUTPUT_WORDS.get(str(output)) if output else None
    if where:
        text += f": {where}"
    if _is_iso_date(start) or _is_iso_date(end):
        text += f"; periodo {_period(start, end)}"
    return text


def _filter_words(filters: Mapping[str, Any]) -> str:
    words = []
    if filters.get("from") or filters.get("to"):
        words.append(f"periodo {_period(filters.get('from'), filters.get('to'))}")
    if filters.get("user"):
        words.append("un operatore")
    if filters.get("action"):
        try:
            words.append(f"azione «{AuditAction(filters['action']).label}»")
        except ValueError:
            words.append("un'azione")
    if filters.get("record_type") in RECORD_TYPES:
        words.append(f"«{RECORD_TYPES[filters['record_type']][0]}»")
    if filters.get("person"):
        words.append("una persona")
    if not words:
        return "Consultato il registro degli accessi, senza filtri"
    return "Consultato il registro degli accessi, filtrato per " + ", ".join(words)


def _attendance_words(counts: Mapping[str, Any]) -> str:
    words = []
    for code, one, many in (("present", "presente", "presenti"),
                            ("absent", "assente", "assenti"),
                            ("justified", "assente giustificato", "assenti giustificati")):
        n = counts.get(code)
        if n:
            words.append(_count(n, one, many))
    text = "Registro presenze aggiornato"
    if words:
        text += ": " + ", ".join(words)
    return text


def _participants(staff: Any, fosterers: Any) -> str:
    return (f"{_count(staff or 0, 'operatore', 'operatori')}, "
            f"{_count(fosterers or 0, 'affidatario', 'affidatari')}")


#: what an anonymisation or an erasure counts (services/gdpr.py), in words
_GDPR_COUNTS = {
    "fields": ("campo svuotato", "campi svuotati"),
    "contacts": ("contatto", "contatti"),
    "household": ("componente del nucleo", "componenti del nucleo"),
    "documents": ("documento", "documenti"),
    "attachments": ("allegato", "allegati"),
    "consents": ("consenso", "consensi"),
    "interviews": ("colloquio", "colloqui"),
    "events": ("evento di stato", "eventi di stato"),
    "pairs": ("abbinamento", "abbinamenti"),
    "pair_events": ("evento di abbinamento", "eventi di abbinamento"),
    "supervision_notes": ("nota di supervisione", "note di supervisione"),
    "supervision_sessions": ("incontro di supervisione", "incontri di supervisione"),
    "supervision_meetings": ("partecipazione alla supervisione",
                             "partecipazioni alla supervisione"),
    "expenses": ("rimborso", "rimborsi"),
    "attendance": ("presenza alla formazione", "presenze alla formazione"),
}


def _gdpr_words(d: dict[str, Any]) -> list[str]:
    """The reason and the counts of an anonymisation or erasure (popped from ``d``)."""
    from affido_app.services.gdpr import Reason

    out = []
    reason = d.pop("reason", None)
    if reason is not None:
        try:
            out.append(f"Motivo: {Reason(reason).label}")
        except ValueError:
            out.append(f"Motivo: {reason}")
    counted = [_count(d.pop(key), *words) for key, words in _GDPR_COUNTS.items()
               if isinstance(d.get(key), int) and d[key]]
    for key in _GDPR_COUNTS:
        d.pop(key, None)
    d.pop("already_anonymised", None)
    if counted:
        out.append("Interessati: " + ", ".join(counted))
    return out


def _count(n: Any, one: str, many: str) -> str:
    try:
        n = int(n)
    except (TypeError, ValueError):
        return f"{n} {many}"
    return f"{n} {one if n == 1 else many}"


def _size(value: Any) -> str:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return str(value)
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _mime_word(mime: str) -> str:
    words = {"application/pdf": "PDF", "image/jpeg": "immagine JPEG", "image/png":
             "immagine PNG"}
    return words.get(mime, mime)


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _period(start: Any, end: Any) -> str:
    from affido_app.reports.format import period

    def day(v: Any) -> dt.date | None:
        return dt.date.fromisoformat(v[:10]) if _is_iso_date(v) else None

    return period(day(start), day(end))


def _day(value: dt.datetime) -> str:
    local = _aware(value).astimezone()
    return f"{local.day:02d}/{local.month:02d}/{local.year}"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k.replace('_', ' ')} {_plain(v)}" for k, v in value.items())
    return str(value)


def _sentence(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if not parts:
        return ""
    parts = [parts[0][:1].upper() + parts[0][1:]] + [
        p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts[1:]]
    text = "; ".join(parts)
    return text if text.endswith(".") else text + "."
