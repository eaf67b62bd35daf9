"""The office's queue of reimbursements across fosterers (waiting for a decision, to be paid)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from affido_app.domain.enums import ExpenseStatus, Role
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.services import expense_queue as Q
from affido_app.services import expenses
from affido_app.services.context import Actor
from tests.services.test_expenses import fosterer, match_for

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1


def add(s, actor, fid, day, km="0", costs="0", match_id=None, submit=True) -> int:
    xid = expenses.add_expense(s, actor, fid, {"date": day, "km": km, "costs": costs,
                                               "match_id": match_id})
    if submit:
        expenses.submit_expense(s, actor, xid)
    return xid


def test_queue_across_fosterers(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        a = fosterer(s, co, "Bianchi")
        b = fosterer(s, co, "Verdi")
        mid = match_for(s, co, a)
        x1 = add(s, co, a, dt.date(LAST_YEAR, 3, 10), km="12,5", costs="8,50", match_id=mid)
        x2 = add(s, co, b, dt.date(LAST_YEAR, 3, 2), costs="4")
        x3 = add(s, co, b, dt.date(LAST_YEAR, 5, 2), km="10")
        expenses.decide_expense(s, co, x3, True)
        add(s, co, a, dt.date(LAST_YEAR, 4, 1), km="3", submit=False)  # a draft: not queued
        x5 = add(s, co, a, dt.date(LAST_YEAR, 6, 1), km="3")
        expenses.decide_expense(s, co, x5, False, "Doppione")  # rejected: not queued
        x6 = add(s, co, b, dt.date(LAST_YEAR, 7, 1), km="3")
        expenses.decide_expense(s, co, x6, True)
        expenses.mark_paid(s, co, x6)  # paid: not queued

    reader = actors[Role.READ_ONLY]
    with db.sessions() as s:
        rows = Q.pending_expenses(s, reader)
        assert [r["id"] for r in rows] == [x2, x1, x3]  # oldest first
        assert Q.count_pending(s, reader) == 3
        first = rows[1]
        assert first["fosterer_name"] == "Bianchi Luca"
        assert first["elder_name"] == "Rossi Maria"
        assert first["status"] == ExpenseStatus.SUBMITTED
        assert (first["km"], first["km_rate"], first["costs"]) == (D("12.5"), D("0.3"), D("8.5"))
        assert first["km_amount"] == D("3.75") and first["total"] == D("12.25")
        assert rows[0]["elder_name"] is None and rows[0]["total"] == D("4")
        assert {"version", "fosterer_id", "date", "description"} <= set(first)

        only_submitted = Q.pending_expenses(s, reader, statuses=[ExpenseStatus.SUBMITTED])
        assert [r["id"] for r in only_submitted] == [x2, x1]
        assert [r["id"] for r in Q.pending_expenses(s, reader, statuses=["approved"])] == [x3]
        assert Q.count_pending(s, reader, statuses=("approved",)) == 1

        march = Q.pending_expenses(s, reader, year=LAST_YEAR, month=3)
        assert [r["id"] for r in march] == [x2, x1]
        assert Q.count_pending(s, reader, year=LAST_YEAR, month=3) == 2
        assert Q.pending_expenses(s, reader, year=LAST_YEAR - 1) == []
        assert [r["id"] for r in Q.pending_expenses(s, reader, offset=1, limit=1)] == [x1]

        with pytest.raises(ValidationError) as exc:
            Q.pending_expenses(s, reader, month=3)
        assert "year" in exc.value.errors
        with pytest.raises(ValidationError):
            Q.count_pending(s, reader, year=LAST_YEAR, month=13)


def test_queue_needs_the_right_to_read_expenses(db, actors):
    nobody = Actor(actors[Role.READ_ONLY].id, "guest", "x")
    with db.sessions() as s, pytest.raises(PermissionDenied):
        Q.pending_expenses(s, nobody)
    with db.sessions() as s, pytest.raises(PermissionDenied):
        Q.count_pending(s, nobody)
