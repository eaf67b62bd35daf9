"""Enumerations of the domain, each with its Italian label.

Values are stable English codes stored in the database; ``label`` is what users read. Sets of needs,
skills, interests and languages are :class:`enum.IntFlag` so that a person's choices fit one integer
column that SQL can filter (``needs & :mask``) and numpy can score in bulk.
"""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry an Italian label: ``Member = ("code", "Etichetta")``."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class LabelledFlag(enum.IntFlag):
    """An integer flag whose single members carry an Italian label."""

    @classmethod
    def labels(cls) -> dict[LabelledFlag, str]:
        return _FLAG_LABELS[cls]

    @property
    def label(self) -> str:
        return ", ".join(self.labels()[m] for m in self.members())

    def members(self) -> list[LabelledFlag]:
        return [m for m in type(self) if m in self and m.value]

    @classmethod
    def from_codes(cls, codes) -> LabelledFlag:
        value = cls(0)
        for code in codes:
            value |= code if isinstance(code, cls) else cls[str(code).upper()]
        return value

    def codes(self) -> list[str]:
        return [m.name.lower() for m in self.members()]


# --- people and roles ---------------------------------------------------------------------------

class Sex(LabelledEnum):
    M = ("M", "Maschio")
    F = ("F", "Femmina")


class Role(LabelledEnum):
    ADMIN = ("admin", "Amministratore")
    COORDINATOR = ("coordinator", "Coordinatore")
    PSYCHOLOGIST = ("psychologist", "Psicologo")
    SOCIAL_WORKER = ("social_worker", "Assistente sociale")
    READ_ONLY = ("read_only", "Sola lettura")


class PersonKind(LabelledEnum):
    ELDER = ("elder", "Anziano")
    FOSTERER = ("fosterer", "Affidatario")


# --- life cycles (domain.md, "Life cycles") ------------------------------------------------------

class ElderStatus(LabelledEnum):
    REFERRED = ("referred", "Segnalato")
    ASSESSED = ("assessed", "Valutato")
    WAITING = ("waiting", "In attesa di abbinamento")
    FOSTERED = ("fostered", "In affido")
    SUSPENDED = ("suspended", "Sospeso")
    CLOSED = ("closed", "Concluso")


class FostererStatus(LabelledEnum):
    APPLICATION = ("application", "Candidatura")
    SELECTION = ("selection", "In selezione")
    TRAINING = ("training", "In formazione")
    APPROVED = ("approved", "Idoneo")
    NOT_APPROVED = ("not_approved", "Non idoneo")
    WITHDRAWN = ("withdrawn", "Ritirato")
    SUSPENDED = ("suspended", "Sospeso")
    CEASED = ("ceased", "Cessato")


class MatchStatus(LabelledEnum):
    PROPOSED = ("proposed", "Proposto")
    INTRODUCTION = ("introduction", "Conoscenza")
    ACTIVE = ("active", "Attivo")
    SUSPENDED = ("suspended", "Sospeso")
    CLOSED = ("closed", "Concluso")


class MatchCloseReason(LabelledEnum):
    ELDER_DIED = ("elder_died", "Decesso dell'anziano")
    CARE_HOME = ("care_home", "Ingresso in struttura (RSA)")
    HEALTH_WORSENED = ("health_worsened", "Peggioramento delle condizioni di salute")
    UVG_CARE = ("uvg_care", "Presa in carico UVG")
    FOSTERER_WITHDREW = ("fosterer_withdrew", "Ritiro dell'affidatario")
    ELDER_WITHDREW = ("elder_withdrew", "Rinuncia dell'anziano")
    INCOMPATIBILITY = ("incompatibility", "Incompatibilità")
    GOALS_REACHED = ("goals_reached", "Obiettivi del progetto raggiunti")
    MOVED_AWAY = ("moved_away", "Trasferimento")
    NOT_STARTED = ("not_started", "Abbinamento non avviato")
    OTHER = ("other", "Altro")


class ElderCloseReason(LabelledEnum):
    DIED = ("died", "Decesso")
    CARE_HOME = ("care_home", "Ingresso in struttura (RSA)")
    UVG_CARE = ("uvg_care", "Presa in carico UVG")
    NOT_ELIGIBLE = ("not_eligible", "Non idoneo al progetto")
    WITHDREW = ("withdrew", "Rinuncia")
    MOVED_AWAY = ("moved_away", "Trasferimento")
    GOALS_REACHED = ("goals_reached", "Obiettivi raggiunti")
    OTHER = ("other", "Altro")


