"""Start to a usable main window on the demo database, against a bare ``QMainWindow``.

Both run in a fresh Python process (offscreen Qt), timed from the process start to the window
shown: the application's path includes its imports, the database opening, the demo
coordinator's sign-in (argon2, as ``--screenshot`` does it) and the main window with its first
view. Modules are imported from compiled bytecode, as in an installed Affido: the warm-up runs
compile them into the run's folder (``Run.child_env``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from affido_app.bench.common import Row, Run


def child(run: Run, *args: str) -> tuple[float, dict]:
    """Run a measuring subprocess; (seconds to its ``ready`` line, what it reported)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "affido_app.ui.bench_probe", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=run.child_env(), cwd=run.folder)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate(timeout=300)
    if proc.returncode != 0 or not line.strip():
        tail = (err or "").strip().splitlines()[-3:]
        raise RuntimeError(f"il processo di misura «{args[0]}» è fallito: " + " | ".join(tail))
    return elapsed, json.loads(line)


def measure(run: Run) -> Row:
    row = Row("startup", "avvio fino alla finestra principale (database dimostrativo)", "s",
              max_ratio=5)
    child(run, "bare")  # warm-up: the files Qt and Python read are now in the page cache
    child(run, "app", str(run.demo_path))
    bare, app, heavy = [], [], set()
    for _ in range(run.repeat):
        bare.append(child(run, "bare")[0])
        seconds, info = child(run, "app", str(run.demo_path))
        app.append(seconds)
        heavy.update(info["heavy"])
    bare.sort()
    app.sort()
    row.value, row.floor = app[len(app) // 2], bare[len(bare) // 2]
    row.details = {"librerie pesanti caricate": sorted(heavy)}
    return row
