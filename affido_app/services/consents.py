"""Consents to data processing (consenso al trattamento dei dati): record, withdraw, list.

A consent belongs to one person, an elder or a fosterer, and covers one scope. It is active from
the day it was given until it is withdrawn; a person has at most one active consent per scope.
Whether a person has an active consent on a day is :func:`people.has_active_consent`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import Attachment, Consent, Elder, Fosterer
from affido_app.domain import validators as v
from affido_app.domain.enums import AuditAction, ConsentScope, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services import people
from affido_app.services.audit import audit
from affido_app.services.common import check_version, get_or_404, today
from affido_app.services.context import Actor

K = fl.Kind
Fd = fl.Field

NOUN = "Il consenso"

CONSENT_FIELDS = fl.specs(
    Fd("scope", "Ambito del consenso", K.ENUM, enum=ConsentScope, required=True),
    Fd("given_on", "Data del consenso", K.DATE, required=True),
    Fd("notes", "Note", K.MULTILINE, max_length=2000),
    Fd("attachment_id", "Modulo firmato (allegato)", K.REF),
)

_OUT = ("elder_id", "fosterer_id", "scope", "given_on", "withdrawn_on", "attachment_id",
        "recorded_by_id", "notes")


def record_consent(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None,
    data: Mapping[str, Any],
) -> int:
    """Record a consent given by an elder or by a fosterer (exactly one of the two)."""
    actor.require(Action.CREATE, Resource.CONSENT)
    kind, person_id = _subject(s, elder_id, fosterer_id)
    values = fl.clean(data, CONSENT_FIELDS, extra_checks=[_checks(s, kind, person_id)])
    if people.has_active_consent(s, kind, person_id, today(), values["scope"]):
        raise ValidationError({
            "scope": "Per questo ambito è già registrato un consenso attivo: "
                     "per registrarne uno nuovo occorre prima revocarlo."
        })
    consent = Consent(elder_id=elder_id, fosterer_id=fosterer_id, recorded_by_id=actor.id,
                      **values)
    s.add(consent)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, Consent.__tablename__, consent.id,
          elder_id=elder_id, fosterer_id=fosterer_id, detail={"scope": values["scope"].value})
    return consent.id


def withdraw_consent(
    s: Session, actor: Actor, consent_id: int, on: dt.date | None = None,
    note: str | None = None, *, expected_version: int | None = None,
) -> int:
    """Withdraw a consent from the day ``on`` (default today). Returns the new version."""
    actor.require(Action.UPDATE, Resource.CONSENT)
    consent = get_or_404(s, Consent, consent_id, NOUN)
    check_version(consent, expected_version, NOUN)
    on = on or today()
    errors: dict[str, str] = {}
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "Il consenso è già stato revocato."})
    if on > today():
        errors["withdrawn_on"] = "La data della revoca non può essere nel futuro."
    elif on < consent.given_on:
        errors["withdrawn_on"] = "La revoca non può precedere la data del consenso."
    try:
        note = v.clean_text(note, max_length=2000, multiline=True)
    except FieldError as exc:
        errors["note"] = exc.message
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = on
    if note:
        line = f"Revoca del {on:%d/%m/%Y}: {note}"
        consent.notes = f"{consent.notes}\n{line}" if consent.notes else line
    s.flush()
    audit(s, actor.id, AuditAction.STATUS, Consent.__tablename__, consent.id,
          elder_id=consent.elder_id, fosterer_id=consent.fosterer_id,
          detail={"scope": consent.scope.value, "from": "active", "to": "withdrawn"})
    return consent.version


def set_consent_document(
    s: Session, actor: Actor, consent_id: int, attachment_id: int | None, *,
    expected_version: int | None = None,
) -> int:
    """Link the signed form (an attachment of the same person) to a consent already recorded,
    replace it, or unlink it (``None``). Returns the new version."""
    actor.require(Action.UPDATE, Resource.CONSENT)
    consent = get_or_404(s, Consent, consent_id, NOUN)
    check_version(consent, expected_version, NOUN)
    if attachment_id is not None:
        kind = PersonKind.ELDER if consent.elder_id is not None else PersonKind.FOSTERER
        person_id = consent.elder_id if consent.elder_id is not None else consent.fosterer_id
        errors: dict[str, str] = {}
        _checks(s, kind, person_id)({"attachment_id": attachment_id}, errors)
        if errors:
            raise ValidationError(errors)
    if consent.attachment_id == attachment_id:
        return consent.version
    consent.attachment_id = attachment_id
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, Consent.__tablename__, consent.id,
          elder_id=consent.elder_id, fosterer_id=consent.fosterer_id,
          detail={"fields": ["attachment_id"], "signed_form": attachment_id is not None})
    return consent.version


#: the kinds of file a signed form may be: a scan (PDF) or a photograph
SIGNED_FORM_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                     ".png": "image/png"}


def attach_signed_form(
    s: Session, actor: Actor, consent_id: int, *, filename: str, data: bytes,
    expected_version: int | None = None,
) -> int:
    """Keep the signed consent form (a PDF scan or a photograph) as an attachment of the same
    person and link it to the consent (replacing an earlier one). Returns the new version."""
    from affido_app.services import attachments

    actor.require(Action.UPDATE, Resource.CONSENT)
    consent = get_or_404(s, Consent, consent_id, NOUN)
    check_version(consent, expected_version, NOUN)
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    mime = SIGNED_FORM_TYPES.get(suffix)
    if mime is None:
        raise ValidationError({"data": "Il modulo firmato va allegato come PDF, JPEG o PNG."})
    attachment_id = attachments.add_attachment(
        s, actor, elder_id=consent.elder_id, fosterer_id=consent.fosterer_id,
        filename=filename, data=data, mime_type=mime,
        description=f"Modulo firmato del consenso ({consent.scope.label.lower()})")
    return set_consent_document(s, actor, consent_id, attachment_id,
                                expected_version=consent.version)


def read_signed_form(s: Session, actor: Actor, consent_id: int) -> tuple[str, str, bytes]:
    """``(filename, mime_type, contents)`` of the consent's signed form; the read is audited."""
    from affido_app.errors import NotFound
    from affido_app.services import attachments

    actor.require(Action.READ, Resource.CONSENT)
    consent = get_or_404(s, Consent, consent_id, NOUN)
    if consent.attachment_id is None:
        raise NotFound("Per questo consenso non è allegato il modulo firmato.")
    return attachments.read_attachment(s, actor, consent.attachment_id)


