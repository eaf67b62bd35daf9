"""Compatibility of elders and fosterers: hard constraints, a 0–100 score, suggestions, a plan.

Everything is computed on plain numpy arrays (:class:`Population`), pairs in bulk: a whole
elders × fosterers matrix (:func:`score_matrix`) or a list of pairs (:func:`evaluate_pairs`), with
one formula for both so a pair has exactly the same score either way. The database side
(:func:`suggest`, :func:`plan`) loads the people with a constant number of queries and turns the
arrays into results with Italian explanations.

Hard constraints (a pair that breaks one is excluded, with every reason that applies):

- the fosterer is approved (*idoneo*) and has room: open matches (proposed, introduction, active,
  suspended) below the capacity; the elder is waiting (*in attesa di abbinamento*);
- days and times: an elder or a fosterer with no stated times (mask 0) is taken as "any time";
  otherwise the two grids must share at least one cell;
- the place: the elder may meet at the fosterer's home when the fosterer hosts at home and the
  elder is not "home visits only". Only then do the fosterer's pets (elder allergic to pets), the
  smokers in the fosterer's home and the accessibility of that home (elder in a wheelchair or with
  any stated mobility aid) matter. A fosterer who smokes is excluded for an elder who does not
  accept smokers wherever they meet;
- accompaniment to appointments (need ``ACCOMPANIMENT``) needs a fosterer with a car and a
  driving licence;
- distance between the two comuni at most min(elder's limit, fosterer's limit, the office's limit
  ``Weights.max_distance_km``); the same comune is 0 km. When a comune has no known coordinates
  (or is missing) the distance cannot be checked and the pair is excluded ("Distanza non
  calcolabile"): a hard limit that cannot be verified is not waived;
- a pair whose earlier match was closed for incompatibility, or that already has an open match.

Soft criteria, each a value in [0, 1] multiplied by its share of 100 points (weights normalised,
so the parts add up to the score):

- ``distance``: 1 at 0 km falling linearly to 0 at the pair's limit, of which
  :data:`SAME_COMUNE_BONUS` is kept for living in the same comune;
- ``times``: shared cells / the elder's wanted cells; 1 when the elder stated no times, 0.5 when
  only the fosterer did not (to be checked);
- ``needs``: the elder's needs covered by the fosterer's skills / the elder's needs; 1 without
  needs;
- ``interests``: shared interests / the elder's interests; 0.5 when either side stated none;
- ``language``: a shared language or dialect other than Italian 1, Italian only 0.5, none 0
  (no language recorded counts as Italian);
- ``preferences``: the mean of the meeting place (1 when the elder meets at home only or the
  fosterer can host, else 0.5) and, when the elder stated one, the preferred sex of the fosterer
  (1 respected, 0 not, 0.5 unknown). The preferred sex is a preference, never an exclusion.

The plan maximises the total score over all waiting elders (without an open match) and all
approved fosterers with room, each fosterer taking at most its remaining slots, with
:func:`scipy.optimize.linear_sum_assignment`: each fosterer becomes as many identical columns as
it has remaining slots (never more than there are elders: more could never be used); when many
elders have no compatible fosterer at all their rows are left out. Incompatible pairs are worth 0,
exactly what leaving the elder unmatched is worth, and scores are never negative: the optimum of
the matrix is the optimum of the problem (the best total, not the most pairs), and such pairs are
dropped from the result.

Speed: the matrix is computed in blocks of rows that fit in the processor's cache, on a few
threads; criteria with few distinct values per side are read from small tables (see "the
formula" below).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from affido_app.domain.availability import DAYS, SLOTS, WeeklyGrid
from affido_app.domain.enums import Interest, Language, Need, Sex
from affido_app.errors import AffidoError
from affido_app.matching.weights import PARTS, Weights

#: part of the distance criterion kept for living in the same comune
SAME_COMUNE_BONUS = 0.2
#: value of a criterion a side left blank (neither good nor bad)
NEUTRAL = 0.5

_ITALIAN = int(Language.ITALIAN)
_ACCOMPANIMENT = int(Need.ACCOMPANIMENT)
_CELLS = DAYS * SLOTS

#: sex codes in the arrays
SEX_NONE, SEX_M, SEX_F = 0, 1, 2
_SEX_CODES = {Sex.M.value: SEX_M, Sex.F.value: SEX_F}

#: hard constraints: code → Italian reason (some are completed with figures)
REASONS: dict[str, str] = {
    "not_waiting": "L'anziano non è in attesa di abbinamento",
    "not_approved": "Non è idoneo e disponibile",
    "capacity": "Ha già raggiunto il numero massimo di anziani ({n})",
    "open_pair": "Ha già un abbinamento aperto con questo anziano",
    "incompatible": "Un abbinamento precedente con questo anziano si è concluso per "
                    "incompatibilità",
    "times": "Nessun giorno e orario in comune",
    "distance_unknown": "Distanza non calcolabile: {what}",
    "too_far": "Troppo lontano: {km} (massimo {limit})",
    "smoker": "L'anziano non accetta fumatori e l'affidatario fuma",
    "smokers_at_home": "L'anziano non accetta fumatori e nella casa dell'affidatario si fuma",
    "pets": "L'anziano è allergico agli animali e l'affidatario ne ha in casa",
    "access": "L'anziano usa ausili per la mobilità e la casa dell'affidatario non è accessibile",
    "car": "Serve l'accompagnamento a visite e l'affidatario non ha {what}",
}
#: reasons that come from health data (special category): shown only to who may read them
SENSITIVE_REASONS = frozenset({"pets", "access"})
SENSITIVE_PLACEHOLDER = ("Non compatibile con le esigenze di salute dell'anziano "
                         "(dettagli riservati)")


class Cancelled(AffidoError):
    """The user stopped a long computation."""

    def __init__(self, message: str = "Calcolo dell'abbinamento interrotto."):
        super().__init__(message)


# --- the arrays ----------------------------------------------------------------------------------

def _column(value: Any, n: int, dtype: Any, default: Any, name: str) -> np.ndarray:
    if value is None:
        return np.full(n, default, dtype=dtype)
    out = np.asarray(value)
    if out.shape != (n,):
        raise ValueError(f"{name}: expected {n} values, got shape {out.shape}")
    return out.astype(dtype, copy=False)


_ELDER_COLUMNS: tuple[tuple[str, Any, Any], ...] = (
    ("availability", np.int64, 0),
    ("needs", np.int64, 0),
    ("interests", np.int64, 0),
    ("languages", np.int64, 0),
    ("comune", np.int64, -1),
    ("allergic_to_pets", bool, False),
    ("accepts_smokers", bool, True),
    ("needs_access", bool, False),
    ("home_visits_only", bool, False),
    ("prefers_sex", np.int8, SEX_NONE),
    ("max_km", np.float64, np.nan),
    ("waiting", bool, True),
)

_FOSTERER_COLUMNS: tuple[tuple[str, Any, Any], ...] = (
    ("availability", np.int64, 0),
    ("skills", np.int64, 0),
    ("interests", np.int64, 0),
    ("languages", np.int64, 0),
    ("comune", np.int64, -1),
    ("has_pets", bool, False),
    ("smoker", bool, False),
    ("smokers_at_home", bool, False),
    ("hosts_at_home", bool, False),
    ("home_accessible", bool, False),
    ("has_car", bool, False),
    ("has_licence", bool, False),
    ("sex", np.int8, SEX_NONE),
    ("max_km", np.float64, np.nan),
    ("capacity", np.int64, 1),
    ("open_count", np.int64, 0),
    ("approved", bool, True),
    ("name_rank", np.int64, None),
)


@dataclass(eq=False)
class ElderArrays:
    """One entry per elder. Masks as in the database (``availability``: the 21-bit weekly grid,
    0 = no stated times); ``comune`` an index into :attr:`Population.comuni` (-1: none);
    ``needs_access``: wheelchair or any mobility aid; ``prefers_sex``/``sex``: 0 none, 1 M, 2 F;
    ``max_km``: NaN when the person stated no limit."""

    ids: Any
    availability: Any = None
    needs: Any = None
    interests: Any = None
    languages: Any = None
    comune: Any = None
    allergic_to_pets: Any = None
    accepts_smokers: Any = None
    needs_access: Any = None
    home_visits_only: Any = None
    prefers_sex: Any = None
    max_km: Any = None
    waiting: Any = None

    def __post_init__(self) -> None:
        self.ids = np.asarray(self.ids, dtype=np.int64).reshape(-1)
        n = len(self.ids)
        for name, dtype, default in _ELDER_COLUMNS:
            setattr(self, name, _column(getattr(self, name), n, dtype, default, name))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(eq=False)
class FostererArrays:
    """One entry per fosterer (see :class:`ElderArrays`); ``open_count``: open matches taking up
    the capacity; ``name_rank``: order of the names (ties in the score are ranked by name)."""

    ids: Any
    availability: Any = None
    skills: Any = None
    interests: Any = None
    languages: Any = None
    comune: Any = None
    has_pets: Any = None
    smoker: Any = None
    smokers_at_home: Any = None
    hosts_at_home: Any = None
    home_accessible: Any = None
    has_car: Any = None
    has_licence: Any = None
    sex: Any = None
    max_km: Any = None
    capacity: Any = None
    open_count: Any = None
    approved: Any = None
    name_rank: Any = None

    def __post_init__(self) -> None:
        self.ids = np.asarray(self.ids, dtype=np.int64).reshape(-1)
        n = len(self.ids)
        if self.name_rank is None:
            self.name_rank = np.arange(n)
        for name, dtype, default in _FOSTERER_COLUMNS:
            setattr(self, name, _column(getattr(self, name), n, dtype, default, name))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def slots(self) -> np.ndarray:
        """Remaining places (capacity minus open matches, never below 0)."""
        return np.maximum(self.capacity - self.open_count, 0)


@dataclass(eq=False)
class Population:
    """Elders, fosterers, the distances between their comuni, and the pairs that are blocked.

    ``comune_km[a, b]``: km between comune ``a`` and ``b`` (NaN when unknown; the diagonal is
    taken as 0: same comune). ``incompatible`` and ``open_pairs``: (elder id, fosterer id) pairs
    closed for incompatibility before / with a match open now.
    """

    elders: ElderArrays
    fosterers: FostererArrays
    comune_km: Any = None
    comuni: tuple[str, ...] = ()
    comune_known: Any = None
    incompatible: Any = ()
    open_pairs: Any = ()

    def __post_init__(self) -> None:
        e, f = self.elders, self.fosterers
        if self.comune_km is None:  # no distances known
            top = max(int(e.comune.max(initial=-1)), int(f.comune.max(initial=-1)))
            self.comune_km = np.full((top + 1, top + 1), np.nan)
        km = np.array(self.comune_km, dtype=np.float64)
        c = km.shape[0]
        if km.shape != (c, c):
            raise ValueError("comune_km must be square")
        for side in (e, f):
            if len(side) and (side.comune.max() >= c or side.comune.min() < -1):
                raise ValueError("comune index out of range")
        self.comune_known = (np.ones(c, dtype=bool) if self.comune_known is None
                             else np.asarray(self.comune_known, dtype=bool))
        if self.comuni and len(self.comuni) != c:
            raise ValueError("one name per comune")
        # one more row and column for "no comune" (index c): every distance to it is unknown
        self._km = np.full((c + 1, c + 1), np.nan)
        self._km[:c, :c] = km
        self._km[np.arange(c), np.arange(c)] = 0.0
        self._e_cx = np.where(e.comune < 0, c, e.comune)
        self._f_cx = np.where(f.comune < 0, c, f.comune)
        self._incompatible = self._pair_index(self.incompatible)
        self._open = self._pair_index(self.open_pairs)

    def _pair_index(self, pairs: Any) -> np.ndarray:
        """(elder index, fosterer index) of the given id pairs that are in the population."""
        arr = np.asarray(list(pairs) if not isinstance(pairs, np.ndarray) else pairs,
                         dtype=np.int64).reshape(-1, 2)
        e_pos = _positions(self.elders.ids, arr[:, 0])
        f_pos = _positions(self.fosterers.ids, arr[:, 1])
        ok = (e_pos >= 0) & (f_pos >= 0)
        return np.unique(np.stack([e_pos[ok], f_pos[ok]], axis=1), axis=0)

    def distance_km(self, i: int, j: int) -> float:
        """km between elder ``i`` and fosterer ``j`` (indices); NaN when unknown."""
        return float(self._km[self._e_cx[i], self._f_cx[j]])


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted id in ``ids`` (-1 when absent)."""
    if len(ids) == 0 or len(wanted) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    pos = np.searchsorted(ids, wanted, sorter=order)
    pos = np.minimum(pos, len(ids) - 1)
    found = order[pos]
    return np.where(ids[found] == wanted, found, -1)


