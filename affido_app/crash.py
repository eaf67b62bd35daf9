"""Crash logs: where an unexpected error (a bug) is written for support.

Only the traceback's frames and the exception type are kept: exception messages can carry values
typed by users (names, notes), which must never be written outside the database.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from affido_app.config import log_dir


def write_crash_log(exc_type, tb) -> Path:
    path = log_dir() / f"errore-{time.strftime('%Y%m%d-%H%M%S')}.log"
    lines = traceback.format_exception(exc_type, None, tb)
    lines.append(f"{exc_type.__name__} (messaggio omesso: può contenere dati personali)\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path
