"""Two people saving the same record: the conflict dialog, driven through its real buttons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy.orm.exc import StaleDataError

from affido_app.db.models import Match
from affido_app.domain.enums import (
    InterviewKind,
    LivingSituation,
    MatchStatus,
    MeetingPlace,
    Role,
    SupervisionKind,
)
from affido_app.errors import NotFound
from affido_app.services import interviews as I
from affido_app.services import matches as M
from affido_app.services import people as P
from affido_app.services import supervision as SV
from affido_app.ui.conflicts import ConflictDialog
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.interview_dialog import InterviewDialog
from affido_app.ui.dialogs.match_dialog import MatchDialog
from affido_app.ui.dialogs.supervision_dialog import SupervisionDialog
from affido_app.ui.i18n import tr
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for, fake_message_boxes

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes never open a modal loop; their texts are kept."""
    return fake_message_boxes(monkeypatch, QMessageBox.StandardButton.Ok)


class Answer:
    """What the user does in the conflict dialog: ``button`` is the object name of the button
    clicked ("keepMine", "keepTheirs", "merge", "cancel"); ``picks`` field → side ticked first.
    ``seen`` keeps what each dialog showed."""

    def __init__(self):
        self.button = "cancel"
        self.picks: dict[str, str] = {}
        self.seen: list[dict] = []


@pytest.fixture
def answer(monkeypatch, qtbot):
    ans = Answer()

    def fake_exec(dialog: ConflictDialog):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        ans.seen.append({
            "rows": {d.name: d for d in dialog.diffs if d.mine_changed or d.theirs_changed},
            "defaults": dialog.picks(),
            "summary": dialog.summary.text(),
            "intro": dialog.findChild(type(dialog.summary), "conflictIntro").text(),
        })
        for name, side in ans.picks.items():
            qtbot.mouseClick(dialog.radios[name][side], Qt.MouseButton.LeftButton)
        button = dialog.findChild(type(dialog.cancel_button), ans.button)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", fake_exec)
    return ans


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_elder(qtbot, ctx, eid) -> ElderDialog:
    dialog = ElderDialog.open_record(None, ctx, eid)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    qtbot.waitExposed(dialog)
    return dialog


def keep(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def elder(ctx):
    with ctx.begin() as s:
        return P.create_elder(s, ctx.actor, elder_data(
            last_name="Bianchi", first_name="Maria", address="Via Roma 1", notes="Prima nota"))


def other_pc_saves(ctx, eid, data, version=1):
    with ctx.begin() as s:
        return P.update_elder(s, ctx.actor, eid, data, expected_version=version)


def saved_elder(ctx, eid) -> dict:
    with ctx.sessions() as s:
        return P.get_elder(s, ctx.actor, eid)


def edit_elder_against_another_pc(qtbot, ctx, eid) -> ElderDialog:
    """I change the surname and the notes; meanwhile the other PC changes the address and the
    notes (the notes: changed by both)."""
    dialog = open_elder(qtbot, ctx, eid)
    other_pc_saves(ctx, eid, {"address": "Via Po 2", "notes": "Nota dell'altra operatrice"})
    dialog.form.editor("last_name").setText("Bianco")
    dialog.form.editor("notes").setPlainText("Nota mia")
    click(qtbot, dialog.save_button)
    return dialog


def test_merge_with_the_proposed_choices_saves_both_changes(qtbot, ctx, elder, answer, boxes):
    answer.button = "merge"
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert not boxes  # no message box: the conflict dialog instead
    seen = answer.seen[0]
    rows = seen["rows"]
    assert set(rows) == {"last_name", "address", "notes"}
    assert (rows["address"].base_text, rows["address"].theirs_text,
            rows["address"].mine_text) == ("Via Roma 1", "Via Po 2", "Via Roma 1")
    assert rows["address"].theirs_changed and not rows["address"].mine_changed
    assert rows["last_name"].mine_changed and not rows["last_name"].theirs_changed
    assert rows["notes"].both_changed
    # only they changed it → theirs; only I did → mine; both → mine, marked
    assert seen["defaults"] == {"address": "theirs", "last_name": "mine", "notes": "mine"}
    assert "2" in seen["summary"] and "1" in seen["summary"]
    assert "Bianco Maria" in seen["intro"]  # the window's title
    # the save was tried again at once and went through
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["address"], saved["notes"]) == (
        "Bianco", "Via Po 2", "Nota mia")
    assert saved["version"] == 3


def test_merge_field_by_field(qtbot, ctx, elder, answer):
    answer.button = "merge"
    answer.picks = {"notes": "theirs", "address": "mine"}
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["address"], saved["notes"]) == (
        "Bianco", "Via Roma 1", "Nota dell'altra operatrice")


