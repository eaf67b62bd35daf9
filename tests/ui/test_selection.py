"""Fosterer selection: the interview dialog, the evidence panel and the selection view, driven
through their real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from affido_app.domain.enums import (
    ConsentScope,
    FostererStatus,
    InterviewKind,
    InterviewOutcome,
    PersonKind,
    Role,
)
from affido_app.services import consents as consent_service
from affido_app.services import interviews as I
from affido_app.services import people as P
from affido_app.ui.dialogs.interview_dialog import InterviewDialog
from affido_app.ui.i18n import tr
from affido_app.ui.views import selection as selection_view
from affido_app.ui.views.selection import SelectionView
from affido_app.ui.widgets.evidence_panel import EvidencePanel
from tests.conftest import STAFF
from tests.helpers import elder_data, fosterer_data, give_approval_evidence
from tests.ui.conftest import context_for, fake_message_boxes

# --- helpers --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes answer ``boxes.answer`` (Yes: confirm) and remember their texts."""
    return fake_message_boxes(monkeypatch, QMessageBox.StandardButton.Yes)


def as_role(ctx, ui_actors, role: Role):
    """Another user of the same application: their changes reach every view of ``ctx``."""
    other = context_for(ctx, ui_actors, role)
    other.changed.connect(ctx.changed.emit)
    return other


def make_fosterer(ctx, *stages: FostererStatus, days_ago: int = 0, **kw) -> int:
    """A fosterer moved through ``stages``, the last one ``days_ago`` days ago."""
    on = dt.date.today() - dt.timedelta(days=days_ago)
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data(**kw))
        for stage in stages:
            P.change_status(s, ctx.actor, PersonKind.FOSTERER, fid, stage, on=on)
    return fid


def make_elder(ctx, **kw) -> int:
    with ctx.begin() as s:
        return P.create_elder(s, ctx.actor, elder_data(**kw))


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def dialog_of(qtbot, dialog: InterviewDialog) -> InterviewDialog:
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def combo_values(combo) -> list:
    """The values a combo box of the form offers (the blank entry left out)."""
    if hasattr(combo, "choices"):
        return list(combo.choices())
    return [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i) is not None]


def choose(dialog, name, value):
    """Pick a value in a combo box as the user would."""
    combo = dialog.form.editor(name)
    index = combo.index_of(value) if hasattr(combo, "index_of") else combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def staff_id(ui_actors, role: Role) -> int:
    return ui_actors[role].id


def interview_line(panel: EvidencePanel):
    return panel.requirements.lines[0]


# --- the full selection path ----------------------------------------------------------------------

