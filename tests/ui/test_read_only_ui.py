"""A read-only user is offered nothing that changes data: not in the main window (every section,
with a row selected and every tab shown), not in a person's or a pair's record.

The sweep reads the buttons and actions a user could click (visible and enabled) and matches their
text against the verbs of writing actions. It runs in English (the source strings), so a string
not yet translated cannot slip through. The coordinator, who may write, goes through the same
sweep and must meet those actions: the sweep does see them.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from affido_app.db.models import Elder, Fosterer, Match
from affido_app.domain.enums import ElderStatus, FostererStatus, MatchStatus, Role
from affido_app.services.context import load_actor
from affido_app.services.demo import DEMO_ACCOUNTS
from affido_app.ui.context import AppContext
from affido_app.ui.main_window import MainWindow
from affido_app.ui.settings import Settings

#: the verbs of actions that create, change, delete or change the status of something
WRITE = re.compile(
    r"^(new|edit|delete|change(?! password)|save(?! as pdf)|add|remove|register consent|"
    r"withdraw|approve|reject|accept|mark as paid|submit|propose|sign off|close risk|enrol|"
    r"fill in|restore)\b",
    re.IGNORECASE)
#: inputs that filter what is shown, not data
FILTERS = {"expenseYear"}


@pytest.fixture
def english(qapp):
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "en")
    yield
    install_translators(qapp, "it")


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Cancel)


@pytest.fixture
def context(demo_db, qsettings, english):
    def make(role: Role) -> AppContext:
        username = next(u for u, _n, r in DEMO_ACCOUNTS if r is role)
        with demo_db.sessions() as s:
            actor = load_actor(s, username)
        return AppContext(demo_db, actor, Settings(qsettings), actor_name=username)

    return make


def _label(text: str) -> str:
    return text.replace("&", "").replace("…", "").strip()


def clickable(root: QWidget) -> set[str]:
    """Texts of the buttons and actions a user can click now (menus' own titles excluded)."""
    out = set()
    for b in root.findChildren(QAbstractButton):
        if b.isVisible() and b.isEnabled() and b.text():
            out.add(_label(b.text()))
    for a in root.findChildren(QAction):
        if a.isVisible() and a.isEnabled() and a.text() and a.menu() is None:
            out.add(_label(a.text()))
    return out


def sweep(root: QWidget, skip: tuple = ()) -> set[str]:
    """Show every tab, select the first row of every list, and collect what can be clicked."""
    found = clickable(root)
    for tabs in [None, *root.findChildren(QTabWidget)]:
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            QApplication.processEvents()
            for view in root.findChildren(QAbstractItemView):
                model = view.model()
                if view in skip or not view.isVisible() or model is None or not model.rowCount():
                    continue
                view.setCurrentIndex(model.index(0, 0))
            QApplication.processEvents()
            found |= clickable(root)
    return found


def writes(found: set[str]) -> set[str]:
    return {text for text in found if WRITE.match(text)}


def editable_inputs(root: QWidget) -> list[str]:
    """Inputs of a record that would accept typing or a choice, on every tab."""
    out = []
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            for w in root.findChildren(QWidget):
                if not (w.isVisible() and w.isEnabled()) or w.objectName() in FILTERS:
                    continue
                if w.parent() is not None and w.parent().objectName() in FILTERS:
                    continue
                if isinstance(w, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
                    if not w.isReadOnly():
                        out.append(f"{type(w).__name__} {w.objectName()}")
                elif isinstance(w, QComboBox | QCheckBox):
                    out.append(f"{type(w).__name__} {w.objectName()}")
    return out


def _records(database) -> dict[str, int]:
    with database.sessions() as s:
        return {
            "elder": s.scalar(select(Elder.id).where(Elder.status == ElderStatus.FOSTERED)
                              .order_by(Elder.id).limit(1)),
            "fosterer": s.scalar(select(Fosterer.id).where(
                Fosterer.status == FostererStatus.APPROVED).order_by(Fosterer.id).limit(1)),
            "match": s.scalar(select(Match.id).where(Match.status == MatchStatus.ACTIVE)
                              .order_by(Match.id).limit(1)),
        }


def open_everything(qtbot, ctx) -> tuple[MainWindow, dict[str, set[str]]]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    found: dict[str, set[str]] = {}
    for section in win.sections:
        win.show_section(section.key)
        found[section.key] = sweep(win.stack.currentWidget(), skip=(win.nav,))
    found["menus"] = clickable(win)
    for kind, record_id in _records(ctx.db).items():
        assert record_id is not None, kind
        win.open_record(kind, record_id)
        record = win._record_windows[-1]
        qtbot.addWidget(record, before_close_func=_discard)
        qtbot.waitExposed(record)
        found[kind] = sweep(record)
    return win, found


def _discard(record) -> None:
    if hasattr(record, "discard_and_close"):
        record.discard_and_close()


def test_read_only_user_is_offered_no_writing_action(qtbot, context):
    ctx = context(Role.READ_ONLY)
    win, found = open_everything(qtbot, ctx)
    assert {s.key for s in win.sections} >= {"elders", "fosterers", "matches", "training"}
    offered = {where: sorted(writes(texts)) for where, texts in found.items() if writes(texts)}
    assert offered == {}
    # reading stays possible
    assert "Open" in found["elders"] and "Find a person" in found["menus"]


def test_read_only_person_and_pair_records_accept_no_input(qtbot, context):
    ctx = context(Role.READ_ONLY)
    win, _found = open_everything(qtbot, ctx)
    records = {type(w).__name__: editable_inputs(w) for w in win._record_windows}
    assert set(records) == {"ElderDialog", "FostererDialog", "MatchDialog"}
    assert records == {name: [] for name in records}


def test_the_sweep_sees_the_writing_actions_of_who_may_write(qtbot, context):
    _win, found = open_everything(qtbot, context(Role.COORDINATOR))
    assert {"New elder", "New fosterer"} <= writes(found["menus"])
    assert "New elder" in writes(found["elders"])
    assert {"New course", "Edit course", "Delete course"} <= writes(found["training"])
    assert {"Change status", "Save"} <= writes(found["elder"])
    assert "Change status" in writes(found["fosterer"])
    assert writes(found["match"])