def test_keep_mine_writes_every_field_of_mine_over_the_new_version(qtbot, ctx, elder, answer):
    answer.button = "keepMine"
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["address"], saved["notes"]) == (
        "Bianco", "Via Roma 1", "Nota mia")
    assert saved["version"] == 3


def test_keep_theirs_shows_their_record_and_stays_open(qtbot, ctx, elder, answer):
    answer.button = "keepTheirs"
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.value("last_name") == "Bianchi"
    assert dialog.form.value("address") == "Via Po 2"
    assert dialog.form.value("notes") == "Nota dell'altra operatrice"
    assert not dialog.is_dirty() and dialog.version == 2
    assert dialog.banner.isVisible()
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["version"]) == ("Bianchi", 2)


def test_cancel_keeps_the_form_as_it_was_and_save_asks_again(qtbot, ctx, elder, answer):
    answer.button = "cancel"
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert dialog.isVisible()
    assert dialog.form.value("last_name") == "Bianco"
    assert dialog.form.value("notes") == "Nota mia"
    assert dialog.form.value("address") == "Via Roma 1"
    assert dialog.version == 1 and dialog.save_button.isEnabled()
    assert dialog.banner.isVisible()
    assert saved_elder(ctx, elder)["last_name"] == "Bianchi"
    answer.button = "merge"
    click(qtbot, dialog.save_button)
    assert len(answer.seen) == 2
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved_elder(ctx, elder)["last_name"] == "Bianco"


def test_a_third_save_meanwhile_asks_again(qtbot, ctx, elder, answer, monkeypatch):
    """Someone saves again while the user is choosing: the retry conflicts, the dialog comes
    back with the newest values; nothing is overwritten silently."""
    answer.button = "merge"
    original = ConflictDialog.ask.__func__
    calls = []

    def ask(cls, parent, diffs, *, what=""):
        calls.append(1)
        if len(calls) == 1:
            other_pc_saves(ctx, elder, {"phone": "011 123 4567"}, version=2)
        return original(cls, parent, diffs, what=what)

    monkeypatch.setattr(ConflictDialog, "ask", classmethod(ask))
    dialog = edit_elder_against_another_pc(qtbot, ctx, elder)
    assert len(answer.seen) == 2
    assert "phone" in answer.seen[1]["rows"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["address"], saved["phone"], saved["version"]) == (
        "Bianco", "Via Po 2", "+390111234567", 4)


def test_names_and_labels_never_ids(qtbot, ctx, elder, answer, ui_actors):
    answer.button = "cancel"
    psy = ui_actors[Role.PSYCHOLOGIST]
    dialog = open_elder(qtbot, ctx, elder)
    other_pc_saves(ctx, elder, {"referred_by_id": psy.id,
                                "living_situation": LivingSituation.ALONE,
                                "intake_date": TODAY})
    dialog.form.editor("first_name").setText("Marta")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert rows["referred_by_id"].theirs_text == "Paola Psicologa"
    assert rows["living_situation"].theirs_text == LivingSituation.ALONE.label
    assert rows["intake_date"].theirs_text == TODAY.strftime("%d/%m/%Y")
    assert rows["intake_date"].base_text == "—"


def test_a_record_deleted_meanwhile_keeps_the_form_open(qtbot, ctx, elder, answer, boxes,
                                                        monkeypatch):
    dialog = open_elder(qtbot, ctx, elder)
    dialog.form.editor("last_name").setText("Bianco")

    def deleted(*_a, **_k):
        raise NotFound("Anziano non trovato: potrebbe essere stato eliminato.")

    monkeypatch.setattr(dialog, "update_record", deleted)
    click(qtbot, dialog.save_button)
    assert not answer.seen
    assert len(boxes) == 1 and "eliminato" in boxes[0]
    assert tr("The window stays open with what you wrote: copy what you need before closing "
              "it.") in boxes[0]
    assert dialog.isVisible() and dialog.form.value("last_name") == "Bianco"


def test_a_save_that_races_another_to_the_database_is_a_conflict(qtbot, ctx, elder, answer,
                                                                  monkeypatch):
    """PostgreSQL: both saves passed the version check, the second one finds the row changed
    (SQLAlchemy's StaleDataError): the same conflict dialog, not a crash."""
    answer.button = "merge"
    dialog = open_elder(qtbot, ctx, elder)
    dialog.form.editor("last_name").setText("Bianco")
    real = dialog.update_record
    raced = []

    def racing(s, data, version):
        if not raced:
            raced.append(1)
            other_pc_saves(ctx, elder, {"address": "Via Po 2"})
            raise StaleDataError("UPDATE statement on table 'elders' expected to update 1 row")
        return real(s, data, version)

    monkeypatch.setattr(dialog, "update_record", racing)
    click(qtbot, dialog.save_button)
    assert answer.seen and set(answer.seen[0]["rows"]) == {"last_name", "address"}
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["address"]) == ("Bianco", "Via Po 2")


