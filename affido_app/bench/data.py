"""The benchmark's own data: a small demo database (staff, courses, pairs, supervision, built by
:func:`affido_app.services.demo.build_demo` through the services) topped up in bulk with
invented people, so that the registry holds ``people`` elders with their history and matching
has ``match_elders`` waiting elders and ``match_fosterers`` approved fosterers with room.

The bulk part goes through SQLAlchemy Core ``executemany`` on the ORM's tables (the FTS
triggers keep the search index in step, as for people entered by hand): tens of thousands of
rows a second where the services would manage a few hundred. Names are Italian, drawn from
Faker's it_IT lists (with accents: Nicolò, Giosuè, Cantù…) so that accent-insensitive search is
exercised. Nothing here is real personal data; the database is encrypted like a real one and
lives in a temporary folder that the runner removes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from affido_app.config import DEFAULT_DISTRICT_COMUNI
from affido_app.db.migrate import Database
from affido_app.domain.enums import ConsentScope, ElderStatus, FostererStatus
from affido_app.domain.text import search_text

#: accented surnames and names added to Faker's lists (more of them than in real life, so the
#: search benchmark meets them often)
ACCENTED_LAST = ("Cantù", "Pirrò", "Murrù", "Mainò", "Fallò", "Nicolò", "Donà", "Foà",
                 "Segrè", "Boldù", "Cassarà", "Almagià", "Bellò", "Berrè", "Dallapé")
ACCENTED_FIRST = ("Nicolò", "Niccolò", "Giosuè", "Noè", "Mosè", "Zoè", "Thomàs")
STREETS = ("Via Roma", "Corso Francia", "Via Piave", "Via Garibaldi", "Via Cavour",
           "Corso Torino", "Via Mazzini", "Via Rivoli", "Via Gramsci", "Piazza Martiri")
RELATIONS = ("figlia", "figlio", "nipote", "vicina di casa", "amica")
_CF_MONTHS = "ABCDEHLMPRST"
_CONSONANTS = set("BCDFGHJKLMNPQRSTVWXYZ")


@dataclass(frozen=True)
class BenchSize:
    """How much data: ``people`` elders in the registry (of which ``match_elders`` waiting),
    ``match_fosterers`` approved fosterers, the demo part's size."""

    people: int
    match_elders: int
    match_fosterers: int
    demo_elders: int = 40
    demo_fosterers: int = 30
    seed: int = 9


FULL = BenchSize(people=100_000, match_elders=5_000, match_fosterers=5_000)
QUICK = BenchSize(people=2_000, match_elders=200, match_fosterers=200, demo_elders=10,
                  demo_fosterers=8)


def _names():
    from faker.providers.person.it_IT import Provider

    last = list(dict.fromkeys(Provider.last_names)) + list(ACCENTED_LAST) * 4
    male = list(dict.fromkeys(Provider.first_names_male)) + list(ACCENTED_FIRST[:5]) * 3
    female = list(dict.fromkeys(Provider.first_names_female)) + ["Zoè"] * 3
    return last, male, female


def _letters(name: str) -> str:
    from affido_app.domain.text import fold

    plain = "".join(c for c in fold(name).upper() if c.isalpha())
    cons = [c for c in plain if c in _CONSONANTS]
    vow = [c for c in plain if c not in _CONSONANTS]
    return ("".join(cons + vow) + "XXX")[:3]


def _codice_fiscale(last: str, first: str, born: dt.date, female: bool, serial: int) -> str:
    """A codice fiscale shaped like a real one (letters from the names, birth date and sex); the
    place code carries a serial so that every one is unique."""
    day = born.day + (40 if female else 0)
    place = "Z" + f"{serial % 1000:03d}"  # not a real comune code: invented people
    return (f"{_letters(last)}{_letters(first)}{born.year % 100:02d}"
            f"{_CF_MONTHS[born.month - 1]}{day:02d}{place}"
            f"{chr(65 + serial // 1000 % 26)}")


def build(db: Database, size: BenchSize, today: dt.date,
          progress: Callable[[str], None]) -> dict[str, int]:
    """Fill an empty, migrated database; returns what is there (for the report)."""
    from affido_app.services.demo import DemoSpec, build_demo

    progress(f"dati: database dimostrativo ({size.demo_elders} anziani, "
             f"{size.demo_fosterers} affidatari)")
    build_demo(db, DemoSpec(size.demo_elders, size.demo_fosterers, seed=size.seed, today=today))
    gen = _Bulk(db, size, today, progress)
    return gen.run()


