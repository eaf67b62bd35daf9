"""Attachments: files kept inside the database (a backup holds everything).

An attachment belongs to exactly one owner: an elder, a fosterer or a match. Lists carry metadata
only (the contents column is never selected); reading the contents is audited. File names may hold
personal data: they never go into the audit log.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import unicodedata
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from affido_app.db.models import Attachment, Consent, Elder, Fosterer, FostererDocument, Match
from affido_app.domain import validators as v
from affido_app.domain.enums import AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import Conflict, FieldError, ValidationError
from affido_app.services.audit import audit
from affido_app.services.common import get_or_404
from affido_app.services.context import Actor

NOUN = "L'allegato"
#: largest file accepted, in bytes
MAX_SIZE = 20 * 1024 * 1024
MAX_FILENAME = 255
DEFAULT_MIME = "application/octet-stream"

_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")

#: metadata columns: everything but the contents
_META = (
    Attachment.id, Attachment.elder_id, Attachment.fosterer_id, Attachment.match_id,
    Attachment.filename, Attachment.mime_type, Attachment.size, Attachment.sha256,
    Attachment.description, Attachment.uploaded_by_id, Attachment.created_at,
)


def add_attachment(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None,
    match_id: int | None = None, filename: str, data: bytes, mime_type: str | None = None,
    description: str | None = None,
) -> int:
    """Store a file for one owner (elder, fosterer or match); returns its id."""
    actor.require(Action.CREATE, Resource.ATTACHMENT)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("data must be bytes")
    data = bytes(data)
    owner = _owner(elder_id, fosterer_id, match_id)
    errors: dict[str, str] = {}
    try:
        name = sanitize_filename(filename)
    except FieldError as exc:
        errors["filename"] = exc.message
        name = ""
    if not data:
        errors["data"] = "Il file è vuoto."
    elif len(data) > MAX_SIZE:
        errors["data"] = (
            f"Il file è troppo grande: la dimensione massima è {MAX_SIZE // (1024 * 1024)} MB."
        )
    try:
        mime = _mime(mime_type, name)
    except FieldError as exc:
        errors["mime_type"] = exc.message
    try:
        description = v.clean_text(description, max_length=500)
    except FieldError as exc:
        errors["description"] = exc.message
    if errors:
        raise ValidationError(errors)
    people = _people_of(s, *owner)
    obj = Attachment(
        elder_id=elder_id, fosterer_id=fosterer_id, match_id=match_id, filename=name,
        mime_type=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        description=description, uploaded_by_id=actor.id, data=data,
    )
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, Attachment.__tablename__, obj.id, **people,
          detail={"owner": owner[0], "size": len(data), "mime_type": mime})
    return obj.id


def list_attachments(
    s: Session, actor: Actor, *, elder_id: int | None = None, fosterer_id: int | None = None,
    match_id: int | None = None, include_matches: bool = False,
) -> list[dict]:
    """Metadata (never the contents) of the files of one owner, newest first.

    ``include_matches`` with a person: the files of that person's matches too.
    """
    actor.require(Action.READ, Resource.ATTACHMENT)
    kind, owner_id = _owner(elder_id, fosterer_id, match_id)
    _people_of(s, kind, owner_id)  # NotFound for a missing owner
    col = getattr(Attachment, f"{kind}_id")
    cond = col == owner_id
    if include_matches and kind != "match":
        matches = select(Match.id).where(getattr(Match, f"{kind}_id") == owner_id)
        cond = cond | Attachment.match_id.in_(matches)
    rows = s.execute(
        select(*_META).where(cond).order_by(Attachment.created_at.desc(), Attachment.id.desc())
    )
    return [row._asdict() for row in rows]


def get_attachment_info(s: Session, actor: Actor, attachment_id: int) -> dict:
    """One attachment's metadata (not the contents)."""
    actor.require(Action.READ, Resource.ATTACHMENT)
    row = s.execute(select(*_META).where(Attachment.id == attachment_id)).first()
    if row is None:
        get_or_404(s, Attachment, attachment_id, NOUN)  # raises NotFound
    return row._asdict()


