"""Reimbursements: the fosterer's panel, the entry dialog, the office's queue, the €/km rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from affido_app.domain.enums import ExpenseStatus, Role
from affido_app.services import expenses as X
from affido_app.services.settings import get_setting
from affido_app.ui.dialogs.expense_dialog import ExpenseDialog, RejectExpenseDialog
from affido_app.ui.dialogs.km_rate_dialog import KmRateDialog
from affido_app.ui.i18n import tr
from affido_app.ui.views.expenses import ExpensesView
from affido_app.ui.widgets.expenses_panel import (
    STATUS_COLORS,
    ExpensesPanel,
    euro,
    km_text,
    rate_text,
)
from tests.services.test_expenses import fosterer, match_for
from tests.ui.conftest import context_for, fake_message_boxes

YEAR = dt.date.today().year - 1  # a whole past year: every date of it can be entered
MARCH, APRIL = 3, 4
MONTH_COLS = {"km": 1, "km_amount": 2, "costs": 3, "total": 4}
STATUS_COL = 6


# --- helpers --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes answer ``boxes.answer`` and remember their texts (never a modal loop)."""
    return fake_message_boxes(monkeypatch)


@pytest.fixture
def pair(ctx):
    """An approved fosterer with a proposed match: (fosterer id, match id)."""
    with ctx.begin() as s:
        fid = fosterer(s, ctx.actor, "Bianchi")
        return fid, match_for(s, ctx.actor, fid)


def add_entry(ctx, fid, day, km="0", costs="0", *, to=ExpenseStatus.DRAFT, match_id=None,
              actor=None) -> int:
    actor = actor or ctx.actor
    with ctx.begin() as s:
        xid = X.add_expense(s, actor, fid, {"date": day, "km": km, "costs": costs,
                                            "match_id": match_id})
        if to != ExpenseStatus.DRAFT:
            X.submit_expense(s, actor, xid)
        if to in (ExpenseStatus.APPROVED, ExpenseStatus.PAID):
            X.decide_expense(s, actor, xid, True)
        if to == ExpenseStatus.PAID:
            X.mark_paid(s, actor, xid)
        return xid


def entry(ctx, xid) -> dict:
    with ctx.sessions() as s:
        return X.get_expense(s, ctx.actor, xid)


