"""Memory with the whole registry listed: a fresh process opens the elders' registry (model and
view, as the main window shows it) over every elder, scrolls through it, and reports its
resident memory (the peak, so the scrolling counts)."""

from __future__ import annotations

from affido_app.bench.common import Row, Run


def measure(run: Run) -> Row:
    row = Row("memory", f"memoria con {run.counts.get('anziani', 0):n} anziani in elenco", "MB",
              max_value=300)
    peaks, rows = [], 0
    for _ in range(1 if run.quick else 3):
        info = _memory_child(run, run.key)
        peaks.append(info["peak_mb"])
        rows = info.get("rows", 0)
    peaks.sort()
    row.value = peaks[len(peaks) // 2]
    row.details = {"righe nel modello": rows}
    return row


def _memory_child(run: Run, key: str) -> dict:
    import json
    import subprocess
    import sys

    env = run.child_env()
    env["AFFIDO_DB_KEY"] = key
    proc = subprocess.run([sys.executable, "-m", "affido_app.ui.bench_probe", "memory",
                           str(run.db_path)], capture_output=True, text=True, env=env,
                          cwd=run.folder, timeout=300)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-3:]
        raise RuntimeError("il processo di misura della memoria è fallito: " + " | ".join(tail))
    return json.loads(lines[-1])
