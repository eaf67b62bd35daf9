"""The idle lock: personal data off the screen after a time without activity, the password asked
again, unsaved work intact (issue 7, point 5). Time is a fake clock: no test sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from affido_app.db.keyring import TooManyAttempts
from affido_app.domain.enums import Role
from affido_app.services import auth, people
from affido_app.services.settings import get_setting, set_setting
from affido_app.ui import idle_lock as il
from affido_app.ui.dialogs import lock_dialog
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.km_rate_dialog import KmRateDialog
from affido_app.ui.i18n import tr
from affido_app.ui.idle_lock import IdleLock, install_idle_lock
from affido_app.ui.main_window import MainWindow
from tests.ui.conftest import context_for

TEN_MINUTES_MS = 10 * 60 * 1000
PASSWORD = "cavallo-batteria-graffetta"


class FakeClock:
    """Seconds, moved by hand."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def quits() -> list[bool]:
    return []


@pytest.fixture
def make_lock(qapp, clock, quits):
    made: list[IdleLock] = []

    def make(verify=lambda password: password == PASSWORD, timeout_ms=TEN_MINUTES_MS):
        lock = IdleLock(qapp, timeout_ms, verify, clock, user_name="Carlo Coordinatore",
                        on_quit=lambda: quits.append(True))
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.uninstall()


class Answers(list):
    """What the confirmation boxes answer (first in, first out); ``texts``: what they said."""

    texts: list[str]


@pytest.fixture
def answers(monkeypatch) -> Answers:
    queue = Answers()
    queue.texts = []

    def fake_exec(box):
        queue.texts.append(box.text())
        return queue.pop(0) if queue else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return queue


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowType() not in (Qt.WindowType.ToolTip,
                                                        Qt.WindowType.Popup)]


