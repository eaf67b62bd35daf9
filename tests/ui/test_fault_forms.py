"""A fault while saving: the message, and the form stays open with everything that was typed.

The elder's record window, driven through its widgets: values typed, a fault injected on the
application's own connections (disk full, read-only database, database locked by another
program), Save pressed. The Italian message appears, the window is still open with its values,
the database holds no part of the record; once the fault is gone, Save works.

``AFFIDO_FAULT_SHOTS=DIR`` saves each message box as a PNG (to look at them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import time
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from affido_app.domain.enums import Sex
from affido_app.services import people as P
from affido_app.ui import operations
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from tests.db.test_faults import (
    DISK_FULL,
    LOCKED,
    READ_ONLY,
    counts,
    disk_full,
    locked_by_another_program,
    long_notes,
    read_only,
)
from tests.ui.test_person_dialogs import (
    choose,
    click,
    make_elder,
    new_dialog,
    open_dialog,
    type_into,
)

SHOTS = os.environ.get("AFFIDO_FAULT_SHOTS")
_shot_numbers = itertools.count(1)


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes are recorded (text, and a picture on request) and answered OK."""
    seen: list[str] = []

    def fake_exec(box):
        seen.append(box.text())
        if SHOTS:  # shown as exec() shows it, then pictured
            box.show()
            QApplication.processEvents()
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            box.grab().save(str(Path(SHOTS) / f"message-{next(_shot_numbers)}.png"))
            box.hide()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return seen


def inject(fault: str, ctx, monkeypatch):
    if fault == "disk full":
        return disk_full(ctx.db)
    if fault == "read-only":
        return read_only(ctx.db)
    if fault == "locked":
        monkeypatch.setattr(operations, "BUSY_RETRY_PAUSES", (0.01, 0.01))
        return locked_by_another_program(ctx.db, monkeypatch)
    raise AssertionError(fault)


FAULTS = [("disk full", DISK_FULL), ("read-only", READ_ONLY), ("locked", LOCKED)]


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_a_new_record_stays_open_with_what_was_typed(qtbot, ctx, boxes, monkeypatch, fault,
                                                     message):
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    type_into(qtbot, dialog, "last_name", "Rossi")
    type_into(qtbot, dialog, "first_name", "Maria")
    choose(dialog, "sex", Sex.F)
    type_into(qtbot, dialog, "birth_date", "05/03/1945")
    type_into(qtbot, dialog, "comune", "Rivoli")
    dialog.form.set_value("notes", long_notes())
    typed = dialog.form.values()
    before = counts(ctx.db)

    with inject(fault, ctx, monkeypatch):
        click(qtbot, dialog.save_button)
        assert len(boxes) == 1 and boxes[0].startswith(message)
        assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
        assert dialog.form.values() == typed and dialog.is_dirty()
        assert dialog.person_id is None and dialog.saved_id is None
        assert counts(ctx.db) == before  # nothing half written: no elder, no audit row

    click(qtbot, dialog.save_button)  # the fault is gone: it saves
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(boxes) == 1
    with ctx.sessions() as s:
        saved = P.get_elder(s, ctx.actor, dialog.saved_id)
    assert (saved["last_name"], saved["first_name"], saved["comune"]) == (
        "Rossi", "Maria", "Rivoli")
    assert saved["birth_date"] == dt.date(1945, 3, 5) and saved["notes"] == long_notes()


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_changes_to_a_record_stay_in_the_window(qtbot, ctx, boxes, monkeypatch, fault, message):
    elder_id = make_elder(ctx, last_name="Bianchi", first_name="Anna")
    dialog = open_dialog(qtbot, ElderDialog, ctx, elder_id)
    type_into(qtbot, dialog, "address", "Via Roma 1")
    dialog.form.set_value("notes", long_notes())
    typed = dialog.form.values()
    before = counts(ctx.db)

    with inject(fault, ctx, monkeypatch):
        click(qtbot, dialog.save_button)
        assert len(boxes) == 1 and boxes[0].startswith(message)
        assert dialog.isVisible() and dialog.form.values() == typed and dialog.is_dirty()
        assert counts(ctx.db) == before
        with ctx.sessions() as s:
            unchanged = P.get_elder(s, ctx.actor, elder_id)
        assert unchanged["address"] is None and unchanged["notes"] is None

    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        saved = P.get_elder(s, ctx.actor, elder_id)
    assert saved["address"] == "Via Roma 1" and saved["notes"] == long_notes()


def test_a_failed_save_never_loses_the_form_when_closing(qtbot, ctx, boxes, monkeypatch):
    """Closing after a failed save still asks (the values are not thrown away silently)."""
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    type_into(qtbot, dialog, "last_name", "Verdi")
    type_into(qtbot, dialog, "first_name", "Luisa")
    choose(dialog, "sex", Sex.F)
    type_into(qtbot, dialog, "birth_date", "01/01/1940")
    dialog.form.set_value("notes", long_notes())
    with contextlib.ExitStack() as stack:
        stack.enter_context(disk_full(ctx.db))
        click(qtbot, dialog.save_button)
        boxes.clear()
        dialog.reject()  # Esc / close: the "save changes?" question (answered OK = not Discard)
        assert dialog.isVisible()
        assert boxes  # a question was asked


def test_a_lock_held_for_a_moment_is_waited_out(qtbot, ctx, boxes, monkeypatch):
    """A save that meets another writer's lock (a backup, a document written in the
    background) tries again for a moment instead of failing at once."""
    elder_id = make_elder(ctx, last_name="Bianchi", first_name="Anna")
    dialog = open_dialog(qtbot, ElderDialog, ctx, elder_id)
    type_into(qtbot, dialog, "address", "Via Roma 1")
    pauses: list[float] = []
    with contextlib.ExitStack() as stack:
        stack.enter_context(locked_by_another_program(ctx.db, monkeypatch))
        other_program_done = stack.pop_all().close  # releases the lock when called

        def pause(seconds: float) -> None:  # the other program finishes during the first pause
            pauses.append(seconds)
            if len(pauses) == 1:
                other_program_done()

        monkeypatch.setattr(operations, "time",
                            types.SimpleNamespace(monotonic=time.monotonic, sleep=pause))
        click(qtbot, dialog.save_button)
    assert pauses == [operations.BUSY_RETRY_PAUSES[0]] and not boxes
    assert dialog.result() == dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        assert P.get_elder(s, ctx.actor, elder_id)["address"] == "Via Roma 1"
