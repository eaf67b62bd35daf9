"""The two documents made of numbers: the reimbursement statement of a fosterer and the activity
report for the consortium (aggregates and charts, no personal data).

Every figure checked here is counted again in the test, independently of the document's
queries: from the ORM rows, with plain Python."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from affido_app.db.models import (
    AuditEvent,
    Elder,
    ElderEvent,
    ExpenseClaim,
    Fosterer,
    FostererEvent,
    MatchEvent,
)
from affido_app.domain.enums import (
    AuditAction,
    ElderStatus,
    ExpenseStatus,
    FostererStatus,
    MatchStatus,
    Role,
)
from affido_app.errors import PermissionDenied
from affido_app.reports import charts
from affido_app.reports.format import money, number
from affido_app.services import expenses
from affido_app.services.context import load_actor
from affido_app.services.demo import DemoSpec, build_demo
from affido_app.services.documents import DocumentRequest, prepare
from affido_app.services.documents.activity import LATE, MISSING, ON_TIME, collect, walk_pair
from affido_app.services.documents.expenses import collect as collect_expenses
from tests.reports.conftest import print_document

TODAY = dt.date.today()
YEAR_AGO = TODAY - dt.timedelta(days=365)
CENT = Decimal("0.01")


def flat(text: str) -> str:
    """The text with every run of whitespace (line breaks, no-break spaces) as one space."""
    return " ".join(text.split())


def claim_total(c: ExpenseClaim) -> Decimal:
    km = (Decimal(c.km) * Decimal(c.km_rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    return km + Decimal(c.costs)


# --- independent counts (plain Python over ORM rows) --------------------------------------------

def status_at_end(events, owner: str, day: dt.date) -> dict[str, int]:
    """Status → how many owners had it at the end of ``day`` (their latest event by then)."""
    latest: dict[int, tuple] = {}
    for e in events:
        if e.occurred_on <= day:
            key = (e.occurred_on, e.id)
            who = getattr(e, owner)
            if who not in latest or key > latest[who][0]:
                latest[who] = (key, e.to_status)
    counts: dict[str, int] = defaultdict(int)
    for _key, status in latest.values():
        counts[status] += 1
    return counts


def expected_figures(s, start: dt.date, end: dt.date) -> dict:
    match_events = s.scalars(select(MatchEvent)).all()
    first_active: dict[int, dt.date] = {}
    closed = set()
    for e in match_events:
        if e.to_status == MatchStatus.ACTIVE.value:
            first_active[e.match_id] = min(first_active.get(e.match_id, e.occurred_on),
                                           e.occurred_on)
        if e.to_status == MatchStatus.CLOSED.value and start <= e.occurred_on <= end:
            closed.add(e.match_id)
    paid = [c for c in s.scalars(select(ExpenseClaim)).all()
            if c.status == ExpenseStatus.PAID and start <= c.date <= end]
    return {
        "started": sum(1 for d in first_active.values() if start <= d <= end),
        "closed": len(closed),
        "active_end": status_at_end(match_events, "match_id", end)[MatchStatus.ACTIVE.value],
        "elders": status_at_end(s.scalars(select(ElderEvent)).all(), "elder_id", end),
        "fosterers": status_at_end(s.scalars(select(FostererEvent)).all(), "fosterer_id", end),
        "paid_total": sum((claim_total(c) for c in paid), Decimal("0.00")),
        "paid_count": len(paid),
    }


# --- reimbursement statement --------------------------------------------------------------------

def _busiest_fosterer(database) -> tuple[int, dt.date, dt.date]:
    with database.sessions() as s:
        fid, first, last = s.execute(
            select(ExpenseClaim.fosterer_id, func.min(ExpenseClaim.date),
                   func.max(ExpenseClaim.date))
            .group_by(ExpenseClaim.fosterer_id)
            .order_by(func.count().desc(), ExpenseClaim.fosterer_id).limit(1)).one()
    return fid, first.replace(day=1), last


def test_statement_lists_every_claim_and_its_totals_add_up(demo_db, demo_actors):
    fid, start, end = _busiest_fosterer(demo_db)
    with demo_db.sessions.begin() as s:
        claims = s.scalars(select(ExpenseClaim).where(
            ExpenseClaim.fosterer_id == fid, ExpenseClaim.date >= start,
            ExpenseClaim.date <= end)).all()
        assert len(claims) >= 2
        # one of them rejected, to see it listed but not reimbursed
        submitted = [c for c in claims if c.status == ExpenseStatus.DRAFT]
        actor = demo_actors[Role.COORDINATOR]
        if submitted:
            expenses.submit_expense(s, actor, submitted[0].id)
            expenses.decide_expense(s, actor, submitted[0].id, False, "Spesa non pertinente")
        s.flush()
        claims = s.scalars(select(ExpenseClaim).where(
            ExpenseClaim.fosterer_id == fid, ExpenseClaim.date >= start,
            ExpenseClaim.date <= end)).all()
        fosterer = s.get(Fosterer, fid)
        name = f"{fosterer.last_name} {fosterer.first_name}"
        cf = fosterer.codice_fiscale
        total = sum((claim_total(c) for c in claims), Decimal("0.00"))
        due = sum((claim_total(c) for c in claims
                   if c.status in (ExpenseStatus.APPROVED, ExpenseStatus.PAID)),
                  Decimal("0.00"))
        km = sum((Decimal(c.km) for c in claims), Decimal("0.0"))
        days = {c.date for c in claims}
        statuses = {c.status for c in claims}

    text, pages, document, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR], DocumentRequest("expenses", fid, date_from=start,
                                                                date_to=end))
    line = flat(text)
    assert "Prospetto dei rimborsi" in line and "RISERVATO" in line
    assert name in line
    if cf:
        assert cf in line
    for day in days:
        assert f"{day:%d/%m/%Y}" in line
    for status in statuses:
        assert status.label in line
    # the totals row of the table, the summary's total and the sum to reimburse
    n = len(claims)
    assert f"Totale {n} voci {number(km, 1)}" in line
    assert f"Totale delle voci {n} {number(km, 1)}" in line
    assert money(total) in line
    assert f"Totale da rimborsare {money(due)}" in line
    assert "Concorrono al totale da rimborsare solo le voci approvate o già liquidate" in line
    assert "Il coordinatore del progetto" in line and "L'affidatario/a" in line
    assert f"Pagina {pages} di {pages}" in line
    assert document.filename.startswith("prospetto-rimborsi-") and document.filename.isascii()
    with demo_db.sessions() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.PRINT)
                          .order_by(AuditEvent.id.desc()).limit(1)).one()
        assert audit.fosterer_id == fid and audit.detail["document"] == "expenses"


def test_statement_data_add_up(demo_db, demo_actors):
    """The statement's own figures: rows → totals row → summary by status → sum to reimburse."""
    fid, start, end = _busiest_fosterer(demo_db)
    with demo_db.sessions() as s:
        data = collect_expenses(s, demo_actors[Role.COORDINATOR],
                                DocumentRequest("expenses", fid, date_from=start, date_to=end))
    rows, totals = data["rows"], data["totals"]
    assert rows
    for key in ("km", "km_amount", "costs", "total"):
        assert sum(r[key] for r in rows) == totals[key]
        assert sum(v[key] for v in data["by_status"].values()) == totals[key]
    for r in rows:
        assert r["km_amount"] + r["costs"] == r["total"]
    assert data["to_reimburse"]["total"] == data["paid"]["total"] + data["to_pay"]["total"]
    assert data["fosterer_id"] == fid


