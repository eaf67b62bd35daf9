"""A checklist for a set of choices kept as an IntFlag (needs, skills, interests, languages)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout

from affido_app.domain.enums import LabelledFlag


class FlagsEdit(QFrame):
    """Checkboxes in a grid, one per member of ``enum_cls``, labelled with its Italian label.

    ``value() -> int`` / ``set_value(int)``; ``changed(int)`` when the user ticks a box.
    """

    changed = Signal(int)

    def __init__(self, enum_cls: type[LabelledFlag], parent=None, *, columns: int = 3):
        super().__init__(parent)
        self.enum_cls = enum_cls
        self._read_only = False
        self.boxes: dict[LabelledFlag, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        labels = enum_cls.labels()
        members = [m for m in enum_cls if m.value and m in labels]
        rows = (len(members) + columns - 1) // columns
        for i, member in enumerate(members):  # fill column by column: reads like a list
            box = QCheckBox(labels[member], self)
            box.setObjectName(f"flag_{member.name.lower()}")
            box.toggled.connect(self._toggled)
            grid.addWidget(box, i % rows, i // rows)
            self.boxes[member] = box
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        self.setFocusProxy(self.boxes[members[0]] if members else None)

    def _toggled(self, _checked: bool) -> None:
        self.changed.emit(self.value())

    def value(self) -> int:
        return sum(int(m) for m, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: int | None) -> None:
        value = int(value or 0)
        if value == self.value():
            return
        for member, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(value & int(member)))
            box.blockSignals(False)
        self.changed.emit(self.value())

    def box(self, member: LabelledFlag) -> QCheckBox:
        return self.boxes[member]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for box in self.boxes.values():
            box.setEnabled(not read_only)

    def set_invalid(self, invalid: bool) -> None:
        self.setFrameShape(QFrame.Shape.Box if invalid else QFrame.Shape.NoFrame)
        self.setStyleSheet("FlagsEdit { border: 1px solid #c62828; }" if invalid else "")
