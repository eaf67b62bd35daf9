"""Matching engine: hard constraints, scores, ranking and the optimal plan.

Property tests build random small populations straight as arrays (no database) and check the
engine against a plain-Python reading of the rules and a brute-force optimum; database tests run
suggestions and plans on people created through the services (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from affido_app.db.models import AuditEvent
from affido_app.domain.availability import FULL_MASK
from affido_app.domain.enums import (
    ElderStatus,
    FostererStatus,
    Language,
    MatchCloseReason,
    MatchStatus,
    Need,
    Role,
)
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.matching import engine
from affido_app.matching.engine import (
    SAME_COMUNE_BONUS,
    SEX_F,
    SEX_M,
    ElderArrays,
    FostererArrays,
    Population,
)
from affido_app.matching.weights import (
    DEFAULT_WEIGHTS,
    PART_LABELS,
    PARTS,
    SETTING_KEY,
    Weights,
    load_weights,
    save_weights,
)
from affido_app.services import consents, matches, people
from affido_app.services import settings as settings_service
from tests.helpers import give_approval_evidence

TOL = 1e-9

# --- random populations --------------------------------------------------------------------------

# problems are drawn rarely enough that about half of the pairs are feasible
_rarely = st.sampled_from([False, False, False, False, False, True])
_mostly = _rarely.map(lambda x: not x)
_seldom = st.sampled_from([True] + [False] * 11)
_masks21 = st.one_of(st.integers(0, FULL_MASK), st.integers(0, FULL_MASK),
                     st.sampled_from([0, FULL_MASK, 0b1, 0b10, 0b11]))
_needs = st.one_of(st.sampled_from([0, int(Need.COMPANY), int(Need.ACCOMPANIMENT)]),
                   st.integers(0, 511).map(lambda x: x & ~int(Need.ACCOMPANIMENT)))
_interests = st.one_of(st.just(0), st.integers(0, 8191))
_languages = st.one_of(st.sampled_from([0, 1, 2, 3, 4]), st.integers(0, 1023))
_limit = st.one_of(st.just(math.nan), st.just(math.nan), st.integers(0, 30).map(float))


@st.composite
def populations(draw, max_elders: int = 5, max_fosterers: int = 4, max_capacity: int = 2):
    c = draw(st.integers(1, 3))
    km = np.zeros((c, c))
    holes = draw(st.booleans())  # half of the populations have unknown or missing comuni
    known = np.array([not (holes and draw(_seldom)) for _ in range(c)])
    for a in range(c):
        for b in range(a + 1, c):
            km[a, b] = km[b, a] = draw(st.floats(0.5, 25.0))
    km[~known, :] = np.nan
    km[:, ~known] = np.nan
    n = draw(st.integers(0, max_elders))
    m = draw(st.integers(0, max_fosterers))

    def many(strategy, k):
        return [draw(strategy) for _ in range(k)]

    comune = st.tuples(_seldom, st.integers(0, c - 1)).map(
        lambda x: -1 if x[0] and holes else x[1])
    elders = ElderArrays(
        ids=np.arange(1, n + 1) * 10,
        availability=many(_masks21, n), needs=many(_needs, n),
        interests=many(_interests, n), languages=many(_languages, n), comune=many(comune, n),
        allergic_to_pets=many(_rarely, n), accepts_smokers=many(_mostly, n),
        needs_access=many(_rarely, n), home_visits_only=many(st.booleans(), n),
        prefers_sex=many(st.integers(0, 2), n), max_km=many(_limit, n),
        waiting=many(_seldom.map(lambda x: not x), n),
    )
    capacity = many(st.integers(1, max_capacity), m)
    fosterers = FostererArrays(
        ids=np.arange(1, m + 1) * 7,
        availability=many(_masks21, m), skills=many(st.integers(0, 511), m),
        interests=many(_interests, m), languages=many(_languages, m), comune=many(comune, m),
        has_pets=many(st.booleans(), m), smoker=many(_rarely, m),
        smokers_at_home=many(st.booleans(), m), hosts_at_home=many(st.booleans(), m),
        home_accessible=many(st.booleans(), m), has_car=many(_mostly, m),
        has_licence=many(_mostly, m), sex=many(st.integers(0, 2), m),
        max_km=many(_limit, m), capacity=capacity,
        open_count=[cap if draw(_seldom) else 0 for cap in capacity],
        approved=many(_seldom.map(lambda x: not x), m),
        name_rank=draw(st.permutations(list(range(m)))),
    )
    all_pairs = [(int(e), int(f)) for e in elders.ids for f in fosterers.ids]
    blocked = st.lists(st.sampled_from(all_pairs), max_size=1) if all_pairs else st.just([])
    return Population(elders, fosterers, comune_km=km, comuni=tuple(f"C{k}" for k in range(c)),
                      comune_known=known, incompatible=draw(blocked), open_pairs=draw(blocked))


@st.composite
def dense_populations(draw):
    """Populations where nearly every pair is feasible (one blocked pair at most): many
    assignments compete, so the optimum is a real choice."""
    pop = draw(populations(max_elders=5, max_fosterers=4, max_capacity=2))
    e, f = pop.elders, pop.fosterers
    e.waiting[:] = True
    e.allergic_to_pets[:] = e.needs_access[:] = False
    e.accepts_smokers[:] = True
    e.needs &= ~int(Need.ACCOMPANIMENT)
    f.approved[:] = True
    f.open_count[:] = 0
    for side in (e, f):
        side.max_km[:] = np.nan
        side.comune[side.comune < 0] = 0
        side.availability[:] = np.where(side.availability % 2 == 0, 0, FULL_MASK)
    km = np.nan_to_num(np.asarray(pop.comune_km, dtype=float), nan=5.0)
    return Population(e, f, comune_km=km, incompatible=pop.incompatible)


_weight = st.one_of(st.just(0.0), st.floats(0.0, 50.0))


@st.composite
def weights(draw):
    values = {name: draw(_weight) for name in PARTS}
    if sum(values.values()) <= 0:
        values["distance"] = 1.0
    return Weights(**values, max_distance_km=draw(st.sampled_from([0.0, 5.0, 15.0, 30.0, 30.0])))


def expected_violations(pop: Population, w: Weights, i: int, j: int) -> set[str]:
    """The documented hard constraints, read plainly for one pair."""
    e, f = pop.elders, pop.fosterers
    out = set()
    if not e.waiting[i]:
        out.add("not_waiting")
    if not f.approved[j]:
        out.add("not_approved")
    elif f.capacity[j] - f.open_count[j] <= 0:
        out.add("capacity")
    pair = (int(e.ids[i]), int(f.ids[j]))
    if pair in {tuple(map(int, p)) for p in pop.open_pairs}:
        out.add("open_pair")
    if pair in {tuple(map(int, p)) for p in pop.incompatible}:
        out.add("incompatible")
    ea, fa = int(e.availability[i]), int(f.availability[j])
    if ea and fa and not ea & fa:
        out.add("times")
    ce, cf = int(e.comune[i]), int(f.comune[j])
    if ce < 0 or cf < 0:
        d = math.nan
    elif ce == cf:
        d = 0.0
    else:
        d = float(pop.comune_km[ce, cf])
    limits = [x for x in (float(e.max_km[i]), float(f.max_km[j]), w.max_distance_km)
              if not math.isnan(x)]
    if math.isnan(d):
        out.add("distance_unknown")
    elif d > min(limits):
        out.add("too_far")
    at_home = bool(f.hosts_at_home[j]) and not e.home_visits_only[i]
    if not e.accepts_smokers[i]:
        if f.smoker[j]:
            out.add("smoker")
        elif f.smokers_at_home[j] and at_home:
            out.add("smokers_at_home")
    if e.allergic_to_pets[i] and f.has_pets[j] and at_home:
        out.add("pets")
    if e.needs_access[i] and at_home and not f.home_accessible[j]:
        out.add("access")
    if int(e.needs[i]) & int(Need.ACCOMPANIMENT) and not (f.has_car[j] and f.has_licence[j]):
        out.add("car")
    return out


def all_pairs(pop: Population) -> tuple[np.ndarray, np.ndarray]:
    n, m = len(pop.elders), len(pop.fosterers)
    ei, fj = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    return ei.reshape(-1), fj.reshape(-1)


PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


# --- properties ----------------------------------------------------------------------------------

@PROPERTY
@given(pop=populations(), w=weights())
def test_hard_constraints_are_the_documented_ones(pop, w):
    ei, fj = all_pairs(pop)
    ev = engine.evaluate_pairs(pop, w, ei, fj)
    for k, (i, j) in enumerate(zip(ei.tolist(), fj.tolist(), strict=True)):
        expected = expected_violations(pop, w, i, j)
        found = {code for code, mask in ev.hard.items() if mask[k]}
        assert found == expected, (i, j)
        assert bool(ev.feasible[k]) == (not expected)
        reasons = engine.reasons_for(pop, ev, k, i, j)
        assert bool(reasons) == bool(expected)


@PROPERTY
@given(pop=populations(), w=weights())
def test_parts_add_up_to_scores_within_0_100_and_match_the_matrix(pop, w):
    score, feasible = engine.score_matrix(pop, w)
    ei, fj = all_pairs(pop)
    ev = engine.evaluate_pairs(pop, w, ei, fj)
    shares = w.shares()
    assert math.isclose(sum(shares.values()), 100.0, abs_tol=TOL)
    for k, (i, j) in enumerate(zip(ei.tolist(), fj.tolist(), strict=True)):
        assert feasible[i, j] == ev.feasible[k]
        if not feasible[i, j]:
            assert math.isnan(score[i, j])
            continue
        parts = {name: float(ev.parts[name][k]) for name in PARTS}
        assert abs(math.fsum(parts.values()) - score[i, j]) <= TOL
        assert score[i, j] == ev.score[k]  # the same arithmetic in a matrix and alone
        assert -TOL <= score[i, j] <= 100 + TOL
        for name, points in parts.items():
            assert -TOL <= points <= shares[name] + TOL, name
        assert set(engine.explain(pop, w, i, j)) == set(PARTS)


@PROPERTY
@given(pop=populations(max_elders=3, max_fosterers=6), w=weights(),
       top=st.integers(0, 4), data=st.data())
def test_ranking_lists_only_feasible_fosterers_best_first(pop, w, top, data):
    if not len(pop.elders):
        return
    i = data.draw(st.integers(0, len(pop.elders) - 1))
    ranking = engine.rank(pop, w, i, top=top)
    score, feasible = engine.score_matrix(pop, w, elders=[i])
    ok = np.flatnonzero(feasible[0])
    assert ranking.feasible_count == len(ok)
    order = ranking.order.tolist()
    assert len(order) == (len(ok) if top == 0 else min(top, len(ok)))
    for j in order:
        assert not expected_violations(pop, w, i, j)
    keys = [(-score[0, j], int(pop.fosterers.name_rank[j])) for j in order]
    assert keys == sorted(keys)
    if order:  # nothing left out scores better than the last one shown
        left = set(ok.tolist()) - set(order)
        assert all(score[0, j] <= score[0, order[-1]] for j in left)


def brute_force(pop: Population, w: Weights) -> float:
    score, feasible = engine.score_matrix(pop, w)
    n, m = score.shape
    slots = pop.fosterers.slots
    usable = pop.elders.waiting[:, None] & pop.fosterers.approved[None, :] & feasible
    best = 0.0
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.zeros(m, dtype=int)
        total = 0.0
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if not usable[i, j]:
                break
            used[j] += 1
            total += score[i, j]
        else:
            if (used <= slots).all():
                best = max(best, total)
    return best


@PROPERTY
@given(pop=populations(max_elders=5, max_fosterers=4, max_capacity=2), w=weights())
def test_plan_is_feasible_respects_capacities_and_is_optimal(pop, w):
    result = engine.solve(pop, w)
    elders = result.elders.tolist()
    fosterers = result.fosterers.tolist()
    assert len(set(elders)) == len(elders)  # each elder at most once
    counts = np.bincount(np.asarray(fosterers, dtype=int), minlength=len(pop.fosterers))
    assert (counts <= pop.fosterers.slots).all()
    for k, (i, j) in enumerate(zip(elders, fosterers, strict=True)):
        assert not expected_violations(pop, w, i, j)
        parts = [float(result.parts[name][k]) for name in PARTS]
        assert abs(math.fsum(parts) - result.scores[k]) <= TOL
    assert math.isclose(result.total, math.fsum(result.scores.tolist()), abs_tol=TOL)
    assert math.isclose(result.total, brute_force(pop, w), rel_tol=1e-12, abs_tol=1e-7)


@PROPERTY
@given(pop=dense_populations(), w=weights().map(lambda w: replace(w, max_distance_km=30.0)))
def test_plan_is_optimal_when_many_assignments_compete(pop, w):
    result = engine.solve(pop, w)
    counts = np.bincount(result.fosterers, minlength=len(pop.fosterers))
    assert (counts <= pop.fosterers.slots).all()
    assert len(set(result.elders.tolist())) == len(result.elders)
    assert math.isclose(result.total, brute_force(pop, w), rel_tol=1e-12, abs_tol=1e-7)


def test_plan_reports_progress_and_can_be_cancelled():
    pop = _pair_population(n=3, m=2)
    seen = []
    engine.solve(pop, Weights(), progress=lambda p, text: seen.append((p, text)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and len(seen) >= 3
    assert all(isinstance(text, str) and text for _, text in seen)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(engine.Cancelled) as info:
        engine.solve(pop, Weights(), cancelled=cancelled)
    assert "interrotto" in info.value.message


def test_plan_repeats_a_fosterer_only_up_to_its_slots_and_compatible_elders():
    pop = _pair_population(n=4, m=2, capacity=[5, 1])
    result = engine.solve(pop, Weights())
    assert result.matrix_shape == (4, 5)  # 4 copies of the first (4 elders), 1 of the second
    assert len(result.elders) == 4
    assert (np.bincount(result.fosterers, minlength=2) <= [5, 1]).all()


def test_plan_prefers_total_score_over_number_of_pairs():
    # elder 0 lives by fosterer 0 (100 points) and far from fosterer 1; elder 1 lives by
    # fosterer 1 but had an incompatibility with it, and is far from fosterer 0: pairing both
    # elders (0.8 + 0.8 points) is worse than elder 0 with fosterer 0 alone
    w = Weights(distance=1, times=0, needs=0, interests=0, language=0, preferences=0,
                max_distance_km=10)
    e = ElderArrays(ids=[1, 2], comune=[0, 1])
    f = FostererArrays(ids=[1, 2], comune=[0, 1])
    km = np.array([[0.0, 9.9], [9.9, 0.0]])
    pop = Population(e, f, comune_km=km, incompatible=[(2, 2)])
    result = engine.solve(pop, w)
    assert result.elders.tolist() == [0] and result.fosterers.tolist() == [0]
    assert result.total == pytest.approx(100.0)
    assert result.has_option.tolist() == [True, True]


# --- single criteria -----------------------------------------------------------------------------

def _pair_population(n: int = 1, m: int = 1, capacity=None, **kw) -> Population:
    e = ElderArrays(ids=np.arange(1, n + 1), comune=[0] * n,
                    **{k[2:]: v for k, v in kw.items() if k.startswith("e_")})
    f = FostererArrays(ids=np.arange(1, m + 1), comune=[0] * m, capacity=capacity,
                       **{k[2:]: v for k, v in kw.items() if k.startswith("f_")})
    return Population(e, f, comune_km=np.zeros((1, 1)), comuni=("Rivoli",))


def _one(pop: Population, w: Weights | None = None, i: int = 0, j: int = 0):
    ev = engine.evaluate_pairs(pop, w or Weights(), [i], [j])
    parts = {name: float(ev.parts[name][0]) for name in PARTS}
    return ev, parts, engine.explain(pop, w or Weights(), i, j)


ONLY = {name: Weights(**{p: (1.0 if p == name else 0.0) for p in PARTS}) for name in PARTS}


def test_times_overlap_share_and_unstated_times():
    mon_morning, mon_afternoon, tue_evening = 1, 2, 1 << 5
    pop = _pair_population(e_availability=[mon_morning | mon_afternoon | tue_evening],
                           f_availability=[mon_morning | tue_evening])
    ev, parts, text = _one(pop, ONLY["times"])
    assert parts["times"] == pytest.approx(100 * 2 / 3)
    assert text["times"].startswith("2 fasce su 3 in comune: Lunedì mattina")
    pop = _pair_population(e_availability=[0], f_availability=[mon_morning])
    assert _one(pop, ONLY["times"])[1]["times"] == pytest.approx(100.0)
    pop = _pair_population(e_availability=[mon_morning], f_availability=[0])
    ev, parts, text = _one(pop, ONLY["times"])
    assert ev.feasible[0] and parts["times"] == pytest.approx(50.0)
    assert "non ha indicato" in text["times"]
    pop = _pair_population(e_availability=[mon_morning], f_availability=[mon_afternoon])
    assert not _one(pop)[0].feasible[0]


def test_needs_interests_and_languages():
    pop = _pair_population(
        e_needs=[int(Need.COMPANY | Need.WALKS | Need.MEALS)],
        f_skills=[int(Need.COMPANY | Need.WALKS | Need.TECHNOLOGY)],
        e_interests=[0b111], f_interests=[0b1],
        e_languages=[int(Language.ITALIAN | Language.PIEDMONTESE)],
        f_languages=[int(Language.PIEDMONTESE)],
    )
    _, parts, text = _one(pop, Weights(distance=0, times=0, preferences=0, needs=1,
                                       interests=1, language=1))
    assert parts["needs"] == pytest.approx(100 / 3 * 2 / 3)
    assert text["needs"] == "Copre compagnia e passeggiate; non pasti"
    assert parts["interests"] == pytest.approx(100 / 3 / 3)
    assert text["interests"] == "1 su 3 in comune: musica"
    assert parts["language"] == pytest.approx(100 / 3)
    assert text["language"] == "Parlano entrambi piemontese"
    # no needs: fully covered; Italian only: half; no language recorded counts as Italian
    pop = _pair_population(e_needs=[0], e_languages=[0], f_languages=[int(Language.ITALIAN)])
    _, parts, text = _one(pop, Weights(distance=0, times=0, preferences=0, interests=0,
                                       needs=1, language=1))
    assert parts["needs"] == pytest.approx(50.0) and text["needs"] == "Nessun bisogno indicato"
    assert parts["language"] == pytest.approx(25.0)
    assert text["language"] == "In comune solo l'italiano"
    pop = _pair_population(e_languages=[int(Language.FRENCH)], f_languages=[0])
    assert _one(pop, ONLY["language"])[1]["language"] == 0.0


def test_distance_falls_linearly_with_a_same_comune_bonus():
    e = ElderArrays(ids=[1, 2, 3], comune=[0, 1, 1], max_km=[np.nan, 10.0, np.nan])
    f = FostererArrays(ids=[1], comune=[0])
    pop = Population(e, f, comune_km=np.array([[0.0, 5.0], [5.0, 0.0]]),
                     comuni=("Rivoli", "Collegno"))
    w = Weights(**{p: (1.0 if p == "distance" else 0.0) for p in PARTS}, max_distance_km=20)
    _, same, text = _one(pop, w, 0)
    assert same["distance"] == pytest.approx(100.0)
    assert text["distance"] == "0 km (stesso comune: sì)"
    _, other, text = _one(pop, w, 1)  # 5 km of the elder's own 10 km limit
    assert other["distance"] == pytest.approx(100 * (1 - SAME_COMUNE_BONUS) * 0.5)
    assert text["distance"] == "5 km (stesso comune: no)"
    _, other, _ = _one(pop, w, 2)  # 5 of the office's 20 km
    assert other["distance"] == pytest.approx(100 * (1 - SAME_COMUNE_BONUS) * 0.75)


def test_too_far_and_unknown_comuni_are_excluded_with_reasons():
    e = ElderArrays(ids=[1, 2, 3], comune=[1, 2, -1])
    f = FostererArrays(ids=[1], comune=[0], capacity=[2])
    km = np.array([[0.0, 23.44, np.nan], [23.44, 0.0, np.nan], [np.nan, np.nan, 0.0]])
    pop = Population(e, f, comune_km=km, comuni=("Rivoli", "Avigliana", "Atlantide"),
                     comune_known=[True, True, False])
    ev = engine.evaluate_pairs(pop, Weights(), [0, 1, 2], [0, 0, 0])
    assert not ev.feasible.any()
    assert engine.reasons_for(pop, ev, 0, 0, 0) == ["Troppo lontano: 23,4 km (massimo 15 km)"]
    assert engine.reasons_for(pop, ev, 1, 1, 0) == [
        "Distanza non calcolabile: comune dell'anziano («Atlantide») senza coordinate note"]
    assert engine.reasons_for(pop, ev, 2, 2, 0) == [
        "Distanza non calcolabile: comune dell'anziano non indicato"]


def test_place_rules_depend_on_meeting_at_the_fosterers_home():
    kw = dict(e_allergic_to_pets=[True], e_needs_access=[True], e_accepts_smokers=[False],
              f_has_pets=[True], f_home_accessible=[False], f_smokers_at_home=[True])
    at_home = _pair_population(e_home_visits_only=[False], f_hosts_at_home=[True], **kw)
    ev = engine.evaluate_pairs(at_home, Weights(), [0], [0])
    assert {c for c, m in ev.hard.items() if m[0]} == {"pets", "access", "smokers_at_home"}
    reasons = engine.reasons_for(at_home, ev, 0, 0, 0, sensitive=False)
    assert reasons == [  # health reasons hidden, and said once
        "L'anziano non accetta fumatori e nella casa dell'affidatario si fuma",
        engine.SENSITIVE_PLACEHOLDER,
    ]
    for visits_only, hosts in ((True, True), (False, False)):
        pop = _pair_population(e_home_visits_only=[visits_only], f_hosts_at_home=[hosts], **kw)
        assert engine.evaluate_pairs(pop, Weights(), [0], [0]).feasible[0]
    smoker = _pair_population(e_accepts_smokers=[False], e_home_visits_only=[True],
                              f_smoker=[True])
    ev = engine.evaluate_pairs(smoker, Weights(), [0], [0])
    assert engine.reasons_for(smoker, ev, 0, 0, 0) == [
        "L'anziano non accetta fumatori e l'affidatario fuma"]


def test_accompaniment_needs_car_and_licence():
    need = [int(Need.ACCOMPANIMENT)]
    for car, licence, ok in ((True, True, True), (True, False, False), (False, True, False)):
        pop = _pair_population(e_needs=need, f_has_car=[car], f_has_licence=[licence])
        ev = engine.evaluate_pairs(pop, Weights(), [0], [0])
        assert bool(ev.feasible[0]) is ok
    pop = _pair_population(e_needs=need)
    ev = engine.evaluate_pairs(pop, Weights(), [0], [0])
    assert engine.reasons_for(pop, ev, 0, 0, 0) == [
        "Serve l'accompagnamento a visite e l'affidatario non ha l'automobile né la patente"]


def test_preferred_sex_is_a_preference_not_an_exclusion():
    w = ONLY["preferences"]
    pop = _pair_population(m=3, e_prefers_sex=[SEX_F], e_home_visits_only=[True],
                           f_sex=[SEX_F, SEX_M, 0])
    ev = engine.evaluate_pairs(pop, w, [0, 0, 0], [0, 1, 2])
    assert ev.feasible.all()
    assert ev.parts["preferences"].tolist() == pytest.approx([100.0, 50.0, 75.0])
    text = engine.explain(pop, w, 0, 1)["preferences"]
    assert text == ("Preferisce un'affidataria donna: non rispettato; "
                    "incontri a casa dell'anziano")
    ranking = engine.rank(pop, w, 0, top=0)
    assert ranking.order.tolist() == [0, 2, 1]


def test_capacity_incompatibility_and_open_pairs_exclude():
    pop = Population(ElderArrays(ids=[1, 2], comune=[0, 0]),
                     FostererArrays(ids=[1, 2, 3], comune=[0, 0, 0], capacity=[2, 2, 1],
                                    open_count=[2, 0, 0], approved=[True, True, False]),
                     comune_km=np.zeros((1, 1)), incompatible=[(1, 2)],
                     open_pairs=[(2, 2), (99, 1)])
    ev = engine.evaluate_pairs(pop, Weights(), [0, 0, 0, 1], [0, 1, 2, 1])
    assert engine.reasons_for(pop, ev, 0, 0, 0) == [
        "Ha già raggiunto il numero massimo di anziani (2)"]
    assert engine.reasons_for(pop, ev, 1, 0, 1) == [
        "Un abbinamento precedente con questo anziano si è concluso per incompatibilità"]
    assert engine.reasons_for(pop, ev, 2, 0, 2) == ["Non è idoneo e disponibile"]
    assert engine.reasons_for(pop, ev, 3, 1, 1) == [
        "Ha già un abbinamento aperto con questo anziano"]


def test_empty_populations():
    pop = Population(ElderArrays(ids=[]), FostererArrays(ids=[]), comune_km=np.zeros((0, 0)))
    score, feasible = engine.score_matrix(pop, Weights())
    assert score.shape == feasible.shape == (0, 0)
    result = engine.solve(pop, Weights())
    assert result.total == 0 and len(result.elders) == 0


# --- weights -------------------------------------------------------------------------------------

def test_weights_validate_and_normalise():
    w = Weights(distance=2, times=1, needs=1, interests=0, language=0, preferences=0)
    assert w.shares() == pytest.approx({"distance": 50, "times": 25, "needs": 25,
                                        "interests": 0, "language": 0, "preferences": 0})
    assert list(PART_LABELS) == list(PARTS)
    assert PART_LABELS["distance"] == "Distanza"
    with pytest.raises(ValidationError) as info:
        Weights(**{p: 0 for p in PARTS})
    assert "Almeno un criterio" in info.value.message
    with pytest.raises(ValidationError):
        Weights(distance=-1)
    with pytest.raises(ValidationError):
        Weights(times=math.nan)
    with pytest.raises(ValidationError):
        Weights(max_distance_km=-5)
    with pytest.raises(ValidationError):
        Weights.from_mapping({"distanza": 3})
    assert Weights.from_mapping({"needs": 50}).needs == 50.0


def test_weights_load_defaults_stored_values_and_ignore_bad_ones(db, actors):
    from affido_app.db.models import AppSetting

    with db.sessions.begin() as s:
        assert load_weights(s) == Weights()
        s.add(AppSetting(key=SETTING_KEY, value={"needs": 60, "language": -3, "times": "x"}))
    with db.sessions.begin() as s:
        w = load_weights(s)
        assert w.needs == 60.0
        assert w.language == DEFAULT_WEIGHTS["language"] and w.times == DEFAULT_WEIGHTS["times"]
        settings_service.set_setting(s, actors[Role.ADMIN], "matching.max_distance_km", 25)
    with db.sessions.begin() as s:
        assert load_weights(s).max_distance_km == 25.0


def test_save_weights_admin_only_and_needs_the_registry_key(db, actors, monkeypatch):
    w = Weights(distance=10, times=20, needs=30, interests=5, language=5, preferences=30,
                max_distance_km=12)
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        save_weights(s, actors[Role.COORDINATOR], w)
    if SETTING_KEY not in settings_service.REGISTRY:
        with db.sessions.begin() as s, pytest.raises(Conflict):
            save_weights(s, actors[Role.ADMIN], w)
        monkeypatch.setitem(settings_service.REGISTRY, SETTING_KEY, settings_service.Setting(
            SETTING_KEY, "Pesi dei criteri di abbinamento", dict(DEFAULT_WEIGHTS), dict))
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        save_weights(s, actors[Role.ADMIN], Weights(max_distance_km=12.5))
    with db.sessions.begin() as s:
        save_weights(s, actors[Role.ADMIN], w)
    with db.sessions.begin() as s:
        assert load_weights(s) == w


# --- database ------------------------------------------------------------------------------------

TODAY = dt.date.today()


def waiting_elder(s, actor, last_name="Rossi", **data) -> int:
    eid = people.create_elder(s, actor, {
        "last_name": last_name, "first_name": "Maria", "birth_date": "12/03/1940",
        "comune": "Rivoli", **data,
    })
    consents.record_consent(s, actor, elder_id=eid,
                            data={"scope": "data_processing", "given_on": TODAY})
    people.change_elder_status(s, actor, eid, ElderStatus.ASSESSED)
    people.change_elder_status(s, actor, eid, ElderStatus.WAITING)
    return eid


def approved_fosterer(s, actor, last_name="Bianchi", **data) -> int:
    fid = people.create_fosterer(s, actor, {
        "last_name": last_name, "first_name": "Luca", "birth_date": "05/06/1975",
        "comune": "Rivoli", "capacity": 1, **data,
    })
    people.change_fosterer_status(s, actor, fid, FostererStatus.SELECTION)
    give_approval_evidence(s, fid)
    people.change_fosterer_status(s, actor, fid, FostererStatus.APPROVED)
    return fid


@pytest.fixture
def office(db, actors):
    """Two waiting elders in Rivoli and five fosterers: close and suited, far away, allergy,
    already full, and a past incompatibility with the first elder."""
    coord = actors[Role.COORDINATOR]
    ids = {}
    with db.sessions.begin() as s:
        ids["anna"] = waiting_elder(s, coord, "Anna", needs=["company", "walks"],
                                    availability=[(0, 0), (2, 1)], allergic_to_pets=True,
                                    languages=["italian", "piedmontese"])
        ids["bruna"] = waiting_elder(s, coord, "Bruna", needs=["company"])
        ids["vicino"] = approved_fosterer(s, coord, "Vicino", skills=["company", "walks"],
                                          availability=[(0, 0), (2, 1)], capacity=2,
                                          languages=["piedmontese"])
        ids["collegno"] = approved_fosterer(s, coord, "Collegno", comune="Collegno",
                                            skills=["company"])
        ids["lontano"] = approved_fosterer(s, coord, "Lontano", comune="Susa")
        ids["gatti"] = approved_fosterer(s, coord, "Gatti", has_pets=True, hosts_at_home=True)
        ids["pieno"] = approved_fosterer(s, coord, "Pieno", capacity=1)
        ids["ex"] = approved_fosterer(s, coord, "Ex")
        ids["nuovo"] = people.create_fosterer(s, coord, {  # not approved: never listed
            "last_name": "Nuovo", "first_name": "Ugo", "birth_date": "05/06/1980",
            "comune": "Rivoli"})
        other = waiting_elder(s, coord, "Carla")
        matches.propose_match(s, coord, other, ids["pieno"])
        old = matches.propose_match(s, coord, ids["anna"], ids["ex"])
        matches.change_match_status(s, coord, old, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.INCOMPATIBILITY)
        ids["carla"] = other
    return ids


def test_suggest_ranks_compatible_fosterers_and_explains_exclusions(db, actors, office):
    with db.sessions.begin() as s:
        result = engine.suggest(s, actors[Role.COORDINATOR], office["anna"])
    assert result.elder_name == "Anna Maria"
    ranked = [c.fosterer_id for c in result.candidates]
    assert ranked[0] == office["vicino"]
    assert set(ranked) == {office["vicino"], office["collegno"]}
    best = result.candidates[0]
    assert math.isclose(math.fsum(best.parts.values()), best.score, abs_tol=TOL)
    assert best.explanations["needs"] == "Copre tutti i bisogni: compagnia e passeggiate"
    assert best.explanations["distance"] == "0 km (stesso comune: sì)"
    assert best.explanations["language"] == "Parlano entrambi piemontese"
    assert best.comune == "Rivoli" and best.name == "Vicino Luca"
    excluded = {x.fosterer_id: x.reasons for x in result.excluded}
    assert set(excluded) == {office["lontano"], office["gatti"], office["pieno"], office["ex"]}
    assert excluded[office["pieno"]] == ("Ha già raggiunto il numero massimo di anziani (1)",)
    assert excluded[office["ex"]] == (
        "Un abbinamento precedente con questo anziano si è concluso per incompatibilità",)
    assert excluded[office["gatti"]] == (
        "L'anziano è allergico agli animali e l'affidatario ne ha in casa",)
    assert excluded[office["lontano"]][0].startswith("Troppo lontano: ")
    assert [x.name for x in result.excluded] == sorted(x.name for x in result.excluded)
    assert result.feasible_count == 2 and result.notes == ()
    with db.sessions.begin() as s:
        top1 = engine.suggest(s, actors[Role.COORDINATOR], office["anna"], top=1)
    assert [c.fosterer_id for c in top1.candidates] == [office["vicino"]]
    assert top1.feasible_count == 2


def test_suggest_hides_health_reasons_from_read_only_and_audits_them_for_others(
        db, actors, office):
    def reads(s) -> int:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "read", AuditEvent.elder_id == office["anna"]))

    with db.sessions.begin() as s:
        before = reads(s)
        result = engine.suggest(s, actors[Role.READ_ONLY], office["anna"])
        reasons = {x.fosterer_id: x.reasons for x in result.excluded}
        assert reasons[office["gatti"]] == (engine.SENSITIVE_PLACEHOLDER,)
        assert reads(s) == before
        engine.suggest(s, actors[Role.PSYCHOLOGIST], office["anna"])
        assert reads(s) == before + 1


def test_suggest_refuses_elders_not_waiting_and_unknown_ones(db, actors, office):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        eid = people.create_elder(s, coord, {"last_name": "Neri", "first_name": "Ada",
                                             "birth_date": "01/01/1941", "comune": "Rivoli"})
    with db.sessions.begin() as s, pytest.raises(ValidationError) as info:
        engine.suggest(s, coord, eid)
    assert "non è in attesa" in info.value.message and "Segnalato" in info.value.message
    with db.sessions.begin() as s, pytest.raises(NotFound):
        engine.suggest(s, coord, 999_999)
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        engine.suggest(s, coord, office["anna"], top=-1)


def test_suggest_notes_an_open_proposal(db, actors, office):
    with db.sessions.begin() as s:
        result = engine.suggest(s, actors[Role.COORDINATOR], office["carla"])
    assert result.notes and "abbinamento aperto" in result.notes[0]
    assert office["pieno"] in {x.fosterer_id for x in result.excluded}


def test_plan_assigns_waiting_elders_within_capacity(db, actors, office):
    seen = []
    with db.sessions.begin() as s:
        result = engine.plan(s, actors[Role.COORDINATOR],
                             progress=lambda p, text: seen.append(p))
    pairs = {p.elder_id: p.fosterer_id for p in result.pairs}
    # both fit "Vicino" (capacity 2); Anna cannot go to Ex, Gatti or Pieno
    assert pairs[office["anna"]] == office["vicino"]
    assert office["bruna"] in pairs
    assert office["carla"] not in pairs and result.skipped == (office["carla"],)
    assert math.isclose(result.total, math.fsum(p.score for p in result.pairs), abs_tol=TOL)
    for p in result.pairs:
        assert math.isclose(math.fsum(p.parts.values()), p.score, abs_tol=TOL)
        assert set(p.explanations) == set(PARTS)
    assert seen[0] == 0 and seen[-1] == 100
    with db.sessions.begin() as s:  # the plan writes nothing
        assert matches.open_match_count(s, office["vicino"]) == 0
    with db.sessions.begin() as s, pytest.raises(engine.Cancelled):
        engine.plan(s, actors[Role.COORDINATOR], cancelled=lambda: True)


def test_plan_says_why_an_elder_is_left_out(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        first = waiting_elder(s, coord, "Prima", needs=["company"])
        second = waiting_elder(s, coord, "Seconda")
        alone = waiting_elder(s, coord, "Sola", comune="Bardonecchia")
        approved_fosterer(s, coord, "Unico", skills=["company"])
    with db.sessions.begin() as s:
        result = engine.plan(s, coord)
    assert [p.elder_id for p in result.pairs] in ([first], [second])
    reasons = {u.elder_id: u.reason for u in result.unmatched}
    assert reasons[alone] == "Nessun affidatario compatibile disponibile"
    left = second if result.pairs[0].elder_id == first else first
    assert reasons[left].startswith("Gli affidatari compatibili sono già assegnati")


def test_suggest_and_plan_use_a_constant_number_of_queries(db, actors):
    coord = actors[Role.COORDINATOR]

    def count_queries(fn) -> int:
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            with db.sessions.begin() as s:
                fn(s)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return len(statements)

    with db.sessions.begin() as s:
        eid = waiting_elder(s, coord, "Zeta")
        approved_fosterer(s, coord, "Uno")
    few_suggest = count_queries(lambda s: engine.suggest(s, coord, eid))
    few_plan = count_queries(lambda s: engine.plan(s, coord))
    with db.sessions.begin() as s:
        for k in range(4):
            approved_fosterer(s, coord, f"Altro{'abcd'[k]}", capacity=2)
            waiting_elder(s, coord, f"Altra{'abcd'[k]}")
    assert count_queries(lambda s: engine.suggest(s, coord, eid)) == few_suggest
    assert count_queries(lambda s: engine.plan(s, coord)) == few_plan


def test_matching_needs_read_permissions(db, actors, office):
    from affido_app.services.context import Actor

    nobody = Actor(actors[Role.ADMIN].id, "unknown-role", "x")
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        engine.suggest(s, nobody, office["anna"])
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        engine.plan(s, nobody)


def test_a_large_matrix_by_blocks_and_threads_matches_pair_by_pair():
    rng = np.random.default_rng(7)
    n, m = 2100, 1000  # several blocks of rows, computed on threads where there are cores
    e = ElderArrays(ids=np.arange(1, n + 1), availability=rng.integers(0, FULL_MASK, n),
                    needs=rng.integers(0, 512, n), interests=rng.integers(0, 8192, n),
                    languages=rng.integers(0, 1024, n), comune=rng.integers(-1, 4, n),
                    accepts_smokers=rng.random(n) < 0.8, prefers_sex=rng.integers(0, 3, n),
                    home_visits_only=rng.random(n) < 0.3)
    f = FostererArrays(ids=np.arange(1, m + 1), availability=rng.integers(0, FULL_MASK, m),
                       skills=rng.integers(0, 512, m), interests=rng.integers(0, 8192, m),
                       languages=rng.integers(0, 1024, m), comune=rng.integers(0, 4, m),
                       smoker=rng.random(m) < 0.2, hosts_at_home=rng.random(m) < 0.5,
                       has_car=rng.random(m) < 0.9, has_licence=rng.random(m) < 0.9,
                       sex=rng.integers(0, 3, m), capacity=rng.integers(1, 3, m))
    km = rng.uniform(1, 20, (4, 4))
    pop = Population(e, f, comune_km=(km + km.T) / 2, incompatible=[(5, 7), (2000, 999)])
    w = Weights()
    score, feasible = engine.score_matrix(pop, w)
    ei = rng.integers(0, n, 5000)
    fj = rng.integers(0, m, 5000)
    ev = engine.evaluate_pairs(pop, w, ei, fj)
    assert (feasible[ei, fj] == ev.feasible).all()
    ok = ev.feasible
    assert (score[ei[ok], fj[ok]] == ev.score[ok]).all()
    assert np.isnan(score[ei[~ok], fj[~ok]]).all()
    assert 0.2 < feasible.mean() < 0.9