# --- bit counting --------------------------------------------------------------------------------

if hasattr(np, "bitwise_count"):  # numpy >= 2.0
    def _popcount(a: np.ndarray) -> np.ndarray:
        return np.bitwise_count(a)
else:  # pragma: no cover - numpy 1.26
    _TABLE16 = np.array([bin(x).count("1") for x in range(1 << 16)], dtype=np.uint8)

    def _popcount(a: np.ndarray) -> np.ndarray:
        a = np.asarray(a).astype(np.uint32)
        return _TABLE16[a & 0xFFFF] + _TABLE16[a >> 16]


# --- the formula ---------------------------------------------------------------------------------
#
# Criteria that depend on few distinct values of each side (the "profile": status, place, smoking,
# pets, accessibility, car, sex preference; the comune and distance limits; needs against skills;
# languages) are computed once per pair of distinct values, with the same formulas, into small
# tables; a pair then reads its table cell. Times and interests are computed pair by pair with
# bit counts. A matrix is computed in blocks of rows that fit in the processor's cache. Tables,
# blocks and pairs all run the same arithmetic in the same order: a pair has the same score,
# bit for bit, in a matrix, in a ranking and alone.

_BLOCK_CELLS = 1 << 18
#: threads computing a large matrix
_MAX_THREADS = 4


