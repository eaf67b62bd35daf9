"""The letterhead of the documents: organisation, project, address line and logo.

Printed at the top of every page of every document. Saved in the office's settings (shared by
every PC), so only an administrator may change it; the logo is kept in the database as base64
(PNG or JPEG, at most 512 KB).
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.services import fields as fl
from affido_app.services.documents import decode_logo
from affido_app.services.settings import get_setting, set_setting
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.form import ERROR_COLOR, Form

MAX_LOGO_BYTES = 512 * 1024
THUMBNAIL = QSize(220, 90)
#: form field → setting key
KEYS = {"name": "org.name", "project": "org.project", "address": "org.address"}


def _specs() -> dict[str, fl.Field]:
    return fl.specs(
        fl.Field("name", tr("Organisation"), fl.Kind.TEXT, required=True, max_length=120),
        fl.Field("project", tr("Project"), fl.Kind.TEXT, max_length=120),
        fl.Field("address", tr("Address and contacts"), fl.Kind.TEXT, max_length=200),
    )


def logo_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be the logo (Italian), None when it can."""
    if len(data) > MAX_LOGO_BYTES:
        return tr("The image is too large ({size} KB): the logo may be at most 512 KB.").format(
            size=(len(data) + 1023) // 1024)
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        return tr("Choose a PNG or JPEG image.")
    if QImage.fromData(data).isNull():
        return tr("The image cannot be read: it may be damaged.")
    return None


class LetterheadDialog(FormDialog):
    """``LetterheadDialog.change(parent, ctx)`` → True once saved (administrators only)."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent, ctx, title=tr("Letterhead of the documents"))
        self.setObjectName("letterheadDialog")
        self.allowed = ctx.can(Action.UPDATE, Resource.SETTINGS)
        with ctx.sessions() as s:
            current = {field: get_setting(s, key) or "" for field, key in KEYS.items()}
            #: setting key → the value saved
            self.initial: dict[str, str] = {key: current[field] for field, key in KEYS.items()}
            raw_logo = get_setting(s, "org.logo") or ""
        self.saved_logo: bytes | None = decode_logo(raw_logo)
        self.logo: bytes | None = self.saved_logo

        self.specs = _specs()
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(tr("Printed at the top of every page of every document. The settings "
                          "are shared by all the computers of the office."), body)
        intro.setWordWrap(True)
        column.addWidget(intro)
        fields = QWidget(body)
        rows = QFormLayout(fields)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form = self.track(Form(self.specs, fields))
        self.form.add_rows(rows, self.specs)
        column.addWidget(fields)
        column.addWidget(self._build_logo(body))
        if not self.allowed:
            denied = QLabel(tr("Only an administrator can change the letterhead."), body)
            denied.setObjectName("deniedNote")
            denied.setWordWrap(True)
            column.addWidget(denied)
        column.addStretch(1)
        self.main_layout(body)
        self.form.set_values(current)
        self._show_logo()
        if not self.allowed:
            self.set_read_only(True)
        self.update_buttons()
        self.setMinimumWidth(560)

    # --- logo ---

    def _build_logo(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(tr("Logo"), parent)
        self.thumbnail = QLabel(box)
        self.thumbnail.setObjectName("logoThumbnail")
        self.thumbnail.setFixedSize(THUMBNAIL + QSize(12, 12))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumbnail.setStyleSheet("QLabel#logoThumbnail { background: white; color: #777; }")
        self.choose_button = QPushButton(tr("Choose logo…"), box)
        self.choose_button.setObjectName("chooseLogo")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(lambda: self.choose_logo())
        self.remove_button = QPushButton(tr("Remove logo"), box)
        self.remove_button.setObjectName("removeLogo")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_logo)
        self.logo_note = QLabel(tr("PNG or JPEG image, at most 512 KB."), box)
        self.logo_note.setObjectName("logoNote")
        self.logo_note.setWordWrap(True)
        self.logo_error = QLabel(box)
        self.logo_error.setObjectName("logoError")
        self.logo_error.setWordWrap(True)
        self.logo_error.setTextFormat(Qt.TextFormat.PlainText)
        self.logo_error.setStyleSheet(f"QLabel#logoError {{ color: {ERROR_COLOR}; }}")
        self.logo_error.hide()
        side = QVBoxLayout()
        side.addWidget(self.choose_button)
        side.addWidget(self.remove_button)
        side.addWidget(self.logo_note)
        side.addWidget(self.logo_error)
        side.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.thumbnail)
        row.addLayout(side, 1)
        return box

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(QByteArray(self.logo)):
            self.thumbnail.setPixmap(pixmap.scaled(
                THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(tr("No logo"))
        self.remove_button.setEnabled(bool(self.logo) and self.allowed)
        self.choose_button.setEnabled(self.allowed)

    def choose_logo(self, path: str | None = None) -> bool:
        """Ask for an image (or take ``path``); True when it became the logo."""
        if not self.allowed:
            return False
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, tr("Choose the logo"), str(Path.home()),
                tr("Images (*.png *.jpg *.jpeg)"))
            if not path:
                return False
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
                if len(data) > MAX_LOGO_BYTES:
                    data += handle.read()
        except OSError as exc:
            self._logo_message(tr("The file cannot be read: {reason}").format(
                reason=exc.strerror or str(exc)))
            return False
        problem = logo_problem(data)
        if problem:
            self._logo_message(problem)
            return False
        self._logo_message(None)
        self.logo = data
        self._show_logo()
        self.update_buttons()
        return True

    def remove_logo(self) -> None:
        self.logo = None
        self._logo_message(None)
        self._show_logo()
        self.update_buttons()

    def _logo_message(self, text: str | None) -> None:
        self.logo_error.setText(text or "")
        self.logo_error.setVisible(bool(text))

    # --- saving ---

    def is_dirty(self) -> bool:
        return super().is_dirty() or self.logo != getattr(self, "saved_logo", None)

    def save(self) -> bool:
        if not self.allowed:
            return False
        values = {key: (self.form.value(field) or "").strip()
                  for field, key in KEYS.items()}
        errors = {}
        if not values["org.name"]:
            errors["name"] = tr("Enter the name of the organisation.")
        for field, key in KEYS.items():
            limit = self.specs[field].max_length
            if limit and len(values[key]) > limit:
                errors[field] = tr("At most {n} characters.").format(n=limit)
        if errors:
            self.show_validation(ValidationError(errors))
            return False
        logo = base64.b64encode(self.logo).decode("ascii") if self.logo else ""

        changed = {key: value for key, value in values.items() if value != self.initial[key]}
        if self.logo != self.saved_logo:
            changed["org.logo"] = logo

        def work(s) -> None:
            for key, value in changed.items():
                set_setting(s, self.ctx.actor, key, value)

        ok, _ = run_op(self, self.ctx, work, changes={"settings"},
                       title=tr("Letterhead not saved"), on_validation=self._service_errors)
        if ok:
            self.saved_logo = self.logo
            self.initial.update(values)
            self.saved()
        return ok

    def _service_errors(self, exc) -> None:
        back = {next((f for f, k in KEYS.items() if k == key), key): message
                for key, message in exc.errors.items()}
        self.show_validation(ValidationError(back))
