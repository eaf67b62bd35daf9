"""``affido match suggest --elder ID [--top K] [--json]`` and ``affido match plan [--json]``.

``suggest``: the fosterers best suited to a waiting elder, with the points of each criterion, and
the approved fosterers excluded with their reasons. ``plan``: the assignment of every waiting elder
to the approved fosterers with room that maximises the total score (a proposal: nothing is
written). Without ``--json`` the output is a readable Italian text.

The user acting logs in with ``AFFIDO_USER`` / ``AFFIDO_PASSWORD`` (cli.open_for_command).
Wired into :mod:`affido_app.cli` with :func:`add_parser` and :func:`run`; :func:`main` runs the
command on its own (``main(["suggest", "--elder", "12", "--json"])``), for scripts and tests.

JSON (numbers are plain floats, the parts of a score add up to it):

- suggest: ``{"elder_id", "elder_name", "feasible_count", "candidates": [{"fosterer_id", "name",
  "comune", "score", "parts": {criterion: points}, "explanations": {criterion: text}}],
  "excluded": [{"fosterer_id", "name", "comune", "reasons": [text]}], "notes": [text],
  "weights": {...}}``;
- plan: ``{"pairs": [{"elder_id", "elder_name", "fosterer_id", "fosterer_name", "score",
  "parts"}], "total", "unmatched": [{"elder_id", "name", "reason"}], "skipped": [elder_id],
  "weights": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from affido_app.errors import AffidoError


def add_parser(subparsers, common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``match`` command (with ``suggest`` and ``plan``) to the ``affido`` commands."""
    parser = subparsers.add_parser(
        "match", parents=[common_parent],
        help="abbinamenti: proposte per un anziano e piano complessivo",
        description="Proposte di abbinamento per un anziano in attesa (suggest) e piano che "
                    "abbina tutti gli anziani in attesa agli affidatari disponibili (plan).",
    )
    _add_arguments(parser, common_parent)
    return parser


def _add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="match_command", metavar="AZIONE",
                                parser_class=type(parser))
    sub.required = True
    suggest = sub.add_parser(
        "suggest", parents=[common], help="gli affidatari più adatti a un anziano in attesa",
        description="Gli affidatari più adatti a un anziano in attesa di abbinamento, con il "
                    "punteggio di ogni criterio, e gli affidatari esclusi con i motivi.",
    )
    suggest.add_argument("--elder", type=_positive, required=True, metavar="ID",
                         help="numero (id) dell'anziano")
    suggest.add_argument("--top", type=_non_negative, default=10, metavar="K",
                         help="quante proposte al massimo (predefinito 10; 0: tutte)")
    suggest.add_argument("--json", action="store_true", help="risultato in JSON")
    plan = sub.add_parser(
        "plan", parents=[common], help="piano di abbinamento per tutti gli anziani in attesa",
        description="Il piano che abbina gli anziani in attesa agli affidatari idonei con posti "
                    "liberi massimizzando il punteggio totale. Non registra nulla.",
    )
    plan.add_argument("--json", action="store_true", help="risultato in JSON")


def _positive(value: str) -> int:
    n = _integer(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"deve essere un numero positivo: {value!r}")
    return n


def _non_negative(value: str) -> int:
    n = _integer(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"non può essere negativo: {value!r}")
    return n


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero non valido: {value!r}") from None