def test_selection_path_interview_signoffs_evidence_and_approval(qtbot, ctx, ui_actors,
                                                                 boxes):
    fid = make_fosterer(ctx, FostererStatus.SELECTION, FostererStatus.TRAINING)
    psy = as_role(ctx, ui_actors, Role.PSYCHOLOGIST)
    sw = as_role(ctx, ui_actors, Role.SOCIAL_WORKER)
    panel = show(qtbot, EvidencePanel(ctx, fid))
    assert interview_line(panel)[0] is False
    assert panel.summary.text().startswith("Manca: colloquio con esito favorevole")
    assert panel.interview_rows() == []

    # the psychologist records the interview, with the social worker
    dialog = dialog_of(qtbot, InterviewDialog.create(None, psy, fosterer_id=fid, exec=False))
    kinds = combo_values(dialog.form.editor("kind"))
    assert InterviewKind.INTAKE not in kinds and InterviewKind.FIRST in kinds
    assert dialog.checked_staff() == [staff_id(ui_actors, Role.PSYCHOLOGIST)]  # pre-checked
    assert not dialog.signoff_button.isVisible()
    choose(dialog, "kind", InterviewKind.FIRST)
    dialog.form.editor("place").setText("Sede di Rivoli")
    dialog.form.editor("motivation").setPlainText("Desidera rendersi utile nel quartiere.")
    choose(dialog, "outcome", InterviewOutcome.FAVOURABLE)
    dialog.set_checked_staff([staff_id(ui_actors, Role.PSYCHOLOGIST),
                              staff_id(ui_actors, Role.SOCIAL_WORKER)])
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(ctx.changed):
        click(qtbot, dialog.save_button)
    iid = dialog.saved_id
    assert iid is not None and not dialog.isVisible()
    rows = panel.interview_rows()
    assert [r["id"] for r in rows] == [iid]
    assert panel.interviews.text(0, 2) == InterviewOutcome.FAVOURABLE.label
    ok, _text, detail = interview_line(panel)
    assert ok is False and "psicologo" in detail and "assistente sociale" in detail

    # both interviewers sign off, each in their own window
    for who, still_missing in ((psy, "assistente sociale"), (sw, None)):
        signing = dialog_of(qtbot, InterviewDialog.open_interview(None, who, iid, exec=False))
        assert signing.confidential_visible
        assert signing.form.value("motivation") == "Desidera rendersi utile nel quartiere."
        assert signing.sign_off_block_reason() is None
        with qtbot.waitSignal(ctx.changed):
            click(qtbot, signing.signoff_button)
        assert not signing.signoff_button.isEnabled()
        me = signing.record["interviewers"]
        assert any(r["staff_id"] == who.actor.id and r["signed_off_at"] for r in me)
        signed = tr("signed off on {when}").split("{")[0]
        texts = [signing.staff_list.item(i).text() for i in range(signing.staff_list.count())]
        assert any(STAFF[who.actor.role][1] in text and signed in text for text in texts)
        signing.discard_and_close()
        ok, _text, detail = interview_line(panel)
        if still_missing:
            assert ok is False and still_missing in detail
        else:
            assert ok is True
    assert not panel.evidence["ready"]  # training, documents and consent are still missing

    view = show(qtbot, SelectionView(ctx))
    assert view.select(fid)
    assert view.approve_button.isVisible() and not view.approve_button.isEnabled()
    assert view.approve_note.text() == tr("Approval is possible once nothing is missing.")

    with ctx.begin() as s:
        give_approval_evidence(s, fid)
    ctx.notify({"training"})
    assert panel.evidence["ready"] and panel.summary.text() == tr("Ready for approval")
    assert view.select(fid)
    assert view.selected()["summary"] == tr("Ready for approval")
    assert view.approve_button.isEnabled()
    with qtbot.waitSignal(ctx.changed):
        click(qtbot, view.approve_button)
    assert "Verdi" in boxes.texts[-1]  # confirmed first
    with ctx.sessions() as s:
        assert P.get_fosterer(s, ctx.actor, fid)["status"] == FostererStatus.APPROVED
    assert fid not in view.candidates  # no longer a candidate


def test_changing_a_signed_outcome_asks_and_withdraws_the_signoffs(qtbot, ctx, ui_actors,
                                                                   boxes):
    fid = make_fosterer(ctx, FostererStatus.SELECTION)
    psy = as_role(ctx, ui_actors, Role.PSYCHOLOGIST)
    with psy.begin() as s:
        iid = I.create_interview(s, psy.actor, fosterer_id=fid, interviewers=[psy.actor.id],
                                 data={"kind": InterviewKind.FIRST,
                                       "held_at": dt.datetime.now(dt.UTC) - dt.timedelta(1),
                                       "outcome": InterviewOutcome.FAVOURABLE})
        I.sign_off_interview(s, psy.actor, iid)
    dialog = dialog_of(qtbot, InterviewDialog.open_interview(None, psy, iid, exec=False))
    assert dialog.sign_off_block_reason().startswith(
        tr("You signed off this outcome on {when}.").split("{")[0])
    choose(dialog, "outcome", InterviewOutcome.UNFAVOURABLE)
    assert dialog.outcome_warning.isVisible()
    boxes.answer = QMessageBox.StandardButton.Cancel
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and len(boxes.texts) == 1  # asked, and stayed open
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, dialog.save_button)
    with ctx.sessions() as s:
        row = I.list_interviews(s, ctx.actor, fosterer_id=fid)[0]
    assert row["outcome"] == InterviewOutcome.UNFAVOURABLE
    assert all(r["signed_off_at"] is None for r in row["interviewers"])


