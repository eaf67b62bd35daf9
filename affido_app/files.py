"""Writing a file the user or the app relies on: whole or not at all. No Qt."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from affido_app.errors import StorageError


def write_atomically(path: str | os.PathLike, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder, synced and
    renamed over the target: a crash or a full disk leaves the old file or the new one, never
    half of one, and no temporary file. ``private``: owner-only permissions (key files).

    Raises :class:`StorageError` with an Italian message."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"La cartella «{path.parent}» non esiste.")
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        if private:
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise StorageError(f"Impossibile scrivere «{path}»: {exc.strerror or exc}.") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    if os.name == "posix":  # the rename itself reaches the disk
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
