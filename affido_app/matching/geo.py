"""Where the comuni are, and how far apart: great-circle distances between comuni. No Qt.

Coordinates come from ``resources/comuni/comuni_coords.csv`` (GeoNames data, CC BY 4.0,
"GeoNames, geonames.org"; see ``resources/comuni/SOURCE.md``), read once on first use, also
inside a PyInstaller bundle. A comune is found by its name whatever the case, accents or
apostrophes ("Collegno", "collegno", "Sant’Ambrogio di Torino"), optionally followed by its
province ("Rivoli (TO)", which also tells apart the few comuni sharing a name). A name the table
does not know is unknown: NaN coordinates, no distance, never a guess.

Not imported at start-up: only the matching uses it.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from affido_app.config import resource_dir
from affido_app.domain.text import fold

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
CSV_NAME = "comuni_coords.csv"

_PROVINCE_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<province>[a-z]{2})\)$")
_SEPARATORS = re.compile(r"[\W_]+")


def data_dir() -> Path:
    """resources/comuni of the source tree, or of the PyInstaller bundle when frozen."""
    return resource_dir("comuni")


def _key(name: str) -> str:
    """"Sant’Ambrogio  di Torino" → "sant ambrogio di torino"."""
    return _SEPARATORS.sub(" ", fold(name)).strip()


@dataclass(frozen=True)
class _Table:
    codes: tuple[str, ...]
    names: tuple[str, ...]
    provinces: tuple[str, ...]
    coords: np.ndarray  # (n, 2) latitude, longitude in degrees
    by_name: dict[str, tuple[int, ...]]
    by_code: dict[str, int]


@functools.cache
def _table() -> _Table:
    path = data_dir() / CSV_NAME
    codes, names, provinces, coords = [], [], [], []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.append(row["codice_catastale"])
            names.append(row["name"])
            provinces.append(row["province"])
            coords.append((float(row["lat"]), float(row["lon"])))
    by_name: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        by_name.setdefault(_key(name), []).append(i)
    array = np.array(coords, dtype=float).reshape(-1, 2)
    array.setflags(write=False)
    return _Table(tuple(codes), tuple(names), tuple(provinces), array,
                  {k: tuple(v) for k, v in by_name.items()},
                  {c: i for i, c in enumerate(codes)})


@functools.lru_cache(maxsize=4096)
def _row(name: str) -> int | None:
    """Row of the table for a comune name, or None when unknown (or ambiguous)."""
    folded = fold(name)
    province = None
    m = _PROVINCE_SUFFIX.match(folded)
    if m:
        folded, province = m["name"], m["province"].upper()
    table = _table()
    rows = table.by_name.get(_key(folded), ())
    if province:
        rows = tuple(i for i in rows if table.provinces[i] == province)
    if len(rows) == 1:
        return rows[0]
    # several comuni with this name (the app's canonical one wins), or another spelling of a
    # comune (e.g. its German name): ask the list of comuni for its codice catastale
    code = _code(name)
    row = table.by_code.get(code) if code else None
    if row is not None and province and table.provinces[row] != province:
        return None  # "Rivoli (MI)": no such comune
    return row


def _code(name: str) -> str | None:
    """Codice catastale of a comune name, from the full list of comuni (with or without
    coordinates), or None."""
    from affido_app.domain.comuni import lookup

    found = lookup(name)
    return found[2] if found else None


def known(name: str | None) -> bool:
    """Whether the comune has coordinates."""
    return bool(name and name.strip()) and _row(name) is not None


def coordinates(names: Sequence[str | None]) -> np.ndarray:
    """(n, 2) latitude and longitude in degrees of each comune; NaN for an unknown name."""
    table = _table()
    out = np.full((len(names), 2), np.nan)
    for i, name in enumerate(names):
        row = _row(name) if name and name.strip() else None
        if row is not None:
            out[i] = table.coords[row]
    return out


def distance_matrix(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Great-circle (haversine) distance in km between every row point and every column point.

    ``rows`` is (n, 2) and ``cols`` (m, 2), latitude and longitude in degrees; the result is
    (n, m). A NaN coordinate gives NaN distances.
    """
    a = np.radians(np.asarray(rows, dtype=float).reshape(-1, 2))
    b = np.radians(np.asarray(cols, dtype=float).reshape(-1, 2))
    lat1, lon1 = a[:, 0:1], a[:, 1:2]  # (n, 1)
    lat2, lon2 = b[:, 0][np.newaxis, :], b[:, 1][np.newaxis, :]  # (1, m)
    h = (np.sin((lat2 - lat1) / 2.0) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2.0) ** 2)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def distance_km(a: str | None, b: str | None) -> float | None:
    """Distance in km between two comuni: 0.0 for the same comune (even one without
    coordinates), None when either is unknown."""
    if not (a and a.strip() and b and b.strip()):
        return None
    ra, rb = _row(a), _row(b)
    if ra is not None and ra == rb:
        return 0.0
    if ra is None or rb is None:
        code = _code(a)
        return 0.0 if code is not None and code == _code(b) else None
    table = _table()
    return float(distance_matrix(table.coords[[ra]], table.coords[[rb]])[0, 0])
