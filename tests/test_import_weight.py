"""Heavy libraries are imported only where used (design.md, "Import heavy libraries inside the
functions that use them: start-up stays fast"): showing the main window loads none of them.

A fresh process starts the application on a small demo database the way ``affido --demo`` does
(offscreen, the demo coordinator signing in as ``--screenshot`` does), shows the main window and
reports which of scipy, reportlab, openpyxl and Faker are in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from affido_app.ui.bench_probe import HEAVY

ROOT = Path(__file__).resolve().parents[1]


def test_main_window_shows_without_heavy_libraries(demo_template, tmp_path):
    database = tmp_path / "demo.db"
    shutil.copyfile(demo_template, database)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFFIDO_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), AFFIDO_HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "affido_app.ui.bench_probe", "app", str(database)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[0])
    assert report["ready"] and report["title"]  # the main window was built and shown
    assert set(HEAVY) == {"scipy", "reportlab", "openpyxl", "faker"}
    assert report["heavy"] == [], f"imported when the main window is shown: {report['heavy']}"
