"""How much each soft criterion of the matching counts, and the hard distance limit.

The six weights are relative (any non-negative numbers, not all zero): the engine turns them into
shares of 100 points, so a compatibility score is always 0–100 and its parts add up to it. They are
kept in the office's settings as one JSON object under ``matching.weights``; the hard limit on the
distance is the setting ``matching.max_distance_km``.

``matching.weights`` is not yet in :data:`affido_app.services.settings.REGISTRY`: until it is,
:func:`load_weights` reads the stored row directly (defaults when absent) and :func:`save_weights`
refuses to store the weights with a clear message (the distance limit, registered, is saved).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from affido_app.errors import Conflict, ValidationError

log = logging.getLogger(__name__)

SETTING_KEY = "matching.weights"
DISTANCE_SETTING_KEY = "matching.max_distance_km"
DEFAULT_MAX_DISTANCE_KM = 15

#: the soft criteria, in the order the engine and the interface show them
PARTS: tuple[str, ...] = ("distance", "times", "needs", "interests", "language", "preferences")

PART_LABELS: dict[str, str] = {
    "distance": "Distanza",
    "times": "Giorni e orari in comune",
    "needs": "Bisogni coperti",
    "interests": "Interessi in comune",
    "language": "Lingua o dialetto",
    "preferences": "Preferenze espresse",
}

#: what the settings registry should hold for ``matching.weights`` (its default value)
DEFAULT_WEIGHTS: dict[str, float] = {
    "distance": 25.0,
    "times": 25.0,
    "needs": 25.0,
    "interests": 10.0,
    "language": 5.0,
    "preferences": 10.0,
}

#: a weight above this is surely a typing error (weights are relative: 0–1000 is plenty)
MAX_WEIGHT = 1000.0
#: the hard distance limit stays within what the people's forms accept
MAX_DISTANCE_LIMIT_KM = 200


@dataclass(frozen=True)
class Weights:
    """Relative weights of the soft criteria, and the hard distance limit in km."""

    distance: float = DEFAULT_WEIGHTS["distance"]
    times: float = DEFAULT_WEIGHTS["times"]
    needs: float = DEFAULT_WEIGHTS["needs"]
    interests: float = DEFAULT_WEIGHTS["interests"]
    language: float = DEFAULT_WEIGHTS["language"]
    preferences: float = DEFAULT_WEIGHTS["preferences"]
    max_distance_km: float = float(DEFAULT_MAX_DISTANCE_KM)

    def __post_init__(self) -> None:
        errors = weight_errors({n: getattr(self, n) for n in PARTS})
        errors.update(_distance_errors(self.max_distance_km))
        if errors:
            raise ValidationError(errors)
        for name in (*PARTS, "max_distance_km"):  # plain floats, whatever was given
            object.__setattr__(self, name, float(getattr(self, name)))

    def as_dict(self) -> dict[str, float]:
        """The six weights (without the distance limit): what ``matching.weights`` stores."""
        return {n: getattr(self, n) for n in PARTS}

    def shares(self) -> dict[str, float]:
        """Each criterion's share of the 100 points (they add up to 100)."""
        total = math.fsum(self.as_dict().values())
        return {n: 100.0 * getattr(self, n) / total for n in PARTS}

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any],
                     max_distance_km: float | None = None) -> Weights:
        """Weights from a (possibly partial) mapping; missing criteria take their default."""
        unknown = sorted(set(values) - {f.name for f in fields(cls)})
        if unknown:
            raise ValidationError({n: "Criterio sconosciuto." for n in unknown})
        data = {**DEFAULT_WEIGHTS, **{k: v for k, v in values.items() if k in PARTS}}
        limit = values.get("max_distance_km", max_distance_km)
        if limit is None:
            limit = DEFAULT_MAX_DISTANCE_KM
        return cls(**data, max_distance_km=limit)


def weight_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """field → Italian message for every invalid weight (empty: all valid)."""
    errors: dict[str, str] = {}
    total = 0.0
    for name, value in values.items():
        label = PART_LABELS.get(name, name)
        if not _is_number(value):
            errors[name] = f"Peso di «{label}»: indicare un numero."
        elif not 0 <= value <= MAX_WEIGHT:
            errors[name] = f"Peso di «{label}»: deve essere tra 0 e {MAX_WEIGHT:.0f}."
        else:
            total += float(value)
    if not errors and total <= 0:
        errors["weights"] = "Almeno un criterio deve avere un peso maggiore di zero."
    return errors


def _distance_errors(value: Any) -> dict[str, str]:
    if not _is_number(value) or not 0 <= value <= MAX_DISTANCE_LIMIT_KM:
        return {"max_distance_km": "Distanza massima: indicare un numero di km tra 0 e "
                                   f"{MAX_DISTANCE_LIMIT_KM}."}
    return {}


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


# --- settings ------------------------------------------------------------------------------------

def load_weights(s: Session) -> Weights:
    """The office's weights; defaults for what is not stored (or stored wrong, logged)."""
    from affido_app.db.models import AppSetting

    row = s.get(AppSetting, SETTING_KEY)
    stored = row.value if row is not None else None
    values: dict[str, float] = {}
    if isinstance(stored, Mapping):
        for name in PARTS:
            value = stored.get(name)
            if value is None:
                continue
            if weight_errors({name: value}).get(name):
                log.warning("matching.weights: invalid value for %s ignored", name)
                continue
            values[name] = float(value)
    elif stored is not None:
        log.warning("matching.weights: not an object, defaults used")
    if values and weight_errors({**DEFAULT_WEIGHTS, **values}):  # all zero: unusable
        log.warning("matching.weights: every weight is zero, defaults used")
        values = {}
    limit = _load_distance(s)
    return Weights(**{**DEFAULT_WEIGHTS, **values}, max_distance_km=limit)


def _load_distance(s: Session) -> float:
    from affido_app.services.settings import REGISTRY, get_setting

    if DISTANCE_SETTING_KEY in REGISTRY:
        value = get_setting(s, DISTANCE_SETTING_KEY)
    else:  # pragma: no cover - the key is registered
        value = DEFAULT_MAX_DISTANCE_KM
    if _distance_errors(value):
        log.warning("matching.max_distance_km: invalid value, default used")
        return float(DEFAULT_MAX_DISTANCE_KM)
    return float(value)


def save_weights(s: Session, actor, weights: Weights) -> None:
    """Store the weights and the distance limit (administrators: Action.UPDATE on SETTINGS).

    Both go through :func:`affido_app.services.settings.set_setting` (permission, validation,
    audit). While ``matching.weights`` is missing from the settings registry nothing is stored
    and :class:`~affido_app.errors.Conflict` says so.
    """
    from affido_app.domain.permissions import Action, Resource
    from affido_app.services.settings import REGISTRY, set_setting

    actor.require(Action.UPDATE, Resource.SETTINGS)
    if not isinstance(weights, Weights):
        raise ValidationError({"weights": "Pesi non validi."})
    limit = weights.max_distance_km
    if limit != int(limit):
        raise ValidationError({"max_distance_km": "Distanza massima: indicare un numero intero "
                                                  "di km."})
    if SETTING_KEY not in REGISTRY:
        raise Conflict("I pesi dei criteri di abbinamento non si possono ancora salvare: "
                       "l'impostazione non è prevista da questa versione.")
    set_setting(s, actor, SETTING_KEY, weights.as_dict())
    set_setting(s, actor, DISTANCE_SETTING_KEY, int(limit))


def weights_as_json(weights: Weights) -> dict[str, float]:
    """Every field, for reports and the command line."""
    return asdict(weights)
