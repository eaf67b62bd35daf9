"""*Registro degli accessi* of one person: who consulted or changed the records about an elder
or a fosterer, when and what, with a summary by operator (administrators only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from affido_app.domain.enums import PersonKind
from affido_app.services import audit_log
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"kind", "name", "person_word", "rows", "summary", "total", "truncated",
    "date_from", "date_to", "today", "elder_id" | "fosterer_id", "subject", "filename"}``."""
    kind = PersonKind(request.effective_scope)
    found = audit_log.person_access(s, actor, kind, request.record_id,  # checks READ AUDIT
                                    request.date_from, request.date_to)
    key = "elder_id" if kind == PersonKind.ELDER else "fosterer_id"
    return {
        **found,
        "person_word": audit_log.person_word(kind, found["sex"]),
        "today": today(),
        key: request.record_id,
        "subject": found["name"],
        "filename": filename("registro accessi", found["name"]),
    }
