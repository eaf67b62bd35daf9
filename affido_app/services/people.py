"""Elders and fosterers: create, edit, read, list, search, change status, and what belongs to them.

Records travel as plain dicts (a form's values), never as ORM objects bound to a session: the UI
opens one session per action. Special-category fields (health, fragility) are only returned to
roles that may see them, and reading them leaves an audit row.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, func, or_, select, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from affido_app.db.models import (
    Consent,
    Elder,
    ElderContact,
    ElderEvent,
    Fosterer,
    FostererDocument,
    FostererEvent,
    HouseholdMember,
)
from affido_app.domain import lifecycle
from affido_app.domain import validators as v
from affido_app.domain.eligibility import FOSTERER_MIN_AGE, elder_ineligibility
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    DocumentKind,
    ElderCloseReason,
    ElderStatus,
    FostererEndReason,
    FostererStatus,
    FragilityLevel,
    Interest,
    Language,
    LivingSituation,
    Need,
    NetworkStrength,
    PersonKind,
    Sex,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.domain.text import search_terms, search_text
from affido_app.errors import Conflict, FieldError, NotFound, ValidationError
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import (
    apply,
    as_dict,
    check_version,
    get_or_404,
    is_unique_violation,
    today,
)
from affido_app.services.context import Actor

K = fl.Kind
Fd = fl.Field

_IDENTITY = (
    Fd("last_name", "Cognome", K.NAME, required=True),
    Fd("first_name", "Nome", K.NAME, required=True),
    Fd("sex", "Sesso", K.ENUM, enum=Sex),
    Fd("codice_fiscale", "Codice fiscale", K.CODICE_FISCALE),
    Fd("birthplace", "Luogo di nascita", K.TEXT, max_length=120),
    Fd("address", "Indirizzo", K.TEXT, max_length=200),
    Fd("comune", "Comune", K.COMUNE, required=True),
    Fd("postal_code", "CAP", K.POSTAL_CODE),
    Fd("phone", "Telefono", K.PHONE),
    Fd("mobile", "Cellulare", K.PHONE),
    Fd("email", "Email", K.EMAIL),
    Fd("availability", "Giorni e orari", K.GRID),
    Fd("interests", "Interessi", K.FLAG, enum=Interest),
    Fd("interests_notes", "Altri interessi", K.MULTILINE, max_length=2000),
    Fd("languages", "Lingue e dialetti", K.FLAG, enum=Language),
    Fd("smoker", "Fumatore", K.BOOL),
    Fd("has_pets", "Ha animali", K.BOOL),
    Fd("notes", "Note", K.MULTILINE),
)

ELDER_FIELDS = fl.specs(
    *_IDENTITY,
    Fd("birth_date", "Data di nascita", K.BIRTH_DATE, required=True),
    Fd("referral_date", "Data di segnalazione", K.DATE, required=True),
    Fd("intake_date", "Data di valutazione", K.DATE),
    Fd("referred_by_id", "Segnalato da (operatore)", K.REF),
    Fd("referral_source", "Fonte della segnalazione", K.TEXT),
    Fd("gp_name", "Medico di base", K.TEXT, max_length=160),
    Fd("gp_phone", "Telefono del medico", K.PHONE),
    Fd("living_situation", "Situazione abitativa", K.ENUM, enum=LivingSituation),
    Fd("family_network", "Rete familiare", K.ENUM, enum=NetworkStrength),
    Fd("family_network_notes", "Note sulla rete familiare", K.MULTILINE, sensitive=True),
    Fd("fragility_relational", "Fragilità relazionale", K.INT_ENUM, enum=FragilityLevel,
       sensitive=True, default=FragilityLevel.NONE),
    Fd("fragility_relational_notes", "Note fragilità relazionale", K.MULTILINE, sensitive=True),
    Fd("fragility_physical", "Fragilità fisica", K.INT_ENUM, enum=FragilityLevel,
       sensitive=True, default=FragilityLevel.NONE),
    Fd("fragility_physical_notes", "Note fragilità fisica", K.MULTILINE, sensitive=True),
    Fd("fragility_psychological", "Fragilità psicologica", K.INT_ENUM, enum=FragilityLevel,
       sensitive=True, default=FragilityLevel.NONE),
    Fd("fragility_psychological_notes", "Note fragilità psicologica", K.MULTILINE,
       sensitive=True),
    Fd("chronic_conditions", "Patologie croniche stabilizzate", K.MULTILINE, sensitive=True),
    Fd("mobility_aids", "Ausili per la mobilità", K.MULTILINE, sensitive=True),
    Fd("uses_wheelchair", "Usa la carrozzina", K.BOOL, sensitive=True),
    Fd("in_uvg_care", "In carico all'UVG", K.BOOL),
    Fd("needs", "Bisogni", K.FLAG, enum=Need),
    Fd("needs_notes", "Note sui bisogni", K.MULTILINE),
    Fd("preferences_notes", "Preferenze", K.MULTILINE),
    Fd("allergies", "Allergie", K.MULTILINE, sensitive=True),
    Fd("allergic_to_pets", "Allergico agli animali", K.BOOL, sensitive=True),
    Fd("accepts_smokers", "Accetta fumatori", K.BOOL, default=True),
    Fd("home_visits_only", "Solo incontri a casa propria", K.BOOL),
    Fd("prefers_sex", "Preferenza sul sesso dell'affidatario", K.ENUM, enum=Sex),
    Fd("max_distance_km", "Distanza massima (km)", K.INT, min_value=0, max_value=200),
)

FOSTERER_FIELDS = fl.specs(
    *_IDENTITY,
    Fd("birth_date", "Data di nascita", K.BIRTH_DATE, required=True),
    Fd("application_date", "Data della candidatura", K.DATE, required=True),
    Fd("occupation", "Professione", K.TEXT, max_length=120),
    Fd("motivation", "Motivazione", K.MULTILINE),
    Fd("skills", "Competenze e attività offerte", K.FLAG, enum=Need),
    Fd("skills_notes", "Note sulle competenze", K.MULTILINE),
    Fd("has_driving_licence", "Patente di guida", K.BOOL),
    Fd("has_car", "Automobile", K.BOOL),
    Fd("hosts_at_home", "Accoglie a casa propria", K.BOOL),
    Fd("home_accessible", "Casa accessibile (senza barriere)", K.BOOL),
    Fd("smokers_at_home", "Fumatori in casa", K.BOOL),
    Fd("home_notes", "Note sulla casa", K.MULTILINE),
    Fd("capacity", "Anziani seguibili contemporaneamente", K.INT, required=True, min_value=1,
       max_value=5, default=1),
    Fd("max_distance_km", "Distanza massima (km)", K.INT, min_value=0, max_value=200),
)

CONTACT_FIELDS = fl.specs(
    Fd("name", "Nome e cognome", K.TEXT, required=True, max_length=160),
    Fd("relation", "Relazione", K.TEXT, max_length=80),
    Fd("phone", "Telefono", K.PHONE),
    Fd("email", "Email", K.EMAIL),
    Fd("is_primary", "Riferimento principale", K.BOOL),
    Fd("notes", "Note", K.MULTILINE, max_length=2000),
)

HOUSEHOLD_FIELDS = fl.specs(
    Fd("name", "Nome e cognome", K.TEXT, required=True, max_length=160),
    Fd("relation", "Relazione", K.TEXT, max_length=80),
    Fd("birth_year", "Anno di nascita", K.INT, min_value=1900, max_value=dt.date.today().year),
    Fd("co_fosterer", "Partecipa all'affido", K.BOOL),
    Fd("notes", "Note", K.MULTILINE, max_length=2000),
)

DOCUMENT_FIELDS = fl.specs(
    Fd("kind", "Tipo di documento", K.ENUM, enum=DocumentKind, required=True),
    Fd("number", "Numero", K.TEXT, max_length=80),
    Fd("issued_on", "Rilasciato il", K.DATE),
    Fd("expires_on", "Scade il", K.DATE),
    Fd("attachment_id", "Copia del documento", K.REF),
    Fd("notes", "Note", K.MULTILINE, max_length=2000),
)


@dataclass(frozen=True)
class _Kind:
    kind: PersonKind
    model: type
    event_model: type
    event_fk: str
    fields: dict[str, fl.Field]
    resource: Resource
    status_enum: type
    reason_enum: type
    initial: Any
    noun: str  # "L'anziano"


ELDERS = _Kind(PersonKind.ELDER, Elder, ElderEvent, "elder_id", ELDER_FIELDS, Resource.ELDER,
               ElderStatus, ElderCloseReason, ElderStatus.REFERRED, "L'anziano")
FOSTERERS = _Kind(PersonKind.FOSTERER, Fosterer, FostererEvent, "fosterer_id", FOSTERER_FIELDS,
                  Resource.FOSTERER, FostererStatus, FostererEndReason,
                  FostererStatus.APPLICATION, "L'affidatario")
_KINDS = {PersonKind.ELDER: ELDERS, PersonKind.FOSTERER: FOSTERERS}
SENSITIVE_ELDER_FIELDS = frozenset(n for n, f in ELDER_FIELDS.items() if f.sensitive)


# --- create / edit / read -----------------------------------------------------------------------

def create_elder(s: Session, actor: Actor, data: Mapping[str, Any]) -> int:
    return _create(s, actor, ELDERS, data)


def create_fosterer(s: Session, actor: Actor, data: Mapping[str, Any]) -> int:
    return _create(s, actor, FOSTERERS, data)


def update_elder(
    s: Session, actor: Actor, elder_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    return _update(s, actor, ELDERS, elder_id, data, expected_version)


def update_fosterer(
    s: Session, actor: Actor, fosterer_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    return _update(s, actor, FOSTERERS, fosterer_id, data, expected_version)


def get_elder(s: Session, actor: Actor, elder_id: int, *, sensitive: bool = False) -> dict:
    """An elder's record; health and fragility fields only with ``sensitive`` (audited)."""
    return _get(s, actor, ELDERS, elder_id, sensitive)


