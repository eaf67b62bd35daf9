"""A person's data export as a PDF (GDPR art. 15): the same content as the JSON export of
:func:`affido_app.services.gdpr.person_export`, section by section, readable on paper.

The data is a dict keyed by Italian labels; this module lays it out without knowing every field:
a section that is a dict becomes a label/value list, a list of short rows a table, a list of
records one block per record (nested lists inside a record become small tables). Nothing of the
data is dropped but empty values inside a record's block (the JSON keeps them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from affido_app.reports import layout as L
from affido_app.reports.format import date_long, datetime_long
from affido_app.reports.template import Document, Letterhead

TITLE = "Esportazione dei dati personali"
INTRO = ("Questo documento riporta i dati personali conservati dall'ente sulla persona indicata, "
         "ai sensi degli articoli 15 (diritto di accesso) e 20 (portabilità) del Regolamento UE "
         "2016/679. Lo stesso contenuto è fornito in formato JSON, leggibile da un elaboratore.")
#: top-level keys shown in the title area, not as sections
META = ("Documento", "Ente", "Progetto", "Generato il", "Generato da", "Tipo di persona",
        "Codice della scheda", "Avvertenze")
#: the most columns a list is shown as a table with
TABLE_COLUMNS = 7
#: rows of a long label/value list kept with its heading
FIRST_ROWS = 6
#: section → (the noun of one item, the key whose value titles it)
ITEMS = {
    "Storia dello stato": ("Cambio di stato", "Data"),
    "Persone di riferimento": ("Persona di riferimento", "Nome e cognome"),
    "Nucleo familiare": ("Componente", "Nome e cognome"),
    "Documenti": ("Documento", "Tipo di documento"),
    "Consensi": ("Consenso", "Ambito del consenso"),
    "Allegati": ("Allegato", "Nome del file"),
    "Colloqui": ("Colloquio", "Data e ora"),
    "Formazione": ("Percorso", "Percorso formativo"),
    "Abbinamenti": ("Abbinamento", "Codice dell'abbinamento"),
    "Incontri di supervisione": ("Incontro", "Data e ora"),
    "Rimborsi spese": ("Rimborso", "Data"),
    "Registro degli accessi": ("Accesso", "Data e ora"),
    "Storia": ("Cambio di stato", "Data"),
    "Note di supervisione": ("Nota", "Data dell'incontro"),
    "Presenze": ("Presenza", "Data"),
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def text_of(value: Any) -> str:
    """A value of the export as it prints: Italian dates, Sì/No, lists joined, "—" for none."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Sì" if value else "No"
    if isinstance(value, list):
        return ", ".join(text_of(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str):
        if _DATETIME.fullmatch(value):
            try:
                return datetime_long(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        if _DATE.fullmatch(value):
            try:
                return date_long(dt.date.fromisoformat(value))
            except ValueError:
                return value
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _columns(rows: list[dict]) -> list[str]:
    """The keys of ``rows`` that hold something in at least one row, in order."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k, v in row.items() if k not in keys and not _empty(v)]
    return keys


def _is_flat(rows: list) -> bool:
    """Rows of a few plain values: shown as a table."""
    if not rows or not all(isinstance(r, dict) for r in rows):
        return False
    return len(_columns(rows)) <= TABLE_COLUMNS and all(
        not isinstance(v, dict) and not (isinstance(v, list) and v and isinstance(v[0], dict))
        for r in rows for v in r.values())


def _table(rows: list[dict]) -> list:
    keys = _columns(rows) or list(rows[0])
    widths = [1 / len(keys)] * len(keys)
    return L.table(keys, [[text_of(r.get(k)) for k in keys] for r in rows], widths)


def _fields(pairs: list[tuple[str, str]], label_width: float) -> list:
    """A label/value list; a long one in two tables, so that the first rows stay with the
    heading on the page where it starts instead of moving it all to the next page."""
    if len(pairs) <= FIRST_ROWS * 2:
        return L.fields(pairs, label_width=label_width)
    return [*L.fields(pairs[:FIRST_ROWS], label_width=label_width),
            *L.fields(pairs[FIRST_ROWS:], label_width=label_width)]


def _record(item: dict, *, skip_empty: bool, skip: str = "") -> list:
    """A record: its plain values as a label/value list, its nested lists after it."""
    plain = [(k, text_of(v)) for k, v in item.items()
             if not (isinstance(v, list) and v and isinstance(v[0], dict))
             and not (skip_empty and _empty(v)) and k != skip]
    out = _fields(plain, 0.32) if plain else []
    for key, value in item.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out += [L.heading(key, level=2), *_rows(key, value, nested=True)]
    return out


def _minor(title: str):
    """The title of a record inside a record (a note of a pair)."""
    from reportlab.platypus import Paragraph

    from affido_app.reports.text import esc

    h2 = L.styles().h2
    p = Paragraph(esc(title), h2.clone("h3", fontSize=8.5, leading=11, spaceBefore=4,
                                           textColor=L.styles().muted.textColor))
    p.keepWithNext = True
    return p


def _rows(section: str, rows: list, *, nested: bool = False) -> list:
    if not rows:
        return [L.no_data()]
    if all(not isinstance(r, dict) for r in rows):
        return [L.para(text_of(r)) for r in rows]
    if _is_flat(rows):
        return _table(rows)
    noun, title_key = ITEMS.get(section, ("Voce", ""))
    out: list = []
    for i, row in enumerate(rows, start=1):
        title = f"{noun} {i}"
        titled = bool(title_key) and not _empty(row.get(title_key))
        if titled:
            value = row[title_key]
            title = (f"{noun} n. {value}" if isinstance(value, int) and not isinstance(value, bool)
                     else f"{title} – {text_of(value)}")
        out.append(L.heading(title, level=2) if not nested else _minor(title))
        out += _record(row, skip_empty=True, skip=title_key if titled else "")
    return out


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    record = data.get("Scheda") or {}
    name = " ".join(str(record[k]) for k in ("Cognome", "Nome") if record.get(k))
    kind = data.get("Tipo di persona") or ""
    code = data.get("Codice della scheda")
    story: list = [
        *L.title_block(TITLE, " · ".join(p for p in (name, kind, f"scheda n. {code}") if p)),
        L.key_box([
            ("Persona", name),
            ("Codice fiscale", record.get("Codice fiscale")),
            ("Stato", record.get("Stato")),
            ("Generato il", text_of(data.get("Generato il"))),
            ("Generato da", data.get("Generato da")),
            ("Ente", data.get("Ente")),
        ]),
        L.spacer(3),
        L.para(INTRO, L.styles().body),
    ]
    warnings = data.get("Avvertenze") or []
    if warnings:
        story.append(L.heading("Avvertenze"))
        story += [L.para("• " + str(w), L.styles().small) for w in warnings]
    for key, value in data.items():
        if key in META:
            continue
        if isinstance(value, dict):
            story += L.section(key, _fields([(k, text_of(v)) for k, v in value.items()], 0.36))
        elif isinstance(value, list):
            story += [L.heading(key), *_rows(key, value)]
        else:
            story += L.section(key, [L.para(text_of(value))])
    return Document(kind="person_export", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by or data.get("Generato da"),
                    filename=f"dati-personali-{code}.pdf", subject=name or None)
