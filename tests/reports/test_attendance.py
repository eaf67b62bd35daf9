"""Training sign-in sheet: every enrolled fosterer on a row, an empty signature column."""

from __future__ import annotations

from sqlalchemy import func, select

from affido_app.db.models import CourseEnrollment, Fosterer, TrainingSession
from affido_app.domain.enums import Role
from affido_app.services.documents import DocumentRequest
from tests.reports.conftest import print_document


def _busiest_session(database):
    with database.sessions() as s:
        row = s.execute(
            select(TrainingSession.id, TrainingSession.course_id, func.count())
            .join(CourseEnrollment, CourseEnrollment.course_id == TrainingSession.course_id)
            .group_by(TrainingSession.id, TrainingSession.course_id)
            .order_by(func.count().desc(), TrainingSession.id).limit(1)
        ).one()
        names = s.execute(
            select(Fosterer.last_name, Fosterer.first_name)
            .join(CourseEnrollment, CourseEnrollment.fosterer_id == Fosterer.id)
            .where(CourseEnrollment.course_id == row.course_id)
        ).all()
    return row.id, [f"{last} {first}" for last, first in names]


def test_sheet_lists_every_enrolled_fosterer_with_a_signature_column(demo_db, demo_actors):
    session_id, names = _busiest_session(demo_db)
    assert names
    text, pages, document, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR], DocumentRequest("attendance", session_id))
    assert pages == 1
    assert "Registro presenze" in text and "Firma" in text
    for name in names:
        assert name in text
    assert "Pagina 1 di 1" in text
    assert "RISERVATO" in text
    assert document.filename.startswith("registro-presenze-") and document.filename.isascii()
