"""Is a SQLite database already open in Affido on this computer? (no Qt here)

The application holds a ``QLockFile`` on ``<database>.lock`` while it runs (``ui/instance_lock``).
Qt writes the lock file as text lines: process id, application (process) name, host name and, in
Qt 6, the machine id and the boot id. This module reads that file without Qt, for the command line
and the services that must not touch a database the application has open: a lock whose process is
gone (a crash, a power cut) is stale and does not count.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The lock file of a SQLite database: ``<database>.lock`` next to it."""
    path = Path(db_path)
    return path.with_name(path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockInfo:
    pid: int
    app_name: str
    host_name: str
    machine_id: str = ""
    boot_id: str = ""


def read_lock(path: str | os.PathLike[str]) -> LockInfo | None:
    """The contents of a Qt lock file, or None when it is missing or unreadable."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    lines = raw.decode("utf-8", "replace").split("\n")
    try:
        pid = int(lines[0].strip())
    except (ValueError, IndexError):
        return None
    if pid <= 0:
        return None

    def line(i: int) -> str:
        return lines[i].strip() if len(lines) > i else ""

    return LockInfo(pid, line(1), line(2), line(3), line(4))


def in_use(db_path: str | os.PathLike[str]) -> bool:
    """True when a running Affido on this computer (or on another one) holds the database's lock.

    A lock left by a process that no longer runs (or by a previous boot) is stale: not in use. A
    lock taken on another computer cannot be checked from here and counts as in use.
    """
    info = read_lock(lock_path(db_path))
    if info is None:
        return False
    return holder_alive(info)


def holder_alive(info: LockInfo) -> bool:
    """Whether the process recorded in a lock file still runs (Qt's own staleness rules)."""
    if not _same_host(info):
        return True  # cannot tell: be careful
    boot = _boot_id()
    if info.boot_id and boot and info.boot_id != boot:
        return False  # written before the last restart
    if not _pid_alive(info.pid):
        return False
    name = _process_name(info.pid)
    # a different program under that pid: the pid was reused
    return not (name and info.app_name and name != info.app_name)


def _same_host(info: LockInfo) -> bool:
    machine = _machine_id()
    if info.machine_id and machine:
        return info.machine_id == machine
    return not info.host_name or info.host_name == socket.gethostname()


def _read_first_line(*paths: str) -> str:
    for candidate in paths:
        try:
            with open(candidate, encoding="ascii", errors="replace") as fh:
                value = fh.readline().strip()
        except OSError:
            continue
        if value:
            return value
    return ""


def _machine_id() -> str:
    if sys.platform.startswith("linux"):
        return _read_first_line("/etc/machine-id", "/var/lib/dbus/machine-id")
    return ""  # Qt uses other sources elsewhere: fall back to the host name


def _boot_id() -> str:
    if sys.platform.startswith("linux"):
        return _read_first_line("/proc/sys/kernel/random/boot_id")
    return ""


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    if sys.platform.startswith("linux"):
        try:  # a zombie has exited: it holds nothing
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
            if state in ("Z", "X"):
                return False
        except (OSError, IndexError):
            pass
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    process_query_limited_information = 0x1000
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def _process_name(pid: int) -> str:
    """The executable name Qt records for a process (Linux only; empty when unknown)."""
    if not sys.platform.startswith("linux"):
        return ""
    try:
        target = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""
    return os.path.basename(target.removesuffix(" (deleted)"))
