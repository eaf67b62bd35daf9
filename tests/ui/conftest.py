"""Fixtures for pytest-qt tests: an application context on a fresh database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from affido_app.domain.enums import Role
from affido_app.ui.context import AppContext
from affido_app.ui.settings import Settings
from tests.conftest import make_actors


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_actors(sqlite_db):
    return make_actors(sqlite_db)


@pytest.fixture
def ctx(qapp, sqlite_db, ui_actors, qsettings) -> AppContext:
    """The coordinator working on an empty SQLite database, Italian interface."""
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "it")
    return AppContext(sqlite_db, ui_actors[Role.COORDINATOR], Settings(qsettings),
                      actor_name="Carlo Coordinatore")


def context_for(ctx: AppContext, actors, role: Role) -> AppContext:
    """The same database seen by another role."""
    return AppContext(ctx.db, actors[role], ctx.settings)


class MessageBoxes(list):
    """The texts of the message boxes shown (in order); each one answers ``answer``."""

    def __init__(self, answer):
        super().__init__()
        self.answer = answer

    @property
    def texts(self) -> list[str]:
        return self


def fake_message_boxes(monkeypatch, answer=None) -> MessageBoxes:
    """Message boxes never open a modal loop in a test: they remember their text and answer
    ``boxes.answer`` (Cancel unless told otherwise)."""
    from PySide6.QtWidgets import QMessageBox

    boxes = MessageBoxes(QMessageBox.StandardButton.Cancel if answer is None else answer)

    def fake_exec(box):
        boxes.append(box.text())
        return boxes.answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes
