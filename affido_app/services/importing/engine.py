"""The import itself: file → mapping → checked rows → one transaction → report.

The steps a wizard walks through, each a function (the command line runs them in a row):

1. :func:`open_source` reads the head of the file, finds the header row (a title block above it
   is skipped) and guesses the mapping; the user may change it (:mod:`.mapping`).
2. :func:`analyse` reads every row, converts the cells (:mod:`.values`), validates each row with
   the forms' own rules (``fields.clean`` with the people service's specs and cross-field checks),
   and flags duplicates against the database and within the file (the rules of
   :mod:`affido_app.services.duplicates`). Nothing is written: this is the preview and the
   ``--dry-run``.
3. :func:`execute` writes the accepted rows, all in the caller's one transaction (an error, or a
   progress callback that raises to cancel, leaves nothing behind), each with its status event
   and audit row as the forms make them. Duplicates are checked again first, in the same
   transaction, so a person added meanwhile is not imported twice.

Long steps take ``report(percent, text)``; it may raise to cancel. Personal data is never
logged: the report (:mod:`.report`) goes where the caller sends it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from affido_app.domain.enums import AuditAction, PersonKind
from affido_app.domain.permissions import Action, can
from affido_app.errors import Conflict, FieldError, PermissionDenied, ValidationError
from affido_app.services import duplicates as dup
from affido_app.services import fields as fl
from affido_app.services import people
from affido_app.services.audit import audit
from affido_app.services.common import is_unique_violation, today
from affido_app.services.context import Actor
from affido_app.services.importing import mapping as mp
from affido_app.services.importing import values as vals
from affido_app.services.importing.mapping import ImportRefused
from affido_app.services.importing.reading import HEAD_ROWS, Table, open_table

Progress = Callable[[int, str], None]

OK = "ok"
INVALID = "invalid"
DUPLICATE_IN_DATABASE = "duplicate_in_database"
DUPLICATE_IN_FILE = "duplicate_in_file"
STATUSES = (OK, INVALID, DUPLICATE_IN_DATABASE, DUPLICATE_IN_FILE)

#: in the audit row of each imported person: the audit screen shows unknown keys as
#: "key: value", so this reads "origine: importazione" there
AUDIT_ORIGIN = {"origine": "importazione"}
#: rows written per flush
BATCH = 250
#: youngest age a two-digit birth year is read for ("40" → 1940 for an elder)
_MIN_AGE = {PersonKind.ELDER: 60, PersonKind.FOSTERER: 18}


@dataclass
class Source:
    """A file opened for import: where its header is and how its columns are read."""

    table: Table
    kind: PersonKind
    #: the header's row number as the spreadsheet shows it
    header_row: int
    headers: list[str]
    #: ``{column index: field}``; change it freely before :func:`analyse`
    mapping: dict[int, str]

    @property
    def name(self) -> str:
        return self.table.path.name

    def column(self, index: int) -> str:
        return mp.column_letter(index)

    def header(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else ""


@dataclass
class Problem:
    """Why a row (or one of its cells) cannot be imported."""

    message: str
    field: str | None = None
    label: str | None = None
    #: the column letter ("C") and its header, when the problem is in a cell
    column: str | None = None
    header: str | None = None


@dataclass
class RowResult:
    row: int
    status: str
    problems: list[Problem] = field(default_factory=list)
    #: the cleaned values (rows that passed validation)
    values: dict[str, Any] | None = None
    duplicate_of_row: int | None = None
    duplicate_of_id: int | None = None
    #: the id given on import
    id: int | None = None
    #: "Cognome Nome" as read, for showing a rejected row (its ``values`` are None)
    name: str | None = None

    @property
    def person_name(self) -> str:
        v = self.values or {}
        shown = " ".join(str(x) for x in (v.get("last_name"), v.get("first_name")) if x)
        return shown or self.name or ""


@dataclass
class ImportPlan:
    """Every data row of the file, checked: what :func:`execute` would import and why the
    others are left out. ``rows`` holds only non-empty rows."""

    source: Source
    mapping: dict[int, str]
    rows: list[RowResult]
    empty_rows: int
    seconds: float = 0.0

    @property
    def accepted(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == OK]

    @property
    def skipped(self) -> list[RowResult]:
        return [r for r in self.rows if r.status != OK]

    def counts(self) -> dict[str, int]:
        by = {s: 0 for s in STATUSES}
        for r in self.rows:
            by[r.status] += 1
        return by


# --- step 1: the file and its columns ----------------------------------------------------------

def open_source(path: str | Path, kind: PersonKind | str, *, sheet: str | None = None,
                overrides: Iterable[tuple[str, str]] = ()) -> Source:
    """Open ``path``, find its header row and guess the mapping (then ``overrides``:
    ``(column, field)`` pairs, see :func:`mapping.apply_overrides`)."""
    k = people.kind_of(kind)
    overrides = list(overrides)
    table = open_table(path, sheet)
    head = table.head(HEAD_ROWS)
    if not any(_filled(cells) for _n, cells in head):
        raise ImportRefused(f"Il file «{table.path.name}» non contiene dati"
                            + (f" nel foglio «{table.sheet}»." if table.sheet else "."))
    index = mp.find_header_row([cells for _n, cells in head], k.kind,
                               extra_names=[c for c, _f in overrides])
    if index is None:
        raise ImportRefused(
            f"Nelle prime {HEAD_ROWS} righe di «{table.path.name}» non c'è l'intestazione delle "
            "colonne: serve una riga con i nomi delle colonne (per esempio Cognome, Nome, "
            "Data di nascita, Comune).", needs_mapping=True)
    number, cells = head[index]
    headers = [vals.as_text(c).strip() if c is not None else "" for c in cells]
    mapping = mp.guess_mapping(headers, k.kind)
    mapping = mp.apply_overrides(mapping, headers, overrides, k.kind)
    return Source(table, k.kind, number, headers, mapping)


def missing_required(kind: PersonKind | str, mapping: dict[int, str]) -> list[str]:
    """The labels of the required fields no column fills (and that have no default)."""
    mapped = set(mapping.values())
    if mp.FULL_NAME in mapped:
        mapped |= {"last_name", "first_name"}
    return [t.label for t in mp.targets(kind).values()
            if t.required and not t.has_default and t.name not in mapped]


def check_mapping(actor: Actor, kind: PersonKind | str, mapping: dict[int, str]) -> None:
    """Refuse a mapping that cannot be imported: a required field with no column, a field the
    actor may not write."""
    k = people.kind_of(kind)
    targets = mp.targets(k.kind)
    unknown = [f for f in mapping.values() if f not in targets]
    if unknown:
        raise ImportRefused("Campi non importabili: " + ", ".join(sorted(unknown)) + ".")
    missing = missing_required(k.kind, mapping)
    if missing:
        raise ImportRefused(
            "Manca " + ("la colonna obbligatoria " if len(missing) == 1
                        else "le colonne obbligatorie ")
            + ", ".join(f"«{m}»" for m in missing)
            + (": aggiungerla al file o indicare quale colonna la contiene." if len(missing) == 1
               else ": aggiungerle al file o indicare quali colonne le contengono."),
            needs_mapping=True)
    sensitive = [targets[f].label for f in mapping.values() if targets[f].sensitive]
    if sensitive and not can(actor.role, Action.READ_SENSITIVE, k.resource):
        raise PermissionDenied(
            "Il file contiene dati sanitari o riservati ("
            + ", ".join(f"«{s}»" for s in sensitive)
            + ") che il proprio ruolo non può vedere: toglierli dall'importazione.")


# --- step 2: every row, checked ----------------------------------------------------------------

def analyse(s: Session, actor: Actor, source: Source, mapping: dict[int, str] | None = None, *,
            report: Progress | None = None, limit: int | None = None,
            progress_span: tuple[int, int] = (0, 100)) -> ImportPlan:
    """Read and check every row after the header (the first ``limit`` data rows for a quick
    preview). Writes nothing. Raises ImportRefused when the file has no data row."""
    started = time.monotonic()
    k = people.kind_of(source.kind)
    actor.require(Action.CREATE, k.resource)
    mapping = dict(source.mapping if mapping is None else mapping)
    check_mapping(actor, k.kind, mapping)
    specs = {name: k.fields[name] for name in mapping.values() if name != mp.FULL_NAME}
    columns = sorted(mapping.items())
    day = today()
    min_age = _MIN_AGE[k.kind]
    date_field = _date_field(k)
    checks = [people._person_checks(k)]
    # rows the file says it has (None: unknown, the text alone then shows the progress)
    estimated = (max(source.table.estimated_rows - source.header_row, 1)
                 if source.table.estimated_rows else None)
    lo, hi = progress_span
    check_span = (lo + (hi - lo) * 8 // 10, hi)

    rows: list[RowResult] = []
    empty = 0
    seen = 0
    previous = source.header_row
    for number, cells in source.table.rows():
        if number <= source.header_row:
            continue
        # rows with nothing in them may be missing from an xlsx: the gap counts them
        empty += max(0, number - previous - 1)
        previous = number
        seen += 1
        if report is not None and seen % 250 == 0:
            done = (min((hi - lo) * 8 // 10, (hi - lo) * 8 * seen // (10 * estimated))
                    if estimated else 0)
            report(lo + done, f"Controllo delle righe: {seen}")
        if not _filled(cells):
            empty += 1
            continue
        rows.append(_check_row(number, cells, columns, specs, source, k, day, min_age,
                               date_field, checks))
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        raise ImportRefused(
            f"Il file «{source.name}» non contiene righe di dati sotto l'intestazione "
            f"(riga {source.header_row}).")
    plan = ImportPlan(source, mapping, rows, empty)
    find_duplicates(s, plan, report=report, progress_span=check_span)
    plan.seconds = time.monotonic() - started
    return plan


def _check_row(number, cells, columns, specs, source, k, day, min_age, date_field,
               checks) -> RowResult:
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    problems: dict[str, str] = {}
    for index, name in columns:
        where[name] = index
        cell = cells[index] if index < len(cells) else None
        if name == mp.FULL_NAME:
            _split_name(cell, index, data, where, problems)
            continue
        try:
            value = vals.convert(specs[name], cell, today=day, min_age=min_age)
        except FieldError as exc:
            problems[name] = exc.message
            continue
        if value is None and specs[name].default is not None:
            continue  # an empty cell is a field not given: the form's default applies
        data[name] = value
    if data.get(date_field) is None and date_field not in problems:
        data[date_field] = day  # as the form: the date defaults to today
    try:
        values = fl.clean(data, k.fields, extra_checks=checks)
    except ValidationError as exc:
        values = None
        errors = dict(exc.errors)
        if mp.FULL_NAME in problems:  # the names are missing because the split failed
            errors.pop("last_name", None)
            errors.pop("first_name", None)
        problems = {**errors, **problems}
    if not problems:
        return RowResult(number, OK, values=values)
    out = []
    for name, message in problems.items():
        index = where.get(name)
        if index is not None and (index >= len(cells) or cells[index] is None):
            merged = source.table.merged_range(number, index)
            if merged:
                message += (f" La cella fa parte delle celle unite {merged}: il valore è solo "
                            "nella prima; dividerle e ripetere il valore in ogni riga.")
        target = mp.targets(k.kind).get(name)
        out.append(Problem(
            message, name, target.label if target else None,
            source.column(index) if index is not None else None,
            source.header(index) if index is not None else None))
    out.sort(key=lambda p: (p.column is None, len(p.column or ""), p.column or "", p.field or ""))
    read = " ".join(str(data[f]).strip() for f in ("last_name", "first_name") if data.get(f))
    return RowResult(number, INVALID, out, name=read or None)


def _split_name(cell: Any, index: int, data: dict[str, Any], where: dict[str, int],
                problems: dict[str, str]) -> None:
    """Fill last and first name from a "Cognome e nome" cell (unless their own columns do)."""
    try:
        last, first = mp.split_full_name(vals.as_text(cell))
    except ValueError:
        problems[mp.FULL_NAME] = (
            "Non si capisce dove finisce il cognome: scrivere «Cognome, Nome» con la virgola, "
            "o usare due colonne.")
        data.setdefault("last_name", None)
        data.setdefault("first_name", None)
        return
    for name, value in (("last_name", last), ("first_name", first)):
        if name not in data:
            data[name] = value
            where.setdefault(name, index)


def _filled(cells: Sequence[Any]) -> bool:
    return any(c is not None and not (isinstance(c, str) and not c.strip()) for c in cells)


def _date_field(k) -> str:
    return "referral_date" if k is people.ELDERS else "application_date"


# --- duplicates --------------------------------------------------------------------------------

class _Index:
    """People by codice fiscale, birth date and (name prefix, birth year): the candidate sets
    of duplicates.find_possible_duplicates, in memory. Each entry keeps its folded name, so a
    candidate is judged by duplicates._judge only when its name is close enough to matter."""

    def __init__(self) -> None:
        self.by_cf: dict[str, Any] = {}
        self.by_date: dict[dt.date, list[tuple[Any, str]]] = {}
        self.by_prefix: dict[tuple[str, int], list[tuple[Any, str]]] = {}

    def add(self, person: Any) -> None:
        if person.codice_fiscale:
            self.by_cf.setdefault(person.codice_fiscale, person)
        if person.birth_date is not None:
            entry = (person, dup._folded_name(person.last_name, person.first_name))
            self.by_date.setdefault(person.birth_date, []).append(entry)
            prefix = dup._name_prefix(person.last_name)
            if prefix:
                self.by_prefix.setdefault((prefix, person.birth_date.year), []).append(entry)

    def find(self, values: dict[str, Any]) -> tuple[Any, str] | None:
        """The most likely person already in the index, with the reason; None."""
        cf = values.get("codice_fiscale")
        born = values.get("birth_date")
        if cf and cf in self.by_cf:
            return self.by_cf[cf], dup.REASON_SAME_CF
        wanted = dup._folded_name(values.get("last_name"), values.get("first_name"))
        if not wanted or born is None:
            return None
        candidates: dict[int, tuple[Any, str]] = {}
        for entry in self.by_date.get(born, ()):
            candidates[id(entry[0])] = entry
        prefix = dup._name_prefix(values.get("last_name"))
        if prefix:
            for year in (born.year - 1, born.year, born.year + 1):
                for entry in self.by_prefix.get((prefix, year), ()):
                    candidates[id(entry[0])] = entry
        best = None
        for person, theirs in candidates.values():
            # a cheap necessary condition of every name-based reason; the rule is _judge's
            if max(fuzz.token_sort_ratio(wanted, theirs), fuzz.ratio(wanted, theirs)) < (
                    dup.NAME_THRESHOLD - 1):
                continue
            found = dup._judge(person, wanted, cf, born)
            if found is None:
                continue
            rank = (dup._RANK[found[0]], -found[1])
            if best is None or rank < best[0]:
                best = (rank, person, found[0])
        return (best[1], best[2]) if best else None


def _existing(s: Session, k) -> _Index:
    """The people of ``kind`` already on file, a few columns each, in one query."""
    m = k.model
    index = _Index()
    stmt = select(m.id, m.last_name, m.first_name, m.birth_date, m.codice_fiscale,
                  m.anonymised_at)
    for row in s.execute(stmt.execution_options(yield_per=5000)):
        if row.anonymised_at is not None:
            if row.codice_fiscale:  # the unique index still holds it
                index.by_cf.setdefault(row.codice_fiscale, row)
            continue
        index.add(row)
    return index


def find_duplicates(s: Session, plan: ImportPlan, *, report: Progress | None = None,
                    progress_span: tuple[int, int] = (0, 100)) -> None:
    """Mark the valid rows that are people already on file, or a second row of a person
    earlier in the file (the first one is kept). Reads the registry once."""
    k = people.kind_of(plan.source.kind)
    lo, hi = progress_span
    if report is not None:
        report(lo, "Ricerca dei doppioni")
    on_file = _existing(s, k)
    in_file = _Index()
    noun = "anziano" if k is people.ELDERS else "affidatario"
    for r in plan.rows:
        if r.status not in (OK, DUPLICATE_IN_FILE) or r.values is None:
            continue
        found = on_file.find(r.values)
        if found is not None:
            person, reason = found
            r.status = DUPLICATE_IN_DATABASE
            r.duplicate_of_id, r.duplicate_of_row = person.id, None
            r.problems = [Problem(f"Già in archivio ({noun} n. {person.id}): "
                                  f"{reason[0].lower()}{reason[1:]}.")]
            continue
        found = in_file.find(r.values)
        if found is not None:
            person, reason = found
            r.status = DUPLICATE_IN_FILE
            r.duplicate_of_row, r.duplicate_of_id = person.row, None
            r.problems = [Problem(f"Doppione della riga {person.row} del file: "
                                  f"{reason[0].lower()}{reason[1:]}.")]
            continue
        r.status = OK
        r.problems = []
        in_file.add(SimpleNamespace(row=r.row, last_name=r.values.get("last_name"),
                                    first_name=r.values.get("first_name"),
                                    birth_date=r.values.get("birth_date"),
                                    codice_fiscale=r.values.get("codice_fiscale")))
    if report is not None:
        report(hi, "Ricerca dei doppioni completata")


# --- step 3: the import --------------------------------------------------------------------------

def execute(s: Session, actor: Actor, plan: ImportPlan, *, report: Progress | None = None,
            recheck: bool = True) -> ImportPlan:
    """Import the accepted rows of ``plan`` in the caller's transaction (the caller commits;
    any error, or ``report`` raising to cancel, must roll it back: nothing is then imported).
    Sets each imported row's ``id``; returns the plan.

    ``recheck``: look for duplicates again first (a wizard analyses in one session and imports
    in another: someone may have added one of the people meanwhile); the database's unique
    codice fiscale is the last guard either way.

    Each person is written as people._create writes one (initial status since the referral or
    application date, search text, status event, audit row), in batches of statements rather
    than one round trip per object."""
    started = time.monotonic()
    k = people.kind_of(plan.source.kind)
    actor.require(Action.CREATE, k.resource)
    check_mapping(actor, k.kind, plan.mapping)
    if recheck:
        find_duplicates(s, plan, report=report, progress_span=(0, 10))
    accepted = plan.accepted
    date_field = _date_field(k)
    table = k.model.__tablename__
    total = max(len(accepted), 1)
    insert_people = insert(k.model).returning(k.model.id, sort_by_parameter_order=True)
    for start in range(0, len(accepted), BATCH):
        chunk = accepted[start:start + BATCH]
        records = []
        for r in chunk:
            rec = {**r.values, "status": k.initial, "status_since": r.values[date_field]}
            rec["search_text"] = people._search_text(SimpleNamespace(**rec))
            records.append(rec)
        ids = _write(s, k, insert_people, records).scalars().all()
        _write(s, k, insert(k.event_model), [
            {k.event_fk: pid, "occurred_on": rec["status_since"], "from_status": None,
             "to_status": k.initial.value, "author_id": actor.id}
            for pid, rec in zip(ids, records, strict=True)])
        for r, pid in zip(chunk, ids, strict=True):
            audit(s, actor.id, AuditAction.CREATE, table, pid, **{k.event_fk: pid},
                  detail={"status": k.initial.value, **AUDIT_ORIGIN})
            r.id = pid
        if report is not None:
            done = start + len(chunk)
            report(10 + 90 * done // total, f"Importate {done} righe su {len(accepted)}")
    plan.seconds += time.monotonic() - started
    return plan


def _write(s: Session, k, statement: Any, params: list[dict[str, Any]]) -> Any:
    try:
        return s.execute(statement, params)
    except IntegrityError as exc:
        if is_unique_violation(exc):
            who = "un anziano" if k is people.ELDERS else "un affidatario"
            raise Conflict(f"Nel frattempo è stato registrato {who} con lo stesso codice "
                           "fiscale di una riga del file: nulla è stato importato. "
                           "Ripetere l'importazione.") from exc
        raise


def import_file(s: Session, actor: Actor, kind: PersonKind | str, path: str | Path, *,
                sheet: str | None = None, overrides: Iterable[tuple[str, str]] = (),
                dry_run: bool = False, report: Progress | None = None) -> ImportPlan:
    """The whole import in one call (the command line): open, check, and unless ``dry_run``
    write, in the caller's transaction."""
    k = people.kind_of(kind)
    actor.require(Action.CREATE, k.resource)
    source = open_source(path, k.kind, sheet=sheet, overrides=overrides)
    plan = analyse(s, actor, source, report=report,
                   progress_span=(0, 100) if dry_run else (0, 50))
    if not dry_run:
        def inner(percent: int, text: str) -> None:
            report(50 + percent // 2, text)

        execute(s, actor, plan, report=inner if report is not None else None, recheck=False)
    return plan
