"""Matching in the interface: suggestions, the plan, the pair's page and status, the pairs list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from affido_app.db.models import Match, MatchEvent
from affido_app.domain.enums import (
    ElderStatus,
    FostererStatus,
    MatchCloseReason,
    MatchStatus,
    Role,
    SupervisionKind,
)
from affido_app.services import consents, matches
from affido_app.services import people as P
from affido_app.services import supervision as sv
from affido_app.ui.dialogs.match_dialog import MatchDialog
from affido_app.ui.dialogs.match_status_dialog import MatchStatusDialog
from affido_app.ui.dialogs.suggestions_dialog import (
    C_NAME,
    SCORE_ROLE,
    X_NAME,
    X_REASONS,
    SuggestionsDialog,
    points_text,
)
from affido_app.ui.i18n import tr
from affido_app.ui.models import paged
from affido_app.ui.views import matches as matches_view
from affido_app.ui.views.matches import ElderPicker, MatchesView
from affido_app.ui.views.plan import ACCEPTED, PENDING, REJECTED, PlanView
from tests.helpers import elder_data, fosterer_data, give_approval_evidence
from tests.ui.conftest import context_for

TODAY = dt.date.today()


# --- helpers --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes never open a modal loop: they answer from ``boxes.answers`` (then
    Cancel) and keep their texts."""

    class Boxes:
        answers: list = []
        texts: list[str] = []

    def fake_exec(box):
        Boxes.texts.append(box.text())
        return Boxes.answers.pop(0) if Boxes.answers else QMessageBox.StandardButton.Cancel

    Boxes.answers, Boxes.texts = [], []
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return Boxes


@pytest.fixture
def opened(ctx):
    """What the windows asked the main window to open: [(kind, id)]."""
    seen: list[tuple[str, int]] = []
    ctx.open_record.connect(lambda kind, rid: seen.append((kind, rid)))
    return seen


def keep(qtbot, dialog):
    close = getattr(dialog, "discard_and_close", None)
    qtbot.addWidget(dialog, before_close_func=(lambda d: d.discard_and_close()) if close
                    else None)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def waiting_elder(ctx, last_name: str, comune: str = "Rivoli") -> int:
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data(last_name=last_name, comune=comune))
        consents.record_consent(s, ctx.actor, elder_id=eid,
                                data={"scope": "data_processing", "given_on": TODAY})
        P.change_elder_status(s, ctx.actor, eid, ElderStatus.ASSESSED)
        P.change_elder_status(s, ctx.actor, eid, ElderStatus.WAITING)
    return eid


def approved_fosterer(ctx, last_name: str, comune: str, capacity: int = 1) -> int:
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data(last_name=last_name, comune=comune,
                                                            capacity=capacity))
        P.change_fosterer_status(s, ctx.actor, fid, FostererStatus.SELECTION)
        give_approval_evidence(s, fid)
        P.change_fosterer_status(s, ctx.actor, fid, FostererStatus.APPROVED)
    return fid


def matches_of(ctx, elder_id: int) -> list:
    with ctx.sessions() as s:
        return s.execute(select(Match.fosterer_id, Match.status, Match.proposal_score)
                         .where(Match.elder_id == elder_id)).all()


# --- suggestions ----------------------------------------------------------------------------------

@pytest.fixture
def candidates(ctx):
    """A waiting elder in Rivoli; approved fosterers in Rivoli, Collegno and Grugliasco; one
    too far away (Pinerolo)."""
    return {
        "elder": waiting_elder(ctx, "Rossi"),
        "near": approved_fosterer(ctx, "Vicini", "Rivoli"),
        "mid": approved_fosterer(ctx, "Medi", "Collegno"),
        "far": approved_fosterer(ctx, "Lontani", "Pinerolo"),
        "other": approved_fosterer(ctx, "Altri", "Grugliasco"),
    }


