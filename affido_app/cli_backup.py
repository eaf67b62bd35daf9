"""``affido backup [--out FILE]`` and ``affido restore FILE``: copies of the SQLite database.

``backup`` writes a verified, encrypted copy (with its key file) into the folder chosen in the
application (Strumenti → Copie di sicurezza…; by default ``backups`` in the data folder), kept in
rotation; ``--out`` writes one file elsewhere, outside the rotation. ``restore`` (administrators)
verifies the copy, keeps a verified copy of the current database and replaces it; it refuses
while Affido has the database open. Both log in like the other commands (AFFIDO_USER /
AFFIDO_PASSWORD, or AFFIDO_DB_KEY). A damaged database cannot be opened: ``restore`` then checks
the user against the copy's own key file instead.

On PostgreSQL the server's backups are the office's job: both commands explain it and exit 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> None:
    backup = subparsers.add_parser(
        "backup", parents=[common_parent], help="fa una copia di sicurezza verificata",
        description="Fa una copia di sicurezza del database (cifrata come il database, con il "
                    "suo file delle chiavi) e la verifica. Senza --out la copia va nella "
                    "cartella delle copie scelta nell'applicazione, che conserva le ultime 7 "
                    "giornaliere, 4 settimanali e 12 mensili.")
    backup.add_argument("--out", metavar="FILE", type=Path,
                        help="scrive la copia in questo file (nuovo), fuori dalla rotazione")
    restore = subparsers.add_parser(
        "restore", parents=[common_parent],
        help="ripristina una copia di sicurezza (solo amministratori)",
        description="Sostituisce il database con una copia di sicurezza. La copia viene prima "
                    "verificata; il database attuale viene conservato in una copia «prima del "
                    "ripristino» nella cartella delle copie. Affido deve essere chiuso.")
    restore.add_argument("file", metavar="FILE", type=Path,
                         help="la copia da ripristinare (un file .db)")


def run(args) -> int:
    if args.command == "backup":
        return cmd_backup(args)
    return cmd_restore(args)


def _url(args) -> tuple[str, Path | None]:
    from affido_app.config import resolve_db_url, sqlite_path
    from affido_app.errors import StorageError
    from affido_app.services.backups import POSTGRES_MESSAGE

    url = resolve_db_url(getattr(args, "db", None))
    path = sqlite_path(url)
    if path is None:
        raise StorageError(POSTGRES_MESSAGE)
    return url, path


def cmd_backup(args) -> int:
    from affido_app.cli import open_for_command
    from affido_app.services import backups

    _url(args)
    db, actor = open_for_command(getattr(args, "db", None))
    try:
        with db.sessions() as s:
            folder = backups.backup_folder(s)
        result = backups.make_backup(db.path, db.key, folder, out=args.out)
        with db.sessions.begin() as s:
            backups.record_backup(s, actor, result)
    finally:
        db.dispose()
    print(f"Copia di sicurezza verificata: {result.path} ({_size(result.size)}).")
    if result.removed:
        print(f"Copie più vecchie eliminate secondo la rotazione: {len(result.removed)}.")
    return 0


def cmd_restore(args) -> int:
    from affido_app.cli import open_for_command
    from affido_app.config import DEMO_DB_KEY, credentials_from_env, db_key_from_env
    from affido_app.db.backup import DamagedDatabase
    from affido_app.services import backups

    _url_text, path = _url(args)
    source = Path(args.file).expanduser().absolute()
    if not source.is_file():
        from affido_app.errors import StorageError

        raise StorageError(f"Il file «{source}» non esiste.")
    username, password = credentials_from_env()
    credentials = (username, password) if username and password is not None else None
    try:
        if not path.exists():
            raise DamagedDatabase(path)  # nothing to open: checked against the copy below
        db, actor = open_for_command(getattr(args, "db", None))
    except DamagedDatabase:
        return _restore_without_database(path, source, credentials)
    try:
        backups.require_restore(actor)
        with db.sessions() as s:
            folder = backups.backup_folder(s)
        current_key = db.key
    finally:
        db.dispose()
    key = backups.source_key(source, current_key=current_key, env_key=db_key_from_env(),
                             credentials=credentials, fallback=(DEMO_DB_KEY,))
    result = backups.restore(path, source, key, folder, current_key=current_key, actor=actor)
    _report(result)
    return 0


def _restore_without_database(path: Path, source: Path, credentials) -> int:
    """The database is damaged (or missing): whoever restores must be an administrator in the
    copy, unlocked with their own password (its key file) or with AFFIDO_DB_KEY."""
    from affido_app.config import DEMO_DB_KEY, db_key_from_env
    from affido_app.errors import PermissionDenied
    from affido_app.services import backups

    env_key = db_key_from_env()
    if credentials is None and env_key is None:
        raise PermissionDenied(
            "Il database non si apre: per ripristinare la copia indicare un amministratore e "
            "la sua password con AFFIDO_USER e AFFIDO_PASSWORD (oppure la chiave del database "
            "con AFFIDO_DB_KEY).")
    key = backups.source_key(source, env_key=env_key, credentials=credentials,
                             fallback=(DEMO_DB_KEY,))
    if env_key is None or key != env_key:
        backups.require_admin_in_copy(source, key, credentials[0] if credentials else "")
    # the damaged file is kept beside the copies: the usual folder if reachable, else the copy's
    folder = next((f for f in backups.candidate_folders(path)[:2] if f.is_dir()), source.parent)
    result = backups.restore(path, source, key, folder, current_key=key)
    _report(result)
    return 0


def _report(result) -> None:
    print(f"Ripristino completato dalla copia {result.restored_from}.")
    if result.previous is not None:
        print(f"Il database com'era prima del ripristino è conservato in {result.previous}.")
    if result.needs_upgrade:
        print("La copia è di una versione precedente di Affido: sarà aggiornata alla prossima "
              "apertura (ne sarà fatta prima una copia).")


def damaged_advice(exc: BaseException) -> str | None:
    """For a damaged database: the newest copy and the command that restores it."""
    from affido_app.db.backup import DamagedDatabase

    if not isinstance(exc, DamagedDatabase):
        return None
    from affido_app.services.backups import newest_backup

    newest = newest_backup(exc.path)
    if newest is None:
        return ("Nessuna copia di sicurezza trovata: se ne esiste una altrove, ripristinarla con "
                "«affido restore FILE».")
    return (f"La copia più recente è {newest.path}: ripristinarla con "
            f"«affido restore --db \"{exc.path}\" \"{newest.path}\"».")


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB".replace(".", ",")
    return f"{max(1, n // 1024)} kB"
