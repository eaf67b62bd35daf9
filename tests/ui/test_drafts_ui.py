"""Drafts of open forms in the interface: written while typing, surviving a crash, offered back
after the login, resumed with every value, gone once saved or thrown away."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from affido_app.config import sqlite_url
from affido_app.db.migrate import open_database
from affido_app.db.models import Elder, FormDraft
from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import FragilityLevel, InterviewOutcome, Need, Role, Sex
from affido_app.services import drafts as drafts_service
from affido_app.services import people as P
from affido_app.ui import drafts as ui_drafts
from affido_app.ui.context import AppContext
from affido_app.ui.dialogs.drafts_dialog import DraftsDialog, state_note
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.expense_dialog import ExpenseDialog
from affido_app.ui.dialogs.interview_dialog import InterviewDialog
from affido_app.ui.i18n import tr
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for, fake_message_boxes


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """Drafts written 30 ms after the last edit (2 s in the application)."""
    monkeypatch.setattr(ui_drafts, "DELAY_MS", 30)
    monkeypatch.setattr(ui_drafts, "RETRY_MS", 30)


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes answer ``boxes.answer`` and remember their texts."""
    return fake_message_boxes(monkeypatch)


def drafts_of(ctx) -> list[dict]:
    with ctx.sessions() as s:
        return drafts_service.list_drafts(s, ctx.actor)


def all_drafts(ctx) -> int:
    with ctx.sessions() as s:
        return s.scalar(select(func.count()).select_from(FormDraft))


def form_values(ctx) -> dict:
    (draft,) = drafts_of(ctx)
    return draft["values"]["forms"][0]


def show(qtbot, dialog):
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # inspect it after closing
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def make_elder(ctx, **kw) -> int:
    with ctx.begin() as s:
        return P.create_elder(s, ctx.actor, elder_data(**kw))


def choose(dialog, name, value):
    combo = dialog.form.editor(name)
    combo.setCurrentIndex(combo.index_of(value))


def type_into(qtbot, dialog, name, text):
    editor = dialog.form.editor(name)
    target = getattr(editor, "line", editor)
    dialog.form.focus(name)
    target.selectAll()
    qtbot.keyClicks(target, text)


def reopen(ctx) -> AppContext:
    """The application started again on the same database (after a crash)."""
    db = open_database(sqlite_url(ctx.db.path))
    return AppContext(db, ctx.actor, ctx.settings, actor_name=ctx.actor_name)


TYPED = {"last_name": "Rossi", "first_name": "Niccolò", "birth_date": dt.date(1945, 3, 5),
         "sex": Sex.M, "phone": "011 953 1234", "notes": "Preferisce il mattino.\nHa un gatto."}


def fill_new_elder(qtbot, dialog) -> None:
    type_into(qtbot, dialog, "last_name", "Rossi")
    dialog.form.editor("first_name").setText("Niccolò")  # keyClicks cannot type "ò"
    type_into(qtbot, dialog, "birth_date", "05/03/1945")
    choose(dialog, "sex", Sex.M)
    dialog.form.editor("comune").setText("Rivoli")
    type_into(qtbot, dialog, "phone", "011 953 1234")
    dialog.form.editor("notes").setPlainText(TYPED["notes"])
    qtbot.mouseClick(dialog.form.editor("needs").box(Need.COMPANY), Qt.MouseButton.LeftButton)
    dialog.form.editor("availability").toggle_day(0)
    choose(dialog, "fragility_physical", FragilityLevel.MEDIUM)


# --- the whole story ------------------------------------------------------------------------------

