"""After the login: the forms the user left unsaved (the application closed or stopped while they
were typing), to resume, delete, or keep for later (ui/drafts.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.services import drafts as drafts_service
from affido_app.ui import drafts as ui_drafts
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.format import italian_datetime

NOTE_COLOR = QColor("#6d4c00")


def state_note(draft: dict) -> str:
    state = draft["state"]
    if state == drafts_service.CHANGED:
        return tr("The record has been changed since: your values will be applied to the "
                  "current record.")
    if state == drafts_service.DELETED:
        return tr("The record no longer exists: the draft cannot be resumed.")
    if state == drafts_service.NEW:
        return tr("New record, never saved.")
    return ""


class DraftsDialog(QDialog):
    """The user's drafts: Resume (opens the form with the values), Delete, Later."""

    def __init__(self, parent: QWidget | None, ctx, drafts: Sequence[dict]):
        super().__init__(parent)
        self.setObjectName("draftsDialog")
        self.ctx = ctx
        self.drafts = list(drafts)
        #: the windows opened by Resume
        self.resumed: list[QWidget] = []
        self.setWindowTitle(tr("Unsaved drafts"))

        intro = QLabel(tr("Some forms were not saved the last time you used Affido (the "
                          "program was closed or stopped while you were typing). You can resume "
                          "them now, delete them, or decide later: they will be offered again "
                          "at your next login."), self)
        intro.setWordWrap(True)
        intro.setObjectName("intro")

        headers = [tr("Form"), tr("Last change"), tr("Note")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("drafts")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setMinimumSectionSize(
            self.table.fontMetrics().height() + 12)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.resume_selected())

        self.resume_button = QPushButton(tr("Resume"), self)
        self.resume_button.setObjectName("resume")
        self.resume_button.setDefault(True)
        self.resume_button.setToolTip(tr("Open the form with the values you had typed"))
        self.resume_button.clicked.connect(self.resume_selected)
        self.delete_button = QPushButton(tr("Delete"), self)
        self.delete_button.setObjectName("delete")
        self.delete_button.setAutoDefault(False)
        self.delete_button.setToolTip(tr("Throw the draft away"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.later_button = QPushButton(tr("Later"), self)
        self.later_button.setObjectName("later")
        self.later_button.setAutoDefault(False)
        self.later_button.setToolTip(tr("Keep the drafts: they will be offered again at the "
                                        "next login"))
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.later_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.fill()
        self.resize(820, 320)

    def fill(self) -> None:
        self.table.setRowCount(len(self.drafts))
        for r, draft in enumerate(self.drafts):
            note = state_note(draft)
            cells = [draft["description"], italian_datetime(draft["saved_at"]), note]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 2 and draft["state"] in (drafts_service.CHANGED, drafts_service.DELETED):
                    item.setForeground(NOTE_COLOR)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        if self.drafts:
            self.table.selectRow(0)
        self.update_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_rows)  # wrapped notes: once the columns have their width

    def _fit_rows(self) -> None:
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            self.table.resizeRowsToContents()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.drafts[rows[0].row()]

    def update_buttons(self) -> None:
        draft = self.selected()
        self.delete_button.setEnabled(draft is not None)
        resumable = draft is not None and ui_drafts.can_resume(draft)
        self.resume_button.setEnabled(resumable)

    def _remove(self, draft: dict) -> None:
        self.drafts = [d for d in self.drafts if d["id"] != draft["id"]]
        self.fill()
        if not self.drafts:
            self.accept()

    def resume_selected(self):
        """Open the selected draft's form (it keeps the draft until saved); the window."""
        draft = self.selected()
        if draft is None or not ui_drafts.can_resume(draft):
            return None
        window = ui_drafts.resume(self.parentWidget(), self.ctx, draft)
        if window is None:
            return None
        self.resumed.append(window)
        self._remove(draft)
        return window

    def delete_selected(self) -> bool:
        draft = self.selected()
        if draft is None:
            return False
        if not confirm(self, tr("Delete draft"),
                       tr("Delete the draft «{what}»? What you had typed will be lost.")
                       .format(what=draft["description"]), tr("Delete")):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: drafts_service.discard_draft(s, self.ctx.actor, draft["id"]),
                       title=tr("Draft not deleted"))
        if ok:
            self._remove(draft)
        return ok
