"""Supervision of running pairs, driven through the real view, dialogs and dashboard panel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from sqlalchemy import select

from affido_app.db.models import Match
from affido_app.domain.enums import MatchStatus, Role, SupervisionKind, WellbeingLevel
from affido_app.services import people as P
from affido_app.services import supervision as sv
from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog
from affido_app.ui.dialogs.supervision_dialog import SupervisionDialog
from affido_app.ui.i18n import tr
from affido_app.ui.views.supervision import (
    DUE,
    ELDER,
    EVERY,
    LAST,
    RISK,
    STATUS,
    SupervisionView,
)
from affido_app.ui.widgets.format import italian_date
from affido_app.ui.widgets.supervision_panel import OVERDUE_COLOR, SupervisionPanel
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for, fake_message_boxes

TODAY = dt.date.today()
SECRET = "Il figlio alza la voce con la madre"


# --- helpers --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes never open a modal loop; their texts are kept."""
    return fake_message_boxes(monkeypatch)


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def keep(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def make_pair(s, actor, elder: str, fosterer: str, started_days_ago: int,
              every_days: int = 30) -> dict:
    """An ACTIVE match written straight to the database (as the service tests do)."""
    eid = P.create_elder(s, actor, elder_data(last_name=elder))
    fid = P.create_fosterer(s, actor, fosterer_data(last_name=fosterer))
    started = TODAY - dt.timedelta(days=started_days_ago)
    m = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.ACTIVE, status_since=started,
              proposed_on=started - dt.timedelta(days=10), started_on=started,
              supervision_every_days=every_days)
    s.add(m)
    s.flush()
    return {"match": m.id, "elder": eid, "fosterer": fid, "started": started,
            "elder_name": f"{elder} Maria", "fosterer_name": f"{fosterer} Giorgio"}


@pytest.fixture
def pairs(ctx):
    """Three running pairs: Amato overdue by 70 days, Bruno by 10, Costa due in 20."""
    with ctx.begin() as s:
        return {
            "A": make_pair(s, ctx.actor, "Amato", "Ferri", 100),
            "B": make_pair(s, ctx.actor, "Bruno", "Galli", 40),
            "C": make_pair(s, ctx.actor, "Costa", "Neri", 10),
        }


def make_view(qtbot, ctx) -> SupervisionView:
    view = SupervisionView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


def row_of(view: SupervisionView, match_id: int) -> int:
    return next(i for i, r in enumerate(view.pair_rows) if r["match_id"] == match_id)


def cell(view: SupervisionView, match_id: int, column: int):
    return view.pairs_table.item(row_of(view, match_id), column)


def record_session(qtbot, view, match_ids, notes: list[dict]) -> int:
    """A new meeting for the pairs through the view and the real dialogs."""
    view.select_pairs(match_ids)
    dialog = keep(qtbot, view.new_session_for_selected(exec=False))
    for index, values in enumerate(notes):
        note = keep(qtbot, dialog.edit_pair(index, exec=False))
        for name, value in values.items():
            note.form.set_value(name, value)
        click(qtbot, note.save_button)
        assert note.result() == PairNoteDialog.DialogCode.Accepted
    click(qtbot, dialog.save_button)
    assert dialog.result() == SupervisionDialog.DialogCode.Accepted, dialog.banner.text()
    return dialog.saved_id


# --- the Pairs tab --------------------------------------------------------------------------------

