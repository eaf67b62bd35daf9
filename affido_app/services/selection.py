"""Fosterer selection: the evidence an approval needs, and what is still missing.

A coordinator may declare a fosterer *idoneo* only when nothing is missing (domain.md): a
favourable interview signed off by a psychologist and a social worker, the required training
attended, the required documents on file and valid, and consent to data processing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import FostererDocument
from affido_app.domain.enums import REQUIRED_FOSTERER_DOCUMENTS, DocumentKind, PersonKind
from affido_app.services.common import today

#: how a missing document reads after "Manca:"
DOCUMENT_NAMES = {
    DocumentKind.CRIMINAL_RECORD: "certificato del casellario",
    DocumentKind.ID_DOCUMENT: "documento d'identità",
    DocumentKind.INSURANCE: "assicurazione",
}


def approval_evidence(s: Session, fosterer_id: int, on: dt.date | None = None) -> dict:
    """What supports approving this fosterer on ``on`` and what is still missing.

    Returns ``{"ready": bool, "missing": [short Italian phrases], "summary": "Manca: …"}`` plus
    the detail of each part (``interviews``, ``training``, ``documents``, ``consent``).
    """
    from affido_app.services.interviews import fosterer_signoff_status
    from affido_app.services.people import has_active_consent
    from affido_app.services.training import fosterer_training_status

    on = on or today()
    missing: list[str] = []
    interviews = fosterer_signoff_status(s, fosterer_id)
    if not interviews["favourable_signed"]:
        missing += [_phrase(m) for m in interviews["missing"]]
    training = fosterer_training_status(s, fosterer_id)
    if not training["complete"]:
        missing += [_training_phrase(m) for m in training["missing"]]
    documents = document_status(s, fosterer_id, on)
    for kind, state in documents.items():
        if state != "valid":
            name = DOCUMENT_NAMES.get(kind, kind.label.lower())
            missing.append(f"{name} scaduto" if state == "expired" and
                           kind != DocumentKind.INSURANCE else
                           (f"{name} scaduta" if state == "expired" else name))
    consent = has_active_consent(s, PersonKind.FOSTERER, fosterer_id, on)
    if not consent:
        missing.append("consenso al trattamento dei dati")
    return {
        "ready": not missing, "missing": missing,
        "summary": ("Manca: " + "; ".join(missing)) if missing else "",
        "interviews": interviews, "training": training, "documents": documents,
        "consent": consent,
    }


def document_status(s: Session, fosterer_id: int, on: dt.date) -> dict[DocumentKind, str]:
    """Each required document kind → "valid", "expired" or "missing"."""
    rows = s.execute(
        select(FostererDocument.kind, FostererDocument.expires_on)
        .where(FostererDocument.fosterer_id == fosterer_id)
    ).all()
    out = {}
    for kind in REQUIRED_FOSTERER_DOCUMENTS:
        mine = [expires for k, expires in rows if k == kind]
        if not mine:
            out[kind] = "missing"
        elif any(expires is None or expires >= on for expires in mine):
            out[kind] = "valid"
        else:
            out[kind] = "expired"
    return out


def _phrase(sentence: str) -> str:
    """"Manca la firma di uno psicologo su …." → "firma di uno psicologo su …"."""
    text = sentence.rstrip(".")
    for prefix in ("Manca la ", "Manca un ", "Manca una ", "Manca "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text[0].lower() + text[1:]


def _training_phrase(sentence: str) -> str:
    """"«Percorso n. 1»: mancano 2 incontri obbligatori su 5" → "2 incontri … su 5 («…»)"."""
    text = sentence.rstrip(".")
    if ": " in text:
        title, rest = text.split(": ", 1)
        for prefix in ("mancano ", "manca "):
            if rest.startswith(prefix):
                rest = rest[len(prefix):]
        return f"{rest} ({title})"
    return _phrase(text)
