"""Dashboard figures on both databases."""

from __future__ import annotations

import datetime as dt

from affido_app.db.models import Consent
from affido_app.domain.enums import (
    ConsentScope,
    ElderStatus,
    FostererStatus,
    PersonKind,
    Role,
)
from affido_app.services import dashboard as D
from affido_app.services import people as P
from tests.helpers import elder_data, fosterer_data


def test_counts_waiting_and_selection(db, actors):
    co = actors[Role.COORDINATOR]
    today = dt.date.today()
    with db.sessions.begin() as s:
        ids = []
        for days in (90, 30, 60):
            eid = P.create_elder(s, co, elder_data(referral_date=today - dt.timedelta(days=days)))
            s.add(Consent(elder_id=eid, scope=ConsentScope.DATA_PROCESSING,
                          given_on=today - dt.timedelta(days=days)))
            s.flush()
            P.change_elder_status(s, co, eid, ElderStatus.ASSESSED,
                                  on=today - dt.timedelta(days=days - 1))
            P.change_elder_status(s, co, eid, ElderStatus.WAITING,
                                  on=today - dt.timedelta(days=days - 2))
            ids.append(eid)
        P.create_elder(s, co, elder_data())
        f1 = P.create_fosterer(s, co, fosterer_data(application_date=today
                                                    - dt.timedelta(days=40)))
        P.change_fosterer_status(s, co, f1, FostererStatus.SELECTION,
                                 on=today - dt.timedelta(days=35))
        f2 = P.create_fosterer(s, co, fosterer_data(application_date=today
                                                    - dt.timedelta(days=5)))
        f3 = P.create_fosterer(s, co, fosterer_data())
        P.change_fosterer_status(s, co, f3, FostererStatus.WITHDRAWN, reason="personal")
    with db.sessions() as s:
        counts = D.status_counts(s, co, PersonKind.ELDER)
        assert counts[ElderStatus.WAITING] == 3 and counts[ElderStatus.REFERRED] == 1
        assert counts[ElderStatus.CLOSED] == 0 and len(counts) == len(ElderStatus)
        waiting = D.longest_waiting(s, co, limit=2)
        assert [w["id"] for w in waiting] == [ids[0], ids[2]]
        assert waiting[0]["days"] == 88
        sel = D.fosterers_in_selection(s, co)
        assert [f["id"] for f in sel] == [f1, f2]
        assert sel[0]["status"] == FostererStatus.SELECTION and sel[0]["days"] == 35
        fcounts = D.status_counts(s, actors[Role.READ_ONLY], PersonKind.FOSTERER)
        assert fcounts[FostererStatus.WITHDRAWN] == 1
