"""Suggestions for one elder among the approved fosterers, and the global plan against a bare
``linear_sum_assignment`` on the same matrix.

Both rows run the engine's public entry points (:func:`affido_app.matching.engine.suggest`
and :func:`~affido_app.matching.engine.plan`) on the database, loading included. The plan's
floor solves the very matrix the plan built (``engine._plan_matrix`` on the same population):
everything above it is the application's own cost (loading, scoring, explanations).
"""

from __future__ import annotations

import numpy as np

from affido_app.bench.common import Row, Run, median_time


def _waiting_elders(run: Run, n: int) -> list[int]:
    from sqlalchemy import select

    from affido_app.db.models import Elder
    from affido_app.domain.enums import ElderStatus

    with run.db.sessions() as s:
        return list(s.scalars(select(Elder.id).where(Elder.status == ElderStatus.WAITING)
                              .order_by(Elder.id.desc()).limit(n)))


def measure_suggest(run: Run) -> Row:
    from affido_app.matching import engine

    fosterers = run.counts.get("affidatari idonei", 0)
    row = Row("suggest", f"proposte per un anziano fra {fosterers:n} affidatari", "ms",
              max_value=50)
    actor = run.coordinator()
    elders = _waiting_elders(run, max(3, run.repeat))
    times = []
    for eid in elders:
        def once(eid=eid):
            with run.db.sessions() as s:
                return engine.suggest(s, actor, eid, top=10)

        times.append(median_time(once, run.repeat) * 1000)
    times.sort()
    row.value = times[len(times) // 2]
    with run.db.sessions() as s:
        found = engine.suggest(s, actor, elders[0], top=10)
    row.details = {"compatibili": found.feasible_count, "esclusi": len(found.excluded)}
    return row


def measure_plan(run: Run) -> Row:
    from scipy.optimize import linear_sum_assignment

    from affido_app.matching import engine
    from affido_app.matching.weights import load_weights

    row = Row("plan", "piano complessivo di abbinamento", "s", max_ratio=1.5)
    actor = run.coordinator()

    def app():
        with run.db.sessions() as s:
            return engine.plan(s, actor)

    repeat = max(1, run.repeat // 2)
    row.value = median_time(app, repeat)
    result = app()
    with run.db.sessions() as s:
        weights = load_weights(s)
        pop = engine._load(s, elder_id=None).pop
    busy = np.zeros(len(pop.elders), dtype=bool)  # as engine.plan and engine.solve do
    busy[pop._open[:, 0]] = True
    rows = np.flatnonzero(pop.elders.waiting & ~busy)
    cols = np.flatnonzero(pop.fosterers.approved & (pop.fosterers.slots > 0))
    copies = np.minimum(pop.fosterers.slots[cols], len(rows))
    matrix, has_option, _ = engine._plan_matrix(pop, weights, rows, cols, copies)
    if has_option.sum() < 0.9 * len(rows):
        matrix = matrix[np.flatnonzero(has_option)]
    row.floor = median_time(lambda: linear_sum_assignment(matrix, maximize=True), repeat)
    row.details = {"matrice": f"{matrix.shape[0]} × {matrix.shape[1]}",
                   "coppie proposte": len(result.pairs)}
    row.what = f"piano complessivo, {matrix.shape[0]:n} anziani × {matrix.shape[1]:n} posti"
    return row