def test_typed_form_survives_a_crash_and_is_resumed_whole(qtbot, ctx, boxes):
    dialog = ElderDialog.create(None, ctx, exec=False)  # not given to qtbot: it will "crash"
    dialog.show()
    qtbot.waitExposed(dialog)
    fill_new_elder(qtbot, dialog)
    # the draft follows the typing, a moment after the last edit
    qtbot.waitUntil(lambda: bool(drafts_of(ctx)) and form_values(ctx).get("fragility_physical")
                    == FragilityLevel.MEDIUM.value)
    typed = dialog.form.values()

    # the application dies: the window vanishes without closing, the database is let go
    shiboken6.delete(dialog)  # no close, no hide handler, nothing more written
    ctx.db.dispose()

    again = reopen(ctx)
    try:
        offered = ui_drafts.offer_drafts(None, again, show=False)
        assert isinstance(offered, DraftsDialog)
        qtbot.addWidget(offered)
        assert offered.table.rowCount() == 1
        assert offered.table.item(0, 0).text() == tr("New elder record") + ": Rossi Niccolò"
        assert offered.table.item(0, 2).text() == tr("New record, never saved.")
        assert offered.resume_button.isEnabled()

        resumed = offered.resume_selected()
        assert resumed is not None and resumed.isVisible()
        resumed.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        qtbot.addWidget(resumed, before_close_func=lambda d: d.discard_and_close())
        assert not offered.isVisible()  # nothing left to offer
        assert resumed.form.values() == typed  # every value, as typed
        assert resumed.is_dirty() and resumed.save_button.isEnabled()
        assert resumed.name_label.text() == "Rossi Niccolò"

        qtbot.mouseClick(resumed.save_button, Qt.MouseButton.LeftButton)
        assert resumed.result() == resumed.DialogCode.Accepted
        assert all_drafts(again) == 0  # saved: the draft is gone
        with again.begin() as s:
            elder = P.get_elder(s, again.actor, resumed.saved_id, sensitive=True)
        assert (elder["last_name"], elder["first_name"]) == ("Rossi", "Niccolò")
        assert elder["birth_date"] == TYPED["birth_date"] and elder["notes"] == TYPED["notes"]
        assert elder["needs"] == int(Need.COMPANY)
        assert elder["availability"] == WeeklyGrid.of([(0, 0), (0, 1), (0, 2)]).mask
        assert elder["fragility_physical"] == FragilityLevel.MEDIUM
        assert ui_drafts.offer_drafts(None, again, show=False) is None
    finally:
        again.db.dispose()


def test_save_deletes_the_draft_of_an_existing_record(qtbot, ctx):
    eid = make_elder(ctx)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    dialog.form.editor("notes").setPlainText("Nuova nota")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    (draft,) = drafts_of(ctx)
    assert draft["record_id"] == eid and draft["state"] == drafts_service.SAME
    assert draft["values"] == {"forms": [{"notes": "Nuova nota"}]}  # only what changed
    assert draft["description"] == tr("Elder record of {name}").format(
        name=dialog.name_label.text())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert all_drafts(ctx) == 0


def test_dont_save_deletes_the_draft(qtbot, ctx, boxes):
    eid = make_elder(ctx)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    dialog.form.editor("notes").setPlainText("Da buttare")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    boxes.answer = QMessageBox.StandardButton.Discard
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert all_drafts(ctx) == 0


def test_undoing_every_change_deletes_the_draft(qtbot, ctx):
    eid = make_elder(ctx)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    dialog.form.editor("notes").setPlainText("Un momento")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    dialog.undo()
    assert not dialog.is_dirty()
    qtbot.waitUntil(lambda: all_drafts(ctx) == 0)


def test_hiding_the_window_writes_the_draft_at_once(qtbot, ctx, monkeypatch):
    """The idle lock hides the windows: the draft is written then, not two seconds later."""
    monkeypatch.setattr(ui_drafts, "DELAY_MS", 3_600_000)
    eid = make_elder(ctx)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    dialog.form.editor("notes").setPlainText("Scritto prima del blocco")
    assert drafts_of(ctx) == []
    dialog.hide()
    assert form_values(ctx) == {"notes": "Scritto prima del blocco"}


def test_a_failed_draft_write_never_disturbs_typing(qtbot, ctx, boxes, monkeypatch, caplog):
    real = drafts_service.save_draft
    broken = {"on": True}

    def save_draft(s, actor, **kw):
        if broken["on"]:
            raise OperationalError("INSERT ... 'Segreto'", {}, Exception("database or disk "
                                                                           "is full"))
        return real(s, actor, **kw)

    monkeypatch.setattr(drafts_service, "save_draft", save_draft)
    eid = make_elder(ctx)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    with caplog.at_level(logging.WARNING):
        dialog.form.editor("notes").setPlainText("Segreto")
        qtbot.waitUntil(lambda: dialog.draft_keeper.failures >= 1)
    assert dialog.isVisible() and dialog.form.value("notes") == "Segreto"
    assert boxes.texts == []  # no message in the user's way
    assert "OperationalError" in caplog.text and "Segreto" not in caplog.text
    broken["on"] = False  # the disk has space again: the next attempt writes it
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    assert form_values(ctx) == {"notes": "Segreto"}


# --- the list after the login -----------------------------------------------------------------