def make_panel(qtbot, ctx, fid, month=MARCH) -> ExpensesPanel:
    panel = ExpensesPanel(ctx, fid)
    qtbot.addWidget(panel)
    panel.resize(1100, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_year(YEAR)
    panel.select_month(month)
    return panel


def keep(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, dialog, name, text):
    editor = dialog.form.editor(name)
    target = getattr(editor, "line", editor)
    dialog.form.focus(name)
    target.selectAll()
    qtbot.keyClicks(target, text)


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def month_row(panel, month) -> dict[str, str]:
    row = panel.TOTAL_ROW if month is None else month - 1
    return {k: panel.months.item(row, c).text() for k, c in MONTH_COLS.items()}


def select_entry(panel, xid) -> dict:
    for index, row in enumerate(panel.entries.rows):
        if row["id"] == xid:
            panel.entries.select(index)
            return panel.current_entry()
    raise AssertionError(xid)


def total_text(amount: str) -> str:
    return tr("Total: {total}").format(total=amount)


# --- formatting -----------------------------------------------------------------------------------

def test_italian_amounts():
    assert euro(D("1234.5")) == "1.234,50 €"
    assert euro(D("0.525")) == "0,53 €"  # half up, as the statement
    assert euro(D("0")) == "0,00 €" and euro(None) == "0,00 €"
    assert km_text(D("123.45")) == "123,5" and km_text(D("1234")) == "1.234,0"
    assert rate_text(D("0.300")) == "0,30" and rate_text(D("0.345")) == "0,345"


# --- entering expenses ----------------------------------------------------------------------------

def test_enter_expenses_through_the_dialog_and_monthly_totals(qtbot, ctx, pair):
    fid, mid = pair
    panel = make_panel(qtbot, ctx, fid)
    assert panel.rate_label.text() == tr("Mileage rate: {rate} €/km").format(rate="0,30")

    dialog = keep(qtbot, ExpenseDialog.create(panel, ctx, fid, exec=False,
                                              defaults={"date": dt.date(YEAR, MARCH, 10)}))
    assert dialog.is_new and not dialog.save_button.isEnabled()
    combo = dialog.form.editor("match_id")
    index = combo.index_of(mid) if hasattr(combo, "index_of") else combo.findData(mid)
    assert combo.itemText(index) == "Rossi Maria (Proposto)"
    combo.setCurrentIndex(index)
    type_into(qtbot, dialog, "km", "12,5")
    assert dialog.total_label.text() == total_text("3,75 €")  # live, while typing
    type_into(qtbot, dialog, "costs", "8,50")
    assert dialog.total_label.text() == total_text("12,25 €")
    assert "0,30 €/km = 3,75 €" in dialog.detail_label.text()
    dialog.form.editor("description").setText("Visita e spesa al mercato")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    first = entry(ctx, dialog.result_value)
    assert (first["km"], first["costs"], first["total"]) == (D("12.5"), D("8.50"), D("12.25"))
    assert first["match_id"] == mid and first["status"] == ExpenseStatus.DRAFT

    # the panel followed the change: March's totals and the entry listed
    assert month_row(panel, MARCH) == {"km": "12,5", "km_amount": "3,75 €",
                                       "costs": "8,50 €", "total": "12,25 €"}
    assert [r["id"] for r in panel.entries.rows] == [first["id"]]
    assert panel.entries.text(0, 1) == "Rossi Maria"
    assert panel.entries.text(0, 4) == "12,25 €"
    assert panel.entries.text(0, STATUS_COL) == ExpenseStatus.DRAFT.label

    # two more: one in March without a pair, one in April with costs only
    for day, km, costs in ((dt.date(YEAR, MARCH, 20), "7,25", ""),
                           (dt.date(YEAR, APRIL, 2), "", "5")):
        more = keep(qtbot, ExpenseDialog.create(panel, ctx, fid, exec=False,
                                                defaults={"date": day}))
        if km:
            type_into(qtbot, more, "km", km)
        if costs:
            type_into(qtbot, more, "costs", costs)
        click(qtbot, more.save_button)
        assert more.result() == QDialog.DialogCode.Accepted
    # 7,25 km is kept as 7,3 (one decimal) → 2,19 €
    assert month_row(panel, MARCH) == {"km": "19,8", "km_amount": "5,94 €",
                                       "costs": "8,50 €", "total": "14,44 €"}
    assert month_row(panel, APRIL)["total"] == "5,00 €"
    assert month_row(panel, None) == {"km": "19,8", "km_amount": "5,94 €",
                                      "costs": "13,50 €", "total": "19,44 €"}
    with ctx.sessions() as s:
        totals = X.monthly_totals(s, ctx.actor, fid, YEAR)
    assert totals[MARCH - 1]["total"] == D("14.44") and sum(t["total"] for t in totals) == \
        D("19.44")
    assert len(panel.entries.rows) == 2
    panel.select_month(None)  # the totals row lists the whole year
    assert len(panel.entries.rows) == 3
    assert panel.entries_box.title() == tr("Entries of the year {year}").format(year=YEAR)


def test_the_total_waits_for_valid_numbers_and_errors_show_next_to_fields(qtbot, ctx, pair):
    fid, _mid = pair
    dialog = keep(qtbot, ExpenseDialog.create(None, ctx, fid, exec=False))
    type_into(qtbot, dialog, "km", "abc")
    assert dialog.total_label.text() == tr("Total: —")
    type_into(qtbot, dialog, "km", "0")
    click(qtbot, dialog.save_button)  # neither km nor costs: the service says so
    assert dialog.isVisible()
    assert dialog.form.error("km") == "Indicare i chilometri percorsi o l'importo delle spese."
    assert dialog.form.binding("km").error_label.isVisible()
    type_into(qtbot, dialog, "date", "01/01/2099")
    type_into(qtbot, dialog, "costs", "3")
    click(qtbot, dialog.save_button)
    assert dialog.form.error("date") == "La data non può essere nel futuro."


def test_edit_and_delete_an_entry(qtbot, ctx, pair, boxes):
    fid, _mid = pair
    xid = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="10")
    panel = make_panel(qtbot, ctx, fid)
    select_entry(panel, xid)
    assert panel.edit_button.text() == tr("Edit…")
    dialog = keep(qtbot, ExpenseDialog.open_entry(panel, ctx, xid, exec=False))
    assert not dialog.read_only and dialog.form.value("km") == "10,0"
    assert dialog.total_label.text() == total_text("3,00 €")
    type_into(qtbot, dialog, "km", "20")
    click(qtbot, dialog.save_button)
    assert entry(ctx, xid)["km"] == D("20.0")
    assert month_row(panel, MARCH)["total"] == "6,00 €"

    boxes.answer = QMessageBox.StandardButton.Cancel
    select_entry(panel, xid)
    click(qtbot, panel.delete_button)
    assert "6,00 €" in boxes.texts[-1]
    assert len(panel.entries.rows) == 1
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, panel.delete_button)
    assert panel.entries.rows == [] and panel.entries.empty_label.isVisible()
    assert month_row(panel, MARCH)["total"] == "0,00 €"


