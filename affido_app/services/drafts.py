"""Drafts of open forms: what a user is typing, kept in the database so that it survives a crash.

While an editing window has unsaved changes the UI saves its values here (a few seconds after
the last edit, in a unit of work of its own); a successful save or "Don't save" deletes the draft.
At the next login the user's drafts are offered back. A draft is its owner's only: every function
here acts on the acting user's drafts, and read-only profiles have none.

Drafts hold personal data like the records they belong to, so they stay in the database (and its
backups) and nowhere else, and they name the people they are about (``elder_id`` /
``fosterer_id``): erasing or anonymising a person deletes the drafts about them
(:func:`discard_drafts_for_person`, called by services/gdpr.py). No audit rows: a draft is not a
change of the record, and its values never leave the user's own session.

Values are a JSON document; :func:`encode_values` / :func:`decode_values` keep the types a form
uses (dates, times, decimals) that JSON has no word for.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import (
    Elder,
    ExpenseClaim,
    FormDraft,
    Fosterer,
    Interview,
    Match,
    SupervisionNote,
    TrainingCourse,
    TrainingSession,
)
from affido_app.domain.enums import PersonKind, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.services.context import Actor

#: the largest draft kept (characters of JSON): far above any real form
MAX_VALUES_LENGTH = 2_000_000
DESCRIPTION_LENGTH = 200


@dataclass(frozen=True)
class DraftKind:
    """A kind of form that keeps drafts: the record it edits and the right it needs."""

    model: type
    resource: Resource


KINDS: dict[str, DraftKind] = {
    "elder": DraftKind(Elder, Resource.ELDER),
    "fosterer": DraftKind(Fosterer, Resource.FOSTERER),
    "interview": DraftKind(Interview, Resource.INTERVIEW),
    "match": DraftKind(Match, Resource.MATCH),
    "supervision_note": DraftKind(SupervisionNote, Resource.SUPERVISION),
    "expense": DraftKind(ExpenseClaim, Resource.EXPENSE),
    # about no person: a course and its sessions
    "course": DraftKind(TrainingCourse, Resource.TRAINING),
    "training_session": DraftKind(TrainingSession, Resource.TRAINING),
}
# A new kind must name the people its drafts are about (_links), so that erasure finds them:
# a supervision meeting (several pairs) does not keep drafts for that reason.

#: what a listed draft says about its record
NEW, SAME, CHANGED, DELETED = "new", "same", "changed", "deleted"


# --- values -------------------------------------------------------------------------------------

def encode_value(value: Any) -> Any:
    """One value as JSON: dates, times and decimals tagged, enum members by their code."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Mapping):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode_value(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, text), = value.items()
            if tag == "$datetime":
                return dt.datetime.fromisoformat(text)
            if tag == "$date":
                return dt.date.fromisoformat(text)
            if tag == "$time":
                return dt.time.fromisoformat(text)
            if tag == "$decimal":
                return decimal.Decimal(text)
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def encode_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return encode_value(dict(values))


def decode_values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return decode_value(dict(values or {}))


# --- rights -------------------------------------------------------------------------------------

def may_keep_drafts(actor: Actor) -> bool:
    """Read-only profiles change nothing, so they have no drafts."""
    return actor.role != Role.READ_ONLY


def _kind(kind: str) -> DraftKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError({"kind": "Tipo di scheda sconosciuto."}) from None


def _require(actor: Actor, kind: str, record_id: int | None) -> DraftKind:
    spec = _kind(kind)
    if not may_keep_drafts(actor):
        raise PermissionDenied("Il suo profilo non consente di modificare le schede.")
    actor.require(Action.CREATE if record_id is None else Action.UPDATE, spec.resource)
    return spec


# --- the people a draft is about ----------------------------------------------------------------

def _links(s: Session, kind: str, record_id: int | None,
           context: Mapping[str, Any] | None) -> tuple[int | None, int | None]:
    """(elder_id, fosterer_id) of the people the form is about, read from the record (or, for a
    new record, from the context it is created in)."""
    elder_id = fosterer_id = match_id = None
    ctx = dict(context or {})
    if record_id is not None:
        spec = KINDS[kind]
        obj = s.get(spec.model, record_id)
        if obj is not None:
            if kind == "elder":
                elder_id = obj.id
            elif kind == "fosterer":
                fosterer_id = obj.id
            elif kind == "match":
                match_id = obj.id
            elif kind == "supervision_note":
                match_id = obj.match_id
            else:
                elder_id = getattr(obj, "elder_id", None)
                fosterer_id = getattr(obj, "fosterer_id", None)
    elder_id = elder_id or _int(ctx.get("elder_id"))
    fosterer_id = fosterer_id or _int(ctx.get("fosterer_id"))
    match_id = match_id or _int(ctx.get("match_id"))
    if match_id is not None and (elder_id is None or fosterer_id is None):
        row = s.execute(select(Match.elder_id, Match.fosterer_id)
                        .where(Match.id == match_id)).first()
        if row is not None:
            elder_id = elder_id or row.elder_id
            fosterer_id = fosterer_id or row.fosterer_id
    return elder_id, fosterer_id


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# --- use cases ----------------------------------------------------------------------------------