def _factorize(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each entry, index of one representative entry per code) for composite keys."""
    n = len(keys[0])
    combined = np.zeros(n, dtype=np.int64)
    span = 1  # the values of ``combined`` stay below this
    for key in keys:  # mixed radix over the distinct values of each key (the same order)
        key = np.asarray(key)
        if key.dtype == bool:  # flags are their own codes: no sorting
            codes, size = key.astype(np.int64), 2
        else:
            values, codes = np.unique(key, return_inverse=True)
            codes, size = codes.reshape(-1), max(len(values), 1)
        if span * size >= 1 << 62:  # renumber before the codes could overflow (order kept)
            combined = np.unique(combined, return_inverse=True)[1].reshape(-1)
            span = n
        combined = combined * size + codes
        span *= size
    _, first, codes = np.unique(combined, return_index=True, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), first.astype(np.int64)


def _profile_rules(e: ElderArrays, f: FostererArrays, ei: np.ndarray,
                   fj: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Hard rules about status, room, place, smoke, pets, access and car, and the preferences
    value in [0, 1]."""
    hard: dict[str, np.ndarray] = {}
    hard["not_waiting"] = ~e.waiting[ei]
    approved = f.approved[fj]
    hard["not_approved"] = ~approved
    hard["capacity"] = approved & (f.capacity[fj] - f.open_count[fj] <= 0)
    # the elder may come to the fosterer's home: only then do its pets, smoke and stairs matter
    at_home = f.hosts_at_home[fj] & ~e.home_visits_only[ei]
    no_smokers = ~e.accepts_smokers[ei]
    smoker = f.smoker[fj]
    hard["smoker"] = no_smokers & smoker
    hard["smokers_at_home"] = no_smokers & ~smoker & f.smokers_at_home[fj] & at_home
    hard["pets"] = e.allergic_to_pets[ei] & f.has_pets[fj] & at_home
    hard["access"] = e.needs_access[ei] & at_home & ~f.home_accessible[fj]
    hard["car"] = (((e.needs[ei] & _ACCOMPANIMENT) != 0)
                   & ~(f.has_car[fj] & f.has_licence[fj]))
    place = np.where(e.home_visits_only[ei] | f.hosts_at_home[fj], 1.0, NEUTRAL)
    wish = e.prefers_sex[ei]
    sex = f.sex[fj]
    sex_value = np.where(sex == wish, 1.0, np.where(sex == SEX_NONE, NEUTRAL, 0.0))
    value = np.where(wish != SEX_NONE, (place + sex_value) / 2.0, place)
    return hard, value


def _distance_rules(pop: Population, limit_km: float, ei: np.ndarray,
                    fj: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray,
                                             np.ndarray]:
    """(hard rules, value in [0, 1], km, limit km) of the distance."""
    e, f = pop.elders, pop.fosterers
    e_cx, f_cx = pop._e_cx[ei], pop._f_cx[fj]
    d = pop._km[e_cx, f_cx]
    limit = np.fmin(np.fmin(e.max_km[ei], f.max_km[fj]), limit_km)
    unknown = np.isnan(d)
    hard = {"distance_unknown": unknown, "too_far": d > limit}
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = np.where(limit > 0, 1.0 - d / limit, np.where(d <= 0, 1.0, 0.0))
    linear = np.clip(np.nan_to_num(linear, nan=0.0), 0.0, 1.0)
    same = (e_cx == f_cx) & (e.comune[ei] >= 0)
    value = (1.0 - SAME_COMUNE_BONUS) * linear + SAME_COMUNE_BONUS * same
    return hard, value, d, limit


def _needs_value(needs: np.ndarray, skills: np.ndarray) -> np.ndarray:
    wanted = _popcount(needs)
    return np.where(wanted > 0, _popcount(needs & skills) / np.maximum(wanted, 1), 1.0)


def _language_value(e_lang: np.ndarray, f_lang: np.ndarray) -> np.ndarray:
    both = e_lang & f_lang
    return np.where((both & ~np.uint16(_ITALIAN)) != 0, 1.0, np.where(both != 0, NEUTRAL, 0.0))


@dataclass(eq=False)
class _Prepared:
    """Per-person codes and per-code tables for one population and one set of weights."""

    shares: dict[str, float]
    e_prof: np.ndarray
    f_prof: np.ndarray
    prof_hard: dict[str, np.ndarray]
    prof_bad: np.ndarray
    pref_pts: np.ndarray
    e_dist: np.ndarray
    f_dist: np.ndarray
    dist_hard: dict[str, np.ndarray]
    dist_bad: np.ndarray
    dist_pts: np.ndarray
    dist_km: np.ndarray
    dist_limit: np.ndarray
    e_needs: np.ndarray
    f_needs: np.ndarray
    needs_pts: np.ndarray
    e_lang: np.ndarray
    f_lang: np.ndarray
    lang_pts: np.ndarray
    e_av: np.ndarray
    f_av: np.ndarray
    e_av_none: np.ndarray
    f_av_none: np.ndarray
    times_pts: np.ndarray
    e_int: np.ndarray
    f_int: np.ndarray
    e_int_none: np.ndarray
    f_int_none: np.ndarray
    int_pts: np.ndarray


def _prepare(pop: Population, weights: Weights) -> _Prepared:
    e, f = pop.elders, pop.fosterers
    shares = weights.shares()
    acc = (e.needs & _ACCOMPANIMENT) != 0
    e_prof, e_rep = _factorize(e.waiting, e.home_visits_only, e.accepts_smokers,
                               e.allergic_to_pets, e.needs_access, acc, e.prefers_sex)
    f_prof, f_rep = _factorize(f.approved, f.capacity - f.open_count > 0, f.hosts_at_home,
                               f.smoker, f.smokers_at_home, f.has_pets, f.home_accessible,
                               f.has_car & f.has_licence, f.sex)
    prof_hard, pref = _profile_rules(e, f, e_rep[:, None], f_rep[None, :])
    shape = (len(e_rep), len(f_rep))
    prof_hard = {k: np.broadcast_to(v, shape) for k, v in prof_hard.items()}
    prof_bad = np.logical_or.reduce(list(prof_hard.values())) if prof_hard else None

    e_dist, e_drep = _factorize(pop._e_cx, np.nan_to_num(e.max_km, nan=-1.0))
    f_dist, f_drep = _factorize(pop._f_cx, np.nan_to_num(f.max_km, nan=-1.0))
    dist_hard, dist_value, dist_km, dist_limit = _distance_rules(
        pop, weights.max_distance_km, e_drep[:, None], f_drep[None, :])

    needs_u, e_needs = np.unique(e.needs.astype(np.uint16), return_inverse=True)
    skills_u, f_needs = np.unique(f.skills.astype(np.uint16), return_inverse=True)
    needs_value = _needs_value(needs_u[:, None], skills_u[None, :])

    e_lang_u, e_lang = np.unique(
        np.where(e.languages == 0, _ITALIAN, e.languages).astype(np.uint16), return_inverse=True)
    f_lang_u, f_lang = np.unique(
        np.where(f.languages == 0, _ITALIAN, f.languages).astype(np.uint16), return_inverse=True)
    lang_value = _language_value(e_lang_u[:, None], f_lang_u[None, :])

    e_av = e.availability.astype(np.uint32)
    e_wanted = _popcount(e_av)
    e_int = e.interests.astype(np.uint16)
    e_n_int = _popcount(e_int)
    times_pts = np.where(e_wanted > 0, shares["times"] / np.maximum(e_wanted, 1), 0.0)
    int_pts = np.where(e_n_int > 0, shares["interests"] / np.maximum(e_n_int, 1), 0.0)
    return _Prepared(
        shares=shares,
        e_prof=e_prof, f_prof=f_prof, prof_hard=prof_hard, prof_bad=prof_bad,
        pref_pts=shares["preferences"] * np.broadcast_to(pref, shape),
        e_dist=e_dist, f_dist=f_dist, dist_hard=dist_hard,
        dist_bad=dist_hard["distance_unknown"] | dist_hard["too_far"],
        dist_pts=shares["distance"] * dist_value, dist_km=dist_km, dist_limit=dist_limit,
        e_needs=e_needs.reshape(-1), f_needs=f_needs.reshape(-1),
        needs_pts=shares["needs"] * needs_value,
        e_lang=e_lang.reshape(-1), f_lang=f_lang.reshape(-1),
        lang_pts=shares["language"] * lang_value,
        e_av=e_av, f_av=f.availability.astype(np.uint32), e_av_none=e_wanted == 0,
        f_av_none=f.availability == 0, times_pts=times_pts,
        e_int=e_int, f_int=f.interests.astype(np.uint16), e_int_none=e_n_int == 0,
        f_int_none=f.interests == 0, int_pts=int_pts,
    )