def list_consents(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None,
) -> list[dict]:
    """A person's consents, most recent first, each with ``active`` (today)."""
    actor.require(Action.READ, Resource.CONSENT)
    if (elder_id is None) == (fosterer_id is None):
        raise ValidationError({"subject": "Indicare l'anziano oppure l'affidatario."})
    kind = PersonKind.ELDER if elder_id is not None else PersonKind.FOSTERER
    person_id = elder_id if elder_id is not None else fosterer_id
    rows = people.of_person(s, kind, _list_statement(kind), person_id)
    day = today()
    out = []
    for r in rows:
        item = dict(zip(_LISTED, r, strict=True))
        withdrawn = item["withdrawn_on"]
        item["active"] = item["given_on"] <= day and (withdrawn is None or withdrawn > day)
        out.append(item)
    return out


#: the columns of a listed consent (its ``active`` is computed from the dates)
_LISTED = ("id", "version", *_OUT)


@functools.lru_cache(maxsize=2)
def _list_statement(kind: PersonKind):
    """A person's consents (``id`` bound), plain columns, most recent first."""
    t = Consent.__table__
    return (people.person_join(kind, t, select(*people.columns(Consent, _LISTED)))
            .order_by(t.c.given_on.desc(), t.c.id.desc()))


def _subject(s: Session, elder_id: int | None, fosterer_id: int | None) -> tuple[PersonKind, int]:
    if (elder_id is None) == (fosterer_id is None):
        raise ValidationError({"subject": "Indicare l'anziano oppure l'affidatario."})
    if elder_id is not None:
        get_or_404(s, Elder, elder_id, "L'anziano")
        return PersonKind.ELDER, elder_id
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    return PersonKind.FOSTERER, fosterer_id


def _checks(s: Session, kind: PersonKind, person_id: int):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        day = rec.get("given_on")
        if day and "given_on" not in errors and day > today():
            errors["given_on"] = "La data del consenso non può essere nel futuro."
        attachment_id = rec.get("attachment_id")
        if attachment_id is not None and "attachment_id" not in errors:
            owner = s.execute(
                select(Attachment.elder_id, Attachment.fosterer_id)
                .where(Attachment.id == attachment_id)
            ).first()
            own = owner is not None and (
                owner.elder_id == person_id if kind == PersonKind.ELDER
                else owner.fosterer_id == person_id
            )
            if not own:
                errors["attachment_id"] = "L'allegato indicato non appartiene a questa persona."

    return check
