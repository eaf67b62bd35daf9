"""The codice fiscale editor: upper case, 16 letters and digits, decoded once complete.

When a valid code is complete, ``decoded(dict)`` carries what it holds (birth date, sex,
birthplace: :func:`validators.decode_codice_fiscale`); the form uses it to fill the empty fields
and to warn when the others disagree. The "Fill in from the code" button (``fill_requested``)
lets the user overwrite them on purpose.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from affido_app.domain import validators as v
from affido_app.ui.i18n import tr

_INVALID_CSS = "QLineEdit { border: 1px solid #c62828; background-color: #fff3f3; }"


class _UpperValidator(QRegularExpressionValidator):
    """Letters and digits only, turned to upper case as they are typed."""

    def __init__(self, parent=None):
        super().__init__(QRegularExpression(r"[A-Za-z0-9]{0,16}"), parent)

    def validate(self, text: str, pos: int):
        text = "".join(text.split()).upper()
        state, _text, _pos = super().validate(text, min(pos, len(text)))
        return state, text, min(pos, len(text))

    def fixup(self, text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())[:16]


class CodiceFiscaleEdit(QWidget):
    """``value()`` / ``set_value(str)``; ``changed`` on edits; ``decoded(dict)`` when complete."""

    changed = Signal()
    decoded = Signal(object)
    fill_requested = Signal(object)

    def __init__(self, parent=None, *, min_age: int = 0):
        super().__init__(parent)
        self.min_age = min_age
        self.line = QLineEdit(self)
        self.line.setMaxLength(16)
        self.line.setValidator(_UpperValidator(self.line))
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.line.setFont(mono)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("M" * 17) + 12)
        self.fill_button = QPushButton(tr("Fill in from the code"), self)
        self.fill_button.setToolTip(
            tr("Copy birth date, sex and birthplace from the codice fiscale"))
        self.fill_button.setEnabled(False)
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(self._fill_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.line)
        layout.addWidget(self.fill_button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._decoded: dict[str, Any] | None = None
        self.line.textChanged.connect(self._text_changed)

    def _text_changed(self, text: str) -> None:
        self._decoded = self.decode() if len(text) == 16 else None
        self.fill_button.setEnabled(self._decoded is not None and not self.line.isReadOnly())
        self.changed.emit()
        if self._decoded is not None:
            self.decoded.emit(dict(self._decoded))

    def decode(self) -> dict[str, Any] | None:
        """Birth data held by the code; None while it is incomplete or not valid."""
        return v.decode_codice_fiscale(self.line.text(), min_age=self.min_age)

    def _fill_clicked(self) -> None:
        if self._decoded is not None:
            self.fill_requested.emit(dict(self._decoded))

    # --- value ---

    def text(self) -> str:
        return self.line.text()

    def value(self) -> str:
        return self.line.text()

    def set_value(self, code: str | None) -> None:
        code = (code or "").upper()
        if code != self.line.text():
            self.line.setText(code)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.fill_button.setVisible(not read_only)
        self.fill_button.setEnabled(self._decoded is not None and not read_only)

    def set_invalid(self, invalid: bool) -> None:
        self.line.setStyleSheet(_INVALID_CSS if invalid else "")

    def editors(self) -> list[QWidget]:
        return [self.line]