class _Bulk:
    def __init__(self, db: Database, size: BenchSize, today: dt.date,
                 progress: Callable[[str], None]):
        self.db, self.size, self.today, self.progress = db, size, today, progress
        self.rng = random.Random(size.seed)
        self.last, self.male, self.female = _names()
        self.serial = 0

    def run(self) -> dict[str, int]:
        from affido_app.db.models import Elder, Fosterer, StaffUser

        with self.db.sessions() as s:
            self.staff = list(s.scalars(select(StaffUser.id)))
            elders = s.scalar(select(func.count()).select_from(Elder))
            waiting = s.scalar(select(func.count()).where(Elder.status == ElderStatus.WAITING))
            approved = s.scalar(select(func.count()).where(
                Fosterer.status == FostererStatus.APPROVED))
        more_waiting = max(0, self.size.match_elders - waiting)
        more_elders = max(more_waiting, self.size.people - elders)
        more_fosterers = max(0, self.size.match_fosterers - approved)
        self.progress(f"dati: {more_elders:n} anziani con la loro storia")
        done = 0
        while done < more_elders:
            n = min(10_000, more_elders - done)
            waiting_here = max(0, min(n, more_waiting - done))
            self._elders(n, waiting_here)
            done += n
        self.progress(f"dati: {more_fosterers:n} affidatari idonei")
        self._fosterers(more_fosterers)
        with self.db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE") if self.db.dialect == "sqlite" else None
        with self.db.sessions() as s:
            return {
                "anziani": s.scalar(select(func.count()).select_from(Elder)),
                "anziani in attesa": s.scalar(select(func.count()).where(
                    Elder.status == ElderStatus.WAITING)),
                "affidatari idonei": s.scalar(select(func.count()).where(
                    Fosterer.status == FostererStatus.APPROVED)),
            }

    # --- people ---

    def _person(self, old: bool) -> dict:
        r = self.rng
        female = r.random() < (0.66 if old else 0.6)
        first = r.choice(self.female if female else self.male)
        last = r.choice(self.last)
        years = r.randint(67, 96) if old else r.randint(25, 72)
        born = self.today - dt.timedelta(days=365 * years + r.randint(0, 364))
        comune = r.choice(DEFAULT_DISTRICT_COMUNI)
        self.serial += 1
        cf = _codice_fiscale(last, first, born, female, self.serial) if r.random() < 0.9 else None
        phone = f"011 9{r.randint(10, 99)} {r.randint(1000, 9999)}" if r.random() < 0.7 else None
        mobile = (f"3{r.randint(20, 92)} {r.randint(100, 999)} {r.randint(1000, 9999)}"
                  if r.random() < 0.6 else None)
        return {
            "last_name": last, "first_name": first, "sex": "F" if female else "M",
            "birth_date": born, "codice_fiscale": cf, "comune": comune,
            "address": f"{r.choice(STREETS)} {r.randint(1, 180)}", "phone": phone,
            "mobile": mobile, "availability": r.getrandbits(21) & r.getrandbits(21),
            "interests": r.getrandbits(12) & r.getrandbits(12), "languages": 1 | (
                2 if r.random() < 0.3 else 0),
            "smoker": r.random() < 0.15, "has_pets": r.random() < 0.25,
            "search_text": search_text(last, first, cf, phone, mobile, comune),
        }

    def _elders(self, n: int, waiting: int) -> None:
        from affido_app.db.models import Consent, Elder, ElderContact, ElderEvent

        r, today = self.rng, self.today
        rows, plans = [], []
        for k in range(n):
            row = self._person(old=True)
            referred = today - dt.timedelta(days=r.randint(1, 3650))
            steps = [(ElderStatus.REFERRED, referred)]
            if k < waiting:
                target = ElderStatus.WAITING
            else:
                target = r.choices((ElderStatus.REFERRED, ElderStatus.ASSESSED,
                                    ElderStatus.CLOSED, ElderStatus.SUSPENDED), (5, 10, 80, 5))[0]
            day = referred
            if target != ElderStatus.REFERRED:
                day = min(today, day + dt.timedelta(days=r.randint(2, 30)))
                steps.append((ElderStatus.ASSESSED, day))
            if target in (ElderStatus.WAITING, ElderStatus.CLOSED, ElderStatus.SUSPENDED):
                day = min(today, day + dt.timedelta(days=r.randint(0, 10)))
                steps.append((ElderStatus.WAITING, day))
            if target in (ElderStatus.CLOSED, ElderStatus.SUSPENDED):
                day = min(today, day + dt.timedelta(days=r.randint(10, 900)))
                steps.append((target, day))
            row.update(
                status=target, status_since=steps[-1][1], referral_date=referred,
                intake_date=steps[1][1] if len(steps) > 1 else None,
                end_reason=(r.choice(("died", "care_home", "withdrew", "goals_reached"))
                            if target == ElderStatus.CLOSED else None),
                suspended_until=(today + dt.timedelta(days=r.randint(5, 60))
                                 if target == ElderStatus.SUSPENDED else None),
                needs=(1 | r.getrandbits(9) & r.getrandbits(9)),
                fragility_relational=r.randint(0, 3), fragility_physical=r.randint(0, 3),
                fragility_psychological=r.randint(0, 3),
                allergic_to_pets=r.random() < 0.08, accepts_smokers=r.random() < 0.6,
                home_visits_only=r.random() < 0.3, uses_wheelchair=r.random() < 0.05,
                max_distance_km=r.choice((None, None, 5, 10, 20)),
                referred_by_id=r.choice(self.staff),
            )
            rows.append(row)
            plans.append(steps)
        with self.db.engine.begin() as conn:
            first_id = (conn.scalar(select(func.coalesce(func.max(Elder.id), 0))) or 0) + 1
            conn.execute(insert(Elder), rows)
            ids = list(conn.scalars(select(Elder.id).where(Elder.id >= first_id)
                                    .order_by(Elder.id)))
            events, contacts, consents = [], [], []
            for eid, steps in zip(ids, plans, strict=True):
                previous = None
                for status, day in steps:
                    events.append({"elder_id": eid, "occurred_on": day,
                                   "from_status": previous, "to_status": status.value,
                                   "reason": "died" if status == ElderStatus.CLOSED else None,
                                   "until": None, "author_id": r.choice(self.staff)})
                    previous = status.value
                for c in range(r.choice((0, 1, 1, 2))):
                    contacts.append({
                        "elder_id": eid, "name": f"{r.choice(self.female)} {r.choice(self.last)}",
                        "relation": r.choice(RELATIONS), "is_primary": c == 0,
                        "phone": f"3{r.randint(20, 92)} {r.randint(100, 999)} "
                                 f"{r.randint(1000, 9999)}"})
                if len(steps) > 1:
                    consents.append({"elder_id": eid, "scope": ConsentScope.DATA_PROCESSING,
                                     "given_on": steps[0][1],
                                     "recorded_by_id": r.choice(self.staff)})
            conn.execute(insert(ElderEvent), events)
            if contacts:
                conn.execute(insert(ElderContact), contacts)
            if consents:
                conn.execute(insert(Consent), consents)

    def _fosterers(self, n: int) -> None:
        from affido_app.db.models import Fosterer, FostererEvent

        if n <= 0:
            return
        r, today = self.rng, self.today
        rows = []
        for _ in range(n):
            row = self._person(old=False)
            applied = today - dt.timedelta(days=r.randint(120, 2000))
            approved = applied + dt.timedelta(days=r.randint(60, 110))
            hosts = r.random() < 0.5
            row.update(
                status=FostererStatus.APPROVED, status_since=approved, application_date=applied,
                approval_date=approved, skills=1 | r.getrandbits(9), has_car=r.random() < 0.7,
                has_driving_licence=r.random() < 0.8, hosts_at_home=hosts,
                home_accessible=hosts and r.random() < 0.5,
                smokers_at_home=r.random() < 0.1, capacity=1,
                max_distance_km=r.choice((None, 10, 15, 25)),
                occupation=r.choice(("Pensionata", "Insegnante", "Impiegato", "Infermiera")),
            )
            rows.append(row)
        with self.db.engine.begin() as conn:
            first_id = (conn.scalar(select(func.coalesce(func.max(Fosterer.id), 0))) or 0) + 1
            conn.execute(insert(Fosterer), rows)
            ids = list(conn.scalars(select(Fosterer.id).where(Fosterer.id >= first_id)
                                    .order_by(Fosterer.id)))
            events = []
            for fid, row in zip(ids, rows, strict=True):
                events += [
                    {"fosterer_id": fid, "occurred_on": row["application_date"],
                     "from_status": None, "to_status": FostererStatus.APPLICATION.value},
                    {"fosterer_id": fid, "occurred_on": row["approval_date"],
                     "from_status": FostererStatus.APPLICATION.value,
                     "to_status": FostererStatus.APPROVED.value},
                ]
            conn.execute(insert(FostererEvent), events)