# --- confidentiality and read-only ----------------------------------------------------------------

def test_social_worker_who_did_not_take_part_sees_no_confidential_sections(qtbot, ctx,
                                                                           ui_actors):
    fid = make_fosterer(ctx, FostererStatus.SELECTION)
    psy = as_role(ctx, ui_actors, Role.PSYCHOLOGIST)
    secret = "Racconta un lutto recente."
    with psy.begin() as s:
        iid = I.create_interview(s, psy.actor, fosterer_id=fid, interviewers=[psy.actor.id],
                                 data={"kind": InterviewKind.FIRST,
                                       "held_at": dt.datetime.now(dt.UTC) - dt.timedelta(1),
                                       "critical_points": secret, "notes": secret,
                                       "outcome": InterviewOutcome.FAVOURABLE})
    sw = as_role(ctx, ui_actors, Role.SOCIAL_WORKER)
    dialog = dialog_of(qtbot, InterviewDialog.open_interview(None, sw, iid, exec=False))
    assert not dialog.confidential_visible
    for name in I.CONFIDENTIAL_FIELDS:
        assert name not in dialog.form
    assert dialog.confidential_notice is not None and dialog.confidential_notice.isVisible()
    texts = [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
    texts += [w.text() for w in dialog.findChildren(QLabel)]
    assert not any(secret in t for t in texts)
    # the metadata stays visible; what only participants may change is locked
    assert dialog.form.value("outcome") == InterviewOutcome.FAVOURABLE
    assert not dialog.form.editor("outcome").isEnabled()
    item = dialog.staff_list.item(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not dialog.signoff_button.isVisible()
    assert dialog.sign_off_block_reason() == tr(
        "Only the staff who conducted the interview can sign off its outcome.")
    # but the place may still be corrected
    dialog.form.editor("place").setText("Sede di Grugliasco")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    view = dialog_of(qtbot, InterviewDialog.open_interview(None, reader, iid, exec=False))
    assert view.read_only and not view.save_button.isVisible()
    assert "critical_points" not in view.form
    assert view.form.value("place") == "Sede di Grugliasco"


# --- elder intake ---------------------------------------------------------------------------------

def test_intake_interview_shows_eligibility_lines(qtbot, ctx):
    eid = make_elder(ctx, birth_date=dt.date(1940, 6, 1))
    dialog = dialog_of(qtbot, InterviewDialog.create(None, ctx, elder_id=eid, exec=False))
    assert combo_values(dialog.form.editor("kind")) == [InterviewKind.INTAKE]
    assert dialog.form.value("kind") == InterviewKind.INTAKE
    lines = dialog.eligibility.lines
    age = dt.date.today().year - 1940 - (dt.date.today() < dt.date(dt.date.today().year, 6, 1))
    assert lines[0] == (True, tr("Aged {age} at the interview: the age requirement ({minimum} "
                                 "or over) is met").format(age=age, minimum=65), "")
    assert lines[1] == (True, tr("Not in the care of the UVG"), "")
    assert lines[2] == (False, "Manca il consenso al trattamento dei dati.", "")
    assert dialog.eligibility_result.text() == tr(
        "The requirements for entering the project are not met yet.")

    # consent registered meanwhile (from the elder's record): the box follows
    with ctx.begin() as s:
        consent_service.record_consent(s, ctx.actor, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": dt.date.today()})
    ctx.notify({"consents", "elders"})
    assert dialog.eligibility.lines[2] == (True, tr("Consent to data processing on file"), "")
    assert dialog.eligibility_result.text() == tr(
        "The requirements for entering the project are met.")


def test_intake_of_a_young_person_in_uvg_care_explains_why(qtbot, ctx):
    eid = make_elder(ctx, birth_date=dt.date(dt.date.today().year - 60, 1, 10),
                     in_uvg_care=True)
    dialog = dialog_of(qtbot, InterviewDialog.create(None, ctx, elder_id=eid, exec=False))
    lines = dialog.eligibility.lines
    assert lines[0][0] is False and "almeno 65 anni (ne ha 60)" in lines[0][1]
    assert lines[1] == (False, "La persona è in carico all'UVG: non può accedere al progetto.",
                        "")


def test_eligibility_takes_the_age_at_the_interview_date(qtbot, ctx):
    today = dt.date.today()
    birthday = (dt.date(today.year - 65, today.month, 1) - dt.timedelta(days=1)).replace(day=1)
    # 65 since the first day of last month; the interview was held two months ago
    eid = make_elder(ctx, birth_date=birthday)
    dialog = dialog_of(qtbot, InterviewDialog.create(None, ctx, elder_id=eid, exec=False))
    assert dialog.eligibility.lines[0][0] is True
    earlier = today - dt.timedelta(days=62)
    dialog.form.editor("held_at").setText(f"{earlier:%d/%m/%Y} 10:00")
    assert dialog.eligibility.lines[0] == (
        False, "Per il progetto l'anziano deve avere almeno 65 anni (ne ha 64).", "")


# --- validation -----------------------------------------------------------------------------------

def test_messages_appear_next_to_the_fields(qtbot, ctx, ui_actors):
    fid = make_fosterer(ctx, FostererStatus.SELECTION)
    dialog = dialog_of(qtbot, InterviewDialog.create(None, ctx, fosterer_id=fid, exec=False))
    assert dialog.checked_staff() == []  # a coordinator is not pre-checked
    choose(dialog, "kind", InterviewKind.IN_DEPTH)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    dialog.form.editor("held_at").setText(f"{tomorrow:%d/%m/%Y} 10:00")
    dialog.form.editor("next_date").setText(f"{dt.date.today():%d/%m/%Y}")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error("held_at") == (
        "Il colloquio si registra dopo averlo svolto: la data non può essere nel futuro.")
    assert dialog.form.error("next_date") == (
        "Il prossimo appuntamento non può precedere il colloquio.")
    assert dialog.interviewers_error.isVisible()
    assert dialog.interviewers_error.text() == (
        "Indicare almeno un operatore che ha condotto il colloquio.")
    assert not dialog.banner.isVisible()

    # ticking an interviewer clears its message; a bad time gets its own
    dialog.set_checked_staff([staff_id(ui_actors, Role.SOCIAL_WORKER)])
    assert not dialog.interviewers_error.isVisible()
    dialog.form.editor("held_at").setText(f"{dt.date.today():%d/%m/%Y} 25:99")
    click(qtbot, dialog.save_button)
    assert dialog.form.error("held_at") == "Ora non valida: usare il formato hh:mm."
    yesterday = dt.date.today() - dt.timedelta(days=1)
    dialog.form.editor("held_at").setText(f"{yesterday:%d/%m/%Y} 16:30")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible() and dialog.saved_id is not None
    with ctx.sessions() as s:
        saved = I.get_interview(s, ctx.actor, dialog.saved_id)
    assert saved["held_at"].astimezone().strftime("%d/%m/%Y %H:%M") == (
        f"{yesterday:%d/%m/%Y} 16:30")
    assert [r["staff_id"] for r in saved["interviewers"]] == [
        staff_id(ui_actors, Role.SOCIAL_WORKER)]


# --- the selection view ---------------------------------------------------------------------------

def group_texts(view: SelectionView) -> list[str]:
    return [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]


def children(view: SelectionView, index: int) -> list:
    group = view.tree.topLevelItem(index)
    return [group.child(j) for j in range(group.childCount())]


def test_view_groups_candidates_by_stage_with_days_waiting(qtbot, ctx, ui_actors,
                                                           monkeypatch):
    applicant = make_fosterer(ctx, last_name="Aprile")
    a = make_fosterer(ctx, FostererStatus.SELECTION, days_ago=10, last_name="Bassi")
    b = make_fosterer(ctx, FostererStatus.SELECTION, days_ago=1, last_name="Conti")
    make_fosterer(ctx, FostererStatus.SELECTION, FostererStatus.TRAINING, days_ago=3,
                  last_name="Dini")
    view = show(qtbot, SelectionView(ctx))
    assert group_texts(view) == [f"{FostererStatus.APPLICATION.label} (1)",
                                 f"{FostererStatus.SELECTION.label} (2)",
                                 f"{FostererStatus.TRAINING.label} (1)"]
    in_selection = children(view, 1)
    assert [i.text(0) for i in in_selection] == ["Bassi Giorgio", "Conti Giorgio"]  # longest 1st
    assert in_selection[0].text(2) == tr("{days} days").format(days=10)
    assert in_selection[1].text(2) == tr("1 day")
    assert children(view, 0)[0].text(2) == tr("{days} days").format(days=60)
    assert children(view, 0)[0].text(3) == tr("none yet")
    assert view.count_label.text() == tr("{n} candidates").format(n=4)
    assert in_selection[0].text(4).startswith("Manca: ")

    assert view.selected_id() == applicant  # the first candidate is shown from the start
    assert view.panel.fosterer_id == applicant
    view.tree.clearSelection()  # nothing selected: the buttons wait for a choice
    assert view.panel.fosterer_id is None
    assert not view.open_button.isEnabled() and not view.new_button.isEnabled()
    assert view.select(applicant)
    assert view.open_button.isEnabled() and view.new_button.isEnabled()
    assert not view.approve_button.isEnabled()
    with qtbot.waitSignal(view.open_fosterer) as opened:
        click(qtbot, view.open_button)
    assert opened.args == [applicant]

    # an interview recorded elsewhere shows as the latest one
    psy = as_role(ctx, ui_actors, Role.PSYCHOLOGIST)
    held = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with psy.begin() as s:
        I.create_interview(s, psy.actor, fosterer_id=a, interviewers=[psy.actor.id],
                           data={"kind": InterviewKind.FIRST, "held_at": held,
                                 "outcome": InterviewOutcome.FAVOURABLE})
    psy.notify({"interviews"})
    first = children(view, 1)[0]
    assert first.text(3) == f"{held.astimezone():%d/%m/%Y} · {InterviewOutcome.FAVOURABLE.label}"
    assert view.select(b)  # the selection survives the refresh
    assert view.panel.fosterer_id == b

    # a capped list says how many are not shown
    monkeypatch.setattr(selection_view, "STAGE_LIMIT", 1)
    view.refresh()
    rows = children(view, 1)
    assert len(rows) == 2
    assert rows[1].text(0) == tr("…and {n} more (open the fosterers' registry to see them "
                                 "all)").format(n=1)


def test_new_interview_from_the_view_and_roles(qtbot, ctx, ui_actors, monkeypatch):
    fid = make_fosterer(ctx, FostererStatus.SELECTION)
    view = show(qtbot, SelectionView(ctx))
    assert view.select(fid)
    seen = {}

    def drive(dialog):
        seen["subject"] = dialog.fosterer_id
        choose(dialog, "kind", InterviewKind.HOME_VISIT)
        dialog.set_checked_staff([staff_id(ui_actors, Role.SOCIAL_WORKER)])
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(InterviewDialog, "exec", drive)
    with qtbot.waitSignal(ctx.changed):
        click(qtbot, view.new_button)
    assert seen["subject"] == fid
    assert view.selected()["latest"]["kind"] == InterviewKind.HOME_VISIT
    assert [r["kind"] for r in view.panel.interview_rows()] == [InterviewKind.HOME_VISIT]

    # a psychologist may record interviews but not approve; a reader does neither
    psy_view = show(qtbot, SelectionView(context_for(ctx, ui_actors, Role.PSYCHOLOGIST)))
    assert psy_view.new_button.isVisible() and not psy_view.approve_button.isVisible()
    reader_view = show(qtbot, SelectionView(context_for(ctx, ui_actors, Role.READ_ONLY)))
    assert not reader_view.new_button.isVisible()
    assert not reader_view.approve_button.isVisible()
    assert reader_view.select(fid) and reader_view.open_button.isEnabled()
