"""Every paper the office prints: which documents exist, who may print them, the data they show.

:func:`prepare` checks the permission, gathers plain data through the services (each document has
a module here with ``collect(s, actor, request) -> dict``), builds the story with the document
module of :mod:`affido_app.reports` and, for documents with personal data, appends an audit row
(action "print", with the document kind and where it went: never its contents). Rendering the
PDF (:func:`affido_app.reports.render`) needs no session and can run in a worker thread.

The ``dict`` a ``collect`` returns may carry ``elder_id`` / ``fosterer_id`` (the person the
document is about, recorded in the audit row), ``subject`` (shown in the page header) and
``filename`` (a suggested file name, ASCII).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import importlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from affido_app.db.models import StaffUser
from affido_app.domain.enums import AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.domain.text import fold
from affido_app.errors import ValidationError
from affido_app.reports import Document, Letterhead
from affido_app.services.audit import audit
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting

#: where a document went, as recorded in the audit row
OUTPUTS = ("preview", "printer", "file")


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str
    resource: Resource
    #: the table its id refers to (None: a period document, no id)
    entity: str | None
    #: contains personal data: confidentiality mark and an audit row
    personal: bool = True
    #: needs a date range (activity; supervision over a period)
    needs_range: bool = False
    #: supervision: "pair" (id of a pair), "fosterer" (id of a fosterer), "period" (no id);
    #: access: "elder" or "fosterer" (the person whose accesses are listed)
    scopes: tuple[str, ...] = field(default_factory=tuple)


KINDS: dict[str, KindSpec] = {k.kind: k for k in (
    KindSpec("elder", "Scheda anziano", Resource.ELDER, "elders"),
    KindSpec("fosterer", "Scheda affidatario", Resource.FOSTERER, "fosterers"),
    KindSpec("interview", "Verbale di colloquio", Resource.INTERVIEW, "interviews"),
    KindSpec("supervision", "Relazione di supervisione", Resource.SUPERVISION, "matches",
             scopes=("pair", "fosterer", "period")),
    KindSpec("attendance", "Registro presenze", Resource.TRAINING, "training_sessions"),
    KindSpec("agreement", "Patto di affido", Resource.MATCH, "matches"),
    KindSpec("expenses", "Prospetto dei rimborsi", Resource.EXPENSE, "fosterers",
             needs_range=True),
    KindSpec("activity", "Relazione di attività", Resource.MATCH, None, personal=False,
             needs_range=True),
    KindSpec("access", "Registro degli accessi", Resource.AUDIT, "elders",
             scopes=("elder", "fosterer")),
)}

#: the table an id refers to, per scope (supervision: pair, fosterer, period; access: person)
_SCOPE_ENTITY = {"pair": "matches", "fosterer": "fosterers", "period": None,
                 "elder": "elders"}


@dataclass(frozen=True)
class DocumentRequest:
    """What to print. ``record_id``: the elder, fosterer, interview, pair (agreement,
    supervision "pair"), training session (attendance) or fosterer (expenses, supervision
    "fosterer"). ``date_from``/``date_to``: the period (activity, expenses, supervision)."""

    kind: str
    record_id: int | None = None
    scope: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    @property
    def effective_scope(self) -> str | None:
        spec = KINDS.get(self.kind)
        if spec is None or not spec.scopes:
            return None
        return self.scope or ("period" if self.record_id is None and "period" in spec.scopes
                              else spec.scopes[0])

    @property
    def entity(self) -> str | None:
        scope = self.effective_scope
        return _SCOPE_ENTITY[scope] if scope else self.spec.entity


def check_request(request: DocumentRequest) -> None:
    """Raise :class:`ValidationError` (field → Italian message) for an incomplete request."""
    errors: dict[str, str] = {}
    spec = KINDS.get(request.kind)
    if spec is None:
        raise ValidationError({"kind": f"Documento sconosciuto: {request.kind}."})
    scope = request.effective_scope
    if spec.scopes and scope not in spec.scopes:
        raise ValidationError({"scope": "Ambito non valido: "
                                        + ", ".join(spec.scopes[:-1]) + " o "
                                        + spec.scopes[-1] + "."})
    needs_id = request.entity is not None
    if needs_id and request.record_id is None:
        errors["record_id"] = "Indicare il numero (id) del record da stampare."
    if not needs_id and request.record_id is not None:
        errors["record_id"] = "Questo documento riguarda un periodo, non un record."
    needs_range = spec.needs_range or scope == "period"
    if needs_range and (request.date_from is None or request.date_to is None):
        errors["date_from"] = "Indicare l'inizio e la fine del periodo."
    if request.date_from and request.date_to and request.date_from > request.date_to:
        errors["date_to"] = "La fine del periodo viene prima dell'inizio."
    if request.date_from and request.date_to and \
            (request.date_to - request.date_from).days > 3660:
        errors["date_to"] = "Il periodo non può superare dieci anni."
    if errors:
        raise ValidationError(errors)


def prepare(s: Session, actor: Actor, request: DocumentRequest, *,
            output: str = "file") -> Document:
    """The document, ready to render. Checks permissions; documents with personal data leave
    an audit row (``output``: "preview", "printer" or "file")."""
    check_request(request)
    spec = request.spec
    actor.require(Action.PRINT, spec.resource)
    data = importlib.import_module(f"affido_app.services.documents.{spec.kind}").collect(
        s, actor, request)
    builder = importlib.import_module(f"affido_app.reports.{spec.kind}").build
    document: Document = builder(data, letterhead(s), printed_by=_staff_name(s, actor))
    document.audit_ids = {k: int(data[k]) for k in ("elder_id", "fosterer_id")
                          if data.get(k) is not None}
    if spec.personal:
        record_output(s, actor, request, output, document.audit_ids)
    return document


def record_output(s: Session, actor: Actor, request: DocumentRequest, output: str,
                  data: dict[str, Any] | None = None) -> None:
    """Audit a document going somewhere (the preview printed or saved by the user); ``data``:
    the ``elder_id`` / ``fosterer_id`` it is about (:attr:`Document.audit_ids`)."""
    if output not in OUTPUTS:
        raise ValueError(output)
    spec = request.spec
    if not spec.personal:
        return
    data = data or {}
    detail: dict[str, Any] = {"document": spec.kind, "output": output}
    if request.effective_scope:
        detail["scope"] = request.effective_scope
    if request.date_from:
        detail["from"] = request.date_from.isoformat()
    if request.date_to:
        detail["to"] = request.date_to.isoformat()
    audit(s, actor.id, AuditAction.PRINT, request.entity or "documents", request.record_id,
          elder_id=data.get("elder_id"), fosterer_id=data.get("fosterer_id"), detail=detail)


def letterhead(s: Session) -> Letterhead:
    """The organisation's name, project, address and logo from the office's settings."""
    return Letterhead(
        org_name=get_setting(s, "org.name") or "",
        project=get_setting(s, "org.project") or "",
        address=get_setting(s, "org.address") or "",
        logo=decode_logo(get_setting(s, "org.logo")),
    )


def decode_logo(value: str | None) -> bytes | None:
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def filename(*parts: Any) -> str:
    """An ASCII file name from words: ``filename("Scheda anziano", "Rossi Nicolò")`` →
    ``scheda-anziano-rossi-nicolo.pdf``."""
    words = "-".join(fold(str(p)) for p in parts if p not in (None, ""))
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:80].strip("-")
    return f"{slug or 'documento'}.pdf"


def _staff_name(s: Session, actor: Actor) -> str | None:
    user = s.get(StaffUser, actor.id)
    return user.full_name if user is not None else None