def test_suggestions_ranked_with_bars_and_excluded(qtbot, ctx, candidates):
    dialog = keep(qtbot, SuggestionsDialog.for_elder(None, ctx, candidates["elder"],
                                                     exec=False))
    table = dialog.table
    assert table.rowCount() == 3
    scores = [table.item(r, 0).data(SCORE_ROLE) for r in range(3)]
    assert scores == sorted(scores, reverse=True) and all(0 <= x <= 100 for x in scores)
    assert table.item(0, C_NAME).text().startswith("Vicini")  # same comune: the best
    assert "Rossi" in dialog.windowTitle()
    assert "3" in dialog.intro.text()
    # the selected candidate's criteria, with the Italian labels and the explanations
    assert dialog.selected()[0].name.startswith("Vicini")
    detail = dialog.detail.widget()
    why = detail.findChild(type(dialog.intro), "why_distance")
    assert why is not None and "stesso comune: sì" in why.text()
    # excluded candidates only when asked, with their reasons
    assert not dialog.excluded_box.isVisible()
    dialog.excluded_toggle.setChecked(True)
    assert dialog.excluded_box.isVisible()
    names = [dialog.excluded_table.item(r, X_NAME).text()
             for r in range(dialog.excluded_table.rowCount())]
    far = names.index(next(n for n in names if n.startswith("Lontani")))
    assert "Troppo lontano" in dialog.excluded_table.item(far, X_REASONS).text()


def test_compare_two_candidates(qtbot, ctx, candidates):
    dialog = keep(qtbot, SuggestionsDialog.for_elder(None, ctx, candidates["elder"],
                                                     exec=False))
    assert not dialog.compare_button.isEnabled()
    dialog.select(0, 1)
    assert dialog.compare_button.isEnabled() and not dialog.propose_button.isEnabled()
    compare = dialog.compare(exec=False)
    qtbot.addWidget(compare)
    first, second = dialog.selected()
    headers = [compare.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers[1:] == [first.name, second.name]
    assert points_text(first.score) in compare.cell(0, 1)
    assert compare.cell(2, 0) == "Distanza"
    assert "stesso comune: sì" in compare.cell(2, 1)
    assert "stesso comune: no" in compare.cell(2, 2)


def test_propose_from_suggestions(qtbot, ctx, candidates, boxes, opened):
    dialog = keep(qtbot, SuggestionsDialog.for_elder(None, ctx, candidates["elder"],
                                                     exec=False))
    best = dialog.candidates[0]
    dialog.select(0)
    boxes.answers = [QMessageBox.StandardButton.Cancel]  # the confirmation: not now
    click(qtbot, dialog.propose_button)
    assert matches_of(ctx, candidates["elder"]) == []
    boxes.answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Open]
    click(qtbot, dialog.propose_button)
    ((fosterer_id, status, score),) = matches_of(ctx, candidates["elder"])
    assert (fosterer_id, status) == (candidates["near"], MatchStatus.PROPOSED)
    assert score == round(best.score, 1)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert opened == [("match", dialog.proposed_match_id)]


def test_suggestions_for_an_elder_not_waiting(qtbot, ctx, boxes):
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data())
    assert SuggestionsDialog.for_elder(None, ctx, eid, exec=False) is None
    assert any("non è in attesa" in t for t in boxes.texts)


def test_read_only_profile_cannot_propose(qtbot, ctx, ui_actors, candidates):
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    dialog = keep(qtbot, SuggestionsDialog.for_elder(None, reader, candidates["elder"],
                                                     exec=False))
    assert dialog.table.rowCount() == 3
    assert not dialog.propose_button.isVisible()


def test_elder_picker_lists_waiting_elders(qtbot, ctx, candidates):
    with ctx.begin() as s:
        P.create_elder(s, ctx.actor, elder_data(last_name="Nonattesa"))
    picker = keep(qtbot, ElderPicker.pick(None, ctx, exec=False))
    assert picker.list.count() == 1 and "Rossi" in picker.list.item(0).text()
    picker.search.setText("zzz")
    qtbot.waitUntil(lambda: picker.list.count() == 0)
    assert picker.note.isVisible()
    picker.search.setText("rossi")
    qtbot.waitUntil(lambda: picker.list.count() == 1)
    picker.accept()
    assert picker.chosen == candidates["elder"]