class FostererEndReason(LabelledEnum):
    PERSONAL = ("personal", "Motivi personali")
    HEALTH = ("health", "Motivi di salute")
    WORK = ("work", "Motivi di lavoro")
    MOVED_AWAY = ("moved_away", "Trasferimento")
    UNSUITABLE = ("unsuitable", "Valutazione non favorevole")
    OTHER = ("other", "Altro")


# --- situation ----------------------------------------------------------------------------------

class LivingSituation(LabelledEnum):
    ALONE = ("alone", "Vive solo/a")
    WITH_SPOUSE = ("with_spouse", "Con il coniuge")
    WITH_FAMILY = ("with_family", "Con familiari")
    WITH_CARER = ("with_carer", "Con assistente familiare")
    OTHER = ("other", "Altro")


class NetworkStrength(LabelledEnum):
    NONE = ("none", "Assente")
    WEAK = ("weak", "Debole")
    FRAGILE = ("fragile", "Fragile")
    ADEQUATE = ("adequate", "Adeguata")


class FragilityLevel(enum.IntEnum):
    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return ("Nessuna", "Lieve", "Moderata", "Elevata")[self.value]


class MeetingPlace(LabelledEnum):
    ELDER_HOME = ("elder_home", "A casa dell'anziano")
    FOSTERER_HOME = ("fosterer_home", "A casa dell'affidatario")
    BOTH = ("both", "Entrambe")
    OUTSIDE = ("outside", "All'esterno")


# --- sets (IntFlag) -----------------------------------------------------------------------------

class Need(LabelledFlag):
    """What an elder needs, and (as skills) what a fosterer offers: the same vocabulary."""

    COMPANY = 1
    MEALS = 2
    WALKS = 4
    ERRANDS = 8
    ACCOMPANIMENT = 16
    HOUSEHOLD = 32
    PAPERWORK = 64
    TECHNOLOGY = 128
    LEISURE = 256


class Interest(LabelledFlag):
    MUSIC = 1
    CARDS = 2
    GARDENING = 4
    COOKING = 8
    READING = 16
    TV_CINEMA = 32
    CRAFTS = 64
    SPORT = 128
    HISTORY = 256
    FAITH = 512
    ANIMALS = 1024
    TRAVEL = 2048
    DANCING = 4096


class Language(LabelledFlag):
    ITALIAN = 1
    PIEDMONTESE = 2
    SOUTHERN_DIALECT = 4
    VENETIAN = 8
    SARDINIAN = 16
    FRENCH = 32
    ENGLISH = 64
    SPANISH = 128
    ROMANIAN = 256
    ARABIC = 512


_FLAG_LABELS: dict[type, dict] = {
    Need: {
        Need.COMPANY: "Compagnia",
        Need.MEALS: "Pasti",
        Need.WALKS: "Passeggiate",
        Need.ERRANDS: "Commissioni",
        Need.ACCOMPANIMENT: "Accompagnamento a visite",
        Need.HOUSEHOLD: "Piccole faccende",
        Need.PAPERWORK: "Pratiche e documenti",
        Need.TECHNOLOGY: "Telefono e tecnologia",
        Need.LEISURE: "Svago e uscite",
    },
    Interest: {
        Interest.MUSIC: "Musica",
        Interest.CARDS: "Carte e giochi",
        Interest.GARDENING: "Giardinaggio",
        Interest.COOKING: "Cucina",
        Interest.READING: "Lettura",
        Interest.TV_CINEMA: "TV e cinema",
        Interest.CRAFTS: "Lavori manuali",
        Interest.SPORT: "Sport",
        Interest.HISTORY: "Storia e cultura",
        Interest.FAITH: "Vita religiosa",
        Interest.ANIMALS: "Animali",
        Interest.TRAVEL: "Viaggi",
        Interest.DANCING: "Ballo",
    },
    Language: {
        Language.ITALIAN: "Italiano",
        Language.PIEDMONTESE: "Piemontese",
        Language.SOUTHERN_DIALECT: "Dialetto meridionale",
        Language.VENETIAN: "Veneto",
        Language.SARDINIAN: "Sardo",
        Language.FRENCH: "Francese",
        Language.ENGLISH: "Inglese",
        Language.SPANISH: "Spagnolo",
        Language.ROMANIAN: "Rumeno",
        Language.ARABIC: "Arabo",
    },
}