def get_fosterer(s: Session, actor: Actor, fosterer_id: int) -> dict:
    return _get(s, actor, FOSTERERS, fosterer_id, False)


def _create(s: Session, actor: Actor, k: _Kind, data: Mapping[str, Any]) -> int:
    actor.require(Action.CREATE, k.resource)
    data = dict(data)
    date_field = "referral_date" if k is ELDERS else "application_date"
    data.setdefault(date_field, today())
    values = fl.clean(data, k.fields, extra_checks=[_person_checks(k)])
    _check_unique_cf(s, k, values.get("codice_fiscale"), None)
    obj = k.model(**values, status=k.initial, status_since=values[date_field])
    obj.search_text = _search_text(obj)
    s.add(obj)
    _flush_unique(s, k)
    s.add(k.event_model(**{k.event_fk: obj.id}, occurred_on=values[date_field],
                        from_status=None, to_status=k.initial.value, author_id=actor.id))
    audit(s, actor.id, AuditAction.CREATE, k.model.__tablename__, obj.id,
          **_person_ref(k, obj.id), detail={"status": k.initial.value})
    return obj.id


def _update(
    s: Session, actor: Actor, k: _Kind, person_id: int, data: Mapping[str, Any],
    expected_version: int,
) -> int:
    actor.require(Action.UPDATE, k.resource)
    obj = get_or_404(s, k.model, person_id, k.noun)
    if obj.anonymised_at is not None:
        raise Conflict("La scheda è stata anonimizzata: non si può più modificare.")
    touched_sensitive = set(data) & SENSITIVE_ELDER_FIELDS if k is ELDERS else set()
    if touched_sensitive:
        actor.require(Action.READ_SENSITIVE, k.resource)
    check_version(obj, expected_version, k.noun)
    current = as_dict(obj, k.fields)
    values = fl.clean(data, k.fields, partial=True, extra_checks=[_person_checks(k)],
                      current=current)
    if "codice_fiscale" in values:
        _check_unique_cf(s, k, values["codice_fiscale"], obj.id)
    changed = apply(obj, values)
    if not changed:
        return obj.version
    obj.search_text = _search_text(obj)
    _flush_unique(s, k)
    audit(s, actor.id, AuditAction.UPDATE, k.model.__tablename__, obj.id,
          **_person_ref(k, obj.id), detail=changed_fields(changed))
    return obj.version


