"""Files written whole or not at all."""

from __future__ import annotations


def test_one_atomic_writer_leaves_the_old_file_on_failure(tmp_path, monkeypatch):
    """affido_app.files.write_atomically: a failed write keeps the old content, no temp file."""
    import os

    from affido_app.errors import StorageError
    from affido_app.files import write_atomically

    target = tmp_path / "registro.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(OSError(28, "No space")))
    try:
        write_atomically(target, b"new")
    except StorageError as exc:
        assert "No space" in exc.message
    else:
        raise AssertionError("the failure was not reported")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["registro.pdf"]
