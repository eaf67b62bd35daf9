"""A realistic demo database: invented people, two years of the programme's life.

Everything goes through the services, as an office would have entered it: validation, life
cycles, events and audit rows are the real ones. Names come from Faker (it_IT), codici fiscali
match each person's birth data, addresses are in the district's comuni. The same seed gives the
same people and the same history (dates are relative to the day the database is built).

Demo accounts (see :data:`DEMO_ACCOUNTS`) cover every role.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from affido_app.config import DEFAULT_DISTRICT_COMUNI, DEMO_PASSWORD
from affido_app.db.migrate import Database
from affido_app.domain.enums import (
    TIME_SLOTS,
    WEEKDAYS,
    AttendanceStatus,
    ConsentScope,
    DocumentKind,
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    Interest,
    InterviewKind,
    InterviewOutcome,
    LivingSituation,
    MatchCloseReason,
    MatchStatus,
    MeetingPlace,
    Need,
    NetworkStrength,
    Role,
    SupervisionKind,
)
from affido_app.services import consents, expenses, interviews, matches, people, staff, training
from affido_app.services import supervision as sup
from affido_app.services.context import Actor

DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "Elena Ferraris", Role.ADMIN),
    ("coordinatore", "Marco Bertolino", Role.COORDINATOR),
    ("psicologa", "Giulia Rinaldi", Role.PSYCHOLOGIST),
    ("assistente", "Francesca Gallo", Role.SOCIAL_WORKER),
    ("lettore", "Davide Operti", Role.READ_ONLY),
    ("psicologo2", "Stefano Actis", Role.PSYCHOLOGIST),
    ("assistente2", "Chiara Mollo", Role.SOCIAL_WORKER),
)

BIRTHPLACES_NORTH = ("Torino", "Rivoli", "Collegno", "Grugliasco", "Alpignano", "Pinerolo",
                     "Susa", "Avigliana", "Chieri", "Moncalieri", "Asti", "Cuneo")
BIRTHPLACES_SOUTH = ("Palermo", "Catania", "Reggio di Calabria", "Bari", "Napoli", "Foggia",
                     "Cosenza", "Lecce", "Agrigento", "Matera")
STREETS = ("Via Roma", "Corso Francia", "Via Piave", "Via Garibaldi", "Via Cavour",
           "Corso Torino", "Via Mazzini", "Via Alpignano", "Via Rivoli", "Via Leumann",
           "Via Gramsci", "Piazza Martiri", "Via Susa", "Via Pianezza", "Corso Allamano")
MOBILE_PREFIXES = ("320", "328", "329", "333", "334", "338", "339", "340", "347", "348", "349",
                   "366", "380", "388", "392")
CAP = {"Alpignano": "10091", "Buttigliera Alta": "10090", "Collegno": "10093",
       "Grugliasco": "10095", "Rivoli": "10098", "Rosta": "10090", "Villarbasse": "10090"}
TOPICS = ("Il progetto «Mi affido a te» e il ruolo dell'affidatario",
          "L'invecchiamento: bisogni e risorse della persona anziana",
          "Comunicare con l'anziano: ascolto ed empatia",
          "Fragilità, salute e segnali a cui fare attenzione",
          "La rete dei servizi del territorio",
          "Confini, responsabilità e tutela reciproca")
TRAINERS = ("Dott.ssa Giulia Rinaldi", "Dott. Stefano Actis", "Francesca Gallo (A.S.)",
            "Dott.ssa Laura Chiesa (ASL TO3)")
PLACES = ("Sala riunioni del Consorzio, Rivoli", "Casa del Quartiere, Collegno",
          "Biblioteca civica, Grugliasco")


#: the same number for each sex: the random sequence does not depend on it
OCCUPATIONS = {
    "F": ("Pensionata", "Pensionata", "Impiegata", "Insegnante", "Casalinga",
          "Infermiera in pensione", "Commerciante", "Studentessa universitaria", "Operaia",
          "Artigiana"),
    "M": ("Pensionato", "Pensionato", "Impiegato", "Insegnante", "Autista in pensione",
          "Infermiere in pensione", "Commerciante", "Studente universitario", "Operaio",
          "Artigiano"),
}


@dataclass(frozen=True)
class DemoSpec:
    elders: int = 300
    fosterers: int = 200
    seed: int = 1
    today: dt.date = field(default_factory=dt.date.today)
    #: every demo account's password (public, shown on the demo login screen); None: none
    password: str | None = DEMO_PASSWORD


@dataclass
class _Fost:
    id: int
    capacity: int
    approved_on: dt.date | None = None
    busy: list[dt.date | None] = field(default_factory=list)  # end date of each pair, None=open


def build_demo(db: Database, spec: DemoSpec = DemoSpec(),
               progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill an empty, migrated database; returns Italian labels → counts."""
    from faker import Faker

    rng = random.Random(spec.seed)
    fake = Faker("it_IT")
    fake.seed_instance(spec.seed)
    gen = _Generator(db, spec, rng, fake, progress or (lambda _msg: None))
    return gen.run()


