"""A passphrase key is derived once per file, not at every connection."""

from __future__ import annotations

from affido_app.db import engine as eng
from affido_app.db.backup import connect_raw


def _make(path, key, *, kdf_iter=None):
    conn = eng.sqlite_module().connect(str(path))
    conn.execute(eng.key_pragma(key))
    if kdf_iter:
        conn.execute(f"PRAGMA kdf_iter = {kdf_iter}")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('Quintiliana')")
    conn.commit()
    conn.close()


def test_the_passphrase_is_derived_once_into_the_files_raw_key(tmp_path):
    path = tmp_path / "a.db"
    assert eng.effective_key(path, "demo") == "demo"  # no file yet: SQLCipher derives it
    _make(path, "demo")
    raw = eng.effective_key(path, "demo")
    assert raw != "demo" and raw.startswith("x'") and len(raw) == 67
    conn = connect_raw(path, raw, readonly=True)
    assert conn.execute("SELECT x FROM t").fetchone() == ("Quintiliana",)
    conn.close()
    # the file still opens with the passphrase itself, and a raw key is left alone
    conn = eng.sqlite_module().connect(str(path))
    conn.execute(eng.key_pragma("demo"))
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    conn.close()
    assert eng.effective_key(path, raw) == raw
    # each file has its own salt, so its own derived key
    other = tmp_path / "b.db"
    _make(other, "demo")
    assert eng.effective_key(other, "demo") not in ("demo", raw)


def test_a_file_made_with_other_settings_keeps_the_passphrase(tmp_path):
    path = tmp_path / "vecchio.db"
    _make(path, "demo", kdf_iter=64000)
    assert eng.effective_key(path, "demo") == "demo"
    conn = eng.sqlite_module().connect(str(path))
    conn.execute(eng.key_pragma("demo"))
    conn.execute("PRAGMA kdf_iter = 64000")
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    conn.close()
