"""A date typed as dd/mm/yyyy (or picked from a calendar), possibly empty.

``value()`` is a ``datetime.date``, ``None`` when empty, or the text itself when it is not a
valid date: the form hands that text to the service, whose message ("Data non valida: usare il
formato gg/mm/aaaa.") then appears next to the field. ``error()`` gives the same message at once.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from affido_app.domain import validators as v
from affido_app.errors import FieldError
from affido_app.ui.i18n import tr

_INVALID_CSS = "QLineEdit { border: 1px solid #c62828; background-color: #fff3f3; }"


def format_date(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")


class DateEdit(QWidget):
    """``value()`` / ``set_value(date | None)``; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(tr("dd/mm/yyyy"))
        self.line.setMaxLength(10)
        self.line.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9./\-]{0,10}"), self.line))
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.line.setMaximumWidth(self.line.minimumWidth() + 30)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(tr("Choose from the calendar"))
        self.button.setAccessibleName(tr("Choose from the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.line.textChanged.connect(lambda _text: self.changed.emit())
        self.line.editingFinished.connect(self._tidy)
        self._menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    # --- value ---

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:
        self.line.setText(text)

    def value(self) -> dt.date | str | None:
        text = self.line.text().strip()
        if not text:
            return None
        try:
            return v.parse_date(text)
        except FieldError:
            return text

    def date(self) -> dt.date | None:
        """The date, or None when empty or invalid."""
        value = self.value()
        return value if isinstance(value, dt.date) else None

    def set_value(self, value: dt.date | str | None) -> None:
        if isinstance(value, dt.datetime):
            value = value.date()
        text = format_date(value) if isinstance(value, dt.date) or value is None else str(value)
        if text != self.line.text():
            self.line.setText(text)

    def error(self) -> str | None:
        """The Italian message for what is typed, None when it is a date or empty."""
        try:
            v.parse_date(self.line.text())
        except FieldError as exc:
            return exc.message
        return None

    def _tidy(self) -> None:
        """"5/3/2024" becomes "05/03/2024" once typed."""
        day = self.date()
        if day is not None and format_date(day) != self.line.text():
            self.line.setText(format_date(day))

    # --- calendar ---

    def show_calendar(self) -> None:
        if self.line.isReadOnly():
            return
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
        day = self.date() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._menu.popup(self.mapToGlobal(self.line.geometry().bottomLeft()))
        self.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        self.set_value(dt.date(qdate.year(), qdate.month(), qdate.day()))
        if self._menu is not None:
            self._menu.hide()
        self.line.setFocus()

    # --- form protocol ---

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def set_invalid(self, invalid: bool) -> None:
        self.line.setStyleSheet(_INVALID_CSS if invalid else "")

    def editors(self) -> list[QWidget]:
        """The widgets that take keyboard input (the form watches their focus)."""
        return [self.line]