def _gather(table: np.ndarray, rows: np.ndarray, cols: np.ndarray, grid: bool) -> np.ndarray:
    """table[rows, cols] for a grid (rows (n, 1) × cols (1, m)) or for pairs; a new array."""
    if grid:
        return table[rows.reshape(-1)].take(cols.reshape(-1), axis=1)
    return table[rows, cols]


@dataclass(eq=False)
class Evaluation:
    """What :func:`evaluate` computes for a set of pairs (all arrays of the pairs' shape).

    ``hard``: reason code → where it applies, ``parts``: criterion → points, ``distance`` and
    ``limit`` in km (only with ``details``); ``score``: the sum of the parts, ``fill`` (NaN
    unless asked otherwise) where the pair is not feasible."""

    feasible: np.ndarray
    score: np.ndarray
    hard: dict[str, np.ndarray] | None = None
    parts: dict[str, np.ndarray] | None = None
    distance: np.ndarray | None = None
    limit: np.ndarray | None = None


def evaluate(pop: Population, weights: Weights, ei: np.ndarray, fj: np.ndarray, *,
             grid: bool, details: bool = False, fill: float = np.nan,
             prepared: _Prepared | None = None) -> Evaluation:
    """Hard constraints and score for elder indices ``ei`` × fosterer indices ``fj``.

    ``grid=True``: ``ei`` is a column (n, 1) and ``fj`` a row (1, m) of distinct indices, and
    the result is the (n, m) matrix (keep it small: :func:`score_matrix` goes by blocks);
    ``grid=False``: two index arrays of the same shape, one pair per position. ``details`` keeps
    each hard constraint and each part.
    """
    p = prepared if prepared is not None else _prepare(pop, weights)
    ei = np.asarray(ei, dtype=np.int64)
    fj = np.asarray(fj, dtype=np.int64)
    shape = np.broadcast_shapes(ei.shape, fj.shape)
    shares = p.shares

    def table(t: np.ndarray, e_codes: np.ndarray, f_codes: np.ndarray) -> np.ndarray:
        return _gather(t, e_codes[ei], f_codes[fj], grid)

    bad = table(p.prof_bad, p.e_prof, p.f_prof)
    bad |= table(p.dist_bad, p.e_dist, p.f_dist)
    open_pair = _pair_mask(pop._open, ei, fj, grid, shape)
    incompatible = _pair_mask(pop._incompatible, ei, fj, grid, shape)
    bad |= open_pair
    bad |= incompatible

    # days and times: shared cells × (share / the elder's cells)
    common = _popcount(p.e_av[ei] & p.f_av[fj])
    times_bad = common == 0
    times_bad &= ~p.e_av_none[ei]
    times_bad &= ~p.f_av_none[fj]
    bad |= times_bad
    times = common * p.times_pts[ei]
    del common
    _fill_where(times, p.f_av_none[fj], NEUTRAL * shares["times"])
    _fill_where(times, p.e_av_none[ei], shares["times"])

    shared = _popcount(p.e_int[ei] & p.f_int[fj])
    interests = shared * p.int_pts[ei]
    del shared
    _fill_where(interests, p.f_int_none[fj], NEUTRAL * shares["interests"])
    _fill_where(interests, p.e_int_none[ei], NEUTRAL * shares["interests"])

    distance = table(p.dist_pts, p.e_dist, p.f_dist)
    needs = table(p.needs_pts, p.e_needs, p.f_needs)
    language = table(p.lang_pts, p.e_lang, p.f_lang)
    preferences = table(p.pref_pts, p.e_prof, p.f_prof)

    # the score: Σ parts in the order of PARTS, always the same arithmetic
    score = distance.copy() if details else distance
    score += times
    score += needs
    score += interests
    score += language
    score += preferences
    np.copyto(score, fill, where=bad)

    ev = Evaluation(feasible=~bad, score=score)
    if details:
        ev.parts = {"distance": distance, "times": times, "needs": needs,
                    "interests": interests, "language": language, "preferences": preferences}
        hard = {code: table(t, p.e_prof, p.f_prof) for code, t in p.prof_hard.items()}
        hard.update({code: table(t, p.e_dist, p.f_dist) for code, t in p.dist_hard.items()})
        hard["times"] = times_bad
        hard["open_pair"] = np.broadcast_to(open_pair, shape)
        hard["incompatible"] = np.broadcast_to(incompatible, shape)
        ev.hard = hard
        ev.distance = table(p.dist_km, p.e_dist, p.f_dist)
        ev.limit = table(p.dist_limit, p.e_dist, p.f_dist)
    return ev


def _fill_where(values: np.ndarray, mask: np.ndarray, value: float) -> None:
    if mask.any():
        np.copyto(values, value, where=mask)


def _pair_mask(pairs: np.ndarray, ei: np.ndarray, fj: np.ndarray, grid: bool,
               shape: tuple[int, ...]) -> np.ndarray:
    """Where (ei, fj) is one of ``pairs`` (k × 2 indices, sorted)."""
    mask = np.zeros(shape, dtype=bool)
    if len(pairs) == 0 or mask.size == 0:
        return mask
    if grid:
        rows = ei.reshape(-1)
        cols = fj.reshape(-1)
        top = max(int(rows.max()), int(cols.max()), int(pairs.max())) + 1
        r_pos = np.full(top, -1, dtype=np.int64)
        r_pos[rows] = np.arange(len(rows))
        c_pos = np.full(top, -1, dtype=np.int64)
        c_pos[cols] = np.arange(len(cols))
        r, c = r_pos[pairs[:, 0]], c_pos[pairs[:, 1]]
        keep = (r >= 0) & (c >= 0)
        mask[r[keep], c[keep]] = True
        return mask
    width = max(int(pairs[:, 1].max()), int(fj.max(initial=0))) + 1
    keys = pairs[:, 0] * width + pairs[:, 1]
    query = ei * width + fj
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return keys[pos] == query


