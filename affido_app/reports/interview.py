"""Interview record (*verbale di colloquio*): when, where, who, every structured section with its
Italian label, the free notes, the outcome with recommendation and next steps, the sign-offs, and
signature lines for the interviewers. Confidential (special-category data)."""

from __future__ import annotations

from typing import Any

from affido_app.domain.enums import PersonKind, Sex
from affido_app.reports import layout as L
from affido_app.reports.elder import (
    birth_text,
    join,
    label,
    role_label,
    section,
)
from affido_app.reports.format import DASH, date_long, datetime_long, time_short
from affido_app.reports.styles import ACCENT, MUTED
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import esc

TITLE = "Verbale di colloquio"
NOTICE = ("Documento riservato: contiene dati personali particolari (art. 9 GDPR) e le note "
          "riservate del colloquio. Conservare nel fascicolo della persona.")
EMPTY_TEXT = "Non compilato."
#: a text section starts on a new page when less than this is left
TEXT_START_MM = 25


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    r = data.get("interview") or {}
    person = data.get("person") or {}
    labels = data.get("labels") or {}
    held = r.get("held_at")
    st = L.styles()
    story: list = [
        *L.title_block(TITLE, " · ".join(x for x in (label(r.get("kind"), ""),
                                                      date_long(held, weekday=True) if held
                                                      else "") if x)),
        L.key_box(_key_pairs(r, person)),
        L.spacer(1.5),
        L.para(NOTICE, st.muted),
    ]
    story += section("Dati del colloquio", L.fields([
        ("Persona", _person_text(person)),
        (labels.get("kind", "Tipo di colloquio"), label(r.get("kind"))),
        (labels.get("held_at", "Data e ora del colloquio"), when(held)),
        (labels.get("place", "Luogo"), r.get("place")),
        ("Operatori", _interviewers_text(r.get("interviewers"))),
        ("Registrato da", join(data.get("created_by"),
                               f"il {datetime_long(r['created_at'])}" if r.get("created_at")
                               else None, sep=", ")),
        ("Ultima modifica", datetime_long(r.get("updated_at")) if r.get("updated_at") else None),
    ]))
    story += _big_heading("Contenuto del colloquio")
    for title, text in data.get("sections") or []:
        story += text_block(title, text)
    story += text_block(labels.get("notes", "Note libere"), r.get("notes"), level=1)
    story += section("Esito", L.fields([
        (labels.get("outcome", "Esito"),
         L.markup(f"<b>{esc(label(r.get('outcome')))}</b>", st.cell)),
        (labels.get("next_date", "Prossimo appuntamento"),
         date_long(r["next_date"]) if r.get("next_date") else None),
    ]))
    story += text_block(labels.get("recommendation", "Indicazioni"), r.get("recommendation"))
    story += text_block(labels.get("next_steps", "Prossimi passi"), r.get("next_steps"))
    story += section("Firma dell'esito", _signoff_table(r.get("interviewers")),
                     empty="Nessun operatore indicato.")
    names = [join(i.get("name"), role_label(i.get("role")), sep="\n")
             for i in r.get("interviewers") or []]
    story += L.signatures(names or ["L'operatore"], place_date=True)
    return Document(kind="interview", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "verbale-colloquio.pdf",
                    subject=data.get("subject"))


def when(moment) -> str:
    """"giovedì 12 marzo 2026, ore 10:30"."""
    if moment is None:
        return DASH
    return f"{date_long(moment, weekday=True)}, ore {time_short(moment)}"


def _role_of(person: dict) -> str:
    female = person.get("sex") == Sex.F
    if person.get("kind") == PersonKind.ELDER:
        return "Anziana" if female else "Anziano"
    return "Affidataria" if female else "Affidatario"


def _key_pairs(r: dict, person: dict) -> list[tuple[str, Any]]:
    held = r.get("held_at")
    signed = [i for i in r.get("interviewers") or [] if i.get("signed_off_at")]
    total = len(r.get("interviewers") or [])
    return [
        ("Persona", person.get("name")),
        ("In qualità di", _role_of(person)),
        ("Data e ora", f"{date_long(held)}, ore {time_short(held)}" if held else DASH),
        ("Tipo di colloquio", label(r.get("kind"))),
        ("Luogo", r.get("place")),
        ("Esito", label(r.get("outcome"))),
        ("Operatori", "\n".join(i.get("name") or "" for i in r.get("interviewers") or [])),
        ("Esito firmato", _signed_text(len(signed), total)),
        ("Prossimo appuntamento", date_long(r["next_date"]) if r.get("next_date") else DASH),
    ]


def _signed_text(signed: int, total: int) -> str:
    if not total:
        return DASH
    if not signed:
        return "non ancora"
    return f"da tutti ({signed} su {total})" if signed == total else f"da {signed} su {total}"


def _person_text(person: dict) -> str:
    born = birth_text(person, person.get("age"), place=False)
    parts = [person.get("name"), _role_of(person).lower()]
    if born != DASH:
        verb = {Sex.F: "nata", Sex.M: "nato"}.get(person.get("sex"), "nato/a")
        day = person["birth_date"].day
        article = "l'" if day in (8, 11) else "il "
        parts.append(f"{verb} {article}{born}")
    parts += [person.get("codice_fiscale"), person.get("comune")]
    return join(*parts, sep=" · ")


def _interviewers_text(people: list[dict] | None) -> str:
    return "\n".join(join(i.get("name"), role_label(i.get("role")), sep=" · ")
                     for i in people or []) or DASH


def _signoff_table(people: list[dict] | None) -> list:
    st = L.styles()
    body = []
    for i in people or []:
        moment = i.get("signed_off_at")
        state = (f'<font color="{ACCENT}">firmato il {esc(datetime_long(moment))}</font>'
                 if moment else f'<font color="{MUTED}">non ancora firmato</font>')
        body.append([i.get("name"), role_label(i.get("role")), L.markup(state, st.cell)])
    return L.table(["Operatore", "Ruolo", "Stato della firma"], body,
                   [0.35, 0.25, 0.4], empty="Nessun operatore indicato.")


def _big_heading(title: str) -> list:
    """A level-1 heading followed by level-2 text blocks: starts a new page when less than a
    few lines would follow it."""
    from reportlab.platypus import CondPageBreak

    head = L.heading(title)
    head.keepWithNext = False
    return [CondPageBreak(L.mm(TEXT_START_MM + 10)), head]


def text_block(title: str, value: Any, *, level: int = 2) -> list:
    """A labelled free text of any length: the heading never ends alone at the bottom of a page
    and the text flows across pages."""
    from reportlab.platypus import CondPageBreak

    head = L.heading(title, level)
    head.keepWithNext = False
    return [CondPageBreak(L.mm(TEXT_START_MM)), head, *L.long_text(value, empty=EMPTY_TEXT)]
