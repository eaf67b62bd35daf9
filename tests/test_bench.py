"""``affido bench --quick --json``: it runs, gives a well-formed row for every target of
design.md's Performance table, keeps stdout clean for the JSON, and removes its data. Timings are
not judged here (a test machine's speed proves nothing): the command itself reports them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from affido_app.bench.runner import TARGETS, table

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["startup", "search", "record", "suggest", "plan", "report", "memory"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("bench-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFFIDO_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), AFFIDO_HOME=str(home),
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "affido_app", "bench", "--quick", "--json"],
                          capture_output=True, text=True, env=env, cwd=home, timeout=300)
    return done


def test_quick_json_run_exits_0_with_one_object_on_stdout(quick_run):
    assert quick_run.returncode == 0, quick_run.stderr[-2000:]
    result = json.loads(quick_run.stdout)  # nothing but the JSON object on stdout
    assert result["quick"] is True
    assert "bench:" in quick_run.stderr  # progress went to stderr


def test_every_target_has_a_well_formed_row(quick_run):
    result = json.loads(quick_run.stdout)
    rows = {r["name"]: r for r in result["rows"]}
    assert list(rows) == NAMES == [t[0] for t in TARGETS]
    for name, row in rows.items():
        assert row["error"] is None, f"{name}: {row['error']}"
        assert {"name", "value", "floor", "ratio", "target", "ok", "unit"} <= set(row)
        assert isinstance(row["value"], float) and row["value"] > 0, name
        assert isinstance(row["ok"], bool) and row["target"], name
        if row["max_ratio"] is not None:  # a floor measured in the same run, and the ratio
            assert row["floor"] > 0, name
            assert row["ratio"] == pytest.approx(row["value"] / row["floor"], rel=0.01), name
        else:
            assert row["floor"] is None and row["ratio"] is None, name
    assert result["ok"] == all(r["ok"] for r in rows.values())
    assert rows["memory"]["unit"] == "MB" and rows["startup"]["unit"] == "s"


def test_the_temporary_data_is_removed(quick_run):
    folder = re.search(r"dati in (\S+) \(rimossi alla fine\)", quick_run.stderr)
    assert folder is not None
    assert not Path(folder.group(1)).exists()


def test_table_is_italian_with_one_line_per_target(quick_run):
    text = table(json.loads(quick_run.stdout))
    lines = text.splitlines()
    assert lines[0].split() == ["Misura", "Valore", "Base", "Rapporto", "Obiettivo", "Esito"]
    assert len([ln for ln in lines[2:] if ln.strip()]) == len(NAMES) + 1  # + the summary
    assert "Prova rapida" in text
    assert "≤ 5× e ≤ 30 ms" in text


def test_measuring_processes_use_compiled_modules_kept_in_the_run_folder(tmp_path, monkeypatch):
    """The start-up is timed as an installed Affido starts (modules compiled), without writing
    anything beside the sources, and with no credentials inherited."""
    from affido_app.bench.common import Run

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("AFFIDO_PASSWORD", "segreta")
    env = Run(folder=tmp_path, quick=True, repeat=1).child_env()
    assert "PYTHONDONTWRITEBYTECODE" not in env and "AFFIDO_PASSWORD" not in env
    assert Path(env["PYTHONPYCACHEPREFIX"]).parent == tmp_path
