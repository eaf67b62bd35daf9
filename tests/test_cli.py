"""The command line contract: exit codes, one-line errors, files left untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from affido_app import __version__
from affido_app.cli import main


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "affido_app", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version():
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"affido {__version__}"


def test_usage_error_exits_2():
    out = run("demo", "--elders", "molti")
    assert out.returncode == 2
    assert "numero non valido" in out.stderr


def test_unknown_command_exits_2():
    assert run("frobnicate").returncode == 2


def test_demo_then_check(tmp_path):
    path = tmp_path / "demo.db"
    out = run("demo", "--db", str(path), "--elders", "25", "--fosterers", "15", "--seed", "4")
    assert out.returncode == 0, out.stderr
    assert "Anziani: 2" in out.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]
    out = run("check", "--db", str(path))
    assert out.returncode == 0, out.stderr
    assert "integro" in out.stdout
    # --db also works before the command
    assert run("--db", str(path), "check").returncode == 0


def test_demo_refuses_to_overwrite(tmp_path):
    path = tmp_path / "demo.db"
    path.write_bytes(b"precious")
    out = run("demo", "--db", str(path), "--elders", "2", "--fosterers", "2")
    assert out.returncode == 1
    assert "esiste già" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == b"precious"


@pytest.mark.parametrize("command", ["check", "demo"])
def test_missing_folder_is_one_clear_line(tmp_path, command):
    out = run(command, "--db", str(tmp_path / "nope" / "a.db"))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "non esiste" in lines[0]
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "nope").exists()


def test_check_on_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "lettera.db"
    path.write_text("Gentile dottoressa, ...\n" * 50)
    before = _sha(path)
    out = run("check", "--db", str(path))
    assert out.returncode == 1
    assert "non è un database" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert _sha(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["lettera.db"]


def test_check_on_a_newer_schema(tmp_path):
    from affido_app.config import sqlite_url
    from affido_app.db.backup import connect_raw
    from affido_app.db.migrate import open_database

    path = tmp_path / "a.db"
    open_database(sqlite_url(path)).dispose()
    conn = connect_raw(path, None)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.close()
    before = _sha(path)
    assert main(["check", "--db", str(path)]) == 1
    assert _sha(path) == before


def test_check_reports_tampering(tmp_path, capsys):
    from affido_app.config import sqlite_url
    from affido_app.db.backup import connect_raw
    from affido_app.db.migrate import open_database
    from tests.conftest import make_actors

    path = tmp_path / "a.db"
    db = open_database(sqlite_url(path))
    make_actors(db)
    db.dispose()
    conn = connect_raw(path, None)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET entity = 'elders' WHERE id = 2")
    conn.close()
    assert main(["check", "--db", str(path)]) == 1
    assert "alterata" in capsys.readouterr().err


def test_check_reports_broken_references(tmp_path, capsys):
    from affido_app.config import sqlite_url
    from affido_app.db.backup import connect_raw
    from affido_app.db.migrate import open_database

    path = tmp_path / "a.db"
    open_database(sqlite_url(path)).dispose()
    conn = connect_raw(path, None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO household_members (fosterer_id, name, co_fosterer) "
                 "VALUES (42, 'x', 0)")
    conn.close()
    assert main(["check", "--db", str(path)]) == 1
    assert "riferimenti non validi" in capsys.readouterr().err


def test_encrypted_database_with_key_from_environment(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cifrato.db"
    monkeypatch.setenv("AFFIDO_DB_KEY", "segreta")
    assert main(["demo", "--db", str(path), "--elders", "3", "--fosterers", "3"]) == 0
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert main(["check", "--db", str(path)]) == 0
    monkeypatch.setenv("AFFIDO_DB_KEY", "sbagliata")
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    assert "chiave" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["bench", "--help"],
                                  ["frobnicate"], ["import"], ["match", "--nope"]])
def test_the_command_line_speaks_italian(argv, capsys):
    """argparse's own words (usage, sections, -h, errors) are Italian like the rest."""
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr()
    text = out.out + out.err
    for english in ("usage:", "positional arguments", "options:", "show this help",
                    "show program's version", "error:", "invalid choice", "required",
                    "unrecognized arguments"):
        assert english not in text, english
    assert "uso:" in text
