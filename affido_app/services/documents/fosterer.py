"""Fosterer dossier (*scheda affidatario*): the record of one fosterer with the household,
capacity and availability, documents on file and their expiry, the selection path (status history,
interviews and the evidence approval needs), the training record and the pairs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from affido_app.domain.enums import (
    REQUIRED_FOSTERER_DOCUMENTS,
    FostererEndReason,
    FostererStatus,
    PersonKind,
)
from affido_app.domain.permissions import Action, Resource, can
from affido_app.domain.validators import age_on
from affido_app.services import people
from affido_app.services import training as training_service
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename
from affido_app.services.documents.elder import (
    full_name,
    history_rows,
    person_consents,
    person_interviews,
    person_pairs,
    staff_names,
)
from affido_app.services.matches import open_match_count
from affido_app.services.selection import approval_evidence

#: a document expiring within this many days is marked "in scadenza"
EXPIRING_DAYS = 60


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"fosterer_id", "person", "age", "household", "open_pairs", "documents",
    "missing_documents", "consents", "history", "interviews", "evidence", "training", "pairs",
    "today", "subject", "filename"}``; ``consents``, ``interviews``, ``training`` and ``pairs``
    are None when the actor may not read them."""
    fosterer_id = request.record_id
    person = people.get_fosterer(s, actor, fosterer_id)  # checks READ
    events = people.history(s, actor, PersonKind.FOSTERER, fosterer_id)
    household = people.list_household(s, actor, fosterer_id)
    day = today()
    documents = [document_row(d, day) for d in people.list_documents(s, actor, fosterer_id)]
    current = {d["kind"] for d in documents if d["state"] != "expired"}
    for d in documents:
        d["replaced"] = d["state"] == "expired" and d["kind"] in current
    documents.sort(key=lambda d: (_DOCUMENT_ORDER.get(d["kind"], 99), d["expires_on"] is None,
                                  d["expires_on"] or dt.date.max))
    evidence = approval_evidence(s, fosterer_id, day)
    names = staff_names(s, (e["author_id"] for e in events))
    training = None
    if can(actor.role, Action.READ, Resource.TRAINING):
        training = training_service.fosterer_training(s, actor, fosterer_id)
    return {
        "fosterer_id": fosterer_id,
        "person": person,
        "age": age_on(person["birth_date"], day) if person.get("birth_date") else None,
        "household": household,
        "open_pairs": open_match_count(s, fosterer_id),
        "documents": documents,
        "missing_documents": [k for k, state in evidence["documents"].items()
                              if state == "missing"],
        "consents": person_consents(s, actor, fosterer_id=fosterer_id),
        "history": history_rows(events, names, FostererStatus, FostererEndReason),
        "interviews": person_interviews(s, actor, fosterer_id=fosterer_id),
        "evidence": evidence,
        "training": training,
        "pairs": person_pairs(s, actor, fosterer_id=fosterer_id),
        "today": day,
        "subject": full_name(person),
        "filename": filename("scheda affidatario", person.get("last_name"),
                             person.get("first_name")),
    }


_DOCUMENT_ORDER = {kind: i for i, kind in enumerate(REQUIRED_FOSTERER_DOCUMENTS)}


def document_row(row: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """A document on file with its state on ``day``: "valid", "expiring" (within
    :data:`EXPIRING_DAYS`), "expired"; ``days_left`` until expiry."""
    expires = row.get("expires_on")
    days_left = None if expires is None else (expires - day).days
    if days_left is None or days_left > EXPIRING_DAYS:
        state = "valid"
    elif days_left >= 0:
        state = "expiring"
    else:
        state = "expired"
    return {
        "kind": row.get("kind"), "number": row.get("number"), "issued_on": row.get("issued_on"),
        "expires_on": expires, "notes": row.get("notes"), "state": state,
        "days_left": days_left, "required": row.get("kind") in REQUIRED_FOSTERER_DOCUMENTS,
    }