def _get(s: Session, actor: Actor, k: _Kind, person_id: int, sensitive: bool) -> dict:
    actor.require(Action.READ, k.resource)
    sensitive = sensitive and k is ELDERS
    if sensitive:
        actor.require(Action.READ_SENSITIVE, k.resource)
    names, stmt = _record_statement(k.kind, sensitive)
    row = s.execute(stmt, {"id": person_id}).first() if person_id is not None else None
    if row is None:
        raise NotFound(f"{k.noun} non trovato: potrebbe essere stato eliminato.")
    if sensitive:
        audit(s, actor.id, AuditAction.READ, k.model.__tablename__, person_id,
              **_person_ref(k, person_id), detail={"fields": "sensitive"})
    out = dict(zip(names, row, strict=True))
    out["kind"] = k.kind
    return out


#: what a record carries besides its form's fields
_RECORD_EXTRA = ("id", "version", "status", "status_since", "suspended_until", "end_reason",
                 "created_at", "updated_at")


@functools.lru_cache(maxsize=4)
def _record_statement(kind: PersonKind, sensitive: bool) -> tuple[tuple[str, ...], Select]:
    """The columns of a record (the form's fields, the health ones only with ``sensitive``)
    and the statement reading them by ``id``: plain columns, no ORM object to build."""
    k = _KINDS[kind]
    names = [n for n in k.fields if sensitive or not k.fields[n].sensitive]
    names += [n for n in _RECORD_EXTRA if n not in names]
    if k is FOSTERERS:
        names.append("approval_date")
    table = k.model.__table__
    stmt = select(*columns(k.model, names)).where(table.c.id == bindparam("id"))
    return tuple(names), stmt