def simple_window(qtbot, text: str = "") -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    window.setWindowTitle("Scheda di prova")
    edit = QLineEdit(text, window)
    QVBoxLayout(window).addWidget(edit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, edit


def unlock_with(qtbot, lock: IdleLock, password: str) -> None:
    """Type the password in the lock window and press Enter, as the user does."""
    field = lock.dialog.password
    field.setText(password)
    qtbot.keyClick(field, Qt.Key.Key_Return)


# --- when it locks --------------------------------------------------------------------------------

def test_locks_after_the_idle_time_and_not_before(qtbot, make_lock, clock):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(599.9)
    assert lock.check() is False
    assert window.isVisible() and lock.dialog is None
    clock.advance(0.1)
    assert lock.check() is True
    assert lock.is_locked() and not window.isVisible()
    assert visible_windows() == [lock.dialog]


@pytest.mark.parametrize("activity", ["key", "click", "wheel", "move"])
def test_activity_resets_the_idle_time(qtbot, make_lock, clock, activity):
    window, edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(500)
    if activity == "key":
        qtbot.keyClick(edit, "a")
    elif activity == "click":
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    elif activity == "move":
        qtbot.mouseMove(edit, QPoint(5, 5))
        qtbot.mouseMove(edit, QPoint(15, 8))
    else:
        QApplication.sendEvent(edit, QWheelEvent(
            QPointF(5, 5), QPointF(edit.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
            QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False))
    clock.advance(500)  # 1000 s since the start, 500 since the activity
    assert lock.check() is False and window.isVisible()
    clock.advance(100)
    assert lock.check() is True and not window.isVisible()


def test_the_timer_checks_by_itself(qtbot, make_lock, clock):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    assert lock.timer.isActive() and lock.timer.interval() <= il.CHECK_EVERY_MS
    lock.timer.timeout.emit()
    assert not lock.is_locked()
    clock.advance(601)
    lock.timer.timeout.emit()
    assert lock.is_locked() and not window.isVisible()


def test_activity_while_locked_does_not_unlock(qtbot, make_lock, clock):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(600)
    lock.check()
    qtbot.keyClick(lock.dialog.password, "x")
    qtbot.mouseClick(lock.dialog, Qt.MouseButton.LeftButton)
    assert lock.check() is True and not window.isVisible()


# --- what the lock hides, and gives back ---------------------------------------------------------

def test_windows_leave_the_screen_and_come_back_with_the_typed_text(qtbot, ctx, make_lock,
                                                                    clock):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    form = ElderDialog.create(main, ctx, exec=False)  # a new elder being typed in
    qtbot.addWidget(form, before_close_func=lambda d: d.discard_and_close())
    form.show()
    qtbot.waitExposed(form)
    form.form.focus("last_name")
    qtbot.keyClicks(form.form.editor("last_name"), "Ferrero")
    form.form.editor("first_name").setText("Nicolò")
    form.form.set_value("birth_date", dt.date(1941, 5, 3))
    form.form.set_value("comune", "Collegno")
    assert form.is_dirty() and form.save_button.isEnabled()
    menu = QMenu(main)
    menu.addAction("Una voce")
    menu.popup(main.mapToGlobal(QPoint(40, 40)))
    qtbot.waitExposed(menu)

    lock = make_lock()
    clock.advance(601)
    assert lock.check()
    assert not main.isVisible() and not form.isVisible() and not menu.isVisible()
    assert visible_windows() == [lock.dialog]
    assert lock.dialog.isModal() or lock.dialog.windowModality() != Qt.WindowModality.NonModal

    unlock_with(qtbot, lock, PASSWORD)
    assert not lock.is_locked()
    assert main.isVisible() and form.isVisible()
    assert form.form.value("last_name") == "Ferrero"
    assert form.form.value("first_name") == "Nicolò"
    assert form.form.value("birth_date") == dt.date(1941, 5, 3)
    assert form.is_dirty() and form.save_button.isEnabled()
    assert form.undo_action.isEnabled()  # the undo history is still there
    # and the work can be saved after all
    form.save()
    assert form.saved_id is not None, form.banner.text()
    with ctx.sessions() as s:
        saved = people.get_elder(s, ctx.actor, form.saved_id)
    assert (saved["last_name"], saved["first_name"]) == ("Ferrero", "Nicolò")


def test_a_new_person_form_waiting_in_its_loop_is_hidden_and_saved_afterwards(
        qtbot, ctx, make_lock, clock):
    """File → New elder: the form runs in a loop of its own until saved or cancelled; the lock
    hides it without ending that loop."""
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    lock = make_lock()
    seen: dict = {}

    def inside_the_form():
        form = next(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, ElderDialog) and w.isVisible())
        form.form.editor("last_name").setText("Operti")
        form.form.editor("first_name").setText("Teresa")
        form.form.set_value("birth_date", dt.date(1939, 2, 1))
        form.form.set_value("comune", "Rivoli")
        clock.advance(601)
        lock.check()
        seen["locked"] = (lock.is_locked(), form.isVisible(), main.isVisible())
        unlock_with(qtbot, lock, PASSWORD)
        seen["after"] = (form.isVisible(), form.form.value("last_name"))
        form.save()

    QTimer.singleShot(0, inside_the_form)
    new_id = ElderDialog.create(main, ctx)
    assert seen["locked"] == (True, False, False)
    assert seen["after"] == (True, "Operti")
    assert new_id is not None
    with ctx.sessions() as s:
        assert people.get_elder(s, ctx.actor, new_id)["last_name"] == "Operti"


def test_a_modal_form_waiting_for_an_answer_is_covered_and_survives(qtbot, ctx, ui_actors,
                                                                    make_lock, clock, tmp_path):
    admin = context_for(ctx, ui_actors, Role.ADMIN)
    main = MainWindow(admin)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    lock = make_lock()
    seen: dict = {}

    def inside_the_dialog():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog
        editor = dialog.form.editor("km_rate")
        editor.setText("")
        qtbot.keyClicks(editor, "0,42")
        seen["title"] = dialog.windowTitle()
        clock.advance(601)
        lock.check()
        cover = dialog.findChild(QWidget, "idleLockCover")
        seen["locked"] = (lock.is_locked(), dialog.isVisible(), not main.isVisible(),
                          cover is not None and cover.isVisible()
                          and cover.geometry() == dialog.rect(),
                          dialog.windowTitle())
        dialog.grab().save(str(tmp_path / "covered.png"))
        unlock_with(qtbot, lock, PASSWORD)
        seen["after"] = (dialog.isVisible(), dialog.findChild(QWidget, "idleLockCover"),
                         dialog.windowTitle(), dialog.form.value("km_rate"), main.isVisible())
        dialog.save_button.click()

    QTimer.singleShot(0, inside_the_dialog)
    assert KmRateDialog.change(main, admin) is True  # the dialog was never ended by the lock
    assert seen["locked"] == (True, True, True, True, tr("Affido — locked"))
    visible, cover, title, typed, main_back = seen["after"]
    assert visible and cover is None and title == seen["title"] and main_back
    assert typed == "0,42"
    with admin.sessions() as s:
        assert get_setting(s, "expenses.km_rate") == "0.42"


def test_a_window_opened_while_locked_is_covered(qtbot, make_lock, clock):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(601)
    lock.check()
    late = QWidget()
    late.setWindowTitle("Rossi Maria — documento pronto")
    qtbot.addWidget(late)
    late.show()  # e.g. the end of a slow operation
    cover = late.findChild(QWidget, "idleLockCover")
    assert cover is not None and cover.isVisible()
    assert late.windowTitle() == tr("Affido — locked")
    unlock_with(qtbot, lock, PASSWORD)
    assert late.findChild(QWidget, "idleLockCover") is None
    assert late.windowTitle() == "Rossi Maria — documento pronto"
    assert window.isVisible()


# --- the password ----------------------------------------------------------------------------

def test_a_wrong_password_is_refused_with_a_message_next_to_the_field(qtbot, make_lock, clock,
                                                                      tmp_path):
    window, edit = simple_window(qtbot, "testo non salvato")
    tried: list[str] = []
    lock = make_lock(verify=lambda p: tried.append(p) or p == PASSWORD)
    clock.advance(601)
    lock.check()
    dialog = lock.dialog
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # nothing typed
    assert dialog.error.isVisible() and dialog.error.text() == tr("Type your password.")
    assert tried == []
    unlock_with(qtbot, lock, "sbagliata")
    assert tried == ["sbagliata"]
    assert lock.is_locked() and not window.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == tr("Wrong password. Try again.")
    assert dialog.password.text() == ""  # ready to type again
    dialog.grab().save(str(tmp_path / "wrong.png"))
    qtbot.keyClicks(dialog.password, "c")
    assert not dialog.error.isVisible()  # the message goes once the user types again
    unlock_with(qtbot, lock, PASSWORD)
    assert not lock.is_locked() and window.isVisible() and edit.text() == "testo non salvato"


def test_a_refusal_from_the_check_is_shown_as_it_is(qtbot, make_lock, clock):
    simple_window(qtbot)

    def delayed(_password):
        raise TooManyAttempts(30)

    lock = make_lock(verify=delayed)
    clock.advance(601)
    lock.check()
    unlock_with(qtbot, lock, PASSWORD)
    assert lock.is_locked()
    assert lock.dialog.error.text() == TooManyAttempts(30).message


def test_esc_and_the_close_button_do_not_unlock(qtbot, make_lock, clock):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(601)
    lock.check()
    qtbot.keyClick(lock.dialog, Qt.Key.Key_Escape)
    lock.dialog.close()
    assert lock.is_locked() and lock.dialog.isVisible() and not window.isVisible()


def test_without_a_password_the_lock_only_asks_to_resume(qtbot, make_lock, clock, tmp_path):
    window, edit = simple_window(qtbot, "bozza")
    lock = make_lock(verify=None)
    clock.advance(601)
    lock.check()
    dialog = lock.dialog
    assert not window.isVisible()
    assert not dialog.password.isVisible()
    assert dialog.no_password_note.isVisible()
    assert dialog.no_password_note.text() == tr(
        "No password has been set for your account yet, so Affido cannot ask for it: "
        "click “Resume” to go back to work. Once passwords are in use, Affido will ask "
        "for yours here.")
    assert dialog.unlock_button.text() == tr("&Resume")
    dialog.grab().save(str(tmp_path / "resume.png"))
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked() and window.isVisible() and edit.text() == "bozza"


def test_quit_asks_first_and_says_unsaved_changes_are_lost(qtbot, make_lock, clock, quits,
                                                           answers):
    window, _edit = simple_window(qtbot)
    lock = make_lock()
    clock.advance(601)
    lock.check()
    answers.append(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(lock.dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [] and lock.is_locked() and not window.isVisible()
    assert answers.texts == [tr("Quit Affido now? The changes not saved in the open forms will "
                                "be lost.")]
    answers.append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(lock.dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [True]
    lock.uninstall()  # what the application does once its loop has ended
    assert not window.isVisible()  # nothing comes back on the way out


def test_the_dialog_says_why_and_who(qtbot, make_lock, clock):
    simple_window(qtbot)
    lock = make_lock(timeout_ms=3 * 60_000)
    clock.advance(180)
    lock.check()
    assert lock.dialog.explanation.text().startswith(lock_dialog.idle_text(3))
    assert "3" in lock_dialog.idle_text(3)
    assert "Carlo Coordinatore" in lock.dialog.user_label.text()


# --- in the application ----------------------------------------------------------------------

def test_idle_time_from_the_settings_read_at_start(qtbot, ctx, ui_actors, clock):
    with ctx.sessions() as s:
        assert get_setting(s, il.SETTING) == 10
    lock = install_idle_lock(QApplication.instance(), ctx, clock=clock)
    try:
        assert lock.timeout_ms == 10 * 60_000
        assert lock.verify is None  # nobody has a password in this database
    finally:
        lock.uninstall()
        lock.setParent(None)
    with ctx.begin() as s:
        set_setting(s, ui_actors[Role.ADMIN], il.SETTING, 3)
    lock = install_idle_lock(QApplication.instance(), ctx, clock=clock)
    try:
        assert lock.timeout_ms == 3 * 60_000
    finally:
        lock.uninstall()
        lock.setParent(None)
    with ctx.begin() as s:
        set_setting(s, ui_actors[Role.ADMIN], il.SETTING, 0)  # a mistake: the default applies
        assert il.idle_minutes(s) == 10


def test_the_users_own_password_unlocks_and_a_wrong_one_counts(qtbot, ctx, ui_actors, clock):
    with ctx.begin() as s:
        auth.set_password(s, ui_actors[Role.ADMIN], ctx.actor.id, PASSWORD, must_change=False)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    lock = install_idle_lock(QApplication.instance(), ctx, clock=clock)
    try:
        assert lock.verify is not None
        main.lock_action.trigger()  # File → Lock now
        assert lock.is_locked() and not main.isVisible()
        assert lock.dialog.explanation.text().startswith(lock_dialog.idle_text(None))
        unlock_with(qtbot, lock, "password-di-un-altro")
        assert lock.is_locked()
        with ctx.sessions() as s:
            from affido_app.db.models import StaffUser

            assert s.get(StaffUser, ctx.actor.id).failed_logins == 1
        unlock_with(qtbot, lock, PASSWORD)
        assert not lock.is_locked() and main.isVisible()
        with ctx.sessions() as s:
            assert s.get(StaffUser, ctx.actor.id).failed_logins == 0
    finally:
        lock.uninstall()
        lock.setParent(None)


def test_a_user_without_password_gets_no_verifier(ctx):
    assert ctx.password_verifier() is None


def test_an_admin_changes_the_idle_time_and_it_applies_at_once(qtbot, ctx, ui_actors, clock):
    from affido_app.ui.dialogs.idle_time_dialog import IdleTimeDialog

    admin_ctx = context_for(ctx, ui_actors, Role.ADMIN)
    lock = install_idle_lock(QApplication.instance(), admin_ctx, clock=clock)
    try:
        dialog = IdleTimeDialog.change(None, admin_ctx, exec=False)
        qtbot.addWidget(dialog)
        spin = dialog.form.editor("idle_minutes")
        assert (spin.maximum(), spin.value()) == (240, 10)
        spin.setValue(spin.minimum())  # left empty: told next to the field, nothing saved
        assert not dialog.save()
        assert lock.timeout_ms == 10 * 60_000
        spin.setValue(4)
        assert dialog.save()
        assert lock.timeout_ms == 4 * 60_000
        with admin_ctx.sessions() as s:
            assert get_setting(s, il.SETTING) == 4
    finally:
        lock.uninstall()
        lock.setParent(None)
    coordinator = IdleTimeDialog.change(None, context_for(ctx, ui_actors, Role.COORDINATOR),
                                        exec=False)
    qtbot.addWidget(coordinator)
    assert not coordinator.allowed and not coordinator.save()
