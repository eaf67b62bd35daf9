"""Running user actions: errors become messages, slow work runs off the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from affido_app.domain.enums import Role
from affido_app.errors import NotFound, ValidationError
from affido_app.services import people
from affido_app.ui.operations import run_op, run_slow
from tests.helpers import elder_data


def test_run_op_commits_and_notifies(qtbot, ctx):
    with qtbot.waitSignal(ctx.changed) as changed:
        ok, eid = run_op(None, ctx, lambda s: people.create_elder(s, ctx.actor, elder_data()),
                         changes={"elders"})
    assert ok and changed.args[0] == frozenset({"elders"})
    with ctx.sessions() as s:
        assert people.get_elder(s, ctx.actor, eid)["id"] == eid


def test_run_op_hands_validation_to_the_form_and_rolls_back(qtbot, ctx):
    seen = []
    ok, exc = run_op(None, ctx, lambda s: people.create_elder(s, ctx.actor, {"last_name": ""}),
                     changes={"elders"}, on_validation=seen.append)
    assert not ok and isinstance(exc, ValidationError) and seen == [exc]
    with ctx.sessions() as s:
        assert people.count_people(s, ctx.actor, "elder") == 0


def test_run_op_shows_other_errors(qtbot, ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def missing(s):
        raise NotFound("Anziano non trovato.")

    ok, _ = run_op(None, ctx, missing)
    assert not ok and shown == ["Anziano non trovato."]


def test_run_slow_reports_back_on_the_gui_thread(qtbot, ctx, ui_actors):
    gui = threading.get_ident()
    seen = {}

    def work(report):
        seen["worker"] = threading.get_ident()
        report(50, "metà")
        with ctx.db.sessions() as s:  # its own session in the worker
            return people.count_people(s, ui_actors[Role.COORDINATOR], "elder")

    def done(result):
        seen["done"] = (threading.get_ident(), result)

    thread = run_slow(None, "Prova", work, on_done=done, delay_ms=0)
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    assert seen["worker"] != gui
    assert seen["done"] == (gui, 0)
    qtbot.waitUntil(thread.isFinished)


def test_run_slow_can_be_cancelled(qtbot):
    outcome = {}
    release = threading.Event()

    def work(report):
        release.wait(5)
        report(10)  # raises Cancelled: the user pressed Cancel meanwhile
        outcome["finished"] = True

    thread = run_slow(None, "Prova", work, on_done=lambda r: outcome.setdefault("done", r),
                      on_error=lambda e: outcome.setdefault("error", e), delay_ms=0)
    thread._worker.cancelled = True
    release.set()
    qtbot.waitUntil(thread.isFinished, timeout=5000)
    assert outcome == {}  # neither done nor an error: a cancellation is silent
