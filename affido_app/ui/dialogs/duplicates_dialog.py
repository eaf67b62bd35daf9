"""Before a new person is saved: people already on file who may be the same person.

Each can be opened (the main window opens the record next to the form, which stays as typed);
the user then saves anyway or goes back to the form.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor, QFont
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

from affido_app.domain.enums import PersonKind
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.date_edit import format_date

CERTAIN_COLOR = QColor("#b71c1c")


class DuplicatesDialog(QDialog):
    """``DuplicatesDialog.ask(parent, ctx, kind, duplicates)`` → True: save anyway."""

    def __init__(self, parent: QWidget | None, ctx, kind: PersonKind | str,
                 duplicates: Sequence[dict]):
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.ctx = ctx
        self.kind = PersonKind(kind)
        self.duplicates = list(duplicates)
        self.opened: list[int] = []
        self.setWindowTitle(tr("Possible duplicate"))
        certain = any(d.get("certain") for d in self.duplicates)
        if self.kind == PersonKind.ELDER:
            text = tr("These elders are already on file and may be the same person.")
        else:
            text = tr("These fosterers are already on file and may be the same person.")
        intro = QLabel(text + " " + tr("Check them before saving a new record."), self)
        intro.setWordWrap(True)

        headers = [tr("Name"), tr("Birth date"), tr("Comune"), tr("Status"), tr("Why"), ""]
        self.table = QTableWidget(len(self.duplicates), len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.open_buttons: list[QPushButton] = []
        for r, d in enumerate(self.duplicates):
            cells = [d["name"], format_date(d.get("birth_date")), d.get("comune") or "",
                     d.get("status_label") or "", d.get("reason") or ""]
            for c, text_ in enumerate(cells):
                item = QTableWidgetItem(text_)
                if d.get("certain"):
                    item.setForeground(QBrush(CERTAIN_COLOR))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
            button = QPushButton(tr("Open"), self.table)
            button.setAutoDefault(False)
            button.setToolTip(tr("Open the existing record in its own window"))
            button.clicked.connect(lambda _=False, pid=d["id"]: self.open_existing(pid))
            self.table.setCellWidget(r, len(headers) - 1, button)
            self.open_buttons.append(button)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(
            lambda index: self.open_existing(self.duplicates[index.row()]["id"]))

        self.warning = QLabel(tr("The codice fiscale is the same: it is certainly the same "
                                 "person, and a second record cannot be saved."), self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {CERTAIN_COLOR.name()}; font-weight: bold;")
        self.warning.setVisible(certain)

        self.save_anyway = QPushButton(tr("Save anyway"), self)
        self.save_anyway.setObjectName("saveAnyway")
        self.save_anyway.setAutoDefault(False)
        self.save_anyway.clicked.connect(self.accept)
        self.save_anyway.setEnabled(not certain)  # the database refuses a second same code
        self.back = QPushButton(tr("Go back to the form"), self)
        self.back.setObjectName("goBack")
        self.back.setDefault(True)
        self.back.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_anyway)
        buttons.addWidget(self.back)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        self.resize(760, 300)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx, kind: PersonKind | str,
            duplicates: Sequence[dict], *, exec: bool = True):
        """Show the possible duplicates; True when the user chooses to save anyway.
        ``exec=False``: return the dialog, not shown."""
        dialog = cls(parent, ctx, kind, duplicates)
        if not exec:
            return dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def open_existing(self, person_id: int) -> None:
        """Back to the form, and ask the main window to open the existing record."""
        self.opened.append(person_id)
        self.reject()
        self.ctx.open_record.emit(self.kind.value, int(person_id))