def save_draft(s: Session, actor: Actor, *, kind: str, values: Mapping[str, Any],
               description: str, record_id: int | None = None,
               record_version: int | None = None, context: Mapping[str, Any] | None = None,
               draft_id: int | None = None) -> int:
    """Keep (or replace) the acting user's draft of a form; returns the draft's id.

    ``draft_id``: the draft this form saved before (replaced). Without it, the user's draft of
    the same existing record is replaced (one draft per record); a new record gets a new draft.
    """
    _require(actor, kind, record_id)
    encoded = encode_values(values)
    if len(json.dumps(encoded)) > MAX_VALUES_LENGTH:
        raise ValidationError({"values": "La bozza è troppo grande per essere conservata."})
    context_json = encode_values(context) if context else None
    elder_id, fosterer_id = _links(s, kind, record_id, context)
    draft = None
    if draft_id is not None:
        draft = s.scalar(select(FormDraft).where(FormDraft.id == draft_id,
                                                 FormDraft.user_id == actor.id))
    if draft is None and record_id is not None:
        draft = s.scalar(select(FormDraft).where(
            FormDraft.user_id == actor.id, FormDraft.kind == kind,
            FormDraft.record_id == record_id).order_by(FormDraft.id).limit(1))
    if draft is None:
        draft = FormDraft(user_id=actor.id, kind=kind)
        s.add(draft)
    draft.kind = kind
    draft.record_id = record_id
    draft.record_version = record_version
    draft.elder_id = elder_id
    draft.fosterer_id = fosterer_id
    draft.description = (description.strip() or "Scheda")[:DESCRIPTION_LENGTH]
    draft.context = context_json
    draft.values = encoded
    draft.saved_at = utcnow()
    s.flush()
    return draft.id


def _state(s: Session, draft: FormDraft) -> str:
    if draft.record_id is None:
        return NEW
    spec = KINDS.get(draft.kind)
    if spec is None:
        return DELETED
    version = s.scalar(select(spec.model.version).where(spec.model.id == draft.record_id))
    if version is None:
        return DELETED
    if draft.record_version is not None and version != draft.record_version:
        return CHANGED
    return SAME


def _as_dict(s: Session, draft: FormDraft) -> dict[str, Any]:
    return {
        "id": draft.id, "kind": draft.kind, "record_id": draft.record_id,
        "record_version": draft.record_version, "description": draft.description,
        "saved_at": draft.saved_at, "state": _state(s, draft),
        "context": decode_values(draft.context), "values": decode_values(draft.values),
    }


def list_drafts(s: Session, actor: Actor) -> list[dict[str, Any]]:
    """The acting user's drafts, newest first, each with ``state``: "new" (a record not saved
    yet), "same", "changed" (someone saved the record since) or "deleted"."""
    if not may_keep_drafts(actor):
        return []
    drafts = s.scalars(select(FormDraft).where(FormDraft.user_id == actor.id)
                       .order_by(FormDraft.saved_at.desc(), FormDraft.id.desc()))
    return [_as_dict(s, d) for d in drafts if d.kind in KINDS]


def count_drafts(s: Session, actor: Actor) -> int:
    if not may_keep_drafts(actor):
        return 0
    return s.execute(select(func.count()).select_from(FormDraft)
                     .where(FormDraft.user_id == actor.id)).scalar_one()


def get_draft(s: Session, actor: Actor, draft_id: int) -> dict[str, Any] | None:
    """One of the acting user's drafts (None when it is gone or is not theirs)."""
    draft = s.scalar(select(FormDraft).where(FormDraft.id == draft_id,
                                             FormDraft.user_id == actor.id))
    return None if draft is None else _as_dict(s, draft)


def discard_draft(s: Session, actor: Actor, draft_id: int) -> bool:
    """Delete one of the acting user's drafts; False when there was none (already deleted, or
    someone else's: those are never touched)."""
    done = s.execute(delete(FormDraft).where(FormDraft.id == draft_id,
                                             FormDraft.user_id == actor.id))
    return bool(done.rowcount)


def discard_record_drafts(s: Session, actor: Actor, kind: str, record_id: int) -> int:
    """Delete the acting user's drafts of one record (it has just been saved)."""
    done = s.execute(delete(FormDraft).where(FormDraft.user_id == actor.id,
                                             FormDraft.kind == kind,
                                             FormDraft.record_id == record_id))
    return done.rowcount or 0


def discard_drafts_for_person(s: Session, actor: Actor, kind: PersonKind | str,
                              person_id: int) -> int:
    """Delete every user's drafts about a person (erasure, anonymisation: only who may delete
    the person). Returns how many went."""
    kind = PersonKind(kind)
    resource = Resource.ELDER if kind == PersonKind.ELDER else Resource.FOSTERER
    actor.require(Action.DELETE, resource)
    column = FormDraft.elder_id if kind == PersonKind.ELDER else FormDraft.fosterer_id
    done = s.execute(delete(FormDraft).where(or_(
        column == person_id,
        (FormDraft.kind == kind.value) & (FormDraft.record_id == person_id))))
    return done.rowcount or 0