def test_another_kind_of_conflict_is_only_a_message(qtbot, ctx, elder, answer, boxes,
                                                    monkeypatch):
    from affido_app.errors import Conflict

    dialog = open_elder(qtbot, ctx, elder)
    dialog.form.editor("last_name").setText("Bianco")

    def refused(*_a, **_k):
        raise Conflict("La scheda è stata anonimizzata: non si può più modificare.")

    monkeypatch.setattr(dialog, "update_record", refused)
    click(qtbot, dialog.save_button)
    assert not answer.seen and boxes == ["La scheda è stata anonimizzata: non si può più "
                                         "modificare."]
    assert dialog.isVisible() and dialog.form.value("last_name") == "Bianco"


# --- the other windows --------------------------------------------------------------------------

def test_interview(qtbot, ctx, ui_actors, answer):
    answer.button = "merge"
    psy = context_for(ctx, ui_actors, Role.PSYCHOLOGIST)
    with psy.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data())
        iid = I.create_interview(s, psy.actor, fosterer_id=fid, interviewers=[psy.actor.id],
                                 data={"kind": InterviewKind.FIRST, "place": "Sede",
                                       "held_at": dt.datetime.now(dt.UTC) - dt.timedelta(1)})
    dialog = keep(qtbot, InterviewDialog.open_interview(None, psy, iid, exec=False))
    with psy.begin() as s:
        I.update_interview(s, psy.actor, iid, {"place": "A domicilio"}, expected_version=1)
    dialog.form.editor("next_steps").setPlainText("Secondo colloquio a marzo")
    dialog.form.editor("place").setText("Sede di Rivoli")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert rows["place"].both_changed and answer.seen[0]["defaults"]["place"] == "mine"
    with psy.sessions() as s:
        saved = I.get_interview(s, psy.actor, iid)
    assert (saved["place"], saved["next_steps"]) == ("Sede di Rivoli",
                                                     "Secondo colloquio a marzo")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_supervision_meeting(qtbot, ctx, answer):
    answer.button = "merge"
    with ctx.begin() as s:
        sid = SV.create_supervision(s, ctx.actor, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": dt.datetime.now(dt.UTC),
            "led_by_id": ctx.actor.id, "place": "Sede"})
    dialog = keep(qtbot, SupervisionDialog.open_session(None, ctx, sid, exec=False))
    with ctx.begin() as s:
        SV.update_supervision(s, ctx.actor, sid, {"next_date": TODAY + dt.timedelta(days=30)},
                              expected_version=1)
    dialog.form.editor("place").setText("Casa dell'anziana")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert set(rows) == {"place", "next_date"}
    assert answer.seen[0]["defaults"] == {"place": "mine", "next_date": "theirs"}
    with ctx.sessions() as s:
        saved = SV.get_supervision(s, ctx.actor, sid)
    assert (saved["place"], saved["next_date"]) == ("Casa dell'anziana",
                                                    TODAY + dt.timedelta(days=30))


def test_pair_details(qtbot, ctx, answer):
    answer.button = "merge"
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data())
        fid = P.create_fosterer(s, ctx.actor, fosterer_data())
        m = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.ACTIVE, status_since=TODAY,
                  proposed_on=TODAY, started_on=TODAY, supervision_every_days=30)
        s.add(m)
        s.flush()
        mid, version = m.id, m.version
    dialog = keep(qtbot, MatchDialog.open_match(None, ctx, mid, exec=False))
    with ctx.begin() as s:
        M.update_match(s, ctx.actor, mid, {"meeting_place": MeetingPlace.ELDER_HOME,
                                           "hours_per_week": "4,5"}, expected_version=version)
    dialog.form.editor("goals").setPlainText("Uscire insieme una volta a settimana")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert rows["meeting_place"].theirs_text == MeetingPlace.ELDER_HOME.label
    assert rows["hours_per_week"].theirs_text == "4,5"
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ctx.sessions() as s:
        saved = M.get_match(s, ctx.actor, mid)
    assert saved["goals"] == "Uscire insieme una volta a settimana"
    assert saved["meeting_place"] == MeetingPlace.ELDER_HOME