def test_pairs_tab_lists_overdue_pairs_first(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    a, b, c = pairs["A"], pairs["B"], pairs["C"]
    table = view.pairs_table
    assert [table.item(r, ELDER).text() for r in range(table.rowCount())] == [
        a["elder_name"], b["elder_name"], c["elder_name"]]
    status = cell(view, a["match"], STATUS)
    assert status.text() == tr("Overdue by {n} days").format(n=70)
    assert status.foreground().color() == OVERDUE_COLOR and not status.icon().isNull()
    assert cell(view, b["match"], STATUS).text() == tr("Overdue by {n} days").format(n=10)
    assert cell(view, c["match"], STATUS).text() == tr("Up to date")
    assert cell(view, a["match"], LAST).text() == tr("never")
    assert cell(view, a["match"], EVERY).text() == tr("every {n} days").format(n=30)
    assert cell(view, c["match"], DUE).text() == italian_date(
        c["started"] + dt.timedelta(days=30))
    assert view.summary_label.text() == tr(
        "Running pairs: {n} · overdue: {overdue} · open risk flags: {risks}").format(
        n=3, overdue=2, risks=0)
    # the filter keeps only what is due
    view.show_combo.setCurrentIndex(view.show_combo.findData("due"))
    assert [r["match_id"] for r in view.pair_rows] == [a["match"], b["match"]]
    view.pair_search.setText("bruno")
    assert [r["match_id"] for r in view.pair_rows] == [b["match"]]
    # buttons follow the selection
    view.select_pairs([b["match"]])
    assert view.open_elder_button.isEnabled() and view.new_for_pairs_button.isEnabled()
    with qtbot.waitSignal(ctx.open_record) as opened:
        click(qtbot, view.open_fosterer_button)
    assert opened.args == ["fosterer", b["fosterer"]]


def test_group_session_with_two_notes_updates_the_pairs(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    a, b = pairs["A"], pairs["B"]
    view.select_pairs([a["match"], b["match"]])
    dialog = keep(qtbot, view.new_session_for_selected(exec=False))
    assert dialog.form.value("kind") == SupervisionKind.GROUP
    assert dialog.form.value("led_by_id") == ctx.actor.id
    assert set(dialog.checked_fosterers()) == {a["fosterer"], b["fosterer"]}  # pre-ticked
    assert [r["match_id"] for r in dialog.rows()] == [a["match"], b["match"]]
    dialog.form.set_value("place", "Sede di Rivoli")
    dialog.form.set_value("notes", SECRET)

    note = keep(qtbot, dialog.edit_pair(0, exec=False))
    assert note.form.names() == list(sv.NOTE_FIELDS)  # the user leads it: every field
    note.form.set_value("how_it_goes", "Incontri regolari, buona intesa.")
    note.form.set_value("elder_wellbeing", WellbeingLevel.GOOD)
    note.form.set_value("next_date", TODAY - dt.timedelta(days=3))  # before the meeting
    click(qtbot, note.save_button)
    assert note.form.error("next_date") == ("La prossima verifica deve seguire la data "
                                            "dell'incontro.")
    note.form.set_value("next_date", TODAY + dt.timedelta(days=30))
    click(qtbot, note.save_button)
    assert dialog.pairs.text(0, 2) == WellbeingLevel.GOOD.label

    note = keep(qtbot, dialog.edit_pair(1, exec=False))
    note.form.set_value("problems", "Stanchezza dell'affidatario.")
    note.form.set_value("fosterer_wellbeing", WellbeingLevel.FAIR)
    click(qtbot, note.save_button)
    assert dialog.pairs.text(1, 3) == WellbeingLevel.FAIR.label

    click(qtbot, dialog.save_button)
    assert dialog.result() == SupervisionDialog.DialogCode.Accepted
    with ctx.begin() as s:
        record = sv.get_supervision(s, ctx.actor, dialog.saved_id)
    assert record["place"] == "Sede di Rivoli" and record["notes"] == SECRET
    assert {f["fosterer_id"] for f in record["fosterers"]} == {a["fosterer"], b["fosterer"]}
    notes = {n["match_id"]: n for n in record["pair_notes"]}
    assert notes[a["match"]]["how_it_goes"] == "Incontri regolari, buona intesa."
    assert notes[b["match"]]["fosterer_wellbeing"] == WellbeingLevel.FAIR

    # the view followed: both pairs supervised today, no longer overdue, moved down
    assert cell(view, a["match"], LAST).text() == italian_date(TODAY)
    assert cell(view, a["match"], STATUS).text() == tr("Up to date")
    assert [r["match_id"] for r in view.pair_rows] == [pairs["C"]["match"], a["match"],
                                                       b["match"]]
    # and the meeting is listed, newest first
    assert view.session_rows[0]["id"] == dialog.saved_id
    assert view.sessions_table.item(0, 3).text() == "2"


def test_a_refused_pair_note_saves_nothing_and_says_which_pair(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    a, b = pairs["A"], pairs["B"]
    view.select_pairs([a["match"], b["match"]])
    dialog = keep(qtbot, view.new_session_for_selected(exec=False))
    with ctx.begin() as s:  # meanwhile, from another PC, the pair ended last week
        match = s.get(Match, b["match"])
        match.status, match.ended_on = MatchStatus.CLOSED, TODAY - dt.timedelta(days=7)
    click(qtbot, dialog.save_button)
    assert dialog.result() != SupervisionDialog.DialogCode.Accepted
    assert dialog.banner.isVisibleTo(dialog)
    assert dialog.banner.text().startswith(f"{b['elder_name']} – {b['fosterer_name']}: ")
    with ctx.sessions() as s:
        assert sv.list_supervisions(s, ctx.actor) == []  # not even the meeting
    assert cell(view, a["match"], LAST).text() == tr("never")


def test_adding_a_pair_to_an_existing_meeting(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    sid = record_session(qtbot, view, [pairs["A"]["match"]], [{"how_it_goes": "Bene."}])
    dialog = keep(qtbot, view.open_session(sid, exec=False))
    assert dialog.form.value("kind") == SupervisionKind.INDIVIDUAL
    assert not dialog.save_button.isEnabled()
    assert dialog.add_pairs([pairs["C"]["match"], pairs["A"]["match"]]) == [pairs["C"]["match"]]
    assert dialog.save_button.isEnabled()  # the pair is saved with the meeting
    dialog.pairs.select(1)
    assert dialog.pairs.remove_button.isEnabled()
    dialog.pairs.select(0)
    assert not dialog.pairs.remove_button.isEnabled()  # a saved note stays
    click(qtbot, dialog.save_button)
    assert dialog.result() == SupervisionDialog.DialogCode.Accepted, dialog.banner.text()
    with ctx.sessions() as s:
        record = sv.get_supervision(s, ctx.actor, sid)
    assert {n["match_id"] for n in record["pair_notes"]} == {pairs["A"]["match"],
                                                            pairs["C"]["match"]}
    assert cell(view, pairs["C"]["match"], LAST).text() == italian_date(TODAY)


def test_risk_flag_stands_out_until_closed(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    panel = SupervisionPanel(ctx)
    qtbot.addWidget(panel)
    a = pairs["A"]
    record_session(qtbot, view, [a["match"]], [{"how_it_goes": "Tensioni in famiglia.",
                                                "risk_flag": True}])
    elder = cell(view, a["match"], ELDER)
    assert elder.font().bold() and not elder.icon().isNull()
    assert cell(view, a["match"], RISK).text() == tr("Open since {date}").format(
        date=italian_date(TODAY))
    assert cell(view, pairs["B"]["match"], ELDER).font().bold() is False
    assert panel.risk_list.count() == 1

    note = keep(qtbot, view.open_risk_note(a["match"], exec=False))
    assert note.close_risk_button.isVisible()
    assert not note.form.editor("risk_flag").isEnabled()  # closed, never cleared
    asking = keep(qtbot, note.close_risk(exec=False))
    assert asking.save() is False  # a closing note is required
    assert asking.form.error("risk_closing_note")
    asking.form.set_value("risk_closing_note", "Colloquio con i familiari: rientrata.")
    click(qtbot, asking.save_button)
    assert asking.result() == asking.DialogCode.Accepted
    assert not note.close_risk_button.isVisible()
    assert "Colloquio con i familiari: rientrata." in note.risk_label.text()
    assert "Carlo Coordinatore" in note.risk_label.text()

    # the pair no longer stands out, the panel has no open risk
    assert not cell(view, a["match"], ELDER).font().bold()
    assert cell(view, a["match"], RISK).text() == ""
    assert panel.risk_list.count() == 0 and panel.risk_empty.isVisibleTo(panel)
    # reopened later, the note says who closed the risk, when and why
    again = keep(qtbot, view.open_session(view.session_rows[0]["id"], exec=False))
    assert again.pairs.text(0, 4) == tr("Risk closed")
    closed = keep(qtbot, again.edit_pair(0, exec=False))
    assert "Colloquio con i familiari: rientrata." in closed.risk_label.text()
    assert not closed.close_risk_button.isVisible()


def test_changing_the_frequency_updates_the_due_date(qtbot, ctx, pairs):
    view = make_view(qtbot, ctx)
    c = pairs["C"]
    view.select_pairs([c["match"]])
    dialog = keep(qtbot, view.change_frequency(exec=False))
    spin = dialog.form.editor("supervision_every_days")
    assert (spin.minimum(), spin.maximum(), spin.value()) == (7, 180, 30)
    dialog.form.set_value("supervision_every_days", 7)
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert cell(view, c["match"], EVERY).text() == tr("every {n} days").format(n=7)
    assert cell(view, c["match"], DUE).text() == italian_date(c["started"] + dt.timedelta(7))
    assert cell(view, c["match"], STATUS).text() == tr("Overdue by {n} days").format(n=3)
    with ctx.sessions() as s:
        assert s.scalar(select(Match.supervision_every_days)
                        .where(Match.id == c["match"])) == 7


def test_confidential_notes_hidden_from_a_coordinator_who_did_not_take_part(
        qtbot, ctx, pairs, ui_actors):
    psy_ctx = context_for(ctx, ui_actors, Role.PSYCHOLOGIST)
    psy = psy_ctx.actor
    with psy_ctx.begin() as s:
        sid = sv.create_supervision(s, psy, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": dt.datetime.now(dt.UTC)
            - dt.timedelta(days=1), "led_by_id": psy.id, "notes": SECRET})
        sv.add_pair_note(s, psy, sid, pairs["A"]["match"], {
            "how_it_goes": SECRET, "elder_wellbeing": WellbeingLevel.POOR})

    dialog = keep(qtbot, SupervisionDialog.open_session(None, ctx, sid, exec=False))
    assert "notes" not in dialog.form
    assert dialog.notes_notice.isVisibleTo(dialog)
    assert not dialog.form.editor("led_by_id").isEnabled()  # who took part decides who reads
    assert not dialog.staff_list.isEnabled()
    texts = [w.text() for w in dialog.findChildren(QLineEdit)] + [
        w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
    assert not any(SECRET in t for t in texts)
    note = keep(qtbot, dialog.edit_pair(0, exec=False))
    assert "how_it_goes" not in note.form and note.notice is not None
    assert note.form.value("elder_wellbeing") == WellbeingLevel.POOR  # levels are shown
    assert not any(SECRET in w.toPlainText() for w in note.findChildren(QPlainTextEdit))

    # the psychologist who led it reads them
    own = keep(qtbot, SupervisionDialog.open_session(None, psy_ctx, sid, exec=False))
    assert own.form.value("notes") == SECRET and not own.notes_notice.isVisibleTo(own)

    # a new meeting led by someone else: the coordinator writes the notes only taking part
    new = keep(qtbot, SupervisionDialog.create(None, ctx, exec=False))
    new.form.set_value("led_by_id", psy.id)
    assert not new.form.editor("notes").isEnabled() and new.notes_notice.isVisibleTo(new)
    new.set_checked(new.staff_list, [ctx.actor.id])
    assert new.form.editor("notes").isEnabled() and not new.notes_notice.isVisibleTo(new)


def test_meetings_tab_filters_by_period(qtbot, ctx, pairs):
    with ctx.begin() as s:
        for days in (400, 20, 2):
            sv.create_supervision(s, ctx.actor, {
                "kind": SupervisionKind.GROUP, "held_at": dt.datetime.now(dt.UTC)
                - dt.timedelta(days=days), "led_by_id": ctx.actor.id, "place": f"Sala {days}"},
                staff_ids=[ctx.actor.id], fosterer_ids=[pairs["A"]["fosterer"]])
    view = make_view(qtbot, ctx)
    assert [r["place"] for r in view.session_rows] == ["Sala 2", "Sala 20"]  # last 12 months
    assert view.sessions_table.item(0, 4).text() == ", ".join(
        [tr("1 staff member"), tr("1 fosterer")])
    view.set_period(None, None)
    assert [r["place"] for r in view.session_rows] == ["Sala 2", "Sala 20", "Sala 400"]
    view.set_period(TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=10))
    assert [r["place"] for r in view.session_rows] == ["Sala 20"]
    assert view.sessions_count.text() == tr("1 meeting")


# --- the dashboard panel --------------------------------------------------------------------------

def test_dashboard_panel_lists_overdue_pairs_and_opens_the_record(qtbot, ctx, pairs):
    panel = SupervisionPanel(ctx)
    qtbot.addWidget(panel)
    a, b = pairs["A"], pairs["B"]
    lst = panel.overdue_list
    assert [lst.item(i).text() for i in range(lst.count())] == [
        tr("{pair}: overdue by {n} days").format(
            pair=f"{a['elder_name']} – {a['fosterer_name']}", n=70),
        tr("{pair}: overdue by {n} days").format(
            pair=f"{b['elder_name']} – {b['fosterer_name']}", n=10)]
    assert panel.count_label.text() == tr("{pairs}, {risks}").format(
        pairs=tr("{n} pairs to supervise").format(n=2), risks=tr("no open risk flag"))
    assert panel.risk_empty.isVisibleTo(panel)
    with qtbot.waitSignal(ctx.open_record) as opened:
        lst.itemActivated.emit(lst.item(1))
    assert opened.args == ["elder", b["elder"]]
    with qtbot.waitSignal(panel.show_all):
        panel.all_button.click()
    # a meeting elsewhere refreshes the panel
    with ctx.begin() as s:
        sid = sv.create_supervision(s, ctx.actor, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": dt.datetime.now(dt.UTC),
            "led_by_id": ctx.actor.id})
        sv.add_pair_note(s, ctx.actor, sid, a["match"], {"risk_flag": True})
    ctx.notify({"supervision"})
    assert lst.count() == 1 and panel.risk_list.count() == 1
    assert panel.count_label.text() == tr("{pairs}, {risks}").format(
        pairs=tr("1 pair to supervise"), risks=tr("1 open risk flag"))
    note = keep(qtbot, panel.open_note(panel.risk_rows[0], exec=False))
    assert note.risk_open() and note.close_risk_button.isVisible()


def test_read_only_user_sees_but_cannot_change(qtbot, ctx, pairs, ui_actors):
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    view = make_view(qtbot, reader)
    assert view.pairs_table.rowCount() == 3
    assert not view.new_for_pairs_button.isVisibleTo(view)
    assert not view.frequency_button.isVisibleTo(view)
    assert not view.new_session_button.isVisibleTo(view)
    with ctx.begin() as s:
        sid = sv.create_supervision(s, ctx.actor, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": dt.datetime.now(dt.UTC),
            "led_by_id": ctx.actor.id, "notes": SECRET})
        sv.add_pair_note(s, ctx.actor, sid, pairs["A"]["match"], {"how_it_goes": SECRET})
    ctx.notify({"supervision"})
    dialog = keep(qtbot, view.open_session(sid, exec=False))
    assert dialog.read_only and "notes" not in dialog.form
    assert not dialog.pairs.add_button.isVisibleTo(dialog)
    dialog.pairs.select(0)
    assert dialog.pairs.edit_button.isEnabled()  # the note opens, to be read
    note = keep(qtbot, dialog.edit_pair(0, exec=False))
    assert note.read_only and "how_it_goes" not in note.form
