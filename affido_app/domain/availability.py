"""The weekly grid: weekday × time of day, kept as a 21-bit integer.

Bit ``day * 3 + slot`` (day 0 = Monday, slot 0 = morning, 1 = afternoon, 2 = evening). Elders'
wanted times, fosterers' availability and a match's agreed schedule all use it, so overlaps are one
``&`` in SQL or numpy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from affido_app.domain.enums import TIME_SLOTS, WEEKDAYS
from affido_app.errors import FieldError

DAYS = len(WEEKDAYS)
SLOTS = len(TIME_SLOTS)
FULL_MASK = (1 << (DAYS * SLOTS)) - 1


@dataclass(frozen=True)
class WeeklyGrid:
    mask: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.mask <= FULL_MASK:
            raise FieldError("Disponibilità settimanale non valida.")

    @staticmethod
    def bit(day: int, slot: int) -> int:
        if not (0 <= day < DAYS and 0 <= slot < SLOTS):
            raise FieldError("Giorno o fascia oraria non validi.")
        return 1 << (day * SLOTS + slot)

    @classmethod
    def of(cls, cells: Iterable[tuple[int, int]]) -> WeeklyGrid:
        mask = 0
        for day, slot in cells:
            mask |= cls.bit(day, slot)
        return cls(mask)

    @classmethod
    def coerce(cls, value) -> WeeklyGrid:
        if value is None or value == "":
            return cls(0)
        if isinstance(value, WeeklyGrid):
            return value
        if isinstance(value, int):
            return cls(value)
        return cls.of(value)

    def has(self, day: int, slot: int) -> bool:
        return bool(self.mask & self.bit(day, slot))

    def cells(self) -> list[tuple[int, int]]:
        return [(d, s) for d in range(DAYS) for s in range(SLOTS) if self.has(d, s)]

    def overlap(self, other: WeeklyGrid) -> WeeklyGrid:
        return WeeklyGrid(self.mask & other.mask)

    def __len__(self) -> int:
        return self.mask.bit_count()

    def describe(self) -> str:
        """Italian summary: "Lunedì mattina, pomeriggio; Giovedì sera"."""
        parts = []
        for d in range(DAYS):
            slots = [TIME_SLOTS[s].lower() for s in range(SLOTS) if self.has(d, s)]
            if slots:
                parts.append(f"{WEEKDAYS[d]} {', '.join(slots)}")
        return "; ".join(parts) or "nessuna"