# --- the approval flow ----------------------------------------------------------------------------

def test_submit_approve_and_mark_as_paid(qtbot, ctx, pair):
    fid, _mid = pair
    xid = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="12,5", costs="8,50")
    panel = make_panel(qtbot, ctx, fid)
    buttons = (panel.submit_button, panel.approve_button, panel.reject_button,
               panel.paid_button)
    assert not any(b.isEnabled() for b in buttons)  # nothing selected
    steps = ((panel.submit_button, ExpenseStatus.SUBMITTED),
             (panel.approve_button, ExpenseStatus.APPROVED),
             (panel.paid_button, ExpenseStatus.PAID))
    for button, status in steps:
        select_entry(panel, xid)
        assert [b.isEnabled() for b in buttons].count(True) in (1, 2)
        click(qtbot, button)
        assert entry(ctx, xid)["status"] == status
        assert panel.current_entry()["id"] == xid  # the selection stays
        item = panel.entries.table.item(0, STATUS_COL)
        assert item.text() == status.label
        assert item.foreground().color().name() == STATUS_COLORS[status]
    assert not any(b.isEnabled() for b in buttons)
    assert not panel.delete_button.isEnabled()
    assert panel.edit_button.text() == tr("View…")
    # paid entries still count in the month
    assert month_row(panel, MARCH)["total"] == "12,25 €"
    dialog = keep(qtbot, ExpenseDialog.open_entry(panel, ctx, xid, exec=False))
    assert dialog.read_only and not dialog.save_button.isVisible()
    assert ExpenseStatus.PAID.label in dialog.status_label.text()