class _Generator:
    def __init__(self, db: Database, spec: DemoSpec, rng: random.Random, fake, progress):
        self.db, self.spec, self.rng, self.fake, self.progress = db, spec, rng, fake, progress
        self.today = spec.today
        #: records of things already done (interviews…) cannot be later than this: built just
        #: after midnight, "today at 10:00" would still be in the future
        self.latest_past = dt.datetime.now().astimezone() - dt.timedelta(minutes=5)
        self.start = self.today - dt.timedelta(days=730)
        self.actors: dict[str, Actor] = {}
        self.courses: list[tuple[int, dt.date, list[tuple[int, dt.datetime]]]] = []
        self.fosterers: list[_Fost] = []
        self.waiting: list[tuple[int, dt.date]] = []
        self.active_matches: list[tuple[int, int, int, dt.date]] = []
        self.counts = {"matches": 0, "interviews": 0, "supervisions": 0, "expenses": 0}
        self.closing: list[tuple[int, dt.date, dt.date]] = []  # match, started, closed
        self.duplicates = 0

    # --- orchestration ---

    def run(self) -> dict[str, int]:
        with self.db.sessions.begin() as s:
            self._staff(s)
            self._courses(s)
        self.progress("affidatari")
        with self.db.sessions.begin() as s:
            for _ in range(self.spec.fosterers):
                self._fosterer(s)
        self.progress("anziani")
        with self.db.sessions.begin() as s:
            for _ in range(self.spec.elders):
                self._elder(s)
            self._near_duplicates(s)
        self.progress("abbinamenti")
        with self.db.sessions.begin() as s:
            self._matches(s)
        self.progress("supervisioni")
        with self.db.sessions.begin() as s:
            self._supervision(s)
            self._expenses(s)
        return {
            "Operatori": len(self.actors),
            "Anziani": self.spec.elders + self.duplicates,
            "Affidatari": self.spec.fosterers,
            "Percorsi formativi": len(self.courses),
            "Colloqui": self.counts["interviews"],
            "Abbinamenti": self.counts["matches"],
            "Incontri di supervisione": self.counts["supervisions"],
            "Rimborsi spese": self.counts["expenses"],
        }

    @property
    def co(self) -> Actor:
        return self.actors["coordinatore"]

    # --- helpers ---

    def _day(self, lo: dt.date, hi: dt.date) -> dt.date:
        hi = min(hi, self.today)
        if hi <= lo:
            return min(lo, self.today)
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 30)))).astimezone()

    def _after(self, day: dt.date, lo: int, hi: int) -> dt.date:
        return day + dt.timedelta(days=self.rng.randint(lo, hi))

    def _phone(self, mobile: bool) -> str:
        r = self.rng
        if mobile:
            return f"{r.choice(MOBILE_PREFIXES)} {r.randint(100, 999)} {r.randint(1000, 9999)}"
        return f"011 9{r.randint(10, 99)} {r.randint(1000, 9999)}"

    def _grid(self, n: int, weekdays_only: bool = False) -> list[tuple[int, int]]:
        days = range(5) if weekdays_only else range(len(WEEKDAYS))
        cells = [(d, s) for d in days for s in range(len(TIME_SLOTS) - 1)]
        return self.rng.sample(cells, min(n, len(cells)))

    def _flags(self, enum_cls, lo: int, hi: int, weights: dict | None = None) -> list[str]:
        members = list(enum_cls)
        k = self.rng.randint(lo, min(hi, len(members)))
        if weights:
            chosen: set = set()
            pool = members[:]
            while len(chosen) < k:
                chosen.add(self.rng.choices(pool, [weights.get(m, 1) for m in pool])[0])
            return [m.name.lower() for m in chosen]
        return [m.name.lower() for m in self.rng.sample(members, k)]

    def _identity(self, sex: str, born: dt.date, old: bool) -> dict:
        from codicefiscale import codicefiscale

        fake, r = self.fake, self.rng
        first = fake.first_name_female() if sex == "F" else fake.first_name_male()
        last = fake.last_name()
        place = r.choice(BIRTHPLACES_SOUTH if old and r.random() < 0.35 else BIRTHPLACES_NORTH)
        comune = r.choices(DEFAULT_DISTRICT_COMUNI, weights=(8, 3, 14, 12, 16, 2, 2))[0]
        data = {
            "last_name": last, "first_name": first, "sex": sex, "birth_date": born,
            "birthplace": place, "comune": comune, "postal_code": CAP[comune],
            "address": f"{r.choice(STREETS)} {r.randint(1, 180)}",
        }
        if r.random() < 0.92:
            data["codice_fiscale"] = codicefiscale.encode(
                lastname=last, firstname=first, gender=sex, birthdate=born.isoformat(),
                birthplace=place)
        if r.random() < (0.8 if old else 0.35):
            data["phone"] = self._phone(False)
        if r.random() < (0.45 if old else 0.98):
            data["mobile"] = self._phone(True)
        if not old and r.random() < 0.7:
            data["email"] = f"{_ascii(first)}.{_ascii(last)}{r.randint(1, 99)}@esempio.it"
        data["interests"] = self._flags(Interest, 1, 4)
        data["languages"] = ["italian"] + (["piedmontese"] if r.random() < (0.5 if old else 0.2)
                                           else [])
        if place in BIRTHPLACES_SOUTH and r.random() < 0.6:
            data["languages"].append("southern_dialect")
        return data

    # --- staff and courses ---

    def _staff(self, s: Session) -> None:
        (user, name, _role), *rest = DEMO_ACCOUNTS
        admin = Actor(staff.create_first_admin(s, user, name), Role.ADMIN, user)
        self.actors[user] = admin
        for user, name, role in rest:
            uid = staff.create_staff(s, admin, {"username": user, "full_name": name,
                                                "role": role,
                                                "email": f"{user}@ovestsolidale.example"})
            self.actors[user] = Actor(uid, role, user)
        if self.spec.password:
            # the normal argon2id hasher, run once: the accounts share a public password,
            # which is also too short for the rules (hence no set_password)
            from affido_app.services import auth

            digest = auth.hash_password(self.spec.password)
            for actor in self.actors.values():
                auth.install_password_hash(s, actor.id, digest)

    def _courses(self, s: Session) -> None:
        first = self.start + dt.timedelta(days=20)
        day = first
        n = 1
        while day < self.today + dt.timedelta(days=60):
            cid = training.create_course(s, self.co, {
                "title": f"Percorso di {_MONTHS[day.month - 1]} {day.year}",
                "description": "Ciclo di incontri di preparazione all'affido diurno.",
                "start_date": day, "required_core_sessions": 5, "required_for_approval": True,
            })
            sessions = []
            for i, topic in enumerate(TOPICS):
                when = self._at(day + dt.timedelta(days=7 * i), 17)
                sid = training.add_session(s, self.co, cid, {
                    "starts_at": when, "ends_at": when + dt.timedelta(hours=2),
                    "place": PLACES[n % len(PLACES)], "topic": topic,
                    "trainer": TRAINERS[i % len(TRAINERS)], "is_core": i < 5,
                })
                sessions.append((sid, when))
            self.courses.append((cid, day, sessions))
            day += dt.timedelta(days=61)
            n += 1

    # --- fosterers ---

    def _fosterer(self, s: Session) -> None:
        r = self.rng
        sex = "F" if r.random() < 0.68 else "M"
        born = self._day(self.today - dt.timedelta(days=365 * 72),
                         self.today - dt.timedelta(days=365 * 24))
        applied = self._day(self.start, self.today - dt.timedelta(days=3))
        data = self._identity(sex, born, old=False)
        data.update({
            "application_date": applied,
            "occupation": r.choice(OCCUPATIONS[sex]),
            "motivation": r.choice((
                "Desidera dedicare parte del suo tempo libero a chi è solo.",
                "Ha assistito a lungo un genitore e vuole mettere a frutto l'esperienza.",
                "Vuole restituire alla comunità il sostegno ricevuto in passato.",
                "Da poco in pensione, cerca un impegno significativo nel quartiere.")),
            "availability": self._grid(r.randint(2, 7)),
            "skills": self._flags(Need, 2, 6, {Need.COMPANY: 6, Need.WALKS: 4}),
            "has_driving_licence": r.random() < 0.8,
            "hosts_at_home": r.random() < 0.4,
            "home_accessible": r.random() < 0.5,
            "has_pets": r.random() < 0.3,
            "smoker": r.random() < 0.15,
            "capacity": r.choices((1, 2, 3), (50, 38, 12))[0],
        })
        data["has_car"] = data["has_driving_licence"] and r.random() < 0.85
        data["smokers_at_home"] = data["smoker"] and data["hosts_at_home"]
        fid = people.create_fosterer(s, self.co, data)
        f = _Fost(fid, data["capacity"])
        consents.record_consent(s, self.co, fosterer_id=fid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": applied})
        if r.random() < 0.5:
            people.add_household_member(s, self.co, fid, {
                "name": f"{self.fake.first_name()} {data['last_name']}",
                "relation": r.choice(("coniuge", "figlia", "figlio", "compagno")),
                "birth_year": r.randint(1950, 2005), "co_fosterer": r.random() < 0.3})
        stage_roll = r.random()
        age_days = (self.today - applied).days
        if age_days < 20 or (stage_roll < 0.3 and age_days < 60):
            self.fosterers.append(f)  # still an application
            return
        sel = self._after(applied, 3, 15)
        people.change_fosterer_status(s, self.co, fid, FostererStatus.SELECTION, on=sel)
        first = self._after(sel, 2, 10)
        psy = self.actors[r.choice(("psicologa", "psicologo2"))]
        aso = self.actors[r.choice(("assistente", "assistente2"))]
        if first > self.today:
            self.fosterers.append(f)
            return
        unsuitable = r.random() < 0.08
        self._interview(s, psy, [psy, aso], fid, InterviewKind.FIRST, first,
                        InterviewOutcome.FAVOURABLE if not unsuitable
                        else InterviewOutcome.UNFAVOURABLE)
        if unsuitable:
            people.change_fosterer_status(s, self.co, fid, FostererStatus.NOT_APPROVED,
                                          on=min(self._after(first, 2, 10), self.today),
                                          reason="unsuitable",
                                          note="Esito del colloquio non favorevole.")
            return
        deep = self._after(first, 7, 20)
        if deep > self.today:
            self.fosterers.append(f)
            return
        self._interview(s, psy, [psy], fid, InterviewKind.IN_DEPTH, deep,
                        InterviewOutcome.FAVOURABLE)
        if data["hosts_at_home"]:
            self._interview(s, aso, [aso], fid, InterviewKind.HOME_VISIT,
                            self._after(deep, 1, 10), InterviewOutcome.FAVOURABLE)
        self._documents(s, fid, deep)
        course = next(((cid, start, sessions) for cid, start, sessions in self.courses
                       if start >= deep), None)
        if course is None:
            self.fosterers.append(f)
            return
        cid, start, sessions = course
        enrolled = self._day(deep, start)
        training.enroll(s, self.co, cid, fid, on=enrolled)
        if start > self.today:
            self.fosterers.append(f)
            return
        people.change_fosterer_status(s, self.co, fid, FostererStatus.TRAINING, on=start)
        withdrew = self._after(start, 1, 20)
        leaves = r.random() < 0.05 and withdrew <= self.today
        self._attendance(s, fid, sessions, will_approve=not leaves)
        if leaves:
            people.change_fosterer_status(s, self.co, fid, FostererStatus.WITHDRAWN,
                                          on=withdrew, reason="personal")
            return
        last_session = sessions[-1][1].date()
        if last_session > self.today:
            self.fosterers.append(f)
            return
        decided = self._after(last_session, 3, 20)
        if decided > self.today:
            self.fosterers.append(f)
            return
        people.change_fosterer_status(s, self.co, fid, FostererStatus.APPROVED, on=decided,
                                      note="Percorso di selezione e formazione completato.")
        f.approved_on = decided
        self._renewals(s, fid)
        ceased = self._after(decided, 30, 200)
        if r.random() < 0.04 and ceased <= self.today:
            people.change_fosterer_status(s, self.co, fid, FostererStatus.CEASED,
                                          on=ceased, reason="moved_away")
            return
        self.fosterers.append(f)

    def _attendance(self, s: Session, fid: int, sessions, will_approve: bool) -> None:
        """The fosterer's marks in the registers of the sessions already held: who goes on to
        be approved attended every core session."""
        r = self.rng
        for i, (sid, when) in enumerate(sessions):
            if when.date() > self.today:
                break
            if will_approve and i < 5:
                mark = AttendanceStatus.PRESENT
            else:
                mark = r.choices(list(AttendanceStatus), (82, 10, 8))[0]
            training.record_attendance(s, self.co, sid, {fid: mark})

    def _interview(self, s, author: Actor, who: list[Actor], fid: int | None,
                   kind: InterviewKind, day: dt.date, outcome: InterviewOutcome,
                   elder_id: int | None = None) -> None:
        if day > self.today:
            return
        r = self.rng
        data = {
            "kind": kind,
            "held_at": min(self._at(day, r.choice((9, 10, 11, 14, 15))), self.latest_past),
            "place": "Sede del Consorzio, Rivoli" if kind != InterviewKind.HOME_VISIT
            else "Domicilio",
            "motivation": r.choice(("Motivazione solida e realistica.",
                                    "Motivazione sincera, da approfondire le aspettative.")),
            "personal_resources": "Buone capacità organizzative, tempo disponibile.",
            "relational_skills": r.choice(("Ascolto attento, tono pacato.",
                                           "Comunicativa, a tratti direttiva.")),
            "family_context": "Famiglia informata e favorevole al progetto.",
            "availability": "Disponibilità compatibile con i bisogni del progetto.",
            "critical_points": r.choice(("Nessuno rilevante.",
                                         "Tendenza a sovraccaricarsi di impegni.")),
            "outcome": outcome,
            "recommendation": "Si propone il proseguimento del percorso."
            if outcome != InterviewOutcome.UNFAVOURABLE else "Si sconsiglia l'idoneità.",
        }
        if elder_id is not None:
            data.update(motivation=None, personal_resources="Buona autonomia nelle attività "
                        "quotidiane, desiderio di compagnia.",
                        relational_skills=None, availability=None,
                        family_context="Rete familiare ridotta, figli lontani.")
        iid = interviews.create_interview(
            s, author, elder_id=elder_id, fosterer_id=fid, data=data,
            interviewers=[a.id for a in who])
        for a in who:
            interviews.sign_off_interview(s, a, iid)
        self.counts["interviews"] += 1

    def _renewals(self, s, fid: int) -> None:
        """Yearly documents renewed on time, but for the odd one the office must chase."""
        r = self.rng
        for doc in people.list_documents(s, self.co, fid):
            expires = doc["expires_on"]
            if doc["kind"] == DocumentKind.ID_DOCUMENT or expires is None:
                continue
            while expires < self.today:
                if r.random() < 0.06:
                    break  # not renewed yet: the record shows it expired
                issued = expires - dt.timedelta(days=r.randint(0, 20))
                expires = issued + dt.timedelta(days=365)
                people.add_document(s, self.co, fid, {
                    "kind": doc["kind"], "issued_on": issued, "expires_on": expires,
                    "number": f"{r.choice('ABCDEFGH')}{r.randint(100000, 999999)}"})

    def _documents(self, s, fid: int, day: dt.date) -> None:
        r = self.rng
        for kind, years in ((DocumentKind.CRIMINAL_RECORD, 1), (DocumentKind.ID_DOCUMENT, 10),
                            (DocumentKind.INSURANCE, 1)):
            issued = self._day(day - dt.timedelta(days=40), day)
            expires = issued + dt.timedelta(days=365 * years)
            people.add_document(s, self.co, fid, {
                "kind": kind, "issued_on": issued, "expires_on": max(expires, issued),
                "number": f"{r.choice('ABCDEFGH')}{r.randint(100000, 999999)}"})

    # --- elders ---

    def _elder(self, s: Session) -> None:
        r = self.rng
        sex = "F" if r.random() < 0.66 else "M"
        born = self._day(self.today - dt.timedelta(days=365 * 96),
                         self.today - dt.timedelta(days=365 * 67))
        referred = self._day(self.start, self.today - dt.timedelta(days=1))
        data = self._identity(sex, born, old=True)
        sw = self.actors[r.choice(("assistente", "assistente2"))]
        levels = [r.choices(list(FragilityLevel), (30, 35, 25, 10))[0] for _ in range(3)]
        data.update({
            "referral_date": referred, "referred_by_id": sw.id,
            "referral_source": r.choice(("Servizio sociale territoriale", "Medico di base",
                                         "Familiare", "Parrocchia", "Vicinato")),
            "gp_name": f"Dott. {self.fake.last_name()}",
            "gp_phone": self._phone(False),
            "living_situation": r.choices((LivingSituation.ALONE, LivingSituation.WITH_SPOUSE,
                                           LivingSituation.WITH_FAMILY), (70, 18, 12))[0],
            "family_network": r.choice(list(NetworkStrength)),
            "fragility_relational": levels[0], "fragility_physical": levels[1],
            "fragility_psychological": levels[2],
            "fragility_relational_notes": "Solitudine dopo la vedovanza." if levels[0] else None,
            "chronic_conditions": r.choice((None, "Ipertensione in compenso.",
                                            "Diabete di tipo 2 stabilizzato.",
                                            "Artrosi, cardiopatia stabilizzata.")),
            "mobility_aids": r.choice((None, None, "Bastone", "Deambulatore")),
            "needs": self._flags(Need, 1, 4, {Need.COMPANY: 8, Need.WALKS: 4, Need.ERRANDS: 3,
                                              Need.ACCOMPANIMENT: 3}),
            "availability": self._grid(r.randint(2, 6), weekdays_only=r.random() < 0.6),
            "allergic_to_pets": r.random() < 0.08,
            "accepts_smokers": r.random() < 0.6,
            "home_visits_only": r.random() < 0.3,
            "has_pets": r.random() < 0.2,
        })
        eid = people.create_elder(s, sw, data)
        for k in range(r.choice((0, 1, 1, 2))):
            relation = r.choice(("figlia", "figlio", "nipote", "vicina di casa", "amica"))
            people.add_elder_contact(s, sw, eid, {
                "name": f"{self.fake.first_name()} {self.fake.last_name()}",
                "relation": relation, "phone": self._phone(True), "is_primary": k == 0})
        consent_day = self._after(referred, 0, 7)
        if consent_day > self.today or r.random() < 0.05:
            return  # just referred
        consents.record_consent(s, sw, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": consent_day})
        assessed = self._after(consent_day, 2, 25)
        if assessed > self.today:
            return
        psy = self.actors[r.choice(("psicologa", "psicologo2"))]
        self._interview(s, sw, [sw, psy], None, InterviewKind.INTAKE, assessed,
                        InterviewOutcome.FAVOURABLE, elder_id=eid)
        people.change_elder_status(s, sw, eid, ElderStatus.ASSESSED, on=assessed)
        waiting = self._after(assessed, 0, 10)
        if waiting > self.today or r.random() < 0.04:
            return
        people.change_elder_status(s, self.co, eid, ElderStatus.WAITING, on=waiting)
        self.waiting.append((eid, waiting))

    def _near_duplicates(self, s: Session) -> None:
        """A few people entered twice with a slip (no codice fiscale on the second)."""
        total = people.count_people(s, self.co, people.PersonKind.ELDER)
        offsets = sorted(self.rng.sample(range(total), min(4, total)))
        rows = [people.list_people(s, self.co, people.PersonKind.ELDER, people.PersonFilter(),
                                   offset=o, limit=1)[0] for o in offsets]
        for row in rows:
            e = people.get_elder(s, self.co, row.id)
            last = e["last_name"]
            slip = last[:-1] + ("i" if last[-1] != "i" else "a")
            people.create_elder(s, self.co, {
                "last_name": slip, "first_name": e["first_name"], "sex": e["sex"],
                "birth_date": e["birth_date"], "comune": e["comune"],
                "referral_date": self.today - dt.timedelta(days=self.rng.randint(1, 20)),
                "notes": "Segnalazione arrivata dal medico di base."})
            self.duplicates += 1

    # --- matches ---

    def _free_slot(self, f: _Fost, day: dt.date) -> bool:
        busy = [end for end in f.busy if end is None or end > day]
        return len(busy) < f.capacity

    def _matches(self, s: Session) -> None:
        r = self.rng
        approved = [f for f in self.fosterers if f.approved_on]
        for eid, waiting_since in sorted(self.waiting, key=lambda t: t[1]):
            if waiting_since > self.today - dt.timedelta(days=120) and r.random() < 0.35:
                continue  # still waiting: a recent case
            day = self._after(waiting_since, 5, 40)
            pairs = 0
            while pairs < 2 and day <= self.today - dt.timedelta(days=2):
                options = [f for f in approved if f.approved_on <= day and self._free_slot(f, day)]
                if not options:  # nobody free yet: the elder waits for the next fosterer
                    day += dt.timedelta(days=21)
                    continue
                pairs += 1
                f = r.choice(options)
                end = self._one_match(s, eid, f, day)
                if end is None:
                    break
                day = self._after(end, 10, 40)

    def _one_match(self, s: Session, eid: int, f: _Fost, proposed: dt.date) -> dt.date | None:
        """Run one pair's life; returns the day it closed with the elder waiting again."""
        r = self.rng
        mid = matches.propose_match(s, self.co, eid, f.id, {
            "proposed_on": proposed, "meeting_place": r.choice(list(MeetingPlace)),
            "hours_per_week": r.choice((3, 4, 6, 8)),
            "activities": self._flags(Need, 1, 3, {Need.COMPANY: 5}),
            "proposal_score": round(r.uniform(55, 95), 1),
            "goals": "Ridurre l'isolamento e sostenere l'autonomia nelle uscite.",
        })
        self.counts["matches"] += 1
        slot = len(f.busy)
        f.busy.append(None)
        intro = self._after(proposed, 3, 12)
        if intro > self.today:
            return None
        if r.random() < 0.06:
            closed = self._after(proposed, 5, 15)
            if closed <= self.today:
                matches.change_match_status(s, self.co, mid, MatchStatus.CLOSED, on=closed,
                                             reason=MatchCloseReason.NOT_STARTED,
                                             sub_reason="L'anziano ha rinunciato prima "
                                                        "dell'avvio.")
                f.busy[slot] = closed
                return closed
            return None
        matches.change_match_status(s, self.co, mid, MatchStatus.INTRODUCTION, on=intro,
                                    note="Primo incontro di conoscenza a domicilio.")
        active = self._after(intro, 7, 20)
        if active > self.today:
            return None
        matches.change_match_status(s, self.co, mid, MatchStatus.ACTIVE, on=active)
        roll = r.random()
        if roll < 0.12:
            susp = self._after(active, 40, 200)
            back = self._after(susp, 15, 45)
            if susp < self.today:
                matches.change_match_status(s, self.co, mid, MatchStatus.SUSPENDED, on=susp,
                                            reason="Ricovero ospedaliero", until=back)
                if back <= self.today:
                    matches.change_match_status(s, self.co, mid, MatchStatus.ACTIVE, on=back)
                    self.active_matches.append((mid, eid, f.id, active))
                return None
        if roll > 0.62:
            closed = self._after(active, 60, 400)
            if closed < self.today:
                reason = r.choices(
                    (MatchCloseReason.GOALS_REACHED, MatchCloseReason.ELDER_DIED,
                     MatchCloseReason.CARE_HOME, MatchCloseReason.HEALTH_WORSENED,
                     MatchCloseReason.FOSTERER_WITHDREW, MatchCloseReason.INCOMPATIBILITY,
                     MatchCloseReason.UVG_CARE),
                    (20, 15, 12, 10, 15, 15, 8))[0]
                self.active_matches.append((mid, eid, f.id, active))
                self.closing.append((mid, active, closed))
                matches.change_match_status(s, self.co, mid, MatchStatus.CLOSED, on=closed,
                                            reason=reason)
                f.busy[slot] = closed
                if reason == MatchCloseReason.GOALS_REACHED:
                    people.change_elder_status(s, self.co, eid, ElderStatus.CLOSED, on=closed,
                                               reason="goals_reached")
                    return None
                rematch = (MatchCloseReason.FOSTERER_WITHDREW, MatchCloseReason.INCOMPATIBILITY,
                           MatchCloseReason.HEALTH_WORSENED)
                return closed if reason in rematch else None
        self.active_matches.append((mid, eid, f.id, active))
        return None

    # --- supervision and expenses ---

    def _supervision(self, s: Session) -> None:
        """Monthly rounds of group meetings (a few pairs each); some pairs left overdue."""
        r = self.rng
        leaders = [self.actors["psicologa"], self.actors["psicologo2"]]
        closed = {mid: end for mid, _start, end in self.closing}
        open_pairs = [m for m, *_ in self.active_matches if m not in closed]
        overdue = set(r.sample(open_pairs, k=min(len(open_pairs), max(1, len(open_pairs) // 14))))
        last_seen: dict[int, dt.date] = {}
        # rounds counted back from three weeks ago, about every 23 days: the latest round is
        # recent enough that only the pairs left out on purpose are overdue today
        rounds: list[dt.date] = []
        day = self.today - dt.timedelta(days=20)
        while day >= self.start + dt.timedelta(days=45):
            rounds.append(day)
            day -= dt.timedelta(days=r.randint(26, 30))
        for day in reversed(rounds):
            running = [(mid, f, start) for mid, _e, f, start in self.active_matches
                       if start <= day - dt.timedelta(days=14)
                       and (mid not in closed or closed[mid] > day)
                       and not (mid in overdue and day > self.today - dt.timedelta(days=50))]
            due = [m for m in running if (day - last_seen.get(m[0], m[2])).days >= 10]
            r.shuffle(due)
            for k in range(0, len(due), 8):  # several groups a day, over ten days
                held = day + dt.timedelta(days=(k // 8) % 10)
                batch = [m for m in due[k:k + 8] if m[0] not in closed or closed[m[0]] >= held]
                if batch:
                    self._supervision_session(s, r.choice(leaders), held, batch, last_seen)

    def _supervision_session(self, s: Session, leader: Actor, day: dt.date, batch: list,
                             last_seen: dict[int, dt.date]) -> None:
        r = self.rng
        sid = sup.create_supervision(
            s, leader, {
                "kind": SupervisionKind.GROUP if len(batch) > 1 else SupervisionKind.INDIVIDUAL,
                "held_at": min(self._at(day, 17), self.latest_past), "place": PLACES[0],
                "led_by_id": leader.id,
                "notes": "Clima del gruppo collaborativo; confronto sulle difficoltà di "
                         "comunicazione con i familiari degli anziani.",
                "next_date": day + dt.timedelta(days=30),
            },
            staff_ids=[self.actors["assistente"].id],
            fosterer_ids=sorted({f for _m, f, _st in batch}))
        self.counts["supervisions"] += 1
        for mid, _f, _st in batch:
            risk = r.random() < 0.02
            nid = sup.add_pair_note(s, leader, sid, mid, {
                "how_it_goes": r.choice((
                    "L'affido procede con regolarità; incontri due volte a settimana.",
                    "Buona intesa, uscite al mercato e passeggiate al parco.",
                    "Qualche difficoltà iniziale superata; l'anziana attende le visite.",
                )),
                "elder_wellbeing": r.choice((3, 4, 4, 5)),
                "fosterer_wellbeing": r.choice((3, 4, 5)),
                "problems": "Stanchezza dell'affidatario nei mesi estivi."
                if r.random() < 0.2 else None,
                "agreed_actions": "Sentire il medico di base e i familiari."
                if risk else "Proseguire come concordato.",
                "risk_flag": risk,
                "next_date": day + dt.timedelta(days=30),
            })
            if risk and day < self.today - dt.timedelta(days=30) and r.random() < 0.95:
                sup.close_risk(s, leader, nid,
                               "Situazione rientrata dopo il colloquio con i familiari.")
            last_seen[mid] = day

    def _expenses(self, s: Session) -> None:
        r = self.rng
        approver = self.co
        closed = {mid for mid, _s, _e in self.closing}
        for mid, _eid, fid, start in self.active_matches:
            if mid in closed:
                continue
            month = max(start, self.today - dt.timedelta(days=75)).replace(day=1)
            while month <= self.today:
                day = min(month + dt.timedelta(days=r.randint(20, 27)), self.today)
                if day < start:
                    month = (month + dt.timedelta(days=32)).replace(day=1)
                    continue
                xid = expenses.add_expense(s, approver, fid, {
                    "date": day, "km": Decimal(r.randint(15, 140)),
                    "costs": Decimal(r.choice((0, 0, 5, 8.5, 12, 20))).quantize(Decimal("0.01")),
                    "description": "Spostamenti per le visite del mese", "match_id": mid,
                })
                self.counts["expenses"] += 1
                if day < self.today - dt.timedelta(days=10):
                    expenses.submit_expense(s, approver, xid)
                    expenses.decide_expense(s, approver, xid, True)
                    if day < self.today - dt.timedelta(days=40):
                        expenses.mark_paid(s, approver, xid)
                month = (month + dt.timedelta(days=32)).replace(day=1)


_MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre")


def _ascii(text: str) -> str:
    from affido_app.domain.text import fold

    return "".join(c for c in fold(text) if c.isalnum())
