"""Interview record (*verbale di colloquio*): one interview with every field, the outcome, the
sign-offs and the confidential notes.

The record is nothing without its confidential texts, so only who may read them (the staff who
took part and psychologists: ``interviews.may_read_confidential``) may print it; for
anyone else :func:`collect` refuses before reading anything (and no audit row is written).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from affido_app.db.models import Interview
from affido_app.domain.enums import INTERVIEW_SECTIONS, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.domain.validators import age_on
from affido_app.errors import PermissionDenied
from affido_app.services import interviews as interview_service
from affido_app.services import people
from affido_app.services.common import get_or_404, today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename
from affido_app.services.documents.elder import full_name, staff_names

CONFIDENTIAL_REFUSAL = (
    "Il verbale contiene note riservate: può stamparlo solo chi ha condotto o registrato il "
    "colloquio, oppure uno psicologo."
)


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"interview", "sections": [(label, text)], "subject": {...}, "subject_kind",
    "created_by", "elder_id" | "fosterer_id", "subject", "filename"}``."""
    actor.require(Action.READ, Resource.INTERVIEW)
    obj = get_or_404(s, Interview, request.record_id, "Il colloquio")
    if not interview_service.may_read_confidential(actor, obj):
        raise PermissionDenied(CONFIDENTIAL_REFUSAL)
    record = interview_service.get_interview(s, actor, request.record_id)  # audits the read
    if not record.get("confidential_visible"):  # the same rule: never expected
        raise PermissionDenied(CONFIDENTIAL_REFUSAL)
    record["interviewers"] = [
        {"name": i.get("full_name"), "role": i.get("role"),
         "signed_off_at": i.get("signed_off_at")}
        for i in record.get("interviewers") or []
    ]
    fields = interview_service.INTERVIEW_FIELDS
    if record.get("elder_id") is not None:
        kind = PersonKind.ELDER
        person = people.get_elder(s, actor, record["elder_id"])
    else:
        kind = PersonKind.FOSTERER
        person = people.get_fosterer(s, actor, record["fosterer_id"])
    day = today()
    names = staff_names(s, [record.get("created_by_id")])
    held = record.get("held_at")
    out: dict[str, Any] = {
        "interview": record,
        "labels": {name: spec.label for name, spec in fields.items()},
        "sections": [(fields[name].label if name in fields else label, record.get(name))
                     for name, label in INTERVIEW_SECTIONS],
        "person": {
            "name": full_name(person), "kind": kind, "sex": person.get("sex"),
            "birth_date": person.get("birth_date"),
            "age": age_on(person["birth_date"], day) if person.get("birth_date") else None,
            "codice_fiscale": person.get("codice_fiscale"), "comune": person.get("comune"),
            "status": person.get("status"),
        },
        "created_by": names.get(record.get("created_by_id")),
        "subject": " · ".join(x for x in (full_name(person),
                                          record["kind"].label if record.get("kind") else None)
                              if x),
        "filename": filename("verbale colloquio",
                             held.astimezone().date().isoformat() if held else None,
                             person.get("last_name"), person.get("first_name")),
    }
    out["elder_id" if kind == PersonKind.ELDER else "fosterer_id"] = person["id"]
    return out
