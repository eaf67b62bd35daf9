"""``affido bench [--json] [--quick]``: the performance benchmark of design.md.

It builds its own data in a temporary folder (never the user's database), measures each target
against its floor, prints a table (or one JSON object) and exits 0 unless it crashes: the
figures are for people to read, not a test.
"""

from __future__ import annotations

import argparse

ROWS = ("startup", "search", "record", "suggest", "plan", "report", "memory")


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "bench", parents=[common_parent],
        help="misura le prestazioni su dati generati (non tocca il database dell'utente)",
        description="Misura le prestazioni dell'applicazione su dati generati in una cartella "
                    "temporanea (100.000 anziani, abbinamento 5.000 × 5.000) e le confronta "
                    "con la base di ciascuna misura. L'avanzamento è scritto su stderr.")
    p.add_argument("--json", action="store_true", help="un oggetto JSON invece della tabella")
    p.add_argument("--quick", action="store_true",
                   help="dimensioni ridotte: meno di un minuto (le cifre non sono indicative)")
    p.add_argument("--only", metavar="MISURA", action="append", choices=ROWS,
                   help="solo questa misura (ripetibile): " + ", ".join(ROWS))
    return p


def run(args: argparse.Namespace) -> int:
    from affido_app.bench.runner import main

    return main(as_json=args.json, quick=args.quick, only=tuple(args.only or ()))
