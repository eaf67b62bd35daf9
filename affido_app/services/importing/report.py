"""The report of an import: counts and per-row reasons, as Italian text and as JSON.

JSON (one object, stable keys; ``dry_run`` true means nothing was written and ``imported`` counts
the rows that would be)::

    {"kind": "elders", "file": "anziani.xlsx", "format": "xlsx", "sheet": "Foglio1" | null,
     "header_row": 1, "dry_run": false,
     "columns": [{"column": "A", "header": "Cognome", "field": "last_name", "label": "Cognome"}],
     "counts": {"rows": 120, "empty_rows": 3, "imported": 110, "skipped": 10, "invalid": 6,
                "duplicate_in_database": 3, "duplicate_in_file": 1},
     "imported": [{"row": 2, "id": 57}],
     "skipped": [{"row": 7, "reason": "invalid", "problems": [{"column": "C",
                  "header": "Codice fiscale", "field": "codice_fiscale",
                  "label": "Codice fiscale", "message": "…"}],
                  "duplicate_of_row": null, "duplicate_of_id": null}],
     "seconds": 1.2}

``rows`` counts the non-empty rows under the header; ``id`` is null in a dry run. Column
``field`` null: the column is ignored.
"""

from __future__ import annotations

from typing import Any

from affido_app.services.importing.engine import (
    DUPLICATE_IN_DATABASE,
    DUPLICATE_IN_FILE,
    INVALID,
    ImportPlan,
)
from affido_app.services.importing.mapping import targets
from affido_app.services.people import kind_of

KIND_NAMES = {"elder": "elders", "fosterer": "fosterers"}
REASON_LABELS = {
    INVALID: "dati non validi",
    DUPLICATE_IN_DATABASE: "già in archivio",
    DUPLICATE_IN_FILE: "doppioni nel file",
}


def counts(plan: ImportPlan) -> dict[str, int]:
    by = plan.counts()
    return {
        "rows": len(plan.rows),
        "empty_rows": plan.empty_rows,
        "imported": by["ok"],
        "skipped": len(plan.rows) - by["ok"],
        INVALID: by[INVALID],
        DUPLICATE_IN_DATABASE: by[DUPLICATE_IN_DATABASE],
        DUPLICATE_IN_FILE: by[DUPLICATE_IN_FILE],
    }


def to_json(plan: ImportPlan, *, dry_run: bool) -> dict[str, Any]:
    src = plan.source
    k = kind_of(src.kind)
    labels = {name: t.label for name, t in targets(k.kind).items()}
    return {
        "kind": KIND_NAMES[str(k.kind.value)],
        "file": src.name,
        "format": src.table.format,
        "sheet": src.table.sheet,
        "header_row": src.header_row,
        "dry_run": dry_run,
        "columns": [
            {"column": src.column(i), "header": src.header(i), "field": plan.mapping.get(i),
             "label": labels[plan.mapping[i]] if i in plan.mapping else None}
            for i in range(len(src.headers))
            if src.header(i) or i in plan.mapping
        ],
        "counts": counts(plan),
        "imported": [{"row": r.row, "id": r.id} for r in plan.accepted],
        "skipped": [
            {"row": r.row, "reason": r.status,
             "problems": [{"column": p.column, "header": p.header, "field": p.field,
                           "label": p.label, "message": p.message} for p in r.problems],
             "duplicate_of_row": r.duplicate_of_row, "duplicate_of_id": r.duplicate_of_id}
            for r in plan.skipped
        ],
        "seconds": round(plan.seconds, 2),
    }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def problem_text(p) -> str:
    if p.column and p.header:
        return f"colonna {p.column} «{p.header}»: {p.message}"
    if p.label:
        return f"{p.label}: {p.message}"
    return p.message


def to_text(plan: ImportPlan, *, dry_run: bool) -> str:
    src = plan.source
    k = kind_of(src.kind)
    labels = {name: t.label for name, t in targets(k.kind).items()}
    who = "anziani" if k is kind_of("elder") else "affidatari"
    c = counts(plan)
    where = f", foglio «{src.table.sheet}»" if src.table.sheet else ""
    lines = [f"Importazione di {who} da «{src.name}»{where} (intestazione alla riga "
             f"{src.header_row})."]
    if dry_run:
        lines.append("Prova: nulla è stato registrato.")
    lines.append("Colonne:")
    for i in range(len(src.headers)):
        if not src.header(i) and i not in plan.mapping:
            continue
        shown = f"  {src.column(i)} «{src.header(i)}»"
        if i in plan.mapping:
            lines.append(f"{shown} → {labels[plan.mapping[i]]}")
        else:
            lines.append(f"{shown}: ignorata")
    empty = _plural(c["empty_rows"], "riga vuota ignorata", "righe vuote ignorate")
    lines.append(f"Righe lette: {c['rows']}" + (f" (più {empty})" if c["empty_rows"] else "")
                 + ".")
    verb = "Da importare" if dry_run else "Importate"
    lines.append(f"{verb}: {c['imported']}.")
    if c["skipped"]:
        parts = [f"{REASON_LABELS[key]} {c[key]}" for key in REASON_LABELS if c[key]]
        lines.append(f"Scartate: {c['skipped']} ({', '.join(parts)}).")
        lines.append("Righe scartate:")
        for r in plan.skipped:
            if len(r.problems) == 1:
                lines.append(f"  Riga {r.row}: {problem_text(r.problems[0])}")
            else:
                lines.append(f"  Riga {r.row}:")
                lines.extend(f"    - {problem_text(p)}" for p in r.problems)
    else:
        lines.append("Scartate: nessuna.")
    return "\n".join(lines) + "\n"