def test_statement_prints_markup_and_emoji_literally(demo_db, demo_actors):
    fid, _start, _end = _busiest_fosterer(demo_db)
    day = TODAY - dt.timedelta(days=1)
    description = "<b>Rossi & figli</b> <img src=x.png> pranzo 😀 ☕ &amp;"
    with demo_db.sessions.begin() as s:
        xid = expenses.add_expense(s, demo_actors[Role.COORDINATOR], fid, {
            "date": day, "km": Decimal("12"), "costs": Decimal("7.50"),
            "description": description})
        total = claim_total(s.get(ExpenseClaim, xid))
    text, _pages, _doc, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR],
        DocumentRequest("expenses", fid, date_from=day, date_to=day))
    line = flat(text)
    # 😀 is drawn (DejaVu has it) but reportlab writes a ToUnicode entry for characters beyond
    # U+FFFF that pypdf cannot read back: it is the only character missing from the text read
    assert flat(description.replace("😀", "")) in line
    assert f"{day:%d/%m/%Y}" in line and money(total) in line


def test_statement_of_a_fosterer_without_claims(demo_db, demo_actors):
    with demo_db.sessions() as s:
        fid = s.scalar(select(Fosterer.id).where(
            Fosterer.id.not_in(select(ExpenseClaim.fosterer_id))).order_by(Fosterer.id))
    text, pages, _doc, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR],
        DocumentRequest("expenses", fid, date_from=YEAR_AGO, date_to=TODAY))
    line = flat(text)
    assert pages == 1
    assert "Nessuna spesa registrata per l'affidatario nel periodo." in line
    assert "Totale da rimborsare € 0,00" in line


def test_statement_needs_permission_to_print_expenses(demo_db, demo_actors):
    with demo_db.sessions() as s, pytest.raises(PermissionDenied):
        prepare(s, demo_actors[Role.PSYCHOLOGIST],
                DocumentRequest("expenses", 1, date_from=YEAR_AGO, date_to=TODAY))