def _person_checks(k: _Kind):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        cf = rec.get("codice_fiscale")
        if cf and "codice_fiscale" not in errors:
            try:
                v.validate_codice_fiscale(
                    cf, birth_date=rec.get("birth_date"), sex=_code(rec.get("sex")),
                    last_name=rec.get("last_name"), first_name=rec.get("first_name"),
                    birthplace=rec.get("birthplace"),
                )
            except FieldError as exc:
                errors["codice_fiscale"] = exc.message
        born = rec.get("birth_date")
        if (k is FOSTERERS and born and "birth_date" not in errors
                and v.age_on(born, today()) < FOSTERER_MIN_AGE):
            errors["birth_date"] = "L'affidatario deve essere maggiorenne."
        if k is ELDERS and born and rec.get("intake_date") and "birth_date" not in errors:
            try:
                v.validate_elder_age(born, rec["intake_date"])
            except FieldError as exc:
                errors["birth_date"] = exc.message
        for name in ("referral_date", "intake_date", "application_date"):
            day = rec.get(name)
            if day and day > today() and name not in errors:
                errors[name] = "La data non può essere nel futuro."
        if (k is ELDERS and rec.get("intake_date") and rec.get("referral_date")
                and rec["intake_date"] < rec["referral_date"] and "intake_date" not in errors):
            errors["intake_date"] = "La valutazione non può precedere la segnalazione."

    return check


