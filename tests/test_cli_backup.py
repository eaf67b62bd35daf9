"""``affido backup`` / ``affido restore``: exit codes, messages, the round trip through damage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from affido_app.cli import main
from affido_app.db.keyring import keyfile_path
from affido_app.db.models import Elder
from affido_app.services import auth, people, staff
from tests.helpers import elder_data

PASSWORD = "Lunga-Password-42"


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


@pytest.fixture
def office(tmp_path, monkeypatch):
    """An encrypted office database (key file, logins) and a data folder of its own."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("AFFIDO_HOME", str(home))
    monkeypatch.delenv("AFFIDO_DB_KEY", raising=False)
    monkeypatch.setenv("AFFIDO_USER", "admin")
    monkeypatch.setenv("AFFIDO_PASSWORD", PASSWORD)
    path = tmp_path / "affido.db"
    db, _code = auth.create_encrypted_database(path, "admin", "Anna Amministratrice", PASSWORD)
    try:
        with db.sessions.begin() as s:
            admin = auth.login(s, "admin", PASSWORD)
            people.create_elder(s, admin, elder_data(last_name="Prima"))
            staff.create_staff(s, admin, {"username": "coordinatore", "full_name": "Carlo Rossi",
                                          "role": "coordinator"},
                               password=PASSWORD, must_change=False)
    finally:
        db.dispose()
    return path, home / "backups"


def _elders(path: Path) -> list[str]:
    db, _actor = auth.open_with_login(path, "admin", PASSWORD, upgrade=False)
    try:
        with db.sessions() as s:
            return sorted(s.scalars(select(Elder.last_name)))
    finally:
        db.dispose()


def test_backup_damage_restore_round_trip(office, capsys):
    path, folder = office
    assert main(["backup", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    copies = sorted(folder.glob("affido-copia-*.db"))
    assert len(copies) == 1 and "Copia di sicurezza verificata" in out and str(copies[0]) in out
    assert keyfile_path(copies[0]).exists()

    db, admin = auth.open_with_login(path, "admin", PASSWORD)
    with db.sessions.begin() as s:
        people.create_elder(s, admin, elder_data(last_name="Dopo"))
    db.dispose()
    _damage(path)

    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "danneggiato" in err
    assert f'affido restore --db "{path}" "{copies[0]}"' in err  # the advice, with the path

    assert main(["restore", "--db", str(path), str(copies[0])]) == 0
    out = capsys.readouterr().out
    assert "Ripristino completato" in out and "prima del ripristino" in out
    assert main(["check", "--db", str(path)]) == 0
    assert _elders(path) == ["Prima"]
    kept = sorted(folder.glob("affido-danneggiato-prima-del-ripristino-*.db"))
    assert len(kept) == 1


def test_restore_keeps_the_current_database_and_refuses_non_admins(office, capsys,
                                                                    monkeypatch):
    path, folder = office
    assert main(["backup", "--db", str(path)]) == 0
    copy = next(folder.glob("affido-copia-*.db"))
    monkeypatch.setenv("AFFIDO_USER", "coordinatore")
    capsys.readouterr()
    assert main(["restore", "--db", str(path), str(copy)]) == 1
    assert "Solo un amministratore" in capsys.readouterr().err
    assert not list(folder.glob("*prima-del-ripristino*"))  # nothing was replaced
    monkeypatch.setenv("AFFIDO_USER", "admin")
    assert main(["restore", "--db", str(path), str(copy)]) == 0
    previous = next(folder.glob("affido-prima-del-ripristino-*.db"))
    assert _elders(previous) == ["Prima"]  # the verified copy of the database as it was


def test_restore_refuses_a_foreign_or_damaged_file(office, capsys, tmp_path):
    path, folder = office
    foreign = tmp_path / "foto.db"
    foreign.write_bytes(os.urandom(4096))
    assert main(["backup", "--db", str(path)]) == 0
    copy = next(folder.glob("affido-copia-*.db"))
    _damage(copy)
    capsys.readouterr()
    for bad in (foreign, copy, tmp_path / "manca.db"):
        assert main(["restore", "--db", str(path), str(bad)]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("affido: ") and len(err.splitlines()) == 1
    assert not list(folder.glob("*prima-del-ripristino*"))  # nothing was replaced
    assert _elders(path) == ["Prima"]
    assert main(["check", "--db", str(path)]) == 0


def test_backup_to_a_file_of_ones_choice(office, tmp_path, capsys):
    path, folder = office
    out = tmp_path / "chiavetta" / "copia.db"
    out.parent.mkdir()
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert out.exists() and keyfile_path(out).exists()
    assert not folder.exists() or not list(folder.iterdir())
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 1
    assert "esiste già" in capsys.readouterr().err


def test_postgresql_backups_are_the_offices_job(capsys):
    url = "postgresql+psycopg://affido@127.0.0.1:1/affido"
    assert main(["backup", "--db", url]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert main(["restore", "--db", url, "copia.db"]) == 1
    assert "pg_dump" in capsys.readouterr().err
