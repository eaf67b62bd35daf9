"""Is a path on a network share? A SQLite database there is refused.

SQLite relies on the file locks and the write ordering of a local disk; network file systems (SMB
shares, NFS…) do not give them reliably, and a database used from there, above all by two PCs at
once, gets damaged. An office that works from several PCs uses the PostgreSQL set-up instead.

Linux reads the file-system type from the mount table (``/proc/self/mountinfo``), Windows asks
for the drive type (UNC paths ``\\\\server\\share`` are always remote), macOS asks ``statfs``.
The mount-table reader can be replaced (tests feed their own table).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from affido_app.errors import StorageError

#: file-system types of network shares (Linux names; macOS ones in MAC_NETWORK_TYPES)
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "9p", "afs", "openafs",
    "ceph", "glusterfs", "davfs", "fuse.davfs", "fuse.davfs2", "fuse.sshfs", "sshfs",
    "fuse.glusterfs", "fuse.cephfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse",
    "fuse.smbnetfs", "fuse.curlftpfs", "lustre", "gpfs", "beegfs", "orangefs", "pvfs2",
    "vboxsf", "vmhgfs", "fuse.vmhgfs-fuse", "prl_fs", "coda",
})
MAC_NETWORK_TYPES = frozenset({"nfs", "smbfs", "afpfs", "webdav", "cifs", "ftp"})

#: the mount table of this process (Linux)
MOUNTINFO = Path("/proc/self/mountinfo")


def read_mount_table() -> str | None:
    """The text of ``/proc/self/mountinfo``; None where there is none."""
    try:
        return MOUNTINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


#: replaced by tests: returns the mountinfo text, or None
mount_table_reader: Callable[[], str | None] = read_mount_table


def _unescape(field: str) -> str:
    """Mount points escape space, tab, newline and backslash as ``\\ooo`` octal."""
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and all(c in "01234567" for c in code):
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) for each line of a mountinfo table."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        sep = fields.index("-")
        if sep < 5 or sep + 1 >= len(fields):
            continue
        mounts.append((_unescape(fields[4]), fields[sep + 1]))
    return mounts


def filesystem_type_linux(path: Path, mountinfo: str) -> str | None:
    """The file-system type of the mount holding ``path`` (the longest mount point above it;
    the last one mounted wins over the same point)."""
    target = str(path)
    best: tuple[int, str] | None = None
    for point, fstype in parse_mountinfo(mountinfo):
        inside = target == point or point == "/" or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def is_network_type(fstype: str) -> bool:
    fstype = fstype.lower()
    return fstype in NETWORK_TYPES or fstype.split(".", 1)[0] in {"nfs", "cifs", "smb3"}


def is_unc(path: str) -> bool:
    """``\\\\server\\share\\…`` or ``//server/share/…`` (but not ``\\\\?\\C:\\…``, a local path
    written the long way)."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\?\\UNC\\"):
        return True
    if p.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    return p.startswith("\\\\") and len(p) > 2 and p[2] != "\\"


def _existing(path: Path) -> Path:
    """The absolute path, links resolved as far as it exists (a database not yet made)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve() / path.relative_to(candidate)
    return path


def network_share(path: Path, *, platform: str | None = None) -> str | None:
    """A short description of the network file system holding ``path`` ("cifs", "rete"…), or
    None when it is on a local disk (or this cannot be told)."""
    platform = platform or sys.platform
    if platform == "win32":
        return _windows_network(path)
    where = _existing(path)
    if platform.startswith("linux"):
        table = mount_table_reader()
        if not table:
            return None
        fstype = filesystem_type_linux(where, table)
        return fstype if fstype and is_network_type(fstype) else None
    if platform == "darwin":  # pragma: no cover - macOS only
        return _mac_network(where)
    return None


def _windows_network(path: Path) -> str | None:
    if is_unc(str(path)):
        return "rete"
    if sys.platform != "win32":  # pragma: no cover - the tests pass a UNC path
        return None
    import ctypes  # pragma: no cover - Windows only

    drive_remote = 4
    anchor = PureWindowsPath(os.path.abspath(path)).anchor
    if not anchor:
        return None
    if ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(anchor)) == drive_remote:
        return "rete"
    return None


def _mac_network(path: Path) -> str | None:  # pragma: no cover - macOS only
    """``statfs``: ``f_flags`` without MNT_LOCAL, or a known network ``f_fstypename``."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        try:  # the layout read below is the 64-bit-inode one (Intel Macs name it apart)
            statfs = libc["statfs$INODE64"]
        except AttributeError:
            statfs = libc.statfs
        buf = ctypes.create_string_buffer(4096)  # struct statfs (64-bit inodes) is 2168 bytes
        if statfs(os.fsencode(str(path)), buf) != 0:
            return None
        raw = buf.raw
        flags = int.from_bytes(raw[64:68], sys.byteorder)
        fstype = raw[72:88].split(b"\0", 1)[0].decode("ascii", "replace")
    except (OSError, AttributeError, ValueError):
        return None
    mnt_local = 0x00001000
    if fstype in MAC_NETWORK_TYPES or not flags & mnt_local:
        return fstype or "rete"
    return None


def refuse_network_share(path: Path) -> None:
    """Raise :class:`StorageError` when the SQLite database at ``path`` is on a network share."""
    found = network_share(path)
    if found is None:
        return
    raise StorageError(
        f"Il database «{Path(path).name}» si trova in una cartella di rete ({found}): Affido "
        "non lo apre, perché un database in una cartella condivisa si può danneggiare. "
        "Spostarlo su un disco di questo computer oppure, per lavorare in più PC sullo stesso "
        "archivio, usare un server PostgreSQL (vedere «Ufficio con più PC» nel README). "
        "Il database non è stato modificato."
    )
