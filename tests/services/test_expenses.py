"""Expense claims: entries, approval flow, permissions and exact monthly totals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import ElderStatus, ExpenseStatus, FostererStatus, Role
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import consents, expenses, matches, people
from affido_app.services.settings import set_setting
from tests.helpers import give_approval_evidence

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1


def fosterer(s, actor, last_name="Bianchi") -> int:
    fid = people.create_fosterer(s, actor, {
        "last_name": last_name, "first_name": "Luca", "birth_date": "05/06/1975",
        "comune": "Rivoli"})
    people.change_fosterer_status(s, actor, fid, FostererStatus.SELECTION)
    give_approval_evidence(s, fid)
    people.change_fosterer_status(s, actor, fid, FostererStatus.APPROVED)
    return fid


def match_for(s, actor, fosterer_id) -> int:
    eid = people.create_elder(s, actor, {
        "last_name": "Rossi", "first_name": "Maria", "birth_date": "12/03/1940",
        "comune": "Rivoli"})
    consents.record_consent(s, actor, elder_id=eid,
                            data={"scope": "data_processing", "given_on": TODAY})
    people.change_elder_status(s, actor, eid, ElderStatus.ASSESSED)
    people.change_elder_status(s, actor, eid, ElderStatus.WAITING)
    return matches.propose_match(s, actor, eid, fosterer_id)


@pytest.fixture
def fid(db, actors):
    with db.sessions.begin() as s:
        return fosterer(s, actors[Role.COORDINATOR])


def test_entry_amounts_and_rate_copied(db, actors, fid):
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        eid = expenses.add_expense(s, sw, fid, {
            "date": TODAY, "km": "12,5", "costs": "3,40",
            "description": "Visita con la signora Rossi"})
        e = expenses.get_expense(s, sw, eid)
        assert e["status"] == ExpenseStatus.DRAFT
        assert (e["km"], e["km_rate"], e["costs"]) == (D("12.5"), D("0.30"), D("3.40"))
        assert e["km_amount"] == D("3.75") and e["total"] == D("7.15")
        # kilometres keep one decimal, rounded half up once from what was typed
        e2 = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": "10,25"})
        assert expenses.get_expense(s, sw, e2)["km"] == D("10.3")
        assert expenses.get_expense(s, sw, e2)["costs"] == D("0")

        # a new rate applies to new entries only
        set_setting(s, actors[Role.ADMIN], "expenses.km_rate", "0.35")
        e3 = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": "1,5"})
        assert expenses.get_expense(s, sw, e3)["km_amount"] == D("0.53")  # 0.525, half up
        assert expenses.get_expense(s, sw, eid)["km_rate"] == D("0.30")

        text = json.dumps(s.scalars(select(AuditEvent.detail).where(
            AuditEvent.entity == "expense_claims")).all())
        assert "Rossi" not in text


def test_validation(db, actors, fid):
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        other = fosterer(s, actors[Role.COORDINATOR], "Verdi")
        own_match = match_for(s, actors[Role.COORDINATOR], fid)
        with pytest.raises(ValidationError) as exc:
            expenses.add_expense(s, sw, fid, {"date": TODAY, "km": "0", "costs": ""})
        assert exc.value.errors == {
            "km": "Indicare i chilometri percorsi o l'importo delle spese."}
        with pytest.raises(ValidationError) as exc:
            expenses.add_expense(s, sw, fid, {"date": TODAY, "km": "0,04"})  # 0.0 km
        assert set(exc.value.errors) == {"km"}
        with pytest.raises(ValidationError) as exc:
            expenses.add_expense(s, sw, fid, {
                "date": TODAY + dt.timedelta(days=1), "km": "2001", "costs": "-1"})
        assert exc.value.errors == {
            "date": "La data non può essere nel futuro.",
            "km": "Il valore non può essere superiore a 2.000.",
            "costs": "Il valore non può essere inferiore a 0."}
        with pytest.raises(ValidationError) as exc:
            expenses.add_expense(s, sw, fid, {"km": "5"})
        assert exc.value.errors == {"date": "Campo obbligatorio."}
        with pytest.raises(ValidationError) as exc:
            expenses.add_expense(s, sw, other, {"date": TODAY, "km": 5, "match_id": own_match})
        assert exc.value.errors == {
            "match_id": "L'abbinamento indicato non riguarda questo affidatario."}
        eid = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": 5, "match_id": own_match})
        assert expenses.get_expense(s, sw, eid)["match_id"] == own_match
        with pytest.raises(NotFound):
            expenses.add_expense(s, sw, 999_999, {"date": TODAY, "km": 5})


def test_flow_edit_and_delete(db, actors, fid):
    sw, coord = actors[Role.SOCIAL_WORKER], actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        eid = expenses.add_expense(s, sw, fid, {"date": TODAY, "costs": "10"})
        v1 = expenses.get_expense(s, sw, eid)["version"]
        v2 = expenses.update_expense(s, sw, eid, {"costs": "12,50", "km": "4"},
                                     expected_version=v1)
        assert v2 == v1 + 1
        with pytest.raises(Conflict):
            expenses.update_expense(s, sw, eid, {"costs": "1"}, expected_version=v1)
        with pytest.raises(ValidationError) as exc:  # both amounts to zero
            expenses.update_expense(s, sw, eid, {"costs": "0", "km": ""}, expected_version=v2)
        assert set(exc.value.errors) == {"km"}

        with pytest.raises(ValidationError) as exc:
            expenses.mark_paid(s, coord, eid)
        assert exc.value.errors == {
            "status": "Si può liquidare solo un rimborso approvato (stato attuale: «Bozza»)."}
        expenses.submit_expense(s, sw, eid)
        expenses.update_expense(s, sw, eid, {"description": "Spesa farmacia"},
                                expected_version=expenses.get_expense(s, sw, eid)["version"])
        with pytest.raises(ValidationError) as exc:
            expenses.decide_expense(s, coord, eid, False)
        assert exc.value.errors == {"note": "Indicare il motivo per cui il rimborso è respinto."}
        expenses.decide_expense(s, coord, eid, True)
        e = expenses.get_expense(s, sw, eid)
        assert e["status"] == ExpenseStatus.APPROVED and e["decided_by_id"] == coord.id
        assert e["decided_at"] is not None
        with pytest.raises(ValidationError) as exc:
            expenses.update_expense(s, sw, eid, {"costs": "1"}, expected_version=e["version"])
        assert exc.value.errors == {
            "status": "Il rimborso è «Approvato»: non si può più modificare."}
        with pytest.raises(ValidationError):
            expenses.delete_expense(s, coord, eid)
        with pytest.raises(ValidationError, match="approvare solo un rimborso presentato"):
            expenses.decide_expense(s, coord, eid, True)
        expenses.mark_paid(s, coord, eid)
        assert expenses.get_expense(s, sw, eid)["status"] == ExpenseStatus.PAID

        rejected = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": 3})
        expenses.submit_expense(s, sw, rejected)
        expenses.decide_expense(s, coord, rejected, False, note="Manca la ricevuta")
        e = expenses.get_expense(s, sw, rejected)
        assert e["status"] == ExpenseStatus.REJECTED
        assert e["decision_note"] == "Manca la ricevuta"

        draft = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": 3})
        expenses.delete_expense(s, coord, draft)
        with pytest.raises(NotFound):
            expenses.get_expense(s, sw, draft)

        rows = s.execute(select(AuditEvent.action, AuditEvent.detail, AuditEvent.fosterer_id)
                         .where(AuditEvent.entity == "expense_claims",
                                AuditEvent.entity_id == eid)
                         .order_by(AuditEvent.id)).all()
        assert [str(r.action) for r in rows] == [
            "create", "update", "status", "update", "status", "status"]
        assert rows[1].detail == {"fields": ["costs", "km"]}
        assert [r.detail for r in rows if str(r.action) == "status"] == [
            {"from": "draft", "to": "submitted"}, {"from": "submitted", "to": "approved"},
            {"from": "approved", "to": "paid"}]
        assert all(r.fosterer_id == fid for r in rows)


def test_permissions(db, actors, fid):
    sw, coord = actors[Role.SOCIAL_WORKER], actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        for role in (Role.READ_ONLY, Role.PSYCHOLOGIST):
            with pytest.raises(PermissionDenied, match="creare rimborsi spese"):
                expenses.add_expense(s, actors[role], fid, {"date": TODAY, "km": 1})
        eid = expenses.add_expense(s, sw, fid, {"date": TODAY, "km": 1})
        expenses.submit_expense(s, sw, eid)
        with pytest.raises(PermissionDenied, match="approvare rimborsi spese"):
            expenses.decide_expense(s, sw, eid, True)
        with pytest.raises(PermissionDenied, match="eliminare rimborsi spese"):
            expenses.delete_expense(s, sw, eid)
        expenses.decide_expense(s, actors[Role.ADMIN], eid, True)
        with pytest.raises(PermissionDenied):
            expenses.mark_paid(s, sw, eid)
        expenses.mark_paid(s, coord, eid)
        # everyone may read
        assert len(expenses.list_expenses(s, actors[Role.READ_ONLY], fid)) == 1
        assert len(expenses.monthly_totals(s, actors[Role.PSYCHOLOGIST], fid, TODAY.year)) == 12


def test_monthly_totals_and_lists(db, actors, fid):
    sw, coord = actors[Role.SOCIAL_WORKER], actors[Role.COORDINATOR]
    y = LAST_YEAR
    with db.sessions.begin() as s:
        other = fosterer(s, coord, "Verdi")

        def add(day, km=None, costs=None, who=fid):
            return expenses.add_expense(s, sw, who, {"date": day, "km": km, "costs": costs})

        add(dt.date(y, 1, 1), km="10,1", costs="2,35")   # 3.03 + 2.35
        add(dt.date(y, 1, 31), km="0,1")                 # 0.03
        add(dt.date(y, 1, 15), km="0,2")                 # 0.06 (0.1 + 0.2 stays exact)
        set_setting(s, actors[Role.ADMIN], "expenses.km_rate", "0.35")
        add(dt.date(y, 3, 10), km="1,5")                 # 0.525 -> 0.53
        add(dt.date(y, 3, 11), km="1,5")                 # 0.53 again: rounded per entry
        add(dt.date(y, 12, 31), costs="9999,99")
        rejected = add(dt.date(y, 3, 12), costs="100")
        expenses.submit_expense(s, sw, rejected)
        expenses.decide_expense(s, coord, rejected, False, note="Non pertinente")
        add(dt.date(y - 1, 12, 31), costs="50")           # other years
        add(dt.date(y, 2, 1), costs="70", who=other)      # other fosterer

        totals = expenses.monthly_totals(s, sw, fid, y)
        assert [t["month"] for t in totals] == list(range(1, 13))
        jan, feb, mar, dec = totals[0], totals[1], totals[2], totals[11]
        assert (jan["km"], jan["km_amount"], jan["costs"], jan["total"]) == (
            D("10.4"), D("3.12"), D("2.35"), D("5.47"))
        assert all(isinstance(jan[k], D) for k in ("km", "km_amount", "costs", "total"))
        assert feb == {"month": 2, "km": 0, "km_amount": 0, "costs": 0, "total": 0}
        assert (mar["km"], mar["km_amount"], mar["costs"], mar["total"]) == (
            D("3.0"), D("1.06"), D("0"), D("1.06"))
        assert dec["total"] == D("9999.99")
        assert sum(t["total"] for t in totals) == D("10006.52")
        assert str(jan["total"]) == "5.47" and str(mar["km_amount"]) == "1.06"

        listed = expenses.list_expenses(s, sw, fid, year=y, month=1)
        assert [e["date"] for e in listed] == [dt.date(y, 1, d) for d in (1, 15, 31)]
        assert listed[0]["total"] == D("5.38")
        assert len(expenses.list_expenses(s, sw, fid, year=y)) == 7  # rejected listed too
        assert len(expenses.list_expenses(s, sw, fid)) == 8
        assert expenses.list_expenses(s, sw, fid, year=y, month=2) == []
        assert len(expenses.list_expenses(s, sw, fid, year=y, month=12)) == 1
        with pytest.raises(ValidationError):
            expenses.list_expenses(s, sw, fid, month=1)
        with pytest.raises(ValidationError):
            expenses.list_expenses(s, sw, fid, year=y, month=13)