# --- the plan -------------------------------------------------------------------------------------

def run_plan(qtbot, ctx) -> PlanView:
    dialog = PlanView.run(None, ctx, exec=False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.wait())
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None or dialog.error is not None, timeout=10000)
    assert dialog.error is None
    dialog.wait()
    return dialog


def test_plan_accept_reject_and_accept_all(qtbot, ctx, boxes):
    elders = [waiting_elder(ctx, name) for name in ("Primi", "Secondi", "Terzi")]
    for name, comune in (("Alfa", "Rivoli"), ("Beta", "Collegno"), ("Gamma", "Grugliasco")):
        approved_fosterer(ctx, name, comune)
    waiting_elder(ctx, "Quarti")  # one elder too many: left without a proposal
    dialog = run_plan(qtbot, ctx)
    plan = dialog.plan
    assert len(plan.pairs) == 3 and dialog.tree.topLevelItemCount() == 3
    assert dialog.unmatched.count() == 1 and "Quarti" in dialog.unmatched.item(0).text()
    assert tr("Total score: {total}").split("{")[0] in dialog.total_label.text()
    top = dialog.tree.topLevelItem(0)
    assert top.data(2, SCORE_ROLE) is not None and top.childCount() == 6
    assert top.child(0).text(0).startswith("Distanza")

    first, second, third = range(3)
    click(qtbot, dialog.buttons_of(first).accept_button)
    assert dialog.states[first] == ACCEPTED
    pair = plan.pairs[first]
    assert [(m.fosterer_id, m.status) for m in matches_of(ctx, pair.elder_id)] == [
        (pair.fosterer_id, MatchStatus.PROPOSED)]

    click(qtbot, dialog.buttons_of(second).reject_button)
    assert dialog.states[second] == REJECTED
    item = dialog.item_of(second)
    assert item.font(0).strikeOut() and item.text(4) == tr("Rejected")
    assert matches_of(ctx, plan.pairs[second].elder_id) == []

    assert dialog.pending() == [third]
    boxes.answers = [QMessageBox.StandardButton.Yes]
    click(qtbot, dialog.accept_all_button)
    assert dialog.states[third] == ACCEPTED and not dialog.accept_all_button.isEnabled()
    assert matches_of(ctx, plan.pairs[third].elder_id)[0].status == MatchStatus.PROPOSED
    assert matches_of(ctx, plan.pairs[second].elder_id) == []  # the rejected pair stays out
    assert {e for e in elders if matches_of(ctx, e)} == {plan.pairs[first].elder_id,
                                                         plan.pairs[third].elder_id}
    # a rejection can be taken back
    click(qtbot, dialog.buttons_of(second).reject_button)
    assert dialog.states[second] == PENDING and not dialog.item_of(second).font(0).strikeOut()


def test_plan_with_nobody_waiting(qtbot, ctx):
    dialog = run_plan(qtbot, ctx)
    assert dialog.plan.pairs == () and dialog.tree.topLevelItemCount() == 0
    assert not dialog.accept_all_button.isEnabled()


# --- the pair's page and its status -------------------------------------------------------------

@pytest.fixture
def proposed(ctx, candidates):
    with ctx.begin() as s:
        mid = matches.propose_match(s, ctx.actor, candidates["elder"], candidates["near"],
                                    {"proposal_score": 81.5, "goals": "Compagnia"})
    return mid


def change_status(qtbot, parent, ctx, mid, status, **values) -> MatchStatusDialog:
    dialog = keep(qtbot, MatchStatusDialog.change(parent, ctx, mid, exec=False))
    combo = dialog.form.editor("status")
    combo.setCurrentIndex(combo.index_of(status))
    for name, value in values.items():
        dialog.form.set_value(name, value)
    click(qtbot, dialog.save_button)
    return dialog