def test_rejection_needs_a_reason(qtbot, ctx, pair, monkeypatch):
    fid, _mid = pair
    xid = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="10", to=ExpenseStatus.SUBMITTED)
    panel = make_panel(qtbot, ctx, fid)
    row = select_entry(panel, xid)

    dialog = keep(qtbot, RejectExpenseDialog.ask(panel, ctx, row, exec=False))
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)  # no reason
    assert dialog.isVisible()
    message = "Indicare il motivo per cui il rimborso è respinto."
    assert dialog.form.error("note") == message
    assert dialog.form.binding("note").error_label.text() == message
    assert entry(ctx, xid)["status"] == ExpenseStatus.SUBMITTED
    dialog.discard_and_close()

    # through the panel's button: the dialog is answered as a user would
    def answer(dlg):
        dlg.form.editor("note").setPlainText("Percorso non documentato")
        dlg.save()
        return dlg.result()

    monkeypatch.setattr(RejectExpenseDialog, "exec", answer)
    click(qtbot, panel.reject_button)
    rejected = entry(ctx, xid)
    assert rejected["status"] == ExpenseStatus.REJECTED
    assert rejected["decision_note"] == "Percorso non documentato"
    item = panel.entries.table.item(0, STATUS_COL)
    assert item.text() == ExpenseStatus.REJECTED.label
    assert "Percorso non documentato" in item.toolTip()
    assert month_row(panel, MARCH)["total"] == "0,00 €"  # rejected entries do not count


# --- permissions ----------------------------------------------------------------------------------

def test_social_worker_enters_and_submits_but_cannot_decide(qtbot, ctx, pair, ui_actors):
    fid, _mid = pair
    xid = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="10", to=ExpenseStatus.SUBMITTED)
    sw = context_for(ctx, ui_actors, Role.SOCIAL_WORKER)
    panel = make_panel(qtbot, sw, fid)
    select_entry(panel, xid)
    assert panel.new_button.isVisible() and panel.submit_button.isVisible()
    for hidden in (panel.approve_button, panel.reject_button, panel.paid_button,
                   panel.delete_button):
        assert not hidden.isVisible(), hidden.objectName()
    assert panel.edit_button.text() == tr("Edit…")  # still editable while submitted

    view = ExpensesView(sw)
    qtbot.addWidget(view)
    view.show()
    view.select_ids([xid])
    assert [r["id"] for r in view.selected_rows()] == [xid]
    for hidden in (view.approve_button, view.reject_button, view.paid_button):
        assert not hidden.isVisible()
    assert not view.approve()  # the service refuses anyway
    assert entry(ctx, xid)["status"] == ExpenseStatus.SUBMITTED

    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    panel2 = make_panel(qtbot, reader, fid)
    select_entry(panel2, xid)
    assert not panel2.new_button.isVisible() and not panel2.submit_button.isVisible()
    assert panel2.edit_button.text() == tr("View…")
    dialog = keep(qtbot, ExpenseDialog.open_entry(panel2, reader, xid, exec=False))
    assert dialog.read_only


# --- the €/km rate --------------------------------------------------------------------------------

def test_km_rate_dialog_for_admins_only_and_new_entries_use_it(qtbot, ctx, pair, ui_actors):
    fid, _mid = pair
    old = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="1,5")

    denied = keep(qtbot, KmRateDialog.change(None, ctx, exec=False))  # a coordinator
    assert denied.read_only and not denied.save_button.isVisible()
    assert not denied.save()
    with ctx.sessions() as s:
        assert get_setting(s, "expenses.km_rate") == "0.30"

    admin = context_for(ctx, ui_actors, Role.ADMIN)
    panel = make_panel(qtbot, admin, fid)
    dialog = keep(qtbot, KmRateDialog.change(None, admin, exec=False))
    assert dialog.form.value("km_rate") == "0,30"
    for wrong, message in (("0", tr("The rate must be more than zero.")),
                           ("2,5", None), ("abc", "Importo non valido.")):
        type_into(qtbot, dialog, "km_rate", wrong)
        click(qtbot, dialog.save_button)
        assert dialog.isVisible() and dialog.form.error("km_rate")
        if message:
            assert dialog.form.error("km_rate") == message
    type_into(qtbot, dialog, "km_rate", "0,35")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ctx.sessions() as s:
        assert get_setting(s, "expenses.km_rate") == "0.35"
    assert panel.rate_label.text() == tr("Mileage rate: {rate} €/km").format(rate="0,35")

    new = keep(qtbot, ExpenseDialog.create(None, admin, fid, exec=False,
                                           defaults={"date": dt.date(YEAR, MARCH, 6)}))
    type_into(qtbot, new, "km", "1,5")
    assert new.total_label.text() == total_text("0,53 €")  # 0,525 rounded half up
    click(qtbot, new.save_button)
    assert entry(ctx, new.result_value)["km_rate"] == D("0.35")
    assert entry(ctx, new.result_value)["total"] == D("0.53")
    assert entry(ctx, old)["km_rate"] == D("0.30")  # entries already made keep their rate
    assert entry(ctx, old)["total"] == D("0.45")
    assert month_row(panel, MARCH)["total"] == "0,98 €"


