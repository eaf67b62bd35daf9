"""Fosterer dossier (*scheda affidatario*): the key data in a box, then personal and contact
data, household, capacity and availability, skills, motivation, documents (expired and expiring
ones marked) and consents, the selection path (what approval needs: done and missing; interviews;
status history), the training record, the pairs and the notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from affido_app.domain.enums import FostererEndReason, FostererStatus, Interest, Language, Need
from affido_app.reports import layout as L
from affido_app.reports.elder import (
    address,
    birth_text,
    consents_table,
    enum_label,
    flags,
    grid_fields,
    history_table,
    interviews_table,
    join,
    km,
    label,
    pairs_table,
    section,
    status_text,
    week_grid,
    without_empty_column,
)
from affido_app.reports.format import DASH, date_long, date_short, yes_no
from affido_app.reports.styles import ACCENT, MUTED, WARN
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import esc

TITLE = "Scheda affidatario"
EXPIRING = "#b45309"
NOT_VISIBLE = "Non visibili con il profilo dell'utente che ha stampato la scheda."


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    p = data.get("person") or {}
    name = _name(p)
    story: list = [
        *L.title_block(TITLE, " · ".join(x for x in (name, p.get("comune")) if x)),
        L.key_box(_key_pairs(data, p)),
        L.spacer(2),
    ]
    story += section("Dati anagrafici e recapiti", grid_fields([
        ("Cognome e nome", name),
        ("Sesso", label(p.get("sex"))),
        ("Nascita", birth_text(p, data.get("age"))),
        ("Codice fiscale", p.get("codice_fiscale")),
        ("Indirizzo", address(p)),
        ("Professione", p.get("occupation")),
        ("Telefono", p.get("phone")),
        ("Cellulare", p.get("mobile")),
        ("Email", p.get("email")),
        ("Candidatura", date_long(p.get("application_date"))),
        ("Idoneità", date_long(p["approval_date"]) if p.get("approval_date")
         else "non ancora dichiarata"),
    ]))
    story += section("Nucleo familiare", _household(data.get("household")),
                       empty="Nessun altro componente del nucleo registrato.")
    story += _capacity(data, p)
    story += section("Competenze, interessi e lingue", L.fields([
        ("Competenze e attività offerte", flags(Need, p.get("skills"))),
        ("Note sulle competenze", p.get("skills_notes")),
        ("Interessi", flags(Interest, p.get("interests"))),
        ("Altri interessi", p.get("interests_notes")),
        ("Lingue e dialetti", flags(Language, p.get("languages"))),
    ], label_width=0.17))
    story += section("Motivazione", L.long_text(p.get("motivation"),
                                                  empty="Motivazione non indicata."))
    story += section("Documenti e consensi", [
        *(_documents(data) or [L.no_data("Nessun documento registrato.")]),
        L.heading("Consensi al trattamento dei dati", 2),
        *consents_table(data.get("consents")),
    ])
    story += _selection(data, p)
    story += section("Formazione", _training(data.get("training")))
    story += section("Abbinamenti", pairs_table(data.get("pairs"), other="elder"),
                       empty="Nessun abbinamento.")
    story += section("Annotazioni", L.long_text(p.get("notes"), empty="Nessuna annotazione."))
    return Document(kind="fosterer", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "scheda-affidatario.pdf",
                    subject=data.get("subject") or name)


def _name(p: dict) -> str:
    return " ".join(x for x in (p.get("last_name"), p.get("first_name")) if x)


def _key_pairs(data: dict, p: dict) -> list[tuple[str, Any]]:
    status = p.get("status")
    pairs: list[tuple[str, Any]] = [
        ("Cognome e nome", _name(p)),
        ("Data di nascita", birth_text(p, data.get("age"), place=False)),
        ("Codice fiscale", p.get("codice_fiscale")),
        ("Comune e indirizzo", address(p)),
        ("Telefono", join(p.get("phone"), p.get("mobile"), sep="\n")),
        ("Stato", status_text(status, p.get("status_since"))),
        ("Capacità", _capacity_text(p.get("capacity"), data.get("open_pairs"))),
        ("Candidatura", date_long(p.get("application_date"))),
    ]
    if status == FostererStatus.SUSPENDED:
        pairs.append(("Ripresa prevista", date_long(p.get("suspended_until"))))
    elif status in (FostererStatus.NOT_APPROVED, FostererStatus.WITHDRAWN,
                    FostererStatus.CEASED):
        pairs.append(("Motivo", enum_label(FostererEndReason, p.get("end_reason"))))
    elif status == FostererStatus.APPROVED or p.get("approval_date"):
        free = _free(p.get("capacity"), data.get("open_pairs"))
        pairs.append(("Posti liberi", DASH if free is None else str(free)))
    else:
        pairs.append(("Idoneità", "non ancora dichiarata"))
    return pairs


def _capacity_text(capacity: Any, open_pairs: Any) -> str:
    if capacity is None:
        return DASH
    n = int(open_pairs or 0)
    cap = int(capacity)
    return f"{cap} {'anziano' if cap == 1 else 'anziani'}, {n} in corso"


def _free(capacity: Any, open_pairs: Any) -> int | None:
    return None if capacity is None else max(0, int(capacity) - int(open_pairs or 0))


def _household(rows: list[dict] | None) -> list:
    body = [[m.get("name"), m.get("relation") or DASH,
             str(m["birth_year"]) if m.get("birth_year") else DASH,
             yes_no(m.get("co_fosterer")), m.get("notes") or ""]
            for m in rows or []]
    if not body:
        return []
    return L.table(*without_empty_column(
        ["Nome e cognome", "Relazione", "Anno di nascita", "Partecipa all'affido", "Note"],
        body, [0.25, 0.15, 0.13, 0.15, 0.32], 4))


def _capacity(data: dict, p: dict) -> list:
    cap, used = p.get("capacity"), int(data.get("open_pairs") or 0)
    free = _free(cap, used)
    items = grid_fields([
        ("Anziani seguibili insieme", cap),
        ("Abbinamenti in corso", str(used)),
        ("Posti liberi", None if free is None else str(free)),
        ("Distanza massima", km(p.get("max_distance_km"))),
        ("Patente di guida", yes_no(p.get("has_driving_licence"))),
        ("Automobile", yes_no(p.get("has_car"))),
        ("Accoglie a casa propria", yes_no(p.get("hosts_at_home"))),
        ("Casa senza barriere", yes_no(p.get("home_accessible"))),
        ("Fumatori in casa", yes_no(p.get("smokers_at_home"))),
        ("Fumatore", yes_no(p.get("smoker"))),
        ("Animali in casa", yes_no(p.get("has_pets"))),
    ])
    items += L.fields([("Note sulla casa", p.get("home_notes"))], label_width=0.17)
    items.append(L.heading("Giorni e orari disponibili", 2))
    items += week_grid(p.get("availability") or 0) or [
        L.no_data("Nessuna disponibilità di giorni e orari indicata.")]
    return section("Capacità e disponibilità", items)


def _state_markup(state: str, days_left: int | None, expires: dt.date | None,
                  replaced: bool = False) -> str:
    if state == "expired":
        days = -(days_left or 0)
        since = f'da {days} {"giorno" if days == 1 else "giorni"}'
        if replaced:
            since = "già rinnovato"
        return (f'<font color="{WARN}"><b>SCADUTO</b></font><br/>'
                f'<font color="{WARN}" size="7.5">{since}</font>')
    if state == "expiring":
        when = ("oggi" if days_left == 0 else
                "tra 1 giorno" if days_left == 1 else f"tra {days_left} giorni")
        return (f'<font color="{EXPIRING}"><b>IN SCADENZA</b></font><br/>'
                f'<font color="{EXPIRING}" size="7.5">{when}</font>')
    if state == "missing":
        return f'<font color="{WARN}"><b>MANCANTE</b></font>'
    return "valido" if expires else "valido (senza scadenza)"


def _documents(data: dict) -> list:
    st = L.styles()
    body = []
    for d in data.get("documents") or []:
        kind = label(d.get("kind"))
        if d.get("required"):
            kind = esc(kind) + f'<br/><font color="{MUTED}" size="7">obbligatorio</font>'
        else:
            kind = esc(kind)
        body.append([L.markup(kind, st.cell), d.get("number") or DASH,
                     date_short(d.get("issued_on")), date_short(d.get("expires_on")),
                     L.markup(_state_markup(d.get("state"), d.get("days_left"),
                                            d.get("expires_on"), bool(d.get("replaced"))),
                              st.cell),
                     d.get("notes") or ""])
    for kind in data.get("missing_documents") or []:
        body.append([L.markup(esc(label(kind)) + f'<br/><font color="{MUTED}" size="7">'
                              "obbligatorio</font>", st.cell),
                     DASH, DASH, DASH, L.markup(_state_markup("missing", None, None), st.cell),
                     "Non presente in archivio."])
    if not body:
        return []
    return L.table(*without_empty_column(
        ["Documento", "Numero", "Rilasciato il", "Scadenza", "Stato", "Note"], body,
        [0.27, 0.14, 0.13, 0.13, 0.14, 0.19], 5))


_DOCUMENT_STATES = {"valid": "valido", "expired": "scaduto", "missing": "mancante"}


def _evidence_flags(ev: dict) -> list[bool]:
    """Done or not, for each requirement of :func:`_evidence_rows` (same order)."""
    documents = (ev.get("documents") or {}).values()
    return [bool((ev.get("interviews") or {}).get("favourable_signed")),
            bool((ev.get("training") or {}).get("complete")),
            bool(documents) and all(s == "valid" for s in documents),
            bool(ev.get("consent"))]


def _evidence_rows(ev: dict) -> list[list]:
    st = L.styles()
    interviews = ev.get("interviews") or {}
    training = ev.get("training") or {}
    documents = ev.get("documents") or {}
    doc_lines = []
    for kind, state in documents.items():
        text = f"{esc(label(kind))}: {_DOCUMENT_STATES.get(state, state)}"
        doc_lines.append(text if state == "valid" else f'<font color="{WARN}">{text}</font>')
    rows = [
        ("Colloquio con esito favorevole firmato da uno psicologo e da un assistente sociale",
         "<br/>".join(esc(m) for m in interviews.get("missing") or [])),
        ("Formazione obbligatoria frequentata",
         "<br/>".join(esc(m) for m in training.get("missing") or [])),
        ("Documenti obbligatori presenti e validi", "<br/>".join(doc_lines)),
        ("Consenso al trattamento dei dati",
         "" if ev.get("consent") else "Nessun consenso attivo."),
    ]
    out = []
    for (what, detail), done in zip(rows, _evidence_flags(ev), strict=True):
        state = (f'<font color="{ACCENT}"><b>✓ fatto</b></font>' if done
                 else f'<font color="{WARN}"><b>✗ manca</b></font>')
        out.append([what, L.markup(state, st.cell), L.markup(detail or DASH, st.cell)])
    return out


def _selection(data: dict, p: dict) -> list:
    ev = data.get("evidence") or {}
    st = L.styles()
    items: list = [L.heading("Requisiti per l'idoneità", 2)]
    items += L.table(["Requisito", "Situazione", "Dettaglio"], _evidence_rows(ev),
                     [0.38, 0.13, 0.49])
    items.append(L.spacer(1.5))
    declared = (f"Idoneità dichiarata il {date_long(p['approval_date'])}."
                if p.get("approval_date") else "")
    if ev.get("ready"):
        summary = "Tutti i requisiti per l'idoneità risultano soddisfatti oggi."
        items.append(L.para(join(summary, declared, sep=" "), st.body))
    else:
        missing = sum(1 for row in _evidence_flags(ev) if not row)
        summary = (f"Requisiti mancanti oggi: {missing} su {len(_evidence_flags(ev))}."
                   + ("" if declared else " L'idoneità non può ancora essere dichiarata."))
        items.append(L.para(join(summary, declared, sep=" "), st.warning))
    items.append(L.heading("Colloqui", 2))
    items += interviews_table(data.get("interviews"))
    items.append(L.heading("Storia dello stato", 2))
    items += history_table(data.get("history"))
    return section("Percorso di selezione", items)


def _training(record: dict | None) -> list:
    if record is None:
        return [L.no_data(NOT_VISIBLE)]
    st = L.styles()
    body = []
    for c in record.get("courses") or []:
        title = esc(c.get("title"))
        if c.get("required_for_approval"):
            title += f'<br/><font color="{MUTED}" size="7">richiesto per l\'idoneità</font>'
        required = c.get("required")
        needed = c.get("core_total") if required is None else required
        if c.get("completed"):
            outcome = f'<font color="{ACCENT}"><b>completato</b></font>'
        else:
            outcome = (f'<font color="{WARN}"><b>non completato</b></font><br/>'
                       f'<font size="7.5">{esc(c.get("missing") or "")}</font>')
        body.append([L.markup(title, st.cell), date_short(c.get("enrolled_on")),
                     str(c.get("sessions_total") or 0),
                     f"{c.get('core_attended') or 0} su {needed or 0}",
                     L.markup(outcome, st.cell)])
    items = L.table(["Percorso formativo", "Iscrizione", "Incontri in calendario",
                     "Obbligatori frequentati", "Esito"], body,
                    [0.33, 0.13, 0.14, 0.15, 0.25], right={2, 3},
                    empty="Non risulta iscritto a nessun percorso formativo.")
    if not body:
        return items
    items.append(L.spacer(1.5))
    if record.get("complete"):
        items.append(L.para("Formazione richiesta per l'idoneità: completata.", st.body))
    else:
        missing = " ".join(m if m.endswith(".") else m + "."
                           for m in record.get("missing") or [])
        items.append(L.para(f"Formazione richiesta per l'idoneità: non completata. {missing}",
                            st.warning))
    return items