def _by_blocks(n: int, m: int, work: Callable[[slice], None]) -> None:
    """Run ``work`` on blocks of rows that fit in the processor's cache, on a few threads when
    the matrix is large (numpy releases the GIL: the blocks are computed in parallel)."""
    step = max(1, _BLOCK_CELLS // max(m, 1))
    blocks = [slice(start, min(start + step, n)) for start in range(0, n, step)]
    threads = min(_MAX_THREADS, os.cpu_count() or 1, len(blocks) // 4)
    if threads <= 1:
        for block in blocks:
            work(block)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="affido-match") as pool:
        for _ in pool.map(work, blocks):  # re-raises the first error
            pass


def _grid(pop: Population, weights: Weights, rows: np.ndarray, cols: np.ndarray, *,
          fill: float) -> tuple[np.ndarray, np.ndarray]:
    """Scores and feasibility of rows × cols, computed in blocks of rows."""
    prepared = _prepare(pop, weights)
    n, m = len(rows), len(cols)
    score = np.empty((n, m))
    feasible = np.empty((n, m), dtype=bool)
    col_row = cols[None, :]

    def work(block: slice) -> None:
        ev = evaluate(pop, weights, rows[block, None], col_row, grid=True, fill=fill,
                      prepared=prepared)
        score[block] = ev.score
        feasible[block] = ev.feasible

    _by_blocks(n, m, work)
    return score, feasible


def score_matrix(pop: Population, weights: Weights, *, elders: Sequence[int] | None = None,
                 fosterers: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every elder × fosterer (indices into the population; default all):
    ``(score, feasible)``, two (n, m) arrays; the score is NaN where the pair is excluded."""
    rows = np.arange(len(pop.elders)) if elders is None else np.asarray(elders, dtype=np.int64)
    cols = (np.arange(len(pop.fosterers)) if fosterers is None
            else np.asarray(fosterers, dtype=np.int64))
    return _grid(pop, weights, rows.reshape(-1), cols.reshape(-1), fill=np.nan)


def evaluate_pairs(pop: Population, weights: Weights, elders: Sequence[int],
                   fosterers: Sequence[int]) -> Evaluation:
    """Scores, parts and hard constraints of the pairs ``(elders[k], fosterers[k])``."""
    ei = np.asarray(elders, dtype=np.int64).reshape(-1)
    fj = np.asarray(fosterers, dtype=np.int64).reshape(-1)
    return evaluate(pop, weights, ei, fj, grid=False, details=True)


# --- ranking for one elder -----------------------------------------------------------------------

@dataclass(frozen=True)
class Ranking:
    """Suggestions for one elder, as indices: ``order`` the feasible fosterers best first (cut
    at ``top``), ``feasible_count`` how many there are in all, and the evaluation of every
    fosterer (row 0 of a 1 × m grid)."""

    order: np.ndarray
    feasible_count: int
    evaluation: Evaluation


def rank(pop: Population, weights: Weights, elder: int, *, top: int = 10,
         details: bool = True) -> Ranking:
    """Score elder ``elder`` (index) against every fosterer and rank the feasible ones by score
    (descending), then name. ``top=0``: all of them."""
    m = len(pop.fosterers)
    ev = evaluate(pop, weights, np.array([[elder]]), np.arange(m)[None, :], grid=True,
                  details=details)
    score = ev.score[0]
    ok = np.flatnonzero(ev.feasible[0])
    order = ok[np.lexsort((pop.fosterers.ids[ok], pop.fosterers.name_rank[ok], -score[ok]))]
    if top > 0:
        order = order[:top]
    return Ranking(order=order, feasible_count=len(ok), evaluation=ev)


# --- the plan ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assignment:
    """The optimal plan as indices: pair ``k`` is elder ``elders[k]`` with fosterer
    ``fosterers[k]``; ``parts`` per criterion; ``candidates``: the elders considered and whether
    each had at least one compatible fosterer (``has_option``)."""

    elders: np.ndarray
    fosterers: np.ndarray
    scores: np.ndarray
    parts: dict[str, np.ndarray]
    total: float
    candidates: np.ndarray
    has_option: np.ndarray
    #: the matrix given to linear_sum_assignment (rows, columns)
    matrix_shape: tuple[int, int] = (0, 0)


Progress = Callable[[int, str], None]


def solve(pop: Population, weights: Weights, *, elders: Sequence[int] | None = None,
          fosterers: Sequence[int] | None = None, progress: Progress | None = None,
          cancelled: Callable[[], bool] | None = None) -> Assignment:
    """Maximise the total score: each elder at most one fosterer, each fosterer at most its
    remaining slots. Default: every waiting elder and every approved fosterer with room."""
    from scipy.optimize import linear_sum_assignment

    e, f = pop.elders, pop.fosterers

    def stage(percent: int, text: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(percent, text)

    rows = (np.flatnonzero(e.waiting) if elders is None
            else np.asarray(elders, dtype=np.int64).reshape(-1))
    cols = (np.flatnonzero(f.approved & (f.slots > 0)) if fosterers is None
            else np.asarray(fosterers, dtype=np.int64).reshape(-1))
    stage(10, "Calcolo della compatibilità")
    # a fosterer is worth as many columns as its free places, never more than there are elders
    copies = np.minimum(f.slots[cols], len(rows))
    matrix, has_option, col_map = _plan_matrix(pop, weights, rows, cols, copies)
    keep = np.arange(len(rows))
    if has_option.sum() < 0.9 * len(rows):  # many elders without options: drop their rows
        keep = np.flatnonzero(has_option)
        matrix = matrix[keep]
    stage(45, "Ricerca dell'assegnazione migliore")
    if matrix.size:
        r, c = linear_sum_assignment(matrix, maximize=True)
    else:
        r = c = np.zeros(0, dtype=np.int64)
    shape = matrix.shape
    del matrix
    stage(90, "Preparazione dei risultati")
    ev = evaluate_pairs(pop, weights, rows[keep[r]], cols[col_map[c]])
    ok = np.flatnonzero(ev.feasible)  # excluded pairs were worth 0: they are no pairs
    order = ok[np.argsort(rows[keep[r]][ok], kind="stable")]
    assert ev.parts is not None
    scores = ev.score[order]
    stage(100, "Fatto")
    return Assignment(elders=rows[keep[r]][order], fosterers=cols[col_map[c]][order],
                      scores=scores, parts={k: v[order] for k, v in ev.parts.items()},
                      total=math.fsum(scores.tolist()), candidates=rows,
                      has_option=has_option, matrix_shape=(int(shape[0]), int(shape[1])))


def _plan_matrix(pop: Population, weights: Weights, rows: np.ndarray, cols: np.ndarray,
                 copies: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrix for the assignment: one row per elder; one column per fosterer, then one more
    for each further place of the fosterers with more than one. Excluded pairs are worth 0 (as
    much as no pair: scores are never negative, so the optimum is unchanged). Also whether each
    elder has any compatible fosterer, and the fosterer (index into ``cols``) of each column."""
    n, m = len(rows), len(cols)
    extra = np.repeat(np.arange(m), np.maximum(copies - 1, 0))
    col_map = np.concatenate([np.arange(m), extra])
    matrix = np.empty((n, len(col_map)))
    has_option = np.zeros(n, dtype=bool)
    prepared = _prepare(pop, weights)
    col_row = cols[None, :]

    def work(block: slice) -> None:
        ev = evaluate(pop, weights, rows[block, None], col_row, grid=True, fill=0.0,
                      prepared=prepared)
        matrix[block, :m] = ev.score
        if len(extra):
            matrix[block, m:] = ev.score.take(extra, axis=1)
        has_option[block] = ev.feasible.any(axis=1)

    _by_blocks(n, m, work)
    return matrix, has_option, col_map


# --- explanations --------------------------------------------------------------------------------

def km_text(km: float) -> str:
    """"3,2 km", "15 km"."""
    if km == int(km):
        return f"{int(km)} km"
    return f"{km:.1f} km".replace(".", ",")


def join_it(words: Iterable[str]) -> str:
    """"a", "a e b", "a, b e c"; only commas when an item has its own "e" ("telefono e
    tecnologia")."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    if any(" e " in item for item in items):
        return ", ".join(items)
    return ", ".join(items[:-1]) + " e " + items[-1]


def _labels(flag_type: type, mask: int) -> list[str]:
    return [flag_type.labels()[m].lower() for m in flag_type(mask).members()]


def explain(pop: Population, weights: Weights, i: int, j: int) -> dict[str, str]:
    """An Italian sentence per criterion for elder ``i`` and fosterer ``j`` (indices)."""
    e, f = pop.elders, pop.fosterers
    out: dict[str, str] = {}

    d = pop.distance_km(i, j)
    same = pop._e_cx[i] == pop._f_cx[j] and e.comune[i] >= 0
    where = "sì" if same else "no"
    out["distance"] = ("distanza non calcolabile" if math.isnan(d)
                       else f"{km_text(round(d, 1))} (stesso comune: {where})")

    ea, fa = int(e.availability[i]), int(f.availability[j])
    if ea == 0:
        out["times"] = "L'anziano non ha indicato giorni e orari: va bene ogni fascia"
    elif fa == 0:
        out["times"] = "L'affidatario non ha indicato la disponibilità: da verificare"
    else:
        both = ea & fa
        shared = both.bit_count()
        text = f"{shared} {'fascia' if shared == 1 else 'fasce'} su {ea.bit_count()} in comune"
        if both:
            text += f": {WeeklyGrid(both).describe()}"
        out["times"] = text

    needs, skills = int(e.needs[i]), int(f.skills[j])
    if needs == 0:
        out["needs"] = "Nessun bisogno indicato"
    else:
        covered = _labels(Need, needs & skills)
        missing = _labels(Need, needs & ~skills)
        if not missing:
            out["needs"] = f"Copre tutti i bisogni: {join_it(covered)}"
        elif not covered:
            out["needs"] = f"Non copre {join_it(missing)}"
        else:
            out["needs"] = f"Copre {join_it(covered)}; non {join_it(missing)}"

    ei_, fi_ = int(e.interests[i]), int(f.interests[j])
    if ei_ == 0 or fi_ == 0:
        who = "dell'anziano" if ei_ == 0 else "dell'affidatario"
        out["interests"] = f"Interessi {who} non indicati"
    elif ei_ & fi_:
        out["interests"] = (f"{(ei_ & fi_).bit_count()} su {ei_.bit_count()} in comune: "
                            f"{join_it(_labels(Interest, ei_ & fi_))}")
    else:
        out["interests"] = "Nessun interesse in comune"

    el = int(e.languages[i]) or _ITALIAN
    fl = int(f.languages[j]) or _ITALIAN
    both = el & fl
    if both & ~_ITALIAN:
        out["language"] = f"Parlano entrambi {join_it(_labels(Language, both & ~_ITALIAN))}"
    elif both:
        out["language"] = "In comune solo l'italiano"
    else:
        out["language"] = "Nessuna lingua in comune"

    bits = []
    wish, sex = int(e.prefers_sex[i]), int(f.sex[j])
    if wish != SEX_NONE:
        wanted = "un affidatario uomo" if wish == SEX_M else "un'affidataria donna"
        if sex == SEX_NONE:
            bits.append(f"preferisce {wanted}: sesso dell'affidatario non indicato")
        else:
            bits.append(f"preferisce {wanted}: " + ("rispettato" if sex == wish
                                                     else "non rispettato"))
    if e.home_visits_only[i]:
        bits.append("incontri a casa dell'anziano")
    elif f.hosts_at_home[j]:
        bits.append("l'affidatario può accogliere a casa propria")
    else:
        bits.append("l'affidatario non accoglie a casa propria")
    text = "; ".join(bits)
    out["preferences"] = text[:1].upper() + text[1:]
    return out


def reasons_for(pop: Population, ev: Evaluation, k: Any, i: int, j: int, *,
                sensitive: bool = True) -> list[str]:
    """The Italian reasons why pair ``k`` of an evaluation with details (elder index ``i``,
    fosterer index ``j``) is excluded; health reasons hidden when ``sensitive`` is False."""
    assert ev.hard is not None
    out: list[str] = []
    for code, template in REASONS.items():
        if not ev.hard[code][k]:
            continue
        if code in SENSITIVE_REASONS and not sensitive:
            text = SENSITIVE_PLACEHOLDER
        elif code == "capacity":
            text = template.format(n=int(pop.fosterers.capacity[j]))
        elif code == "too_far":
            assert ev.distance is not None and ev.limit is not None
            text = template.format(km=km_text(round(float(ev.distance[k]), 1)),
                                   limit=km_text(round(float(ev.limit[k]), 1)))
        elif code == "distance_unknown":
            text = template.format(what=_unknown_comune(pop, i, j))
        elif code == "car":
            f = pop.fosterers
            missing = [w for w, has in (("l'automobile", f.has_car[j]),
                                        ("la patente", f.has_licence[j])) if not has]
            text = template.format(what=" né ".join(missing))
        else:
            text = template
        if text not in out:
            out.append(text)
    return out


def _unknown_comune(pop: Population, i: int, j: int) -> str:
    for who, code in (("dell'anziano", int(pop.elders.comune[i])),
                      ("dell'affidatario", int(pop.fosterers.comune[j]))):
        if code < 0:
            return f"comune {who} non indicato"
        if not pop.comune_known[code]:
            name = pop.comuni[code] if pop.comuni else "?"
            return f"comune {who} («{name}») senza coordinate note"
    return "comuni senza coordinate note"


# --- the database side ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    fosterer_id: int
    name: str
    comune: str | None
    score: float
    parts: dict[str, float]
    explanations: dict[str, str]


@dataclass(frozen=True)
class Excluded:
    fosterer_id: int
    name: str
    comune: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Suggestions:
    elder_id: int
    elder_name: str
    candidates: tuple[Candidate, ...]
    excluded: tuple[Excluded, ...]
    #: how many fosterers are compatible in all (``candidates`` may be cut at ``top``)
    feasible_count: int
    weights: Weights
    #: things the coordinator should know (e.g. a proposal already open)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedPair:
    elder_id: int
    elder_name: str
    fosterer_id: int
    fosterer_name: str
    score: float
    parts: dict[str, float]
    explanations: dict[str, str]


@dataclass(frozen=True)
class UnmatchedElder:
    elder_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class Plan:
    pairs: tuple[PlannedPair, ...]
    total: float
    #: waiting elders the plan leaves without a fosterer
    unmatched: tuple[UnmatchedElder, ...]
    #: waiting elders left out because they already have an open (proposed…) match
    skipped: tuple[int, ...]
    weights: Weights


_NO_OPTION = "Nessun affidatario compatibile disponibile"
_TAKEN = "Gli affidatari compatibili sono già assegnati ad altri anziani nel piano"


def _elder_columns():
    from affido_app.db.models import Elder

    return (Elder.id, Elder.last_name, Elder.first_name, Elder.status, Elder.comune,
            Elder.availability, Elder.needs, Elder.interests, Elder.languages,
            Elder.allergic_to_pets, Elder.accepts_smokers, Elder.uses_wheelchair,
            Elder.mobility_aids, Elder.home_visits_only, Elder.prefers_sex,
            Elder.max_distance_km)


def _fosterer_columns():
    from affido_app.db.models import Fosterer

    return (Fosterer.id, Fosterer.last_name, Fosterer.first_name, Fosterer.status,
            Fosterer.comune, Fosterer.availability, Fosterer.skills, Fosterer.interests,
            Fosterer.languages, Fosterer.has_pets, Fosterer.smoker, Fosterer.smokers_at_home,
            Fosterer.hosts_at_home, Fosterer.home_accessible, Fosterer.has_car,
            Fosterer.has_driving_licence, Fosterer.sex, Fosterer.max_distance_km,
            Fosterer.capacity)


def _stored(columns) -> list:
    """The columns read as the database stores them: enums as their codes (strings), flags as
    they come (0/1 on SQLite) — what the arrays are built from anyway, without converting each
    value into an enum or a bool first."""
    from sqlalchemy import Boolean, Integer, String, type_coerce

    from affido_app.db.base import StrEnum

    out = []
    for c in columns:
        if isinstance(c.type, StrEnum):
            out.append(type_coerce(c, String()).label(c.key))
        elif isinstance(c.type, Boolean):
            out.append(type_coerce(c, Integer()).label(c.key))
        else:
            out.append(c)
    return out


def _name(row) -> str:
    last, first = row.last_name, row.first_name
    return f"{last} {first}" if last and first else (last or first or "")


def _sex_code(value: Any) -> int:
    return _SEX_CODES.get(str(value), SEX_NONE) if value is not None else SEX_NONE


def _km_or_nan(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _attributes(rows: Sequence[Any], names: tuple[str, ...]) -> dict[str, tuple]:
    """The rows' attributes as columns: name → one value per row."""
    if not rows:
        return {n: () for n in names}
    from operator import attrgetter, itemgetter

    fields = getattr(rows[0], "_fields", None)  # SQLAlchemy rows, named tuples: by position
    if fields is not None and all(n in fields for n in names):
        get = itemgetter(*(fields.index(n) for n in names))
    else:
        get = attrgetter(*names)
    return dict(zip(names, zip(*map(get, rows), strict=True), strict=True))


def _ints(values: Sequence[Any]) -> np.ndarray:
    return np.array([x or 0 for x in values], dtype=np.int64)


def _bools(values: Sequence[Any]) -> np.ndarray:
    return np.array([bool(x) for x in values], dtype=bool)


@dataclass(frozen=True)
class _Loaded:
    pop: Population
    elder_rows: list
    fosterer_rows: list
    fosterer_names: list[str]


def build_population(elder_rows: Sequence[Any], fosterer_rows: Sequence[Any], *,
                     open_counts: Mapping[int, int] | None = None,
                     incompatible: Iterable[tuple[int, int]] = (),
                     open_pairs: Iterable[tuple[int, int]] = (),
                     waiting_status: Any = None, approved_status: Any = None,
                     fosterer_names: Sequence[str] | None = None) -> Population:
    """A population from rows with the models' attribute names (as selected by the services;
    enums may be their codes and flags 0/1, as stored); comuni coordinates from
    :mod:`affido_app.matching.geo`. ``fosterer_names``: the fosterers' names when the caller
    has them already (they set the order of the excluded)."""
    from affido_app.domain.text import fold
    from affido_app.matching import geo

    open_counts = open_counts or {}
    names = sorted({r.comune for r in (*elder_rows, *fosterer_rows) if r.comune})
    code = {n: k for k, n in enumerate(names)}
    coords = np.asarray(geo.coordinates(names), dtype=np.float64).reshape(-1, 2)
    km = (np.asarray(geo.distance_matrix(coords, coords), dtype=np.float64) if names
          else np.zeros((0, 0)))
    known = ~np.isnan(coords).any(axis=1)

    # one pass over the rows per side (attrgetter), then plain list comprehensions per column:
    # several times faster than a generator per column (suggestions read 5,000 fosterers)
    er, fr = elder_rows, fosterer_rows
    e = _attributes(er, ("id", "availability", "needs", "interests", "languages", "comune",
                         "allergic_to_pets", "accepts_smokers", "uses_wheelchair",
                         "mobility_aids", "home_visits_only", "prefers_sex", "max_distance_km",
                         "status"))
    elders = ElderArrays(
        ids=np.array(e["id"], dtype=np.int64),
        availability=_ints(e["availability"]),
        needs=_ints(e["needs"]),
        interests=_ints(e["interests"]),
        languages=_ints(e["languages"]),
        comune=np.array([code.get(c, -1) for c in e["comune"]], dtype=np.int64),
        allergic_to_pets=_bools(e["allergic_to_pets"]),
        accepts_smokers=np.array([x is not False for x in e["accepts_smokers"]], dtype=bool),
        needs_access=np.array([bool(w) or bool((a or "").strip()) for w, a in
                               zip(e["uses_wheelchair"], e["mobility_aids"], strict=True)],
                              dtype=bool),
        home_visits_only=_bools(e["home_visits_only"]),
        prefers_sex=np.array([_sex_code(x) for x in e["prefers_sex"]], dtype=np.int8),
        max_km=np.array([_km_or_nan(x) for x in e["max_distance_km"]], dtype=np.float64),
        waiting=np.array([waiting_status is None or x == waiting_status for x in e["status"]],
                         dtype=bool),
    )
    f = _attributes(fr, ("id", "last_name", "first_name", "availability", "skills",
                         "interests", "languages", "comune", "has_pets", "smoker",
                         "smokers_at_home", "hosts_at_home", "home_accessible", "has_car",
                         "has_driving_licence", "sex", "max_distance_km", "capacity", "status"))
    f_names = ([_name(r) for r in fr] if fosterer_names is None else fosterer_names)
    f_ids = f["id"]
    rank_order = sorted(range(len(fr)), key=lambda k: (fold(f_names[k]), f_ids[k]))
    name_rank = np.empty(len(fr), dtype=np.int64)
    name_rank[rank_order] = np.arange(len(fr))
    fosterers = FostererArrays(
        ids=np.array(f_ids, dtype=np.int64),
        availability=_ints(f["availability"]),
        skills=_ints(f["skills"]),
        interests=_ints(f["interests"]),
        languages=_ints(f["languages"]),
        comune=np.array([code.get(c, -1) for c in f["comune"]], dtype=np.int64),
        has_pets=_bools(f["has_pets"]),
        smoker=_bools(f["smoker"]),
        smokers_at_home=_bools(f["smokers_at_home"]),
        hosts_at_home=_bools(f["hosts_at_home"]),
        home_accessible=_bools(f["home_accessible"]),
        has_car=_bools(f["has_car"]),
        has_licence=_bools(f["has_driving_licence"]),
        sex=np.array([_sex_code(x) for x in f["sex"]], dtype=np.int8),
        max_km=np.array([_km_or_nan(x) for x in f["max_distance_km"]], dtype=np.float64),
        capacity=_ints(f["capacity"]),
        open_count=np.array([open_counts.get(i, 0) for i in f_ids], dtype=np.int64),
        approved=np.array([approved_status is None or x == approved_status
                           for x in f["status"]], dtype=bool),
        name_rank=name_rank,
    )
    return Population(elders=elders, fosterers=fosterers, comune_km=km, comuni=tuple(names),
                      comune_known=known, incompatible=list(incompatible),
                      open_pairs=list(open_pairs))


def _load(s, *, elder_id: int | None) -> _Loaded:
    """Everything the engine needs, in five queries: the elder(s), the approved fosterers,
    their open matches (counted by fosterer), earlier incompatibilities, open pairs."""
    from sqlalchemy import func, select

    from affido_app.db.models import Elder, Fosterer, Match
    from affido_app.domain import lifecycle
    from affido_app.domain.enums import (
        ElderStatus,
        FostererStatus,
        MatchCloseReason,
        MatchStatus,
    )

    open_statuses = list(lifecycle.MATCH_OPEN)
    if elder_id is None:
        elder_filter = Elder.status == ElderStatus.WAITING
        elder_rows = s.execute(select(*_elder_columns()).where(elder_filter)
                               .order_by(Elder.id)).all()
        pair_scope = Match.elder_id.in_(select(Elder.id).where(elder_filter))
    else:
        elder_rows = s.execute(select(*_elder_columns()).where(Elder.id == elder_id)).all()
        pair_scope = Match.elder_id == elder_id
    # the fosterers as stored (codes, 0/1): no per-value type conversion of thousands of rows;
    # build_population reads codes and flags either way
    fosterer_rows = s.connection().execute(
        select(*_stored(_fosterer_columns())).where(Fosterer.status == FostererStatus.APPROVED)
        .order_by(Fosterer.id)
    ).all()
    open_counts = dict(s.execute(
        select(Match.fosterer_id, func.count()).where(Match.status.in_(open_statuses))
        .group_by(Match.fosterer_id)
    ).all())
    incompatible = s.execute(
        select(Match.elder_id, Match.fosterer_id).where(
            pair_scope, Match.status == MatchStatus.CLOSED,
            Match.close_reason == MatchCloseReason.INCOMPATIBILITY.value,
        ).distinct()
    ).all()
    open_pairs = s.execute(
        select(Match.elder_id, Match.fosterer_id)
        .where(pair_scope, Match.status.in_(open_statuses)).distinct()
    ).all()
    fosterer_names = [_name(r) for r in fosterer_rows]
    pop = build_population(
        elder_rows, fosterer_rows, open_counts=open_counts, fosterer_names=fosterer_names,
        incompatible=[tuple(p) for p in incompatible], open_pairs=[tuple(p) for p in open_pairs],
        waiting_status=ElderStatus.WAITING, approved_status=FostererStatus.APPROVED,
    )
    return _Loaded(pop=pop, elder_rows=list(elder_rows), fosterer_rows=list(fosterer_rows),
                   fosterer_names=fosterer_names)


def _require_read(actor) -> None:
    from affido_app.domain.permissions import Action, Resource

    actor.require(Action.READ, Resource.MATCH)
    actor.require(Action.READ, Resource.FOSTERER)


def _points(parts: Mapping[str, np.ndarray], k: int) -> dict[str, float]:
    return {name: float(parts[name][k]) for name in PARTS}


def suggest(s, actor, elder_id: int, *, top: int = 10,
            weights: Weights | None = None) -> Suggestions:
    """The fosterers best suited to a waiting elder (``top=0``: every compatible one), best
    first, and the approved fosterers excluded with their reasons."""
    from affido_app.db.models import Elder
    from affido_app.domain.enums import AuditAction, ElderStatus
    from affido_app.domain.permissions import Action, Resource, can
    from affido_app.errors import NotFound, ValidationError
    from affido_app.matching.weights import load_weights
    from affido_app.services.audit import audit

    _require_read(actor)
    if top < 0:
        raise ValidationError({"top": "Il numero di proposte non può essere negativo."})
    weights = weights or load_weights(s)
    data = _load(s, elder_id=elder_id)
    if not data.elder_rows:
        raise NotFound("L'anziano non esiste (o è stato rimosso).")
    elder = data.elder_rows[0]
    if elder.status != ElderStatus.WAITING:
        raise ValidationError({"elder_id": (
            "L'anziano non è in attesa di abbinamento "
            f"(stato attuale: «{ElderStatus(elder.status).label}»).")})
    pop = data.pop
    ranking = rank(pop, weights, 0, top=top, details=True)
    ev = ranking.evaluation
    assert ev.parts is not None and ev.hard is not None
    candidates = []
    for j in ranking.order.tolist():
        row = data.fosterer_rows[j]
        candidates.append(Candidate(
            fosterer_id=row.id, name=data.fosterer_names[j], comune=row.comune,
            score=float(ev.score[0, j]), parts=_points({n: p[0] for n, p in ev.parts.items()},
                                                       j),
            explanations=explain(pop, weights, 0, j),
        ))
    sensitive = can(actor.role, Action.READ_SENSITIVE, Resource.ELDER)
    excluded = []
    shown_health = False
    out_idx = np.flatnonzero(~ev.feasible[0])
    for j in sorted(out_idx.tolist(), key=lambda k: int(pop.fosterers.name_rank[k])):
        row = data.fosterer_rows[j]
        reasons = reasons_for(pop, ev, (0, j), 0, j, sensitive=sensitive)
        shown_health |= sensitive and any(ev.hard[c][0, j] for c in SENSITIVE_REASONS)
        excluded.append(Excluded(fosterer_id=row.id, name=data.fosterer_names[j],
                                 comune=row.comune, reasons=tuple(reasons)))
    if shown_health:  # reasons drawn from health data: the read is recorded
        audit(s, actor.id, AuditAction.READ, Elder.__tablename__, elder_id, elder_id=elder_id,
              detail={"fields": "sensitive", "purpose": "matching"})
    notes = []
    if len(pop._open):
        notes.append("L'anziano ha già un abbinamento aperto: una nuova proposta sarà possibile "
                     "solo dopo averlo concluso.")
    return Suggestions(elder_id=elder_id, elder_name=_name(elder), candidates=tuple(candidates),
                       excluded=tuple(excluded), feasible_count=ranking.feasible_count,
                       weights=weights, notes=tuple(notes))


def plan(s, actor, *, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, weights: Weights | None = None) -> Plan:
    """The assignment of every waiting elder (without an open match) to the approved fosterers
    with room that maximises the total score."""
    from affido_app.matching.weights import load_weights

    _require_read(actor)
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(0, "Caricamento dei dati")
    weights = weights or load_weights(s)
    data = _load(s, elder_id=None)
    pop = data.pop
    busy = np.zeros(len(pop.elders), dtype=bool)
    busy[pop._open[:, 0]] = True
    rows = np.flatnonzero(pop.elders.waiting & ~busy)
    result = solve(pop, weights, elders=rows, progress=progress, cancelled=cancelled)
    pairs = []
    for k, (i, j) in enumerate(zip(result.elders.tolist(), result.fosterers.tolist(),
                                   strict=True)):
        pairs.append(PlannedPair(
            elder_id=int(pop.elders.ids[i]), elder_name=_name(data.elder_rows[i]),
            fosterer_id=int(pop.fosterers.ids[j]), fosterer_name=data.fosterer_names[j],
            score=float(result.scores[k]), parts=_points(result.parts, k),
            explanations=explain(pop, weights, i, j),
        ))
    matched = set(result.elders.tolist())
    unmatched = tuple(
        UnmatchedElder(int(pop.elders.ids[i]), _name(data.elder_rows[i]),
                       _TAKEN if has else _NO_OPTION)
        for i, has in zip(result.candidates.tolist(), result.has_option.tolist(), strict=True)
        if i not in matched
    )
    skipped = tuple(int(x) for x in pop.elders.ids[busy])
    return Plan(pairs=tuple(pairs), total=result.total, unmatched=unmatched, skipped=skipped,
                weights=weights)
