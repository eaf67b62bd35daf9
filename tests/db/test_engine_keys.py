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


def test_a_derivation_started_in_the_background_is_not_run_twice(tmp_path, monkeypatch):
    import hashlib
    import threading

    path = tmp_path / "c.db"
    _make(path, "segreta")
    calls = []
    deriving = threading.Event()
    real = hashlib.pbkdf2_hmac

    def counted(*args, **kwargs):
        calls.append(threading.current_thread().name)
        deriving.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(eng.hashlib, "pbkdf2_hmac", counted)
    eng._derive.cache_clear()
    thread = eng.derive_in_background(path, "segreta")
    assert deriving.wait(30)
    raw = eng.effective_key(path, "segreta")  # waits for the thread's result
    thread.join()
    assert raw.startswith("x'") and len(raw) == 67
    assert calls == ["affido-key-derivation"]
    assert eng.derive_in_background(path, raw) is None  # a raw key: nothing to derive
    assert eng.derive_in_background(None, "segreta") is None
    assert eng.effective_key(path, "segreta") == raw and len(calls) == 1