def test_pair_note(qtbot, ctx, answer):
    from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

    answer.button = "merge"
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data())
        fid = P.create_fosterer(s, ctx.actor, fosterer_data())
        started = TODAY - dt.timedelta(days=40)
        m = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.ACTIVE, status_since=started,
                  proposed_on=started, started_on=started, supervision_every_days=30)
        s.add(m)
        s.flush()
        sid = SV.create_supervision(s, ctx.actor, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": dt.datetime.now(dt.UTC),
            "led_by_id": ctx.actor.id})
        nid = SV.add_pair_note(s, ctx.actor, sid, m.id, {"how_it_goes": "Bene"})
    dialog = keep(qtbot, PairNoteDialog.open_note(None, ctx, sid, nid, exec=False))
    with ctx.begin() as s:
        SV.update_pair_note(s, ctx.actor, nid, {"how_it_goes": "Molto bene, escono insieme"},
                            expected_version=dialog.version)
    dialog.form.editor("how_it_goes").setPlainText("Bene, ma l'anziana è stanca")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert rows["how_it_goes"].both_changed
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ctx.begin() as s:
        notes = SV.get_supervision(s, ctx.actor, sid)["pair_notes"]
    assert notes[0]["how_it_goes"] == "Bene, ma l'anziana è stanca"


def test_expense_entry(qtbot, ctx, answer):
    from affido_app.services import expenses as X
    from affido_app.ui.dialogs.expense_dialog import ExpenseDialog

    answer.button = "merge"
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data())
        xid = X.add_expense(s, ctx.actor, fid, {"date": TODAY, "km": "12", "costs": "3,50",
                                                "description": "Visita"})
    dialog = keep(qtbot, ExpenseDialog.open_entry(None, ctx, xid, exec=False))
    with ctx.begin() as s:
        X.update_expense(s, ctx.actor, xid, {"km": "18,5"}, expected_version=dialog.version)
    dialog.form.editor("description").setText("Visita e spesa al mercato")
    click(qtbot, dialog.save_button)
    rows = answer.seen[0]["rows"]
    assert set(rows) == {"km", "description"}
    assert (rows["km"].base_text, rows["km"].theirs_text) == ("12", "18,5")
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ctx.sessions() as s:
        saved = X.get_expense(s, ctx.actor, xid)
    assert (saved["km"], saved["description"]) == (Decimal("18.5"), "Visita e spesa al mercato")


def test_nothing_of_theirs_in_the_form_saves_mine_without_asking(qtbot, ctx, elder, answer):
    """The other PC changed only what this form does not show (here: just the version, as a
    status change does): my changes go on the new version, nothing of theirs is lost."""
    from sqlalchemy import update

    from affido_app.db.models import Elder

    dialog = open_elder(qtbot, ctx, elder)
    with ctx.begin() as s:
        s.execute(update(Elder).where(Elder.id == elder).values(version=Elder.version + 1))
    dialog.form.editor("last_name").setText("Bianco")
    click(qtbot, dialog.save_button)
    assert not answer.seen
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = saved_elder(ctx, elder)
    assert (saved["last_name"], saved["version"]) == ("Bianco", 3)


def test_training_course_and_session(qtbot, ctx, answer):
    """A course and a session saved meanwhile by someone else: the conflict dialog, then both
    changes kept."""
    from affido_app.services import training as T
    from affido_app.ui.dialogs.course_dialog import CourseDialog
    from affido_app.ui.dialogs.training_session_dialog import TrainingSessionDialog

    answer.button = "merge"
    with ctx.begin() as s:
        cid = T.create_course(s, ctx.actor, {"title": "Percorso di primavera"})
        sid = T.add_session(s, ctx.actor, cid, {"topic": "Accoglienza",
                                                "starts_at": "10/03/2026 17:00"})
    course = keep(qtbot, CourseDialog.open_course(None, ctx, cid, exec=False))
    session = keep(qtbot, TrainingSessionDialog.open_session(None, ctx, cid, sid, exec=False))
    with ctx.begin() as s:
        T.update_course(s, ctx.actor, cid, {"notes": "Aula al primo piano"},
                        expected_version=course.version)
        T.update_session(s, ctx.actor, sid, {"place": "Sala civica"},
                         expected_version=session.version)
    course.form.editor("title").setText("Percorso di primavera 2026")
    click(qtbot, course.save_button)
    session.form.editor("trainer").setText("Dott.ssa Bianchi")
    click(qtbot, session.save_button)
    assert [set(seen["rows"]) for seen in answer.seen] == [{"title", "notes"},
                                                           {"place", "trainer"}]
    assert course.result() == session.result() == QDialog.DialogCode.Accepted
    with ctx.sessions() as s:
        saved = T.get_course(s, ctx.actor, cid)
    assert (saved["title"], saved["notes"]) == ("Percorso di primavera 2026",
                                                "Aula al primo piano")
    assert (saved["sessions"][0]["place"], saved["sessions"][0]["trainer"]) == (
        "Sala civica", "Dott.ssa Bianchi")
