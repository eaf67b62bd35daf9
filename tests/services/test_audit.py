"""The audit trail: rows for writes, chain verification, append-only on both databases."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction, Role
from affido_app.services import people as P
from affido_app.services.audit import audit, verify_chain
from tests.helpers import elder_data


def test_chain_is_intact_after_many_writes(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        for _ in range(5):
            eid = P.create_elder(s, co, elder_data())
            P.update_elder(s, co, eid, {"notes": "x"}, expected_version=1)
    with db.sessions.begin() as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert len(rows) >= 10 + 5  # staff accounts, creations, updates
        assert all(r.hash and len(r.hash) == 64 for r in rows)
        assert rows[0].prev_hash is None
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
        assert verify_chain(s) == []


def test_audit_rows_cannot_be_changed_or_deleted(db, actors):
    with pytest.raises(DBAPIError), db.engine.begin() as c:
        c.execute(text("UPDATE audit_events SET action = 'read' WHERE id = 1"))
    with pytest.raises(DBAPIError), db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_events WHERE id = 1"))
    with db.sessions.begin() as s:
        assert verify_chain(s) == []


def _tamper(db, sql):
    """Tamper as an attacker with file access would: around the append-only triggers."""
    with db.engine.begin() as c:
        if db.dialect == "sqlite":
            c.execute(text("DROP TRIGGER audit_events_no_update"))
            c.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            c.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard"))
        c.execute(text(sql))


def test_tampering_is_detected(db, actors):
    with db.sessions.begin() as s:
        P.create_elder(s, actors[Role.COORDINATOR], elder_data())
    _tamper(db, "UPDATE audit_events SET user_id = NULL WHERE id = 3")
    with db.sessions.begin() as s:
        problems = verify_chain(s)
    assert problems and "riga 3" in problems[0]


def test_removed_row_is_detected(db, actors):
    _tamper(db, "DELETE FROM audit_events WHERE id = 2")
    with db.sessions.begin() as s:
        problems = verify_chain(s)
    assert problems and "prima della 3" in problems[0]


def test_detail_is_normalised_to_json(db, actors):
    import datetime as dt

    with db.sessions.begin() as s:
        rid = audit(s, actors[Role.ADMIN].id, AuditAction.EXPORT, "elders", None,
                    detail={"count": 3, "on": dt.date(2026, 1, 2)})
    with db.sessions.begin() as s:
        assert s.get(AuditEvent, rid).detail == {"count": 3, "on": "2026-01-02"}
        assert verify_chain(s) == []
