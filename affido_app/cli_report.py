"""``affido report KIND --id ID --out FILE.pdf``: print a document without the interface.

KIND: elder, fosterer, interview, supervision, attendance, agreement, expenses, activity, access.
``--id`` is the record the document is about (an elder, a fosterer, an interview, a pair for the
agreement and the supervision report, a training session for the sign-in sheet, a fosterer for
the reimbursement statement); ``--from/--to`` (or ``--month``) give the period of the activity
report, the reimbursement statement and the supervision report over a period (``--scope
period``, no ``--id``). ``--scope fosterer`` prints the supervision of every pair of the
fosterer ``--id``. ``access`` lists who consulted the records of the elder ``--id`` (or, with
``--scope fosterer``, of the fosterer), administrators only.

The user acting logs in with ``AFFIDO_USER`` / ``AFFIDO_PASSWORD`` (cli.open_for_command).
Documents with personal data leave an audit row. The file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

KINDS_HELP = {
    "elder": "scheda anziano (--id anziano)",
    "fosterer": "scheda affidatario (--id affidatario)",
    "interview": "verbale di colloquio, riservato (--id colloquio)",
    "supervision": "relazione di supervisione (--id abbinamento; --scope fosterer --id "
                   "affidatario; --scope period --from --to)",
    "attendance": "registro presenze di un incontro di formazione (--id incontro)",
    "agreement": "patto di affido da firmare (--id abbinamento)",
    "expenses": "prospetto dei rimborsi di un affidatario (--id affidatario --month aaaa-mm)",
    "activity": "relazione di attività per il consorzio (--from --to)",
    "access": "registro degli accessi di una persona, solo amministratori (--scope elder --id "
              "anziano, o --scope fosterer --id affidatario; --from --to facoltativi)",
}
#: the scopes each document accepts (the first is the default)
SCOPES = {"supervision": ("pair", "fosterer", "period"), "access": ("elder", "fosterer")}


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report", parents=[common_parent], help="stampa un documento in PDF",
        description="Stampa un documento in un file PDF. Documenti: "
                    + "; ".join(f"{k}: {v}" for k, v in KINDS_HELP.items()) + ".",
    )
    parser.add_argument("kind", choices=list(KINDS_HELP), metavar="DOCUMENTO",
                        help="uno di: " + ", ".join(KINDS_HELP))
    parser.add_argument("--id", dest="record_id", type=_positive, metavar="ID",
                        help="numero (id) del record")
    parser.add_argument("--scope", choices=("pair", "fosterer", "period", "elder"),
                        help="per supervision: un abbinamento (predefinito), tutti quelli "
                             "di un affidatario, o un periodo; per access: un anziano "
                             "(predefinito) o un affidatario")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATA",
                        help="primo giorno del periodo, gg/mm/aaaa o aaaa-mm-gg")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATA",
                        help="ultimo giorno del periodo, gg/mm/aaaa o aaaa-mm-gg")
    parser.add_argument("--month", type=_month, metavar="AAAA-MM",
                        help="il periodo è un mese intero (al posto di --from e --to)")
    parser.add_argument("--out", required=True, metavar="FILE.pdf",
                        help="il file PDF da scrivere (viene sostituito se esiste)")
    return parser


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero non valido: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"deve essere un numero positivo: {value!r}")
    return n


def _date(value: str) -> dt.date:
    from affido_app.cli_calendar import _date as parse

    return parse(value)


def _month(value: str) -> tuple[dt.date, dt.date]:
    try:
        year, month = (int(p) for p in value.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"mese non valido (aaaa-mm): {value!r}") from None
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def run(args: argparse.Namespace) -> int:
    """Write the document; 0 done. AffidoError propagates to :func:`affido_app.cli.main`
    (one line on stderr, exit 1)."""
    from affido_app.cli import UsageErrorExit

    if args.month and (args.date_from or args.date_to):
        raise UsageErrorExit("usare --month oppure --from/--to, non entrambi")
    if args.scope and args.scope not in SCOPES.get(args.kind, ()):
        allowed = [k for k, scopes in SCOPES.items() if args.scope in scopes]
        raise UsageErrorExit(f"--scope {args.scope} vale solo per il documento "
                             + " o ".join(allowed))
    date_from, date_to = args.month if args.month else (args.date_from, args.date_to)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageErrorExit("il file da scrivere deve terminare in .pdf")
    pages = write_report(getattr(args, "db", None), args.kind, args.record_id, args.scope,
                         date_from, date_to, out)
    print(f"Documento salvato in {out} ({pages} {'pagina' if pages == 1 else 'pagine'}).")
    return 0


def write_report(db_arg: str | None, kind: str, record_id: int | None, scope: str | None,
                 date_from: dt.date | None, date_to: dt.date | None, out: Path) -> int:
    """Prepare, render and write the document; returns the number of pages. The audit row is
    committed only once the file is written."""
    from affido_app.cli import open_for_command
    from affido_app.errors import StorageError
    from affido_app.files import write_atomically
    from affido_app.reports import render_bytes
    from affido_app.services.documents import DocumentRequest, prepare

    if not out.parent.is_dir():
        raise StorageError(f"La cartella «{out.parent}» non esiste.")
    request = DocumentRequest(kind, record_id, scope, date_from, date_to)
    # the acting user: AFFIDO_USER / AFFIDO_PASSWORD (services.auth.command_actor)
    db, actor = open_for_command(db_arg)
    try:
        with db.sessions.begin() as s:
            document = prepare(s, actor, request, output="file")
            pdf, pages = render_bytes(document)
            write_atomically(out, pdf)
    finally:
        db.dispose()
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    """``affido report …`` on its own (scripts, tests)."""
    from affido_app.cli import main as affido_main

    try:
        return affido_main(["report", *(argv if argv is not None else sys.argv[1:])])
    except SystemExit as exc:
        return int(exc.code or 0)