# --- activity report ----------------------------------------------------------------------------

def test_activity_report_figures_match_an_independent_count(demo_db, demo_actors):
    with demo_db.sessions() as s:
        want = expected_figures(s, YEAR_AGO, TODAY)
    assert want["started"] and want["closed"] and want["paid_count"]
    text, pages, document, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR],
        DocumentRequest("activity", date_from=YEAR_AGO, date_to=TODAY))
    line = flat(text)
    assert "Relazione di attività" in line and "RISERVATO" not in line
    assert f"Abbinamenti avviati nel periodo {want['started']}" in line
    assert f"Avviati nel periodo {want['started']}" in line
    assert f"Conclusi nel periodo {want['closed']}" in line
    assert f"Abbinamenti attivi al {TODAY.day} " in line
    assert re.search(rf"Attivi al \d+ \w+ \d{{4}} {want['active_end']}\b", line)
    assert f"Rimborsi liquidati {money(want['paid_total'])}" in line
    assert f"Liquidati {want['paid_count']} " in line
    elders = line[line.index("Anziani per stato"):line.index("Affidatari per stato")]
    fosterers = line[line.index("Affidatari per stato"):line.index("3. Supervisione")]
    for part, enum, counts in ((elders, ElderStatus, want["elders"]),
                               (fosterers, FostererStatus, want["fosterers"])):
        for status in enum:  # the table's row: label, number, share
            n = counts.get(status.value, 0)
            assert re.search(rf"\b{re.escape(status.label)} {n} \d+%", part), status
    # the charts' legends and titles, and the definition of supervision on time
    assert "Abbinamenti avviati e conclusi per mese" in line
    assert "Avviati Conclusi" in line
    assert "Puntuali:" in line and "In ritardo:" in line and "Mancanti:" in line
    assert "Puntuale: la supervisione si è svolta entro la scadenza" in line
    assert "Ore di formazione erogate" in line
    assert "Nessun dato" not in line
    assert pages <= 4
    assert document.filename == (f"relazione-attivita-{YEAR_AGO.isoformat()}-"
                                 f"{TODAY.isoformat()}.pdf")
    with demo_db.sessions() as s:  # no personal data: no audit row
        assert not s.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.PRINT)).all()


def test_activity_report_names_no_one(demo_db, demo_actors):
    text, _pages, _doc, _ = print_document(
        demo_db, demo_actors[Role.PSYCHOLOGIST],
        DocumentRequest("activity", date_from=TODAY - dt.timedelta(days=730), date_to=TODAY))
    # the footer names the operator who printed it (staff, not a person in the programme)
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("Stampato il"))
    with demo_db.sessions() as s:
        people = [*s.execute(select(Elder.last_name, Elder.first_name, Elder.codice_fiscale)),
                  *s.execute(select(Fosterer.last_name, Fosterer.first_name,
                                    Fosterer.codice_fiscale))]
    assert len(people) > 50
    for last, _first, cf in people:
        assert not re.search(rf"\b{re.escape(last)}\b", body), "un cognome nella relazione"
        if cf:
            assert cf not in body


def test_activity_report_of_an_empty_period(demo_db, demo_actors):
    start, end = dt.date(2001, 1, 1), dt.date(2002, 12, 31)
    text, pages, _doc, _ = print_document(
        demo_db, demo_actors[Role.COORDINATOR],
        DocumentRequest("activity", date_from=start, date_to=end))
    line = flat(text)
    assert pages <= 2
    assert line.count("Nessun dato") >= 7
    assert "Nessun dato: nessun abbinamento avviato o concluso nel periodo." in line
    assert "Nessun dato: nessuna supervisione dovuta nel periodo." in line
    assert "Avviati nel periodo 0" in line and "Rimborsi liquidati € 0,00" in line


def test_read_only_staff_cannot_print_the_activity_report(demo_db, demo_actors):
    with demo_db.sessions() as s, pytest.raises(PermissionDenied):
        prepare(s, demo_actors[Role.READ_ONLY],
                DocumentRequest("activity", date_from=YEAR_AGO, date_to=TODAY))


