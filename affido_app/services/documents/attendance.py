"""Training sign-in sheet (*registro presenze*): one training session, every enrolled fosterer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import Fosterer, TrainingCourse, TrainingSession
from affido_app.services import training
from affido_app.services.common import get_or_404
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"course", "topic", "starts_at", "ends_at", "place", "trainer", "is_core",
    "people": [{"name", "comune", "status"}], "subject", "filename"}``."""
    register = training.session_register(s, actor, request.record_id)  # checks READ
    ses = get_or_404(s, TrainingSession, request.record_id, "L'incontro di formazione")
    course = s.get(TrainingCourse, ses.course_id)
    comuni = dict(s.execute(
        select(Fosterer.id, Fosterer.comune).where(Fosterer.id.in_([r["id"] for r in register]))
    ).all()) if register else {}
    return {
        "course": course.title if course else "",
        "topic": ses.topic,
        "starts_at": ses.starts_at,
        "ends_at": ses.ends_at,
        "place": ses.place,
        "trainer": ses.trainer,
        "is_core": ses.is_core,
        "people": [{"name": r["name"], "comune": comuni.get(r["id"]), "status": r["status"]}
                   for r in register],
        "subject": f"{course.title if course else ''} · {ses.topic}",
        "filename": filename("registro presenze", ses.starts_at.astimezone().date().isoformat(),
                             ses.topic),
    }
