"""``affido import {elders,fosterers} FILE [--dry-run] [--json] [--sheet NAME] [--map COL=FIELD]
[--output FILE]``: people from a spreadsheet (xlsx or csv).

The columns are recognised from their headers (Cognome, Nome, Codice fiscale, Data di nascita,
Sesso, Indirizzo, Comune, Telefono, Cellulare, Email, Note, …); ``--map`` corrects or completes
the guess. Every row is checked like the forms; duplicates (in the archive or twice in the file)
are skipped; the valid rows are imported all together in one transaction. The report (Italian
text, or JSON with ``--json``: see services/importing/report.py) goes to standard output, or to
the file ``--output`` names: nowhere else.

Exit codes: 0 every row imported (or importable, with ``--dry-run``); 3 the valid rows imported
but some rows skipped (listed in the report); 1 the file refused, nothing imported; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from affido_app.errors import AffidoError

#: exit code when the valid rows were imported but some rows were skipped
EXIT_SKIPPED = 3

_EPILOG = """\
colonne riconosciute (tra le altre): Cognome, Nome (o Cognome e nome in una colonna: «Rossi
Maria» o «De Luca, Maria Grazia»), Codice fiscale / CF, Data di nascita /
Nato il, Luogo di nascita, Sesso (M/F, maschio/femmina), Indirizzo / Via, Comune / Città /
Residenza, CAP, Telefono, Cellulare, Email, Note; per gli anziani anche Data di segnalazione,
Medico di base; per gli affidatari Data della candidatura, Professione, Patente, Automobile.
L'intestazione può stare in una delle prime 10 righe (sopra può esserci un titolo).

date: 12/03/1940, 12-03-1940, 12.3.40, 12 marzo 1940, 1940-03-12, celle data di Excel.

--map COLONNA=CAMPO (ripetibile): COLONNA è l'intestazione o la lettera (C), CAMPO il nome del
campo (last_name) o la sua etichetta (Cognome); "-" ignora la colonna. Esempio:
  affido import elders anziani.xlsx --map "Residente in=Comune" --map F=-

codici di uscita:
  0  tutte le righe importate (con --dry-run: importabili)
  3  importate le righe valide, altre scartate (elencate nel rapporto con il motivo)
  1  file rifiutato (illeggibile, foglio o colonne mancanti, …): nulla è stato importato
  2  uso errato del comando

Serve il permesso di creare anziani o affidatari (AFFIDO_USER / AFFIDO_PASSWORD)."""


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``import`` command to the ``affido`` commands."""
    parser = subparsers.add_parser(
        "import", parents=[common_parent],
        help="importa anziani o affidatari da un foglio di calcolo (xlsx o csv)",
        description="Importa anziani o affidatari da un file xlsx o csv. Ogni riga è "
                    "controllata come nelle schede; le righe non valide e i doppioni sono "
                    "scartati con il motivo; le righe valide sono importate tutte insieme "
                    "(o nessuna, in caso di errore).",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", type=_kind, metavar="{elders,fosterers}",
                        help="elders (o anziani); fosterers (o affidatari)")
    parser.add_argument("file", metavar="FILE", help="il file .xlsx o .csv")
    parser.add_argument("--dry-run", action="store_true",
                        help="controlla e mostra il rapporto senza importare nulla")
    parser.add_argument("--json", action="store_true", help="rapporto in JSON")
    parser.add_argument("--sheet", metavar="NOME",
                        help="il foglio da leggere (predefinito: quello attivo del file)")
    parser.add_argument("--map", action="append", default=[], metavar="COLONNA=CAMPO",
                        help="associa una colonna a un campo (o «-» per ignorarla)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="scrive il rapporto in questo file invece che a video")
    return parser


_KINDS = {"elders": "elders", "anziani": "elders", "fosterers": "fosterers",
          "affidatari": "fosterers"}


def _kind(value: str) -> str:
    try:
        return _KINDS[value.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"«{value}» non è un tipo di persona: usare elders (anziani) o fosterers "
            "(affidatari)") from None


def run(args: argparse.Namespace) -> int:
    """Run the command: 0, 3 or 1 (see the module's docstring)."""
    try:
        plan, output = _execute(args)
    except AffidoError as exc:
        if args.json and not args.output:
            sys.stdout.write(json.dumps({"error": exc.message}, ensure_ascii=False) + "\n")
        print(f"affido: {exc.message}", file=sys.stderr)
        if getattr(exc, "needs_mapping", False):
            print("affido: le colonne si indicano con --map INTESTAZIONE=CAMPO (vedere "
                  "«affido import --help»).", file=sys.stderr)
        if not args.dry_run:
            print("affido: nulla è stato importato.", file=sys.stderr)
        return 1
    from affido_app.services.importing import report

    c = report.counts(plan)
    if args.output:
        from affido_app.files import write_atomically

        try:
            write_atomically(args.output, output.encode("utf-8"), private=True)
        except AffidoError as exc:  # the import is done: say so, and where the report is not
            print(f"affido: {exc.message}", file=sys.stderr)
            print(f"affido: rapporto non salvato; importate {c['imported']} righe, "
                  f"scartate {c['skipped']}.", file=sys.stderr)
            return 1
        verb = "da importare" if args.dry_run else "importate"
        print(f"Righe {verb}: {c['imported']}, scartate: {c['skipped']}. "
              f"Rapporto salvato in {args.output}.")
    else:
        sys.stdout.write(output)
    if c["skipped"]:
        verb = "sarebbero scartate" if args.dry_run else "scartate"
        print(f"affido: {c['skipped']} righe {verb}: i motivi sono nel rapporto.",
              file=sys.stderr)
        return EXIT_SKIPPED
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``affido import`` on its own: ``main(["elders", "anziani.xlsx", "--dry-run"])``."""
    from affido_app.cli import main as affido_main

    try:
        return affido_main(["import", *(argv if argv is not None else sys.argv[1:])])
    except SystemExit as exc:  # usage errors and --help
        return int(exc.code or 0)


def _execute(args: argparse.Namespace):
    from affido_app.cli import open_for_command
    from affido_app.services import importing
    from affido_app.services.importing import report

    kind = importing.KINDS[args.kind]
    overrides = importing.parse_overrides(args.map)
    db, actor = open_for_command(getattr(args, "db", None))
    try:
        if args.dry_run:
            with db.sessions() as s:  # reads only; closed without committing
                plan = importing.import_file(s, actor, kind, args.file, sheet=args.sheet,
                                             overrides=overrides, dry_run=True)
        else:
            with db.sessions.begin() as s:  # one transaction: all the valid rows or nothing
                plan = importing.import_file(s, actor, kind, args.file, sheet=args.sheet,
                                             overrides=overrides)
    finally:
        db.dispose()
    if args.json:
        text = json.dumps(report.to_json(plan, dry_run=args.dry_run), ensure_ascii=False,
                          indent=2) + "\n"
    else:
        text = report.to_text(plan, dry_run=args.dry_run)
    return plan, text
