"""Ask the period a document covers: from / to dates with presets, or one month.

``PeriodDialog.ask(parent, title)`` → ``(date_from, date_to)`` or None when cancelled;
``MonthDialog.ask(parent, title)`` → the first and last day of the month chosen (last month by
default). Both take ``exec=False`` to get the dialog without showing it (tests).
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from affido_app.ui.i18n import tr
from affido_app.ui.widgets.date_edit import DateEdit
from affido_app.ui.widgets.form import ERROR_COLOR
from affido_app.ui.widgets.format import MONTHS

#: the longest period a document may cover (the services refuse more)
MAX_DAYS = 3660
FIRST_YEAR = 2000


def _months_back(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` months earlier (the last day of the month when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def presets(today: dt.date | None = None) -> list[tuple[str, str, dt.date, dt.date]]:
    """(name, label, from, to) of the preset periods, relative to ``today``."""
    today = today or dt.date.today()
    last_end = today.replace(day=1) - dt.timedelta(days=1)
    return [
        ("lastMonth", tr("Last month"), last_end.replace(day=1), last_end),
        ("last3Months", tr("Last 3 months"),
         _months_back(today, 3) + dt.timedelta(days=1), today),
        ("thisYear", tr("This year"), dt.date(today.year, 1, 1), today),
        ("lastYear", tr("Last year"), dt.date(today.year - 1, 1, 1),
         dt.date(today.year - 1, 12, 31)),
    ]


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"QLabel#{name} {{ color: {ERROR_COLOR}; }}")
    label.hide()
    return label


class PeriodDialog(QDialog):
    """From / to dates (dd/mm/yyyy or from the calendar) and four presets; OK only with a valid
    period, the message next to the field that is wrong."""

    def __init__(self, parent: QWidget | None, title: str, *, intro: str = "",
                 start: dt.date | None = None, end: dt.date | None = None,
                 ok_text: str | None = None):
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle(title)
        if start is None or end is None:
            _name, _label, start, end = presets()[0]

        self.from_edit = DateEdit(self)
        self.from_edit.setObjectName("periodFrom")
        self.to_edit = DateEdit(self)
        self.to_edit.setObjectName("periodTo")
        self.from_error = _error_label(self, "periodFromError")
        self.to_error = _error_label(self, "periodToError")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, edit, error in ((tr("&From:"), self.from_edit, self.from_error),
                                   (tr("&To:"), self.to_edit, self.to_error)):
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit)
            row.addWidget(error, 1)
            caption = QLabel(label, self)
            caption.setBuddy(edit.line)
            form.addRow(caption, row)

        preset_row = QHBoxLayout()
        preset_row.setContentsMargins(0, 0, 0, 0)
        self.preset_buttons: dict[str, QPushButton] = {}
        for name, label, first, last in presets():
            button = QPushButton(label, self)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=first, b=last: self.set_period(a, b))
            preset_row.addWidget(button)
            self.preset_buttons[name] = button
        preset_row.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or tr("Prepare the document"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(form)
        quick = QLabel(tr("Quick choice:"), self)
        layout.addWidget(quick)
        layout.addLayout(preset_row)
        layout.addWidget(self.buttons)
        self.from_edit.changed.connect(self.validate)
        self.to_edit.changed.connect(self.validate)
        self.set_period(start, end)
        self.setMinimumWidth(520)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, *, intro: str = "",
            start: dt.date | None = None, end: dt.date | None = None, exec: bool = True):
        """``(date_from, date_to)`` chosen, None when cancelled; ``exec=False``: the dialog."""
        dialog = cls(parent, title, intro=intro, start=start, end=end)
        if not exec:
            return dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        period = dialog.period() if accepted else None
        dialog.deleteLater()
        return period

    # --- values ---

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        self.from_edit.set_value(start)
        self.to_edit.set_value(end)
        self.validate()

    def period(self) -> tuple[dt.date, dt.date] | None:
        if self.errors():
            return None
        return self.from_edit.date(), self.to_edit.date()

    def errors(self) -> dict[str, str]:
        """field ("from", "to") → the Italian message; empty when the period is valid."""
        out: dict[str, str] = {}
        for key, edit in (("from", self.from_edit), ("to", self.to_edit)):
            if not edit.text().strip():
                out[key] = tr("Enter a date.")
            elif edit.error():
                out[key] = edit.error()
        start, end = self.from_edit.date(), self.to_edit.date()
        if start and end and "to" not in out:
            if end < start:
                out["to"] = tr("The end comes before the start.")
            elif (end - start).days > MAX_DAYS:
                out["to"] = tr("The period cannot be longer than ten years.")
        return out

    def validate(self) -> bool:
        errors = self.errors()
        for key, label, edit in (("from", self.from_error, self.from_edit),
                                 ("to", self.to_error, self.to_edit)):
            message = errors.get(key)
            label.setText(message or "")
            label.setVisible(bool(message))
            edit.set_invalid(bool(message))
        self.ok_button.setEnabled(not errors)
        return not errors

    def accept(self) -> None:
        if self.validate():
            super().accept()


class MonthDialog(QDialog):
    """One month of one year (the month before the current one by default)."""

    def __init__(self, parent: QWidget | None, title: str, *, intro: str = "",
                 month: dt.date | None = None, ok_text: str | None = None):
        super().__init__(parent)
        self.setObjectName("monthDialog")
        self.setWindowTitle(title)
        today = dt.date.today()
        if month is None:
            month = (today.replace(day=1) - dt.timedelta(days=1))
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("month")
        for index, name in enumerate(MONTHS, start=1):
            self.month_combo.addItem(name.capitalize(), index)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("year")
        self.year_spin.setRange(FIRST_YEAR, today.year + 1)
        self.month_combo.setCurrentIndex(month.month - 1)
        self.year_spin.setValue(month.year)
        row = QHBoxLayout()
        row.addWidget(self.month_combo)
        row.addWidget(self.year_spin)
        row.addStretch(1)
        caption = QLabel(tr("&Month:"), self)
        caption.setBuddy(self.month_combo)
        form = QFormLayout()
        form.addRow(caption, row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            ok_text or tr("Prepare the document"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, *, intro: str = "",
            month: dt.date | None = None, exec: bool = True):
        """``(first day, last day)`` of the month chosen, None when cancelled."""
        dialog = cls(parent, title, intro=intro, month=month)
        if not exec:
            return dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        period = dialog.period() if accepted else None
        dialog.deleteLater()
        return period

    def period(self) -> tuple[dt.date, dt.date]:
        year, month = self.year_spin.value(), int(self.month_combo.currentData())
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