def _code(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _check_unique_cf(s: Session, k: _Kind, cf: str | None, own_id: int | None) -> None:
    if not cf:
        return
    other = s.execute(
        select(k.model.id).where(k.model.codice_fiscale == cf, k.model.id != (own_id or 0))
    ).first()
    if other:
        raise ValidationError({"codice_fiscale": _duplicate_cf_message(k)})


def _duplicate_cf_message(k: _Kind) -> str:
    who = "un anziano" if k is ELDERS else "un affidatario"
    return f"Esiste già {who} con questo codice fiscale."


def _flush_unique(s: Session, k: _Kind) -> None:
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:
        if is_unique_violation(exc):
            raise ValidationError({"codice_fiscale": _duplicate_cf_message(k)}) from exc
        raise


def _search_text(obj: Any) -> str:
    return search_text(obj.last_name, obj.first_name, obj.codice_fiscale, obj.phone, obj.mobile,
                       obj.comune)


def _person_ref(k: _Kind, person_id: int) -> dict[str, int]:
    return {k.event_fk: person_id}


def columns(model: type, names) -> list:
    """The table columns behind these mapped attributes. A statement of plain table columns
    runs without the ORM's work for each statement (it costs about half as much; the session
    still flushes pending changes first): what lists and records read that way, built once and
    run with bound values."""
    cols = sa_inspect(model).columns
    return [cols[n] for n in names]


# --- status -------------------------------------------------------------------------------------

def change_elder_status(
    s: Session, actor: Actor, elder_id: int, new_status: ElderStatus | str, *,
    on: dt.date | None = None, reason: str | None = None, until: dt.date | None = None,
    note: str | None = None, expected_version: int | None = None,
) -> int:
    return change_status(s, actor, PersonKind.ELDER, elder_id, new_status, on=on, reason=reason,
                         until=until, note=note, expected_version=expected_version)


def change_fosterer_status(
    s: Session, actor: Actor, fosterer_id: int, new_status: FostererStatus | str, *,
    on: dt.date | None = None, reason: str | None = None, until: dt.date | None = None,
    note: str | None = None, expected_version: int | None = None,
) -> int:
    return change_status(s, actor, PersonKind.FOSTERER, fosterer_id, new_status, on=on,
                         reason=reason, until=until, note=note,
                         expected_version=expected_version)


def change_status(
    s: Session, actor: Actor, kind: PersonKind, person_id: int, new_status: Any, *,
    on: dt.date | None = None, reason: str | None = None, until: dt.date | None = None,
    note: str | None = None, expected_version: int | None = None,
) -> int:
    """Move a person along its life cycle; records the event and audits. Returns the version."""
    k = _KINDS[PersonKind(kind)]
    actor.require(Action.CHANGE_STATUS, k.resource)
    new = k.status_enum(new_status)
    if k is FOSTERERS and new == FostererStatus.APPROVED:
        actor.require(Action.APPROVE, k.resource)
    obj = get_or_404(s, k.model, person_id, k.noun)
    check_version(obj, expected_version, k.noun)
    on = on or today()
    errors = _status_errors(k, obj, new, on, reason, until)
    if k is ELDERS and new in (ElderStatus.ASSESSED, ElderStatus.WAITING) and not errors:
        errors.update(elder_ineligibility(
            obj.birth_date, on, in_uvg_care=obj.in_uvg_care,
            has_consent=has_active_consent(s, PersonKind.ELDER, obj.id, on),
        ))
    if k is FOSTERERS and new == FostererStatus.APPROVED and not errors:
        from affido_app.services.selection import approval_evidence

        evidence = approval_evidence(s, obj.id, on)
        if not evidence["ready"]:
            errors["approval"] = evidence["summary"] + "."
    if errors:
        raise ValidationError(errors)
    note = v.clean_text(note, max_length=5000, multiline=True)
    old = obj.status
    obj.status = new
    obj.status_since = on
    obj.suspended_until = until if new in lifecycle.NEEDS_RESUME_DATE else None
    if new in lifecycle.NEEDS_REASON and new not in lifecycle.NEEDS_RESUME_DATE:
        obj.end_reason = str(reason)
    if k is ELDERS and new == ElderStatus.ASSESSED and obj.intake_date is None:
        obj.intake_date = on
    if k is FOSTERERS and new == FostererStatus.APPROVED:
        obj.approval_date = on
    s.add(k.event_model(**{k.event_fk: obj.id}, occurred_on=on, from_status=old.value,
                        to_status=new.value, reason=reason, until=until, note=note,
                        author_id=actor.id))
    s.flush()
    audit(s, actor.id, AuditAction.STATUS, k.model.__tablename__, obj.id,
          **_person_ref(k, obj.id), detail={"from": old.value, "to": new.value})
    return obj.version


def _status_errors(k: _Kind, obj: Any, new: Any, on: dt.date, reason: str | None,
                   until: dt.date | None) -> dict[str, str]:
    return lifecycle.transition_errors(
        obj.status, new, status_since=obj.status_since, on=on, today=today(), reason=reason,
        until=until, valid_reasons={r.value for r in k.reason_enum})


def history(s: Session, actor: Actor, kind: PersonKind, person_id: int) -> list[dict]:
    """The status events of a person, oldest first."""
    k = _KINDS[PersonKind(kind)]
    actor.require(Action.READ, k.resource)
    rows = _of_person(s, k, _history_statement(k.kind), person_id)
    status = k.status_enum
    out = []
    for r in rows:
        e = dict(zip(_HISTORY_COLUMNS, r, strict=True))
        e["from_status"] = status(e["from_status"]) if e["from_status"] else None
        e["to_status"] = status(e["to_status"])
        out.append(e)
    return out


_HISTORY_COLUMNS = ("occurred_on", "recorded_at", "from_status", "to_status", "reason",
                    "sub_reason", "until", "note", "author_id")


@functools.lru_cache(maxsize=2)
def _history_statement(kind: PersonKind) -> Select:
    ev = _KINDS[kind].event_model
    t = ev.__table__
    return (person_join(kind, t, select(*columns(ev, _HISTORY_COLUMNS)))
            .order_by(t.c.occurred_on, t.c.id))


def person_join(kind: PersonKind, table, stmt: Select) -> Select:
    """``stmt`` over the rows of ``table`` belonging to the person ``id`` (bound), read from
    the person's own row outward: one row of NULLs when the person has none, no row at all when
    the person does not exist (see :func:`of_person`)."""
    person = _KINDS[kind].model.__table__
    fk = table.c[_KINDS[kind].event_fk]
    return (stmt.add_columns(table.c.id.label("_child"))
            .select_from(person).outerjoin(table, fk == person.c.id)
            .where(person.c.id == bindparam("id")))


def of_person(s: Session, kind: PersonKind, stmt: Select, person_id: int | None) -> list:
    """The rows of a statement built by :func:`person_join`, without its last column: empty
    when the person has none, NotFound when the person does not exist (one query either way)."""
    return _of_person(s, _KINDS[PersonKind(kind)], stmt, person_id)


def _of_person(s: Session, k: _Kind, stmt: Select, person_id: int | None) -> list:
    rows = s.execute(stmt, {"id": person_id}).all() if person_id is not None else []
    if not rows:
        raise NotFound(f"{k.noun} non trovato: potrebbe essere stato eliminato.")
    if rows[0][-1] is None:  # the person is there, with nothing of this kind
        return []
    return [r[:-1] for r in rows]


def has_active_consent(s: Session, kind: PersonKind, person_id: int, on: dt.date,
                       scope: ConsentScope = ConsentScope.DATA_PROCESSING) -> bool:
    col = Consent.elder_id if PersonKind(kind) == PersonKind.ELDER else Consent.fosterer_id
    return s.execute(
        select(Consent.id).where(
            col == person_id, Consent.scope == scope, Consent.given_on <= on,
            or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
        ).limit(1)
    ).first() is not None


# --- lists and search ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonFilter:
    """What a list shows: every field optional. ``search`` matches names, codice fiscale, phones
    and comune ignoring case and accents."""

    search: str | None = None
    statuses: tuple = ()
    comune: str | None = None
    #: elders whose highest fragility is at least this level
    min_fragility: int | None = None
    #: elders needing all of these (Need mask); fosterers offering all of these skills
    needs: int = 0
    #: people whose weekly grid overlaps this mask
    availability: int = 0
    sort: str = "name"
    descending: bool = False


_LIST_COLUMNS = ("id", "last_name", "first_name", "birth_date", "codice_fiscale", "comune",
                 "phone", "mobile", "status", "status_since")
SORT_KEYS = ("name", "birth_date", "comune", "status", "status_since", "codice_fiscale", "id")


def list_people(
    s: Session, actor: Actor, kind: PersonKind, flt: PersonFilter = PersonFilter(), *,
    offset: int = 0, limit: int = 100, counted: int | None = None,
) -> list:
    """One page of a registry, as rows of plain columns (never whole records).

    ``counted``: what :func:`count_people` returned for this filter, when the caller has it (a
    list model counts once per filter): it spares counting the matches again to choose how the
    page is read."""
    k = _KINDS[PersonKind(kind)]
    actor.require(Action.READ, k.resource)
    m = k.model
    dialect = s.get_bind().dialect.name
    walk = _walk_names(s, k, flt, counted)
    terms = search_terms(flt.search or "")
    if _plain(flt) and (not terms or dialect == "sqlite"):
        # the registry's own case (a search typed, a column sorted): one statement built once
        # per shape, its values bound at each call (building it costs more than running it)
        stmt = _page_statement(k.kind, dialect, flt.sort, flt.descending, bool(terms), walk)
        params = {"offset": max(0, offset), "limit": max(0, limit)}
        if terms:
            params["q"] = _fts_match(terms)
        return s.execute(stmt, params).all()
    cols = [getattr(m, c) for c in _LIST_COLUMNS]
    stmt = _filtered(s, k, select(*cols), flt, actor, walk_names=walk)
    stmt = stmt.order_by(*_order(k, flt, dialect))
    stmt = stmt.offset(max(0, offset)).limit(max(0, limit))
    return s.execute(stmt).all()


def _plain(flt: PersonFilter) -> bool:
    """No filter but the search text (and the sort)."""
    return (not flt.statuses and not flt.comune and flt.min_fragility is None and not flt.needs
            and not flt.availability)


@functools.lru_cache(maxsize=64)
def _page_statement(kind: PersonKind, dialect: str, sort: str, descending: bool,
                    searching: bool, walk: bool) -> Select:
    """A page of a registry with no filter but an SQLite full-text search (bound as ``q``),
    with ``offset`` and ``limit`` bound."""
    k = _KINDS[kind]
    m = k.model
    t = m.__table__
    stmt = select(*columns(m, _LIST_COLUMNS))
    if searching:
        fts = m.__tablename__ + "_fts"
        key = (t.c.id + 0) if walk else t.c.id  # see _search_clause
        stmt = stmt.where(key.in_(
            select(text("rowid")).select_from(text(fts)).where(text(f"{fts} MATCH :q"))))
    stmt = stmt.order_by(*_order(k, PersonFilter(sort=sort, descending=descending), dialect,
                                 table=True))
    return stmt.offset(bindparam("offset")).limit(bindparam("limit"))


def count_people(s: Session, actor: Actor, kind: PersonKind,
                 flt: PersonFilter = PersonFilter()) -> int:
    k = _KINDS[PersonKind(kind)]
    actor.require(Action.READ, k.resource)
    if _search_only(flt) and s.get_bind().dialect.name == "sqlite":
        terms = search_terms(flt.search or "")
        if terms:  # every person is in the search index: counting there spares the rows
            return _fts_count(s, k, terms)
    stmt = _filtered(s, k, select(func.count()).select_from(k.model), flt, actor)
    return s.execute(stmt).scalar_one()


def comuni_in_use(s: Session, actor: Actor, kind: PersonKind) -> list[str]:
    """The comuni where people of this kind live, alphabetically (for list filters)."""
    k = _KINDS[PersonKind(kind)]
    actor.require(Action.READ, k.resource)
    rows = s.scalars(select(k.model.comune).where(k.model.comune.is_not(None)).distinct())
    return sorted(rows, key=str.casefold)


def _filtered(s: Session, k: _Kind, stmt: Select, flt: PersonFilter,
              actor: Actor | None = None, walk_names: bool = False) -> Select:
    m = k.model
    if flt.statuses:
        stmt = stmt.where(m.status.in_([k.status_enum(x) for x in flt.statuses]))
    if flt.comune:
        stmt = stmt.where(m.comune == flt.comune)
    if flt.min_fragility is not None and k is ELDERS:
        if actor is not None:  # filtering on health data reveals it: same rule as reading it
            actor.require(Action.READ_SENSITIVE, k.resource)
        level = int(flt.min_fragility)
        stmt = stmt.where(or_(m.fragility_relational >= level, m.fragility_physical >= level,
                              m.fragility_psychological >= level))
    if flt.needs:
        col = m.needs if k is ELDERS else m.skills
        stmt = stmt.where(col.op("&")(int(flt.needs)) == int(flt.needs))
    if flt.availability:
        stmt = stmt.where(m.availability.op("&")(int(flt.availability)) != 0)
    if flt.search and flt.search.strip():
        stmt = stmt.where(_search_clause(s, k, flt.search, walk_names))
    return stmt


#: a search on SQLite matching more people than this reads a page of the list sorted by name
#: by walking the name index (revision 0005) and keeping the matches, instead of sorting every
#: match: under 10 ms whatever the number of matches, where sorting 15,000 took 150 ms
WALK_NAMES_ABOVE = 1000


def _search_only(flt: PersonFilter) -> bool:
    return (bool(flt.search) and not flt.statuses and not flt.comune
            and flt.min_fragility is None and not flt.needs and not flt.availability)


def _fts_match(terms: list[str]) -> str:
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def _fts_count(s: Session, k: _Kind, terms: list[str]) -> int:
    return s.execute(_fts_count_statement(k.model.__tablename__ + "_fts"),
                     {"q": _fts_match(terms)}).scalar_one()


@functools.lru_cache(maxsize=4)
def _fts_count_statement(fts: str):
    return text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :q")


def _walk_names(s: Session, k: _Kind, flt: PersonFilter, counted: int | None = None) -> bool:
    """Whether this page is better read in name order from the index (many matches).
    ``counted`` (count_people's answer) is the number of matches when the filter is only a
    search: the search index is then not counted again."""
    if flt.sort != "name" or not flt.search or s.get_bind().dialect.name != "sqlite":
        return False
    terms = search_terms(flt.search)
    if not terms:
        return False
    if counted is not None and _search_only(flt):
        return counted > WALK_NAMES_ABOVE
    return _fts_count(s, k, terms) > WALK_NAMES_ABOVE


def _search_clause(s: Session, k: _Kind, query: str, walk_names: bool = False):
    terms = search_terms(query)
    if not terms:
        return text("1=1")
    m = k.model
    if s.get_bind().dialect.name == "sqlite":
        fts = k.model.__tablename__ + "_fts"
        # "id + 0" keeps SQLite from reading the matches by id: it then walks the index that
        # gives the list's order (lower(last_name), lower(first_name), id) and stops at the page
        key = (m.id + 0) if walk_names else m.id
        return key.in_(
            select(text("rowid")).select_from(text(fts)).where(text(f"{fts} MATCH :q"))
            .params(q=_fts_match(terms))
        )
    # PostgreSQL: each term is a substring of the folded text (trigram index)
    return and_(*[m.search_text.like("%" + _like_escape(t) + "%", escape="\\") for t in terms])


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order(k: _Kind, flt: PersonFilter, dialect: str = "", table: bool = False) -> list:
    """ORDER BY of a list; with ``table``, on the table's plain columns."""
    m = k.model.__table__.c if table else k.model
    key = flt.sort if flt.sort in SORT_KEYS else "name"
    if key == "name" and dialect == "sqlite":
        # the order of lower(): SQLite's NOCASE folds the same (ASCII) letters, and the index
        # of revision 0005 has it
        cols = [m.last_name.collate("NOCASE"), m.first_name.collate("NOCASE")]
    elif key == "name":
        cols = [func.lower(m.last_name), func.lower(m.first_name)]
    elif key == "status":  # the order of the life cycle, not of the codes
        cols = [case({st.value: i for i, st in enumerate(k.status_enum)}, value=m.status,
                     else_=len(k.status_enum))]
    else:
        cols = [getattr(m, key)]
    cols = [c.desc() if flt.descending else c.asc() for c in cols]
    return [*cols, m.id.desc() if flt.descending else m.id.asc()]


def search_people(s: Session, actor: Actor, query: str, *, limit: int = 20) -> list[dict]:
    """Search-as-you-type over elders and fosterers the actor may read."""
    out: list[dict] = []
    for k in (ELDERS, FOSTERERS):
        if not _may(actor, Action.READ, k.resource):
            continue
        rows = list_people(s, actor, k.kind, PersonFilter(search=query), limit=limit)
        out += [{"kind": k.kind, **row._asdict()} for row in rows]
    return out


def _may(actor: Actor, action: Action, resource: Resource) -> bool:
    from affido_app.domain.permissions import can

    return can(actor.role, action, resource)


# --- contacts, household, documents -------------------------------------------------------------

def add_elder_contact(s: Session, actor: Actor, elder_id: int, data: Mapping[str, Any]) -> int:
    return _add_child(s, actor, ELDERS, elder_id, ElderContact, CONTACT_FIELDS, data)


def update_elder_contact(s: Session, actor: Actor, contact_id: int,
                         data: Mapping[str, Any]) -> None:
    _update_child(s, actor, ELDERS, ElderContact, contact_id, CONTACT_FIELDS, data)


def remove_elder_contact(s: Session, actor: Actor, contact_id: int) -> None:
    _remove_child(s, actor, ELDERS, ElderContact, contact_id)


def list_elder_contacts(s: Session, actor: Actor, elder_id: int) -> list[dict]:
    return _list_children(s, actor, ELDERS, elder_id, ElderContact, CONTACT_FIELDS)


def add_household_member(s: Session, actor: Actor, fosterer_id: int,
                         data: Mapping[str, Any]) -> int:
    return _add_child(s, actor, FOSTERERS, fosterer_id, HouseholdMember, HOUSEHOLD_FIELDS, data)


def update_household_member(s: Session, actor: Actor, member_id: int,
                            data: Mapping[str, Any]) -> None:
    _update_child(s, actor, FOSTERERS, HouseholdMember, member_id, HOUSEHOLD_FIELDS, data)


def remove_household_member(s: Session, actor: Actor, member_id: int) -> None:
    _remove_child(s, actor, FOSTERERS, HouseholdMember, member_id)


def list_household(s: Session, actor: Actor, fosterer_id: int) -> list[dict]:
    return _list_children(s, actor, FOSTERERS, fosterer_id, HouseholdMember, HOUSEHOLD_FIELDS)


def add_document(s: Session, actor: Actor, fosterer_id: int, data: Mapping[str, Any]) -> int:
    return _add_child(s, actor, FOSTERERS, fosterer_id, FostererDocument, DOCUMENT_FIELDS, data,
                      checks=[_document_checks])


def update_document(s: Session, actor: Actor, document_id: int, data: Mapping[str, Any]) -> None:
    _update_child(s, actor, FOSTERERS, FostererDocument, document_id, DOCUMENT_FIELDS, data,
                  checks=[_document_checks])


def remove_document(s: Session, actor: Actor, document_id: int) -> None:
    _remove_child(s, actor, FOSTERERS, FostererDocument, document_id)


def list_documents(s: Session, actor: Actor, fosterer_id: int) -> list[dict]:
    rows = _list_children(s, actor, FOSTERERS, fosterer_id, FostererDocument, DOCUMENT_FIELDS)
    day = today()
    for row in rows:
        row["valid"] = row["expires_on"] is None or row["expires_on"] >= day
    return rows


def _document_checks(rec: dict[str, Any], errors: dict[str, str]) -> None:
    issued, expires = rec.get("issued_on"), rec.get("expires_on")
    if issued and expires and expires < issued and "expires_on" not in errors:
        errors["expires_on"] = "La scadenza non può precedere il rilascio."
    if issued and issued > today() and "issued_on" not in errors:
        errors["issued_on"] = "La data di rilascio non può essere nel futuro."


def _add_child(s, actor, k: _Kind, person_id, model, specs, data, checks=()) -> int:
    actor.require(Action.UPDATE, k.resource)
    get_or_404(s, k.model, person_id, k.noun)
    values = fl.clean(data, specs, extra_checks=checks)
    obj = model(**{k.event_fk: person_id}, **values)
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, model.__tablename__, obj.id,
          **_person_ref(k, person_id))
    return obj.id