def read_attachment(s: Session, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """``(filename, mime_type, contents)``; the read is audited."""
    actor.require(Action.READ, Resource.ATTACHMENT)
    row = s.execute(
        select(Attachment.filename, Attachment.mime_type, Attachment.data, Attachment.elder_id,
               Attachment.fosterer_id, Attachment.match_id)
        .where(Attachment.id == attachment_id)
    ).first()
    if row is None:
        get_or_404(s, Attachment, attachment_id, NOUN)  # raises NotFound
    people = _people_of(s, *_owner(row.elder_id, row.fosterer_id, row.match_id))
    content = bytes(row.data)
    audit(s, actor.id, AuditAction.READ, Attachment.__tablename__, attachment_id, **people,
          detail={"size": len(content)})
    return row.filename, row.mime_type, content


def delete_attachment(s: Session, actor: Actor, attachment_id: int) -> None:
    """Remove a file; refused while a fosterer's document or a consent refers to it."""
    actor.require(Action.DELETE, Resource.ATTACHMENT)
    row = s.execute(
        select(Attachment.elder_id, Attachment.fosterer_id, Attachment.match_id, Attachment.size)
        .where(Attachment.id == attachment_id)
    ).first()
    if row is None:
        get_or_404(s, Attachment, attachment_id, NOUN)  # raises NotFound
    if s.execute(select(FostererDocument.id).where(
            FostererDocument.attachment_id == attachment_id).limit(1)).first():
        raise Conflict("L'allegato è la copia di un documento dell'affidatario: "
                       "scollegarlo dal documento prima di eliminarlo.")
    if s.execute(select(Consent.id).where(Consent.attachment_id == attachment_id)
                 .limit(1)).first():
        raise Conflict("L'allegato è il modulo di un consenso: "
                       "scollegarlo dal consenso prima di eliminarlo.")
    people = _people_of(s, *_owner(row.elder_id, row.fosterer_id, row.match_id))
    # a bulk DELETE: the contents are never loaded just to be thrown away
    s.execute(delete(Attachment).where(Attachment.id == attachment_id))
    audit(s, actor.id, AuditAction.DELETE, Attachment.__tablename__, attachment_id, **people,
          detail={"size": row.size})


def sanitize_filename(filename: str | None) -> str:
    """The bare name of a file: no folders, no control characters, at most 255 characters
    (the extension is kept when the name is shortened)."""
    if filename is None:
        raise FieldError("Indicare il nome del file.")
    text = unicodedata.normalize("NFC", str(filename))
    text = re.split(r"[/\\]", text)[-1]
    text = " ".join(text.split())  # tabs, newlines and runs of spaces: one space
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip(". ")
    if not text:
        raise FieldError("Nome del file non valido.")
    if len(text) > MAX_FILENAME:
        stem, ext = os.path.splitext(text)
        if len(ext) > 16:
            stem, ext = text, ""
        text = stem[: MAX_FILENAME - len(ext)].rstrip(". ") + ext
    return text


def _mime(mime_type: str | None, filename: str) -> str:
    if mime_type is not None and mime_type.strip():
        mime = mime_type.strip().lower()
        if len(mime) > 127 or not _MIME.fullmatch(mime):
            raise FieldError("Tipo di file non valido.")
        return mime
    guessed, _encoding = mimetypes.guess_type(filename, strict=False) if filename else (None, None)
    return guessed or DEFAULT_MIME


def _owner(elder_id: int | None, fosterer_id: int | None,
           match_id: int | None) -> tuple[str, int]:
    given = [(k, i) for k, i in (("elder", elder_id), ("fosterer", fosterer_id),
                                 ("match", match_id)) if i is not None]
    if len(given) != 1:
        raise ValidationError({
            "owner": "Un allegato appartiene a un solo anziano, affidatario o abbinamento."
        })
    return given[0]


def _people_of(s: Session, kind: str, owner_id: int) -> dict[str, Any]:
    """The elder and fosterer an owner stands for (audit rows name the people)."""
    if kind == "elder":
        get_or_404(s, Elder, owner_id, "L'anziano")
        return {"elder_id": owner_id}
    if kind == "fosterer":
        get_or_404(s, Fosterer, owner_id, "L'affidatario")
        return {"fosterer_id": owner_id}
    pair = s.execute(
        select(Match.elder_id, Match.fosterer_id).where(Match.id == owner_id)
    ).first()
    if pair is None:
        get_or_404(s, Match, owner_id, "L'abbinamento")  # raises NotFound
    return {"elder_id": pair.elder_id, "fosterer_id": pair.fosterer_id}