# --- weekly grid --------------------------------------------------------------------------------

WEEKDAYS = ("Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica")
TIME_SLOTS = ("Mattina", "Pomeriggio", "Sera")


# --- interviews ---------------------------------------------------------------------------------

class InterviewKind(LabelledEnum):
    FIRST = ("first", "Primo colloquio")
    IN_DEPTH = ("in_depth", "Colloquio di approfondimento")
    HOME_VISIT = ("home_visit", "Visita domiciliare")
    FOLLOW_UP = ("follow_up", "Colloquio di verifica")
    INTAKE = ("intake", "Valutazione di accesso")


class InterviewOutcome(LabelledEnum):
    PENDING = ("pending", "Da definire")
    FAVOURABLE = ("favourable", "Favorevole")
    FAVOURABLE_WITH_RESERVATIONS = ("favourable_reserved", "Favorevole con riserva")
    UNFAVOURABLE = ("unfavourable", "Non favorevole")


INTERVIEW_SECTIONS: tuple[tuple[str, str], ...] = (
    ("motivation", "Motivazione"),
    ("personal_resources", "Risorse personali"),
    ("relational_skills", "Capacità relazionali"),
    ("family_context", "Contesto familiare"),
    ("availability", "Disponibilità"),
    ("critical_points", "Punti critici"),
)


# --- training, supervision, expenses, documents, consent ----------------------------------------

class AttendanceStatus(LabelledEnum):
    PRESENT = ("present", "Presente")
    ABSENT = ("absent", "Assente")
    JUSTIFIED = ("justified", "Assente giustificato")


class SupervisionKind(LabelledEnum):
    INDIVIDUAL = ("individual", "Individuale")
    GROUP = ("group", "Di gruppo")


class WellbeingLevel(enum.IntEnum):
    CRITICAL = 1
    POOR = 2
    FAIR = 3
    GOOD = 4
    EXCELLENT = 5

    @property
    def label(self) -> str:
        return ("Critico", "Difficile", "Discreto", "Buono", "Ottimo")[self.value - 1]


class ExpenseStatus(LabelledEnum):
    DRAFT = ("draft", "Bozza")
    SUBMITTED = ("submitted", "Presentato")
    APPROVED = ("approved", "Approvato")
    REJECTED = ("rejected", "Respinto")
    PAID = ("paid", "Liquidato")


class DocumentKind(LabelledEnum):
    CRIMINAL_RECORD = ("criminal_record", "Certificato del casellario giudiziale")
    ID_DOCUMENT = ("id_document", "Documento d'identità")
    INSURANCE = ("insurance", "Assicurazione")
    MEDICAL_CERTIFICATE = ("medical_certificate", "Certificato medico")
    DRIVING_LICENCE = ("driving_licence", "Patente di guida")
    OTHER = ("other", "Altro")


REQUIRED_FOSTERER_DOCUMENTS = (
    DocumentKind.CRIMINAL_RECORD,
    DocumentKind.ID_DOCUMENT,
    DocumentKind.INSURANCE,
)


class ConsentScope(LabelledEnum):
    DATA_PROCESSING = ("data_processing", "Trattamento dei dati personali")
    HEALTH_DATA = ("health_data", "Trattamento dei dati sanitari")
    PHOTOS = ("photos", "Uso di fotografie")
    CONTACT_FAMILY = ("contact_family", "Contatti con i familiari")


class AuditAction(LabelledEnum):
    CREATE = ("create", "Creazione")
    UPDATE = ("update", "Modifica")
    DELETE = ("delete", "Eliminazione")
    STATUS = ("status", "Cambio di stato")
    READ = ("read", "Consultazione")
    EXPORT = ("export", "Esportazione")
    PRINT = ("print", "Stampa")
    LOGIN = ("login", "Accesso")
    LOGIN_FAILED = ("login_failed", "Accesso non riuscito")
    BACKUP = ("backup", "Copia di sicurezza")
    RESTORE = ("restore", "Ripristino")
    #: GDPR: a closed record stripped of what identifies the person; an erasure on request
    ANONYMISE = ("anonymise", "Anonimizzazione")
    ERASE = ("erase", "Cancellazione su richiesta")