@pytest.mark.pg
def test_collect_on_both_databases(db):
    """The aggregate queries give the independent figures on SQLite and PostgreSQL."""
    build_demo(db, DemoSpec(elders=24, fosterers=18, seed=11))
    with db.sessions() as s:
        actor = load_actor(s, "coordinatore")
        data = collect(s, actor, DocumentRequest("activity", date_from=YEAR_AGO,
                                                 date_to=TODAY))
        want = expected_figures(s, YEAR_AGO, TODAY)
        empty = collect(s, actor, DocumentRequest("activity", date_from=dt.date(2001, 1, 1),
                                                  date_to=dt.date(2001, 12, 31)))
    pairs = data["pairs"]
    assert pairs["started"] == want["started"] > 0
    assert pairs["closed"] == want["closed"]
    assert sum(n for _r, n in pairs["closed_by_reason"]) >= pairs["closed"]
    assert pairs["active_end"] == want["active_end"]
    assert sum(m["started"] for m in pairs["per_month"]) == want["started"]
    assert len(pairs["per_month"]) in (12, 13)
    assert dict(data["elders"]["by_status"]) == {
        st.label: want["elders"].get(st.value, 0) for st in ElderStatus}
    assert dict(data["fosterers"]["by_status"]) == {
        st.label: want["fosterers"].get(st.value, 0) for st in FostererStatus}
    assert data["expenses"]["paid"]["total"] == want["paid_total"]
    assert data["expenses"]["paid"]["count"] == want["paid_count"]
    sup = data["supervision"]
    assert sup["sessions"] > 0 and sup["due"] == sup["on_time"] + sup["late"] + sup["missing"]
    assert sup["on_time"] > 0
    assert data["training"]["sessions"] > 0 and data["training"]["hours"] > 0
    assert empty["pairs"]["started"] == empty["pairs"]["closed"] == 0
    assert empty["elders"]["total"] == empty["fosterers"]["total"] == 0
    assert empty["supervision"]["due"] == empty["training"]["sessions"] == 0


# --- the pieces ---------------------------------------------------------------------------------

D = dt.date


def active_from(day: dt.date) -> list[tuple[dt.date, str]]:
    return [(day - dt.timedelta(days=20), "proposed"), (day, "active")]


def test_supervision_on_time_late_and_missing():
    start, end = D(2026, 1, 1), D(2026, 6, 30)
    events = active_from(D(2025, 12, 1))
    # last supervised on 20/12: due 19/1, met that day (on time); due 18/2, met on 1/3 (late);
    # due 31/3 never met: missing, and so every 30 days after (30/4, 30/5, 29/6)
    meetings = [D(2026, 1, 19), D(2026, 3, 1)]
    out = walk_pair(events, D(2025, 12, 20), meetings, 30, start, end)
    assert out == [ON_TIME, LATE, MISSING, MISSING, MISSING, MISSING]


def test_supervision_is_not_due_while_a_pair_is_suspended_or_closed():
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    events = [*active_from(D(2025, 12, 1)), (D(2026, 1, 10), "suspended"),
              (D(2026, 5, 1), "active"), (D(2026, 6, 15), "closed")]
    # due 31/12 (before the period); suspended from 10/1 to 1/5, so nothing is due then;
    # due again 31/5, met on 25/5; the next due date (24/6) falls after the closure
    out = walk_pair(events, None, [D(2026, 5, 25)], 30, start, end)
    assert out == [ON_TIME]


def test_supervision_of_a_pair_started_in_the_period():
    start, end = D(2026, 1, 1), D(2026, 3, 31)
    out = walk_pair(active_from(D(2026, 2, 1)), None, [], 30, start, end)
    assert out == [MISSING]  # due 3/3, nothing held by the end of March


def test_charts_print_nessun_dato_instead_of_an_empty_chart():
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import Paragraph

    empty = charts.bar_chart(["gen", "feb"], [("Avviati", [0, 0]), ("Conclusi", [0, 0])])
    assert isinstance(empty, Paragraph) and "Nessun dato" in empty.getPlainText()
    assert isinstance(charts.hbar_chart([("Segnalato", 0)]), Paragraph)
    assert isinstance(charts.pie_chart([("Puntuali", 0), ("Mancanti", 0)]), Paragraph)
    drawn = [charts.bar_chart(["gen\n2026", "feb"], [("Avviati", [3, 1])]),
             charts.hbar_chart([("Segnalato", 4), ("In affido", 1234)]),
             charts.pie_chart([("Puntuali", 5), ("In ritardo", 0), ("Mancanti", 0)])]
    assert all(isinstance(d, Drawing) for d in drawn)
    texts = [s.text for d in drawn for s in _strings(d)]
    assert "1.234" in texts  # Italian thousands separator on the bar
    assert "Puntuali: 5 (100%)" in texts
    assert "In ritardo: 0 (0%)" in texts  # an empty slice is left out, not its legend


def _strings(node):
    """Every String of a drawing, charts (widgets) drawn into shapes first."""
    from reportlab.graphics.shapes import Shape, String

    if isinstance(node, String):
        yield node
    elif not isinstance(node, Shape) and hasattr(node, "draw"):
        yield from _strings(node.draw())
    for child in getattr(node, "contents", None) or []:
        yield from _strings(child)