# --- the office's queue ---------------------------------------------------------------------------

def test_pending_queue_view(qtbot, ctx, pair):
    fid, mid = pair
    with ctx.begin() as s:
        other = fosterer(s, ctx.actor, "Verdi")
    a = add_entry(ctx, fid, dt.date(YEAR, MARCH, 5), km="12,5", costs="8,50", match_id=mid,
                  to=ExpenseStatus.SUBMITTED)
    b = add_entry(ctx, other, dt.date(YEAR, MARCH, 2), costs="4", to=ExpenseStatus.SUBMITTED)
    c = add_entry(ctx, other, dt.date(YEAR, APRIL, 1), km="10", to=ExpenseStatus.APPROVED)
    add_entry(ctx, fid, dt.date(YEAR, APRIL, 3), km="3")  # a draft: not for the office yet
    add_entry(ctx, fid, dt.date(YEAR, APRIL, 4), km="3", to=ExpenseStatus.PAID)

    view = ExpensesView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    assert [r["id"] for r in view.rows] == [b, a, c]  # oldest first
    texts = [view.table.item(1, col).text() for col in range(len(view.COLUMNS))]
    assert texts[:8] == ["Bianchi Luca", f"05/03/{YEAR}", f"marzo {YEAR}", "Rossi Maria",
                         "12,5", "8,50 €", "12,25 €", ExpenseStatus.SUBMITTED.label]
    assert "19,25 €" in view.summary.text()  # 4,00 + 12,25 + 3,00
    assert not view.month_combo.isEnabled()

    view.set_filter(statuses=(ExpenseStatus.SUBMITTED,))
    assert [r["id"] for r in view.rows] == [b, a]
    view.set_filter(statuses=(ExpenseStatus.SUBMITTED, ExpenseStatus.APPROVED), year=YEAR,
                    month=APRIL)
    assert view.month_combo.isEnabled()
    assert [r["id"] for r in view.rows] == [c]
    view.set_filter(month=None)
    assert len(view.rows) == 3

    # approve two at once; the approved one is left alone
    view.select_ids([a, b])
    assert view.approve_button.isEnabled() and not view.reject_button.isEnabled()
    assert not view.paid_button.isEnabled()
    click(qtbot, view.approve_button)
    assert {entry(ctx, x)["status"] for x in (a, b)} == {ExpenseStatus.APPROVED}
    assert {r["status"] for r in view.rows} == {ExpenseStatus.APPROVED}
    assert {r["id"] for r in view.selected_rows()} == {a, b}  # the selection stays

    view.select_ids([a, b, c])
    click(qtbot, view.paid_button)
    assert {entry(ctx, x)["status"] for x in (a, b, c)} == {ExpenseStatus.PAID}
    assert view.rows == [] and view.empty_label.isVisible()

    # the fosterer's record opens from the queue
    d = add_entry(ctx, fid, dt.date(YEAR, 5, 1), km="1", to=ExpenseStatus.SUBMITTED)
    ctx.notify({"expenses"})
    assert [r["id"] for r in view.rows] == [d]  # refreshed on ctx.changed
    view.select_ids([d])
    with qtbot.waitSignal(ctx.open_record) as opened:
        click(qtbot, view.fosterer_button)
    assert opened.args == ["fosterer", fid]