def test_match_page_timeline_and_status_changes(qtbot, ctx, proposed, opened):
    page = keep(qtbot, MatchDialog.open_match(None, ctx, proposed, exec=False))
    assert page.name_label.text().startswith("Rossi") and "Vicini" in page.name_label.text()
    assert MatchStatus.PROPOSED.label in page.status_label.text()
    assert "81,5" in page.details_label.text() or "82" in page.details_label.text()
    assert page.timeline.table.rowCount() == 1
    assert page.form.value("goals") == "Compagnia"

    # only the allowed next statuses are offered
    dialog = change_status(qtbot, page, ctx, proposed, MatchStatus.INTRODUCTION)
    assert dialog.result() == QDialog.DialogCode.Accepted
    offered = dialog.form.editor("status").choices()
    assert offered == [MatchStatus.INTRODUCTION, MatchStatus.ACTIVE, MatchStatus.CLOSED]
    qtbot.waitUntil(lambda: page.timeline.table.rowCount() == 2)
    change_status(qtbot, page, ctx, proposed, MatchStatus.ACTIVE)

    # a suspension without a resume date: the message is next to the date field
    dialog = change_status(qtbot, page, ctx, proposed, MatchStatus.SUSPENDED,
                           reason_text="Ricovero")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.error("until") == "Indicare la data prevista di ripresa."
    assert dialog.form.binding("until").error_label.isVisible()
    dialog.form.set_value("until", TODAY + dt.timedelta(days=20))
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: page.match["status"] == MatchStatus.SUSPENDED)
    assert (TODAY + dt.timedelta(days=20)).strftime("%d/%m/%Y") in page.status_label.text()

    dialog = change_status(qtbot, page, ctx, proposed, MatchStatus.CLOSED)
    assert dialog.form.error("reason_code") == "Indicare il motivo della conclusione."
    combo = dialog.form.editor("reason_code")
    combo.setCurrentIndex(combo.index_of(MatchCloseReason.GOALS_REACHED))
    dialog.form.set_value("sub_reason", "Rete familiare ricostruita")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    qtbot.waitUntil(lambda: page.timeline.table.rowCount() == 5)
    assert page.timeline.text(0, 2) == MatchCloseReason.GOALS_REACHED.label  # newest first
    assert page.timeline.text(0, 3) == "Rete familiare ricostruita"
    assert page.timeline.text(0, 6) == "Carlo Coordinatore"
    assert page.timeline.text(1, 4) == (TODAY + dt.timedelta(days=20)).strftime("%d/%m/%Y")
    with ctx.sessions() as s:
        events = s.scalars(select(MatchEvent.to_status).where(MatchEvent.match_id == proposed)
                           .order_by(MatchEvent.id)).all()
    assert events == ["proposed", "introduction", "active", "suspended", "closed"]

    # a closed pair can be reopened
    dialog = keep(qtbot, MatchStatusDialog.change(page, ctx, proposed, exec=False))
    assert dialog.form.editor("status").choices() == [MatchStatus.ACTIVE]
    assert dialog.form.editor("status").currentText() == tr("{status} (reopening)").format(
        status=MatchStatus.ACTIVE.label)

    click(qtbot, page.elder_button)
    assert opened[-1] == ("elder", page.match["elder_id"])


def test_status_dialog_without_permission(qtbot, ctx, ui_actors, proposed):
    psy = context_for(ctx, ui_actors, Role.PSYCHOLOGIST)
    dialog = keep(qtbot, MatchStatusDialog.change(None, psy, proposed, exec=False))
    assert dialog.allowed == [] and dialog.read_only and not dialog.save_button.isVisible()
    assert dialog.form.editor("status").choices() == [MatchStatus.PROPOSED]
    assert dialog.banner.text() == tr("Your profile cannot change the status of pairs.")
    assert not dialog.save()