def run(args: argparse.Namespace) -> int:
    """Run the command; 0 done, 1 a user-facing error (one line on stderr)."""
    try:
        text = _execute(args)
    except AffidoError as exc:
        print(f"affido: {exc.message}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``affido match`` on its own: ``main(["--db", path, "plan", "--json"])``.

    The same as ``affido match …``: one parser, one way of reporting errors."""
    from affido_app.cli import main as affido_main

    try:
        return affido_main(["match", *(argv if argv is not None else sys.argv[1:])])
    except SystemExit as exc:  # usage errors and --help
        return int(exc.code or 0)


# --- the work ------------------------------------------------------------------------------------

def _execute(args: argparse.Namespace) -> str:
    from affido_app.cli import open_for_command
    from affido_app.matching import engine

    # the acting user: AFFIDO_USER / AFFIDO_PASSWORD (services.auth.command_actor)
    db, actor = open_for_command(getattr(args, "db", None))
    try:
        # one unit of work: reading health-related reasons leaves an audit row
        with db.sessions.begin() as s:
            if args.match_command == "suggest":
                result = engine.suggest(s, actor, args.elder, top=args.top)
                return (_dumps(suggestions_json(result)) if args.json
                        else suggestions_text(result))
            result = engine.plan(s, actor)
            return _dumps(plan_json(result)) if args.json else plan_text(result)
    finally:
        db.dispose()


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _weights_json(weights) -> dict[str, float]:
    from affido_app.matching.weights import weights_as_json

    return weights_as_json(weights)


def suggestions_json(result) -> dict[str, Any]:
    return {
        "elder_id": result.elder_id,
        "elder_name": result.elder_name,
        "feasible_count": result.feasible_count,
        "candidates": [
            {"fosterer_id": c.fosterer_id, "name": c.name, "comune": c.comune,
             "score": c.score, "parts": c.parts, "explanations": c.explanations}
            for c in result.candidates
        ],
        "excluded": [
            {"fosterer_id": x.fosterer_id, "name": x.name, "comune": x.comune,
             "reasons": list(x.reasons)}
            for x in result.excluded
        ],
        "notes": list(result.notes),
        "weights": _weights_json(result.weights),
    }


def plan_json(result) -> dict[str, Any]:
    return {
        "pairs": [
            {"elder_id": p.elder_id, "elder_name": p.elder_name, "fosterer_id": p.fosterer_id,
             "fosterer_name": p.fosterer_name, "score": p.score, "parts": p.parts}
            for p in result.pairs
        ],
        "total": result.total,
        "unmatched": [{"elder_id": u.elder_id, "name": u.name, "reason": u.reason}
                      for u in result.unmatched],
        "skipped": list(result.skipped),
        "weights": _weights_json(result.weights),
    }


# --- readable text -------------------------------------------------------------------------------

def _num(value: float, places: int = 1) -> str:
    """Italian number: 1.234,5."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def suggestions_text(result) -> str:
    from affido_app.matching.weights import PART_LABELS

    lines = [f"Proposte per {result.elder_name} (anziano n. {result.elder_id})"]
    shown = len(result.candidates)
    found = _plural(result.feasible_count, "affidatario compatibile", "affidatari compatibili")
    lines.append(found + (f", i primi {shown}:" if 0 < shown < result.feasible_count
                          else ":" if shown else "."))
    lines.extend(f"Nota: {n}" for n in result.notes)
    width = max((len(label) for label in PART_LABELS.values()), default=0)
    for rank, c in enumerate(result.candidates, start=1):
        lines.append("")
        lines.append(f"{rank}. {c.name} (n. {c.fosterer_id}), {c.comune or 'comune non indicato'}"
                     f" — {_num(c.score)} punti su 100")
        for name, label in PART_LABELS.items():
            lines.append(f"   {label:<{width}}  {_num(c.parts[name]):>5}  "
                         f"{c.explanations[name]}")
    if result.excluded:
        lines.append("")
        lines.append(f"Esclusi ({len(result.excluded)}):")
        for x in result.excluded:
            lines.append(f"  {x.name} (n. {x.fosterer_id}): {'; '.join(x.reasons)}")
    return "\n".join(lines) + "\n"


def plan_text(result) -> str:
    lines = [f"Piano di abbinamento: {_plural(len(result.pairs), 'coppia', 'coppie')}, "
             f"punteggio totale {_num(result.total)}."]
    if result.pairs:
        left = max(len("Anziano"), *(len(f"{p.elder_name} (n. {p.elder_id})")
                                     for p in result.pairs))
        right = max(len("Affidatario"), *(len(f"{p.fosterer_name} (n. {p.fosterer_id})")
                                          for p in result.pairs))
        lines.append("")
        lines.append(f"  {'Anziano':<{left}}  {'Affidatario':<{right}}  Punti")
        for p in result.pairs:
            lines.append(f"  {f'{p.elder_name} (n. {p.elder_id})':<{left}}  "
                         f"{f'{p.fosterer_name} (n. {p.fosterer_id})':<{right}}  "
                         f"{_num(p.score):>5}")
    if result.unmatched:
        lines.append("")
        lines.append(f"Senza abbinamento ({len(result.unmatched)}):")
        lines.extend(f"  {u.name} (n. {u.elder_id}): {u.reason}" for u in result.unmatched)
    if result.skipped:
        lines.append("")
        lines.append("Non considerati perché hanno già un abbinamento aperto: "
                     + _plural(len(result.skipped), "anziano", "anziani") + ".")
    lines.append("")
    lines.append("È una proposta: gli abbinamenti si registrano uno per uno dopo la verifica.")
    return "\n".join(lines) + "\n"
