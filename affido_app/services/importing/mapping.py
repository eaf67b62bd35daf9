"""Which spreadsheet column fills which field: guessed from the headers, adjustable.

Headers are compared folded: case, accents, punctuation and words in brackets do not count
("Data di nascita (gg/mm/aaaa)", "DATA NASCITA", "data_nascita" are all the birth date). A
mapping is a plain ``{column index: field name}`` dict (0-based columns), which a wizard shows
and lets the user change; :func:`apply_overrides` applies the ``COL=FIELD`` changes of the
command line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from affido_app.domain.enums import PersonKind
from affido_app.errors import AffidoError
from affido_app.services import fields as fl
from affido_app.services import people


class ImportRefused(AffidoError):
    """The file cannot be imported at all (unreadable, no header, a required column missing…):
    nothing is imported. ``needs_mapping``: choosing the columns by hand would solve it."""

    def __init__(self, message: str, *, needs_mapping: bool = False):
        super().__init__(message)
        self.needs_mapping = needs_mapping


#: a column holding "Cognome Nome" (or "Cognome, Nome") in one cell: split into the two fields
FULL_NAME = "full_name"
FULL_NAME_LABEL = "Cognome e nome"

#: field kinds a spreadsheet cannot fill (internal references, the weekly grid)
_NOT_IMPORTABLE = (fl.Kind.REF, fl.Kind.GRID)

#: common Italian headers for each field, beyond the field's own label (folded, see :func:`key`)
_ALIASES: dict[str, tuple[str, ...]] = {
    FULL_NAME: ("cognome e nome", "cognome nome", "nominativo", "cognome e nome anziano",
                "cognome e nome affidatario"),
    "last_name": ("cognome", "cognomi"),
    "first_name": ("nome", "nomi", "nome proprio"),
    "codice_fiscale": ("codice fiscale", "cf", "c f", "cod fisc", "cod fiscale", "codfisc",
                       "codicefiscale", "cod f"),
    "birth_date": ("data di nascita", "data nascita", "nato il", "nata il", "nato a il",
                   "nato nata il", "nascita", "data nasc", "dt nascita", "d nascita"),
    "birthplace": ("luogo di nascita", "luogo nascita", "nato a", "nata a", "nato nata a",
                   "comune di nascita", "comune nascita", "citta di nascita", "paese di nascita"),
    "sex": ("sesso", "genere", "m f", "s"),
    "address": ("indirizzo", "via", "residenza indirizzo", "indirizzo di residenza",
                "via e numero", "via numero civico", "domicilio"),
    "comune": ("comune", "citta", "residenza", "comune di residenza", "citta di residenza",
               "localita", "paese", "comune residenza", "residente a"),
    "postal_code": ("cap", "c a p", "codice postale"),
    "phone": ("telefono", "tel", "telefono fisso", "tel fisso", "telefono casa", "tel casa",
              "recapito telefonico", "n telefono", "numero di telefono", "fisso"),
    "mobile": ("cellulare", "cell", "tel cellulare", "telefono cellulare", "mobile",
               "tel mobile", "cellulare 1"),
    "email": ("email", "e mail", "mail", "posta elettronica", "indirizzo email",
              "indirizzo e mail"),
    "notes": ("note", "annotazioni", "osservazioni", "commenti", "nota"),
    "referral_date": ("data di segnalazione", "data segnalazione", "segnalato il",
                      "segnalata il", "segnalazione"),
    "intake_date": ("data di valutazione", "data valutazione", "valutato il", "presa in carico",
                    "data presa in carico"),
    "referral_source": ("fonte", "fonte della segnalazione", "segnalato da", "inviante"),
    "gp_name": ("medico", "medico di base", "mmg", "medico curante", "medico di famiglia"),
    "gp_phone": ("telefono medico", "tel medico", "telefono del medico"),
    "application_date": ("data della candidatura", "data candidatura", "candidatura",
                         "data domanda", "data di candidatura", "candidato il"),
    "occupation": ("professione", "occupazione", "lavoro", "mestiere"),
    "has_driving_licence": ("patente", "patente di guida"),
    "has_car": ("automobile", "auto", "auto propria"),
    "capacity": ("capienza", "anziani seguibili", "numero anziani"),
    "max_distance_km": ("distanza massima", "distanza max", "km", "distanza"),
    "smoker": ("fumatore", "fuma", "fumatrice"),
    "has_pets": ("animali", "ha animali", "animali domestici"),
}

#: words that say whose the column is, not what it holds ("Cognome anziano")
_NOISE = frozenset(("anziano", "anziana", "dell", "affidatario", "affidataria", "utente",
                    "persona", "assistito", "assistita", "volontario", "volontaria", "del", "della",
                    "dello", "di", "n", "nr", "no"))

#: elders and fosterers as the command names them
KINDS = {"elders": PersonKind.ELDER, "fosterers": PersonKind.FOSTERER}


def key(text: object) -> str:
    """A header folded for comparison: lower case, no accents, words in brackets dropped,
    punctuation as spaces."""
    if text is None:
        return ""
    value = str(text)
    value = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", value)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value).split())


@dataclass(frozen=True)
class Target:
    """A field a column may fill."""

    name: str
    label: str
    required: bool
    #: the field has a default (a creation date is today, capacity 1): required but not a column
    has_default: bool
    sensitive: bool


def targets(kind: PersonKind | str) -> dict[str, Target]:
    """The fields of ``kind`` a spreadsheet may fill, in the order of the form (first the
    one-cell "Cognome e nome"). Do not change the dict: it is shared."""
    return _targets(people.kind_of(kind).kind)


@functools.cache
def _targets(kind: PersonKind) -> dict[str, Target]:
    k = people.kind_of(kind)
    date_field = "referral_date" if k is people.ELDERS else "application_date"
    out = {FULL_NAME: Target(FULL_NAME, FULL_NAME_LABEL, False, False, False)}
    for spec in k.fields.values():
        if spec.kind in _NOT_IMPORTABLE:
            continue
        out[spec.name] = Target(spec.name, spec.label, spec.required,
                                spec.default is not None or spec.name == date_field,
                                spec.sensitive)
    return out


def _lookup(kind: PersonKind | str) -> dict[str, str]:
    """Folded header → field name."""
    return _lookup_for(people.kind_of(kind).kind)


@functools.cache
def _lookup_for(kind: PersonKind) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, target in targets(kind).items():
        for alias in (*_ALIASES.get(name, ()), key(target.label), key(name)):
            table.setdefault(alias, name)
    return table


def guess_field(header: object, kind: PersonKind | str, *,
                table: Mapping[str, str] | None = None) -> str | None:
    """The field a header most likely names, or None."""
    table = table if table is not None else _lookup(kind)
    folded = key(header)
    if not folded:
        return None
    if folded in table:
        return table[folded]
    words = [w for w in folded.split() if w not in _NOISE]
    trimmed = " ".join(words)
    if trimmed in table:
        return table[trimmed]
    return None


def guess_mapping(headers: Sequence[object], kind: PersonKind | str) -> dict[int, str]:
    """``{column index: field}`` for the headers recognised; a field named by two columns goes
    to the first of them."""
    table = _lookup(kind)
    out: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = guess_field(header, kind, table=table)
        if field and field not in taken:
            out[index] = field
            taken.add(field)
    if {"last_name", "first_name"} <= taken and FULL_NAME in taken:  # separate columns win
        out = {i: f for i, f in out.items() if f != FULL_NAME}
    return out


def split_full_name(text: str | None) -> tuple[str | None, str | None]:
    """ "Rossi Maria" or "Rossi, Maria" → ("Rossi", "Maria"); ``(None, None)`` when empty.
    Raises ValueError when more than two words leave the split in doubt ("De Luca Maria")."""
    if text is None or not text.strip():
        return None, None
    if "," in text:
        last, _sep, first = text.partition(",")
        return last.strip() or None, first.strip() or None
    words = text.split()
    if len(words) == 1:
        return words[0], None
    if len(words) == 2:
        return words[0], words[1]
    raise ValueError(text)


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA" (as spreadsheets name columns)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _letter_index(text: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", text):
        return None
    n = 0
    for char in text.upper():
        n = n * 26 + ord(char) - 64
    return n - 1


def resolve_field(name: str, kind: PersonKind | str) -> str | None:
    """A field named by its code (``last_name``) or its Italian label ("Cognome"); ``None`` for
    "-" (ignore the column). Raises ImportRefused for an unknown name."""
    text = name.strip()
    if text in ("", "-"):
        return None
    options = targets(kind)
    if text in options:
        return text
    folded = key(text)
    for target in options.values():
        if key(target.label) == folded:
            return target.name
    guessed = guess_field(text, kind)
    if guessed:
        return guessed
    raise ImportRefused(
        f"Campo «{text}» sconosciuto. Campi possibili: "
        + ", ".join(f"{t.name} ({t.label})" for t in options.values()) + "."
    )


def find_column(spec: str, headers: Sequence[object]) -> int:
    """The column a ``--map`` names: its header (compared folded) or its letter ("C")."""
    wanted = key(spec)
    for index, header in enumerate(headers):
        if wanted and key(header) == wanted:
            return index
    index = _letter_index(spec.strip())
    if index is not None and index < max(len(headers), 1):
        return index
    raise ImportRefused(f"Nel file non c'è la colonna «{spec.strip()}».")


def parse_overrides(items: Iterable[str]) -> list[tuple[str, str]]:
    """``["Cognome=last_name", "C=-"]`` → pairs; raises ImportRefused on a malformed item."""
    out = []
    for item in items:
        column, sep, field = item.partition("=")
        if not sep or not column.strip():
            raise ImportRefused(
                f"Associazione «{item}» non valida: scrivere COLONNA=CAMPO (per esempio "
                "\"Cognome=last_name\" oppure \"C=-\" per ignorare la colonna C).")
        out.append((column, field))
    return out


def apply_overrides(mapping: Mapping[int, str], headers: Sequence[object],
                    overrides: Iterable[tuple[str, str]], kind: PersonKind | str) -> dict[int, str]:
    """The mapping with the user's changes: each named column fills the named field (taken
    from any other column) or, with "-", nothing."""
    out = dict(mapping)
    for column, field_name in overrides:
        index = find_column(column, headers)
        field = resolve_field(field_name, kind)
        if field is None:
            out.pop(index, None)
            continue
        for other in [i for i, f in out.items() if f == field]:
            del out[other]
        out[index] = field
    return out


def header_score(cells: Sequence[object], kind: PersonKind | str,
                 table: Mapping[str, str] | None = None) -> int:
    """How many distinct fields a row of cells names (to find the header row)."""
    table = table if table is not None else _lookup(kind)
    found = set()
    for cell in cells:
        if isinstance(cell, str):
            field = guess_field(cell, kind, table=table)
            if field:
                found.add(field)
    return len(found)


def find_header_row(rows: Sequence[Sequence[object]], kind: PersonKind | str,
                    extra_names: Iterable[str] = ()) -> int | None:
    """The index (in ``rows``) of the row that names the most fields, at least two of them
    (a title block, a date or a logo above the header are skipped); None when none does.

    ``extra_names``: headers the user mapped by name (``--map``) count as recognised too."""
    table = _lookup(kind)
    extra = {key(n) for n in extra_names if key(n)}
    best, best_score = None, 1
    for index, cells in enumerate(rows):
        score = header_score(cells, kind, table)
        score += sum(1 for c in cells if isinstance(c, str) and key(c) in extra)
        if score > best_score:
            best, best_score = index, score
    return best
