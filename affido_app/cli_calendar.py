"""``affido calendar --out FILE.ics [--from DATE --to DATE]``: export the calendar.

Training meetings, supervision meetings, introductions of pairs and planned interviews between
two days (default: today and the next 90 days) as an iCalendar file, without personal health
details (see :mod:`affido_app.services.calendar`). The user acting logs in with
``AFFIDO_USER`` and ``AFFIDO_PASSWORD`` (see :func:`affido_app.cli.open_for_command`); the export
is audited under that user.

Wired into :mod:`affido_app.cli` with :func:`add_parser` and :func:`run`; :func:`main` runs the
command on its own (``main(["--out", "x.ics"])``), for scripts and tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from affido_app.errors import AffidoError, FieldError, StorageError

DEFAULT_DAYS = 90


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``calendar`` command to the ``affido`` sub-commands."""
    parser = subparsers.add_parser(
        "calendar", parents=[common_parent],
        help="esporta il calendario (formazione, supervisioni, conoscenze) in un file .ics",
        description="Esporta gli incontri di formazione e di supervisione, gli incontri di "
                    "conoscenza degli abbinamenti e i colloqui previsti in un file iCalendar "
                    "(.ics), senza dati sanitari né note.",
    )
    _add_arguments(parser)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE.ics",
                        help="il file da scrivere (viene sostituito se esiste)")
    parser.add_argument("--from", dest="from_date", type=_date, metavar="DATA",
                        help="primo giorno, gg/mm/aaaa (predefinito: oggi)")
    parser.add_argument("--to", dest="to_date", type=_date, metavar="DATA",
                        help=f"ultimo giorno, gg/mm/aaaa (predefinito: {DEFAULT_DAYS} giorni dopo "
                             "il primo)")


def _date(value: str) -> dt.date:
    from affido_app.domain.validators import parse_date

    try:
        day = parse_date(value)
    except FieldError as exc:
        raise argparse.ArgumentTypeError(f"{exc.message} ({value!r})") from None
    if day is None:
        raise argparse.ArgumentTypeError("data mancante")
    return day


def date_range(from_date: dt.date | None, to_date: dt.date | None,
               today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days to export: from ``from_date`` (default today) to ``to_date`` (default 90 days
    after the first day)."""
    start = from_date or today or dt.date.today()
    return start, to_date or start + dt.timedelta(days=DEFAULT_DAYS)


def run(args: argparse.Namespace) -> int:
    """Run the command; 0 done, 1 a user-facing error (one line on stderr), 2 a usage error."""
    start, end = date_range(getattr(args, "from_date", None), getattr(args, "to_date", None))
    if start > end:
        print("affido: errore: la data di --from è successiva a quella di --to", file=sys.stderr)
        return 2
    try:
        count = _export(getattr(args, "db", None), Path(args.out), start, end)
    except AffidoError as exc:
        print(f"affido: {exc.message}", file=sys.stderr)
        return 1
    print(f"Calendario esportato in {args.out}: {count} eventi dal {start:%d/%m/%Y} "
          f"al {end:%d/%m/%Y}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``affido calendar`` on its own: ``main(["--db", path, "--out", "x.ics"])``.

    The same as ``affido calendar …``: one parser, one way of reporting errors."""
    from affido_app.cli import main as affido_main

    try:
        return affido_main(["calendar", *(argv if argv is not None else sys.argv[1:])])
    except SystemExit as exc:  # usage errors and --help
        return int(exc.code or 0)


def _export(db_arg: str | None, out: Path, start: dt.date, end: dt.date) -> int:
    from affido_app.cli import open_for_command
    from affido_app.services.calendar import save_ics

    out = out.expanduser()
    if not out.parent.is_dir():  # before opening the database
        raise StorageError(f"La cartella «{out.parent}» non esiste.")
    # the acting user: AFFIDO_USER / AFFIDO_PASSWORD (services.auth.command_actor)
    db, actor = open_for_command(db_arg)
    try:
        with db.sessions.begin() as s:
            # inside the unit of work: a failed write leaves no audit row
            count = save_ics(s, actor, start, end, out)
    finally:
        db.dispose()
    return count