def test_changed_record_is_offered_with_a_note_and_the_values_go_on_top(qtbot, ctx, ui_actors):
    eid = make_elder(ctx, phone=None)
    with ctx.begin() as s:
        version = s.get(Elder, eid).version
        drafts_service.save_draft(s, ctx.actor, kind="elder", record_id=eid,
                                  record_version=version, description="Scheda",
                                  values={"forms": [{"notes": "La mia nota"}]})
    other = context_for(ctx, ui_actors, Role.PSYCHOLOGIST)
    with other.begin() as s:  # a colleague saves the record meanwhile
        P.update_elder(s, other.actor, eid, {"phone": "011 654321"}, expected_version=version)

    offered = ui_drafts.offer_drafts(None, ctx, show=False)
    qtbot.addWidget(offered)
    assert offered.table.item(0, 2).text() == state_note({"state": drafts_service.CHANGED})
    resumed = offered.resume_selected()
    resumed.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(resumed, before_close_func=lambda d: d.discard_and_close())
    assert resumed.form.value("notes") == "La mia nota"
    assert resumed.form.value("phone") == "011 654321"  # the colleague's change is there
    assert resumed.banner.isVisible()
    qtbot.mouseClick(resumed.save_button, Qt.MouseButton.LeftButton)
    with ctx.sessions() as s:
        saved = P.get_elder(s, ctx.actor, eid)
    assert (saved["notes"], saved["phone"]) == ("La mia nota", "+39011654321")
    assert all_drafts(ctx) == 0


def test_deleted_record_is_offered_but_cannot_be_resumed(qtbot, ctx):
    with ctx.begin() as s:
        drafts_service.save_draft(s, ctx.actor, kind="elder", record_id=987_654,
                                  record_version=1, description="Scheda", values={})
    offered = ui_drafts.offer_drafts(None, ctx, show=False)
    qtbot.addWidget(offered)
    assert offered.table.item(0, 2).text() == state_note({"state": drafts_service.DELETED})
    assert not offered.resume_button.isEnabled() and offered.delete_button.isEnabled()


def test_delete_asks_first(qtbot, ctx, boxes):
    with ctx.begin() as s:
        for name in ("Uno", "Due"):
            drafts_service.save_draft(s, ctx.actor, kind="elder", description=name,
                                      values={"forms": [{"last_name": name}]})
    offered = ui_drafts.offer_drafts(None, ctx, show=False)
    qtbot.addWidget(offered)
    first = offered.table.item(0, 0).text()
    boxes.answer = QMessageBox.StandardButton.Cancel
    assert not offered.delete_selected()
    assert all_drafts(ctx) == 2
    boxes.answer = QMessageBox.StandardButton.Yes
    assert offered.delete_selected()
    assert first in boxes.texts[-1]
    assert [d["description"] for d in drafts_of(ctx)] == [offered.table.item(0, 0).text()]
    assert offered.table.rowCount() == 1


def test_later_keeps_the_drafts(qtbot, ctx):
    with ctx.begin() as s:
        drafts_service.save_draft(s, ctx.actor, kind="elder", description="Bozza",
                                  values={"forms": [{"last_name": "X"}]})
    offered = ui_drafts.offer_drafts(None, ctx)
    qtbot.addWidget(offered)
    assert offered.isVisible()
    qtbot.mouseClick(offered.later_button, Qt.MouseButton.LeftButton)
    assert not offered.isVisible() and all_drafts(ctx) == 1


def test_others_and_read_only_users_are_offered_nothing(qtbot, ctx, ui_actors):
    with ctx.begin() as s:
        drafts_service.save_draft(s, ctx.actor, kind="elder", description="Bozza",
                                  values={"forms": [{"last_name": "X"}]})
    for role in (Role.PSYCHOLOGIST, Role.READ_ONLY):
        assert ui_drafts.offer_drafts(None, context_for(ctx, ui_actors, role),
                                      show=False) is None


def test_read_only_users_keep_no_draft(qtbot, ctx, ui_actors):
    eid = make_elder(ctx)
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    dialog = show(qtbot, ElderDialog.open_record(None, reader, eid, show=False))
    assert not dialog.keeps_drafts()
    dialog.form.set_value("notes", "x")  # even if a value changed somehow
    dialog.hide()
    assert all_drafts(ctx) == 0


# --- other kinds of forms -------------------------------------------------------------------------

def crash_and_resume(qtbot, ctx, dialog):
    """The window vanishes without closing; its draft, offered after a restart, is resumed."""
    shiboken6.delete(dialog)
    offered = ui_drafts.offer_drafts(None, ctx, show=False)
    qtbot.addWidget(offered)
    resumed = offered.resume_selected()
    assert resumed is not None
    resumed.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(resumed, before_close_func=lambda d: d.discard_and_close())
    return resumed