def test_match_page_details_saved(qtbot, ctx, proposed):
    page = keep(qtbot, MatchDialog.open_match(None, ctx, proposed, exec=False))
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    page.form.set_value("hours_per_week", "6,5")
    page.form.set_value("supervision_every_days", 14)
    click(qtbot, page.save_button)
    assert page.result() == QDialog.DialogCode.Accepted and page.changed_something
    with ctx.sessions() as s:
        m = matches.get_match(s, ctx.actor, proposed)
    assert m["hours_per_week"] == 6.5 and m["supervision_every_days"] == 14
    assert m["version"] == 2


def test_match_page_supervision_overdue_and_expenses(qtbot, ctx, ui_actors, proposed):
    psy = ui_actors[Role.PSYCHOLOGIST]
    with ctx.begin() as s:
        matches.change_match_status(s, ctx.actor, proposed, MatchStatus.ACTIVE)
        sid = sv.create_supervision(s, psy, {
            "kind": SupervisionKind.INDIVIDUAL, "led_by_id": psy.id,
            "held_at": dt.datetime.now(dt.UTC) - dt.timedelta(days=45)})
        sv.add_pair_note(s, psy, sid, proposed, {"how_it_goes": "Va bene", "risk_flag": True})
    page = keep(qtbot, MatchDialog.open_match(None, ctx, proposed, exec=False))
    assert page.due_label.property("overdue") is True
    assert tr("Overdue by {n} days").format(n=15) in page.due_label.text()
    assert page.notes_table.table.rowCount() == 1
    page.notes_table.select(0)
    assert page.note_texts.toPlainText() == tr(  # the coordinator was not there
        "The texts of this note are confidential: only psychologists and the staff who "
        "led or took part in the meeting may read them.")
    reader = context_for(ctx, ui_actors, Role.PSYCHOLOGIST)
    page2 = keep(qtbot, MatchDialog.open_match(None, reader, proposed, exec=False))
    page2.notes_table.select(0)
    assert "Va bene" in page2.note_texts.toPlainText()
    assert page2.read_only and not page2.status_button.isVisible()
    assert page.expenses_table.table.rowCount() == 0


# --- the pairs list -------------------------------------------------------------------------------

def test_matches_view_pages_rows_and_filters(qtbot, ctx, monkeypatch, opened):
    monkeypatch.setattr(paged, "PAGE_SIZE", 2)
    with ctx.begin() as s:
        for i in range(5):
            eid = P.create_elder(s, ctx.actor, elder_data(last_name=f"Anziano{'ABCDE'[i]}"))
            fid = P.create_fosterer(s, ctx.actor, fosterer_data(last_name=f"Volont{'ABCDE'[i]}"))
            status = MatchStatus.ACTIVE if i < 3 else MatchStatus.CLOSED
            s.add(Match(elder_id=eid, fosterer_id=fid, status=status,
                        status_since=TODAY - dt.timedelta(days=i), proposed_on=TODAY
                        - dt.timedelta(days=40), started_on=TODAY - dt.timedelta(days=30)))
    view = MatchesView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    model = view.model
    assert model.rowCount() == 5 and model.cached_row_count() == 0
    assert model.index(0, 0).data().startswith("AnzianoA")  # most recent change first
    assert model.cached_row_count() == 2
    assert model.index(4, 0).data().startswith("AnzianoE")
    assert model.index(4, 2).data() == MatchStatus.CLOSED.label
    assert model.index(0, 3).data() == TODAY.strftime("%d/%m/%Y")
    assert model.cached_row_count() <= 2 * paged.MAX_PAGES
    assert view.count_label.text() == tr("{n} pairs").format(n=5)

    view.set_status_filter(MatchStatus.CLOSED.value)
    assert model.rowCount() == 2
    view.set_status_filter(matches_view.OPEN)
    assert model.rowCount() == 3
    view.table.selectRow(1)
    click(qtbot, view.open_button)
    assert opened == [("match", model.match_id(1))]

    with ctx.begin() as s:  # a change elsewhere refreshes the list
        s.execute(Match.__table__.update().values(status=MatchStatus.CLOSED.value))
    ctx.notify({"matches"})
    assert model.rowCount() == 0 and view.empty_label.isVisible()
