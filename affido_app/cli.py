"""The ``affido`` command (design.md, "The command line": a contract scripts rely on).

Exit codes: 0 success, 1 a user-facing error (one clear line on stderr), 2 a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from affido_app import __version__, cli_backup, cli_bench, cli_calendar, cli_match, cli_report
from affido_app.config import DEMO_DB_KEY, db_key_from_env, resolve_db_url, sqlite_path
from affido_app.errors import AffidoError, StorageError

log = logging.getLogger("affido")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2: keep that, in Italian
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: errore: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from affido_app import cli_italian

    cli_italian.install()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL_O_PERCORSO", default=argparse.SUPPRESS,
        help="database: un percorso (SQLite) o un indirizzo postgresql+psycopg://… "
             "(predefinito: la cartella dati dell'utente)",
    )
    parser = _Parser(
        prog="affido", parents=[common],
        description="Affido: gestione del progetto «Mi affido a te».",
    )
    parser.add_argument("--version", action="version", version=f"affido {__version__}",
                        help="mostra la versione del programma ed esce")
    parser.add_argument("--demo", action="store_true",
                        help="apre l'applicazione su un database dimostrativo")
    parser.add_argument("--screenshot", metavar="CARTELLA",
                        help="con --demo: salva le schermate principali in PNG ed esce")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=_Parser)

    demo = sub.add_parser("demo", parents=[common], help="crea un database dimostrativo")
    demo.add_argument("--elders", type=_count, default=300, help="anziani (predefinito 300)")
    demo.add_argument("--fosterers", type=_count, default=200,
                      help="affidatari (predefinito 200)")
    demo.add_argument("--seed", type=int, default=1, help="seme: stesso seme, stessi dati")
    demo.add_argument("--force", action="store_true", help="sostituisce un file esistente")

    cli_bench.add_parser(sub, common)
    cli_calendar.add_parser(sub, common)
    cli_match.add_parser(sub, common)
    cli_report.add_parser(sub, common)
    cli_backup.add_parser(sub, common)
    from affido_app import cli_import  # light: the import engine loads only when it runs

    cli_import.add_parser(sub, common)
    sub.add_parser("check", parents=[common],
                   help="verifica integrità, riferimenti, registro degli accessi e versione")
    return parser


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero non valido: {value!r}") from None
    if not 0 <= n <= 1_000_000:
        raise argparse.ArgumentTypeError("deve essere tra 0 e 1.000.000")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "bench":
            return cli_bench.run(args)
        if args.command == "calendar":
            return cli_calendar.run(args)
        if args.command == "match":
            return cli_match.run(args)
        if args.command == "report":
            return cli_report.run(args)
        if args.command == "import":
            from affido_app import cli_import

            return cli_import.run(args)
        if args.command in ("backup", "restore"):
            return cli_backup.run(args)
        return cmd_gui(args, parser)
    except AffidoError as exc:
        print(f"affido: {exc.message}", file=sys.stderr)
        advice = cli_backup.damaged_advice(exc)
        if advice:
            print(f"affido: {advice}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("affido: interrotto.", file=sys.stderr)
        return 1
    except Exception:
        path = _write_crash_log()
        print(f"affido: errore imprevisto; i dettagli tecnici sono in {path}", file=sys.stderr)
        return 1


def _db_arg(args) -> str | None:
    return getattr(args, "db", None)


def _key_for(url: str) -> str | None:
    """The database key: AFFIDO_DB_KEY; else, for an encrypted file without a key file, the
    public demo key if it opens it, or the key asked on a terminal."""
    key = db_key_from_env()
    if key:
        return key
    from affido_app.db.engine import is_encrypted_file, opens_with

    path = sqlite_path(url)
    if path is None or not path.is_file() or not is_encrypted_file(path):
        return None
    if opens_with(path, DEMO_DB_KEY):  # a demo database: its key is public by design
        return DEMO_DB_KEY
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Chiave del database: ") or None
    return None


def open_for_command(db_arg: str | None, *, need_actor: bool = True):
    """Open an existing database for a command and choose who acts: ``(Database, Actor)``
    (``Actor`` None when ``need_actor`` is False).

    - An encrypted SQLite database with a key file (``<db>.keys``) opens with a login:
      ``AFFIDO_USER`` / ``AFFIDO_PASSWORD``, asked on a terminal when missing. ``AFFIDO_DB_KEY``
      opens it directly instead.
    - Any other database opens with ``AFFIDO_DB_KEY`` (or the demo key, or the key asked on a
      terminal); then, once any account has a password, acting needs a login too
      (services.auth.command_actor: before that, AFFIDO_USER or the first administrator).
    """
    from affido_app.config import credentials_from_env
    from affido_app.db.keyring import keyfile_path
    from affido_app.db.migrate import open_database
    from affido_app.services import auth

    url = resolve_db_url(db_arg)
    path = sqlite_path(url)
    username, password = credentials_from_env()
    if path is not None and db_key_from_env() is None and keyfile_path(path).is_file():
        if not username or password is None:
            username, password = _ask_credentials(username)
        db, actor = auth.open_with_login(url, username, password, upgrade=False)
        try:
            if need_actor:
                auth.refuse_provisional_password(db.sessions, actor)
        except BaseException:
            db.dispose()
            raise
        return db, (actor if need_actor else None)
    db = open_database(url, key=_key_for(url), create=False, upgrade=False)
    try:
        actor = None
        if need_actor:
            ask = _ask_credentials if _interactive() else None
            actor = auth.command_actor(db.sessions, username, password, ask=ask)
    except BaseException:
        db.dispose()
        raise
    return db, actor


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask_credentials(username: str | None) -> tuple[str, str]:
    from affido_app.errors import PermissionDenied

    if not _interactive():
        raise PermissionDenied(
            "Il database è protetto: indicare l'operatore e la password con AFFIDO_USER e "
            "AFFIDO_PASSWORD.")
    if not username:
        username = input("Nome utente: ").strip()
    return username, getpass.getpass(f"Password di {username}: ")


def cmd_demo(args) -> int:
    from affido_app.db.migrate import open_database
    from affido_app.services.demo import DemoSpec, build_demo

    if _db_arg(args) is None:
        raise UsageErrorExit("indicare il database da creare con --db PERCORSO")
    url = resolve_db_url(args.db)
    path = sqlite_path(url)
    if path is None:
        raise StorageError("Il database dimostrativo si crea solo su un file SQLite.")
    if not path.parent.is_dir():
        raise StorageError(f"La cartella «{path.parent}» non esiste.")
    if path.exists() and not args.force:
        raise StorageError(f"«{path}» esiste già: usare --force per sostituirlo.")
    key = db_key_from_env() or DEMO_DB_KEY  # the demo's key is public: no key file
    started = time.monotonic()
    # build beside the target, then move into place: a failure leaves no half-made file
    fd, tmp_name = tempfile.mkstemp(prefix=".demo-", suffix=".db", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        db = open_database(f"sqlite:///{tmp}", key=key)
        try:
            summary = build_demo(db, DemoSpec(args.elders, args.fosterers, args.seed))
        finally:
            db.dispose()
        # --force: the replaced database's key file would open nothing (the demo has none)
        for suffix in ("-wal", "-shm", ".keys"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    elapsed = time.monotonic() - started
    print(f"Database dimostrativo creato in {path} ({elapsed:.1f} s):")
    for label, n in summary.items():
        print(f"  {label}: {n}")
    return 0


def cmd_check(args) -> int:
    from affido_app.db.migrate import check_database
    from affido_app.services.audit import verify_chain

    db, _actor = open_for_command(_db_arg(args), need_actor=False)
    try:
        problems = check_database(db, full=True)
        with db.sessions() as s:
            problems += verify_chain(s)
    finally:
        db.dispose()
    if problems:
        for p in problems:
            print(f"affido: {p}", file=sys.stderr)
        return 1
    print("Database integro: controllo di integrità, riferimenti, indici di ricerca, "
          "registro degli accessi e versione dello schema superati.")
    return 0


def cmd_gui(args, parser: argparse.ArgumentParser) -> int:
    if args.screenshot and not args.demo:
        parser.error("--screenshot va usato insieme a --demo")
    try:
        from affido_app.ui.app import run_gui
    except ImportError as exc:
        if getattr(exc, "name", "") and exc.name.startswith("affido_app.ui"):
            raise StorageError(
                "L'interfaccia grafica non è inclusa in questa versione: usare i comandi "
                "(affido --help)."
            ) from None
        raise
    return run_gui(db=_db_arg(args), demo=args.demo, screenshot=args.screenshot)


class UsageErrorExit(SystemExit):
    def __init__(self, message: str):
        print(f"affido: errore: {message}", file=sys.stderr)
        super().__init__(2)


def _write_crash_log() -> Path:
    from affido_app.crash import write_crash_log

    exc_type, _exc, tb = sys.exc_info()
    return write_crash_log(exc_type, tb)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
