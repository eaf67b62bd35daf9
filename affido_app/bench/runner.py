"""The benchmark run: data in a temporary folder, each measurement, the table or JSON.

Progress goes to stderr; stdout carries only the table (or the JSON object). A measurement that
fails is reported in its row (``error``) and the others still run; the temporary folder (the
encrypted databases) is removed at the end whatever happens.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from affido_app.bench import data
from affido_app.bench.common import Row, Run, _num

#: (name, Italian label, unit, max ratio, max value) of each row, in design.md's order
TARGETS = (
    ("startup", "avvio fino alla finestra principale (database dimostrativo)", "s", 5, None),
    ("search", "ricerca mentre si scrive", "ms", 5, 30),
    ("record", "apertura della scheda di una persona con i suoi elenchi", "ms", 5, None),
    ("suggest", "proposte per un anziano", "ms", None, 50),
    ("plan", "piano complessivo di abbinamento", "s", 1.5, None),
    ("report", "relazione di supervisione di circa 20 pagine", "s", 2, None),
    ("memory", "memoria con l'elenco completo", "MB", None, 300),
)


def _measures() -> dict[str, Callable[[Run], Row]]:
    from affido_app.bench import matching, memory, record, report, search, startup

    return {"startup": startup.measure, "search": search.measure, "record": record.measure,
            "suggest": matching.measure_suggest, "plan": matching.measure_plan,
            "report": report.measure, "memory": memory.measure}


def run_bench(*, quick: bool = False, only: tuple[str, ...] = ()) -> dict:
    """Build the data, measure every row, return the result as a JSON-ready dict."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="affido-bench-"))
    os.chmod(folder, 0o700)
    run = Run(folder=folder, quick=quick, repeat=2 if quick else 7)
    rows: list[Row] = []
    try:
        _prepare(run)
        measures = _measures()
        for name, what, unit, max_ratio, max_value in TARGETS:
            if only and name not in only:
                continue
            run.say(f"misura: {what}")
            try:
                row = measures[name](run)
            except Exception as exc:  # one failed row does not stop the others
                row = Row(name, what, unit, max_ratio=max_ratio, max_value=max_value,
                          error=f"{type(exc).__name__}: {exc}")
            rows.append(row)
    finally:
        if run.db is not None:
            run.db.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    size = data.QUICK if quick else data.FULL
    return {
        "quick": quick,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(),
                    "cpus": os.cpu_count()},
        "sizes": {"people": size.people, "match_elders": size.match_elders,
                  "match_fosterers": size.match_fosterers, **run.counts},
        "seconds": round(time.perf_counter() - started, 1),
        "ok": all(r.ok for r in rows),
        "rows": [r.as_json() for r in rows],
    }


def _prepare(run: Run) -> None:
    from affido_app.config import DEMO_DB_KEY
    from affido_app.db.migrate import open_database
    from affido_app.services.demo import DemoSpec, build_demo

    size = data.QUICK if run.quick else data.FULL
    today = dt.date.today()
    run.say(f"dati in {run.folder} (rimossi alla fine)")
    # the start-up row's demo database, as `affido --demo` builds it (its key is public)
    run.demo_path = run.folder / "demo.db"
    demo = open_database(f"sqlite:///{run.demo_path}", key=DEMO_DB_KEY)
    try:
        spec = DemoSpec(20, 15) if run.quick else DemoSpec()
        run.say(f"dati: database dimostrativo per l'avvio ({spec.elders} anziani, "
                f"{spec.fosterers} affidatari)")
        build_demo(demo, spec)
    finally:
        demo.dispose()
    # the large one: encrypted with a random raw key, as a real database
    run.key = "x'" + secrets.token_hex(32) + "'"
    run.db_path = run.folder / "bench.db"
    run.db = open_database(f"sqlite:///{run.db_path}", key=run.key)
    run.counts = data.build(run.db, size, today, run.say)


# --- output -------------------------------------------------------------------------------------

def _value(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    if unit == "ms" or unit == "MB":
        text = f"{x:.1f}" if x < 100 else f"{x:.0f}"
    else:
        text = f"{x:.2f}" if x < 10 else f"{x:.1f}"
    text = text.replace(".", ",")
    return f"{text} {unit}".strip()


def table(result: dict) -> str:
    """The Italian table of a result (what, value, floor, ratio, target, ok)."""
    head = ("Misura", "Valore", "Base", "Rapporto", "Obiettivo", "Esito")
    lines = []
    for r in result["rows"]:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×".replace(".", ",")
        verdict = "sì" if r["ok"] else ("ERRORE" if r["error"] else "NO")
        lines.append((r["what"], _value(r["value"], r["unit"]), _value(r["floor"], r["unit"]),
                      ratio, r["target"], verdict))
    widths = [max(len(h), *(len(x[i]) for x in lines)) if lines else len(h)
              for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
           "  ".join("-" * w for w in widths)]
    for x in lines:
        out.append("  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)).rstrip())
    for r in result["rows"]:
        if r["error"]:
            out.append(f"errore in «{r['what']}»: {r['error']}")
    sizes = result["sizes"]
    out.append("")
    out.append(f"{'Prova rapida' if result['quick'] else 'Prova completa'}: "
               f"{_num(sizes.get('anziani', 0))} anziani, "
               f"{_num(sizes.get('anziani in attesa', 0))} in attesa, "
               f"{_num(sizes.get('affidatari idonei', 0))} affidatari idonei; "
               f"{result['seconds']:.0f} s in tutto. "
               + ("Tutti gli obiettivi sono rispettati." if result["ok"]
                  else "Alcuni obiettivi non sono rispettati."))
    return "\n".join(out)


def main(*, as_json: bool, quick: bool, only: tuple[str, ...] = ()) -> int:
    result = run_bench(quick=quick, only=only)
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(table(result))
    failed = [r for r in result["rows"] if r["error"]]
    for r in failed:  # a measurement that crashed is a failure; a slow one is not
        print(f"affido: la misura «{r['name']}» non è riuscita: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