def _update_child(s, actor, k: _Kind, model, child_id, specs, data, checks=()) -> None:
    actor.require(Action.UPDATE, k.resource)
    obj = get_or_404(s, model, child_id, "Il dato")
    values = fl.clean(data, specs, partial=True, extra_checks=checks,
                      current=as_dict(obj, specs))
    changed = apply(obj, values)
    if changed:
        s.flush()
        audit(s, actor.id, AuditAction.UPDATE, model.__tablename__, obj.id,
              **_person_ref(k, getattr(obj, k.event_fk)), detail=changed_fields(changed))


def _remove_child(s, actor, k: _Kind, model, child_id) -> None:
    actor.require(Action.UPDATE, k.resource)
    obj = get_or_404(s, model, child_id, "Il dato")
    person_id = getattr(obj, k.event_fk)
    s.delete(obj)
    s.flush()
    audit(s, actor.id, AuditAction.DELETE, model.__tablename__, child_id,
          **_person_ref(k, person_id))


def _list_children(s, actor, k: _Kind, person_id, model, specs) -> list[dict]:
    actor.require(Action.READ, k.resource)
    names, stmt = _children_statement(k.kind, model, tuple(specs))
    rows = _of_person(s, k, stmt, person_id)
    return [dict(zip(names, r, strict=True)) for r in rows]


@functools.lru_cache(maxsize=8)
def _children_statement(kind: PersonKind, model: type,
                        names: tuple[str, ...]) -> tuple[tuple[str, ...], Select]:
    """The rows of a person's contacts, household or documents: ``id`` and ``names``."""
    t = model.__table__
    names = ("id", *names)
    stmt = person_join(kind, t, select(*columns(model, names))).order_by(t.c.id)
    return names, stmt


def kind_of(kind: PersonKind | str) -> _Kind:
    try:
        return _KINDS[PersonKind(kind)]
    except ValueError:
        raise NotFound("Tipo di persona sconosciuto.") from None