def test_new_interview_with_its_interviewers_is_resumed(qtbot, ctx, ui_actors):
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data(last_name="Verdi",
                                                             first_name="Gino"))
    dialog = InterviewDialog.create(None, ctx, fosterer_id=fid, exec=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.editor("place").setText("Sede di Rivoli")
    dialog.form.editor("motivation").setPlainText("Desidera rendersi utile.")
    choose(dialog, "outcome", InterviewOutcome.FAVOURABLE)
    psy = ui_actors[Role.PSYCHOLOGIST].id
    dialog.set_checked_staff([psy])
    qtbot.waitUntil(lambda: bool(drafts_of(ctx)) and "interviewers" in drafts_of(ctx)[0]["values"])
    typed, staff = dialog.form.values(), dialog.checked_staff()
    (draft,) = drafts_of(ctx)
    assert draft["context"] == {"fosterer_id": fid}
    assert draft["description"] == tr("New interview – {name}").format(name="Verdi Gino")

    resumed = crash_and_resume(qtbot, ctx, dialog)
    assert isinstance(resumed, InterviewDialog) and resumed.fosterer_id == fid
    assert resumed.form.values() == typed and resumed.checked_staff() == staff == [psy]
    assert resumed.is_dirty() and resumed.save_button.isEnabled()


def test_new_expense_entry_is_resumed(qtbot, ctx):
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data())
    dialog = ExpenseDialog.create(None, ctx, fid, exec=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.editor("km").setText("12,5")
    dialog.form.editor("description").setText("Visita al mercato")
    qtbot.waitUntil(lambda: bool(drafts_of(ctx))
                    and drafts_of(ctx)[0]["values"]["forms"][0].get("description")
                    == "Visita al mercato")
    typed = dialog.form.values()
    resumed = crash_and_resume(qtbot, ctx, dialog)
    assert isinstance(resumed, ExpenseDialog) and resumed.fosterer_id == fid
    assert resumed.form.values() == typed
    qtbot.mouseClick(resumed.save_button, Qt.MouseButton.LeftButton)
    assert not resumed.isVisible()
    assert all_drafts(ctx) == 0


def test_training_course_and_new_session_are_resumed(qtbot, ctx):
    from affido_app.services import training as T
    from affido_app.ui.dialogs.course_dialog import CourseDialog
    from affido_app.ui.dialogs.training_session_dialog import TrainingSessionDialog

    with ctx.begin() as s:
        cid = T.create_course(s, ctx.actor, {"title": "Percorso di primavera"})
    course = CourseDialog.open_course(None, ctx, cid, exec=False)
    course.show()
    qtbot.waitExposed(course)
    course.form.editor("notes").setPlainText("Aula al primo piano")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    resumed = crash_and_resume(qtbot, ctx, course)
    assert isinstance(resumed, CourseDialog) and resumed.course_id == cid
    assert resumed.form.value("notes") == "Aula al primo piano" and resumed.is_dirty()
    qtbot.mouseClick(resumed.save_button, Qt.MouseButton.LeftButton)
    assert all_drafts(ctx) == 0
    with ctx.sessions() as s:
        assert T.get_course(s, ctx.actor, cid)["notes"] == "Aula al primo piano"

    session = TrainingSessionDialog.create(None, ctx, cid, exec=False)
    session.show()
    qtbot.waitExposed(session)
    session.form.editor("topic").setText("Accoglienza")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    (draft,) = drafts_of(ctx)
    assert draft["record_id"] is None and draft["context"] == {"course_id": cid}
    resumed = crash_and_resume(qtbot, ctx, session)
    assert isinstance(resumed, TrainingSessionDialog) and resumed.course_id == cid
    assert resumed.form.value("topic") == "Accoglienza"
    resumed.discard_and_close()


@pytest.fixture
def demo_ctx(qapp, demo_db, qsettings):
    """The demo coordinator (pairs, supervision notes) on a copy of the demo database."""
    from affido_app.services.context import load_actor
    from affido_app.ui.i18n import install_translators
    from affido_app.ui.settings import Settings

    install_translators(qapp, "it")
    with demo_db.sessions() as s:
        actor = load_actor(s, "coordinatore")
    return AppContext(demo_db, actor, Settings(qsettings), actor_name="coordinatore")


def test_pair_page_and_pair_note_are_resumed(qtbot, demo_ctx):
    from affido_app.db.models import Match, SupervisionNote
    from affido_app.ui.dialogs.match_dialog import MatchDialog
    from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

    ctx = demo_ctx
    with ctx.sessions() as s:
        match = s.scalars(select(Match).order_by(Match.id)).first()
        note = s.scalars(select(SupervisionNote).order_by(SupervisionNote.id)).first()
        match_id, elder_id, note_id, session_id = (match.id, match.elder_id, note.id,
                                                   note.session_id)
    page = MatchDialog.open_record(None, ctx, match_id, show=True)
    qtbot.waitExposed(page)
    page.form.editor("goals").setPlainText("Uscire insieme due volte a settimana")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    (draft,) = drafts_of(ctx)
    assert draft["kind"] == "match" and draft["record_id"] == match_id
    with ctx.sessions() as s:  # the people of the pair are named (erasure finds the draft)
        assert s.scalar(select(FormDraft.elder_id)) == elder_id
    resumed = crash_and_resume(qtbot, ctx, page)
    assert isinstance(resumed, MatchDialog) and resumed.match_id == match_id
    assert resumed.form.value("goals") == "Uscire insieme due volte a settimana"
    resumed.discard_and_close()
    assert all_drafts(ctx) == 0

    from affido_app.services.context import load_actor

    with ctx.sessions() as s:  # the confidential texts: a psychologist writes them
        ctx = AppContext(ctx.db, load_actor(s, "psicologa"), ctx.settings)
    dialog = PairNoteDialog.open_note(None, ctx, session_id, note_id, exec=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.editor("agreed_actions").setPlainText("Telefonata settimanale")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    assert drafts_of(ctx)[0]["context"] == {"session_id": session_id}
    resumed = crash_and_resume(qtbot, ctx, dialog)
    assert isinstance(resumed, PairNoteDialog) and resumed.note_id == note_id
    assert resumed.form.value("agreed_actions") == "Telefonata settimanale"


def test_leaving_the_window_writes_the_draft_at_once(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(ui_drafts, "DELAY_MS", 3_600_000)
    dialog = show(qtbot, ElderDialog.open_record(None, ctx, make_elder(ctx), show=False))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.form.editor("notes").setPlainText("Prima di passare ad altro")
    assert drafts_of(ctx) == []
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not dialog.isActiveWindow())
    assert form_values(ctx) == {"notes": "Prima di passare ad altro"}


def test_a_locked_database_does_not_freeze_the_form(qtbot, ctx, boxes):
    """Another program holds the database's write lock: the draft gives up quickly (not after
    the usual ten-second wait), the form stays as typed, and the draft is written once the lock
    is released."""
    import time

    from affido_app.db.backup import connect_raw
    from affido_app.db.engine import BUSY_TIMEOUT_MS

    dialog = show(qtbot, ElderDialog.open_record(None, ctx, make_elder(ctx), show=False))
    other = connect_raw(ctx.db.path, None)
    try:
        other.execute("BEGIN IMMEDIATE")
        dialog.form.editor("notes").setPlainText("Mentre il database è occupato")
        started = time.monotonic()
        assert dialog.draft_keeper.flush() is False
        assert time.monotonic() - started < BUSY_TIMEOUT_MS / 2000
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert boxes.texts == [] and dialog.isVisible()
    assert dialog.form.value("notes") == "Mentre il database è occupato"
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)  # the next attempt
    with ctx.db.engine.connect() as conn:  # the usual wait is back for everything else
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_a_resumed_record_is_one_window_with_the_main_windows_own(qtbot, ctx, boxes):
    """Resuming the draft of a record counts its window among the main window's open records:
    opening the record from a list raises it; resuming while the record is open is refused."""
    from affido_app.ui.main_window import MainWindow

    eid = make_elder(ctx)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    first = show(qtbot, ElderDialog.open_record(None, ctx, eid, show=False))
    first.form.editor("notes").setPlainText("Scritta prima di un guasto")
    qtbot.waitUntil(lambda: len(drafts_of(ctx)) == 1)
    (draft,) = drafts_of(ctx)

    main.open_record("elder", eid)  # the record is open from a list…
    (listed,) = main._record_windows
    assert ui_drafts.resume(main, ctx, draft, show=False) is None  # …so the draft waits
    assert boxes.texts and "già aperta" in boxes.texts[-1]
    listed.close()
    qtbot.waitUntil(lambda: not main._record_windows)

    resumed = ui_drafts.resume(main, ctx, draft, show=False)
    assert resumed is not None and resumed.form.editor("notes").toPlainText().startswith(
        "Scritta prima")
    assert main.record_window("elder", eid) is resumed
    main.open_record("elder", eid)
    assert main._record_windows == [resumed]  # raised, not opened twice
    resumed.discard_and_close()
    first.discard_and_close()
