"""What every measurement shares: a result row, the timer, the context of a run."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One line of the table: ``value`` (the app's path) against ``floor`` (the bare library),
    in ``unit``; ``ok`` when the ratio is within ``max_ratio`` and the value within
    ``max_value`` (either may be absent)."""

    name: str
    what: str
    unit: str
    value: float | None = None
    floor: float | None = None
    max_ratio: float | None = None
    max_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {_num(self.max_ratio)}×")
        if self.max_value is not None:
            parts.append(f"≤ {_num(self.max_value)} {self.unit}")
        return " e ".join(parts)

    @property
    def ok(self) -> bool:
        if self.value is None:
            return False
        if self.max_ratio is not None and (self.ratio is None or self.ratio > self.max_ratio):
            return False
        return self.max_value is None or self.value <= self.max_value

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "what": self.what, "unit": self.unit,
            "value": _round(self.value), "floor": _round(self.floor),
            "ratio": _round(self.ratio), "target": self.target,
            "max_ratio": self.max_ratio, "max_value": self.max_value, "ok": self.ok,
            "details": self.details, "error": self.error,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else float(f"{float(x):.6g}")


def _num(x: float) -> str:
    """Italian style: 1,5 — 30 — 1.000."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:.1f}".replace(".", ",")


def median_time(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    """The median wall time of ``fn`` in seconds, after ``warmup`` calls not counted."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Run:
    """What a run has: its temporary folder, the benchmark database and its key, the demo
    database (for the start-up row), how many repetitions, where progress goes."""

    folder: Path
    quick: bool
    repeat: int
    db: Any = None  # affido_app.db.migrate.Database
    db_path: Path | None = None
    key: str | None = None
    demo_path: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def say(self, message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    def coordinator(self):
        return self.actor("coordinatore")

    def actor(self, username: str):
        """A demo account of the benchmark database as the acting user."""
        from sqlalchemy import select

        from affido_app.db.models import StaffUser
        from affido_app.services.context import Actor

        with self.db.sessions() as s:
            user = s.scalars(select(StaffUser).where(StaffUser.username == username)).one()
            return Actor.of(user)

    def raw_connection(self):
        """A bare DB-API connection to the benchmark database (SQLCipher, same key)."""
        from affido_app.db.engine import key_pragma, sqlite_module

        conn = sqlite_module().connect(str(self.db_path))
        conn.execute(key_pragma(self.key))
        return conn

    def child_env(self) -> dict[str, str]:
        """The environment of a measuring subprocess: offscreen Qt, settings and data folder
        inside the run's folder (never the user's), no credentials inherited."""
        import os

        home = self.folder / "home"
        home.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AFFIDO_")}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), AFFIDO_HOME=str(home),
                   XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local"),
                   XDG_CACHE_HOME=str(home / ".cache"), XDG_RUNTIME_DIR=str(home / "run"))
        (home / "run").mkdir(exist_ok=True, mode=0o700)
        # compiled modules, as an installed Affido has them (pip and the installers compile
        # them): kept in the run's folder, never beside the sources, even where the
        # environment asks Python not to write them (PYTHONDONTWRITEBYTECODE)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.folder / "pycache")
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                    else "")
        return env
