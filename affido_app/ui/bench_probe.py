"""The measuring subprocesses of ``affido bench`` (Qt lives only under ui/):
``python -m affido_app.ui.bench_probe MODE [ARGS]``.

- ``bare``: a bare ``QMainWindow`` shown (the floor of the start-up row);
- ``app DB``: the application's own start on the demo database ``DB``, as ``affido --demo``
  does it, the demo coordinator signing in by itself the way ``--screenshot`` does, up to the
  main window shown (no screenshot);
- ``memory DB``: the registry of elders (model and view) over the database ``DB`` (key in
  ``AFFIDO_DB_KEY``), scrolled to the end and back.

Each prints one JSON line on stdout when its window is up (``ready``), with the heavy libraries
already imported (``heavy``) and the memory used (``rss_mb``, ``peak_mb``); the parent times it
from the start of the process to that line.
"""

from __future__ import annotations

import json
import sys

HEAVY = ("scipy", "reportlab", "openpyxl", "faker")


def _memory_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process, MB (Linux /proc; else getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            fields = dict(line.split(":", 1) for line in fh if ":" in line)
        return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)
    except (OSError, KeyError, ValueError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)
        return peak_mb, peak_mb


def _report(**extra) -> None:
    rss, peak = _memory_mb()
    print(json.dumps({"ready": True, "heavy": [m for m in HEAVY if m in sys.modules],
                      "rss_mb": round(rss, 1), "peak_mb": round(peak, 1), **extra}),
          flush=True)


def _settle(app, window, rounds: int = 20) -> None:
    """Let the window paint: process events until it is exposed (and a few rounds more)."""
    for _ in range(rounds):
        app.processEvents()
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            break
    app.processEvents()


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    _settle(app, window)
    _report()
    return 0


def app_start(db: str) -> int:
    """What ``affido_app.ui.app.run_gui(db, demo=True)`` does up to ``window.show()``."""
    from affido_app.ui.app import make_application, open_context

    app, settings = make_application()
    ctx = open_context(db, True, settings, quiet=True)
    from affido_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    _settle(app, window)
    _report(title=window.windowTitle() != "")
    window.close()
    ctx.db.dispose()
    return 0


def memory(db: str) -> int:
    """The elders' registry over every elder, as the main window shows it."""
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from affido_app.config import db_key_from_env, resolve_db_url
    from affido_app.db.migrate import open_database
    from affido_app.db.models import StaffUser
    from affido_app.domain.enums import PersonKind
    from affido_app.services.context import Actor
    from affido_app.ui.context import AppContext
    from affido_app.ui.settings import Settings
    from affido_app.ui.views.registry import RegistryView

    app = QApplication(sys.argv[:1])
    database = open_database(resolve_db_url(db), key=db_key_from_env(), create=False,
                             upgrade=False)
    with database.sessions() as s:
        actor = Actor.of(s.scalars(select(StaffUser)
                                   .where(StaffUser.username == "coordinatore")).one())
    ctx = AppContext(database, actor, Settings(), actor_name="Coordinatore")
    view = RegistryView(ctx, PersonKind.ELDER)
    view.resize(1200, 800)
    view.show()
    _settle(app, view)
    table, model = view.table, view.table.model()
    rows = model.rowCount()
    for fraction in (0.25, 0.5, 0.75, 1.0, 0.0):  # scroll through the list
        table.scrollTo(model.index(max(0, int(rows * fraction) - 1), 0))
        for _ in range(5):
            app.processEvents()
    _report(rows=rows)
    view.close()
    database.dispose()
    return 0


def main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "bare":
        return bare()
    if mode == "app":
        return app_start(rest[0])
    if mode == "memory":
        return memory(rest[0])
    print(f"modo sconosciuto: {mode}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
