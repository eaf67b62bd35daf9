"""Elder summary (*scheda anziano*): the key data in a box, then personal and contact data,
reference persons, needs and preferences, interests and languages with the preferred days and
times, health and fragility (only for who may see them), consents, interviews, pairs, the status
history and the notes.

The small pieces shared with the fosterer dossier and the interview record (weekly grid, history,
interviews and pairs tables, Italian words for ages and durations) live here too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from affido_app.domain.enums import (
    TIME_SLOTS,
    WEEKDAYS,
    ConsentScope,
    ElderCloseReason,
    ElderStatus,
    FragilityLevel,
    Interest,
    Language,
    Need,
    Role,
)
from affido_app.reports import layout as L
from affido_app.reports.format import DASH, date_long, date_short, yes_no
from affido_app.reports.styles import ACCENT, BAND, MUTED, RULE, WARN
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import esc

TITLE = "Scheda anziano"
HEALTH_HIDDEN = ("I dati sanitari e di fragilità non sono visibili con il profilo dell'utente "
                 "che ha stampato la scheda.")
NOT_VISIBLE = "Non visibili con il profilo dell'utente che ha stampato la scheda."
MARK = "●"


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    p = data.get("person") or {}
    day = data.get("today") or dt.date.today()
    name = _name(p)
    story: list = [
        *L.title_block(TITLE, _subtitle(p)),
        L.key_box(_key_pairs(data, p, day)),
        L.spacer(2),
    ]
    story += section("Dati anagrafici e recapiti", grid_fields([
        ("Cognome e nome", name),
        ("Sesso", label(p.get("sex"))),
        ("Nascita", birth_text(p, data.get("age"))),
        ("Codice fiscale", p.get("codice_fiscale")),
        ("Indirizzo", address(p)),
        ("Situazione abitativa", label(p.get("living_situation"))),
        ("Telefono", p.get("phone")),
        ("Cellulare", p.get("mobile")),
        ("Email", p.get("email")),
        ("Medico di base", join(p.get("gp_name"), p.get("gp_phone"), sep="\n")),
        ("Segnalazione", join(
            date_long(p.get("referral_date")) if p.get("referral_date") else None,
            f"da {data['referred_by']}" if data.get("referred_by") else None,
            f"fonte: {p['referral_source']}" if p.get("referral_source") else None,
            sep="\n")),
        ("Valutazione di accesso", date_long(p["intake_date"]) if p.get("intake_date")
         else "non ancora svolta"),
        ("In carico all'UVG", yes_no(p.get("in_uvg_care"))),
    ]))
    story += _references(data, p)
    story += section("Bisogni e preferenze", [
        *L.fields([
            ("Bisogni", flags(Need, p.get("needs"))),
            ("Note sui bisogni", p.get("needs_notes")),
            ("Preferenze", p.get("preferences_notes")),
        ], label_width=0.17),
        *grid_fields([
            ("Affidatario preferito", _preferred_sex(p.get("prefers_sex"))),
            ("Solo incontri a casa propria", yes_no(p.get("home_visits_only"))),
            ("Accetta fumatori", yes_no(p.get("accepts_smokers"))),
            ("Fumatore", yes_no(p.get("smoker"))),
            ("Ha animali", yes_no(p.get("has_pets"))),
            ("Distanza massima", km(p.get("max_distance_km"))),
        ]),
    ])
    story += section("Interessi e lingue", L.fields([
        ("Interessi", flags(Interest, p.get("interests"))),
        ("Altri interessi", p.get("interests_notes")),
        ("Lingue e dialetti", flags(Language, p.get("languages"))),
    ], label_width=0.17))
    story += section("Giorni e orari preferiti",
                       week_grid(p.get("availability") or 0),
                       empty="Nessuna preferenza di giorni e orari indicata.")
    story += _health(data, p)
    story += section("Consensi al trattamento dei dati", consents_table(data.get("consents")))
    story += section("Colloqui", interviews_table(data.get("interviews")),
                       empty="Nessun colloquio registrato.")
    story += section("Abbinamenti", pairs_table(data.get("pairs"), other="fosterer"),
                       empty="Nessun abbinamento.")
    story += section("Storia dello stato", history_table(data.get("history")))
    story += section("Annotazioni", L.long_text(p.get("notes"), empty="Nessuna annotazione."))
    return Document(kind="elder", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "scheda-anziano.pdf",
                    subject=data.get("subject") or name)


def _subtitle(p: dict) -> str:
    return " · ".join(x for x in (_name(p), p.get("comune")) if x)


def _key_pairs(data: dict, p: dict, day: dt.date) -> list[tuple[str, Any]]:
    status = p.get("status")
    pairs: list[tuple[str, Any]] = [
        ("Cognome e nome", _name(p)),
        ("Data di nascita", birth_text(p, data.get("age"), place=False)),
        ("Codice fiscale", p.get("codice_fiscale")),
        ("Comune e indirizzo", address(p)),
        ("Telefono", join(p.get("phone"), p.get("mobile"), sep="\n")),
        ("Stato", status_text(status, p.get("status_since"))),
    ]
    if status == ElderStatus.WAITING:
        since = p.get("status_since")
        pairs.append(("In attesa di abbinamento da",
                      f"{elapsed(since, day)} (dal {date_short(since)})" if since else None))
    elif status == ElderStatus.SUSPENDED:
        pairs.append(("Ripresa prevista", date_long(p.get("suspended_until"))))
    elif status == ElderStatus.CLOSED:
        pairs.append(("Motivo della conclusione", enum_label(ElderCloseReason,
                                                             p.get("end_reason"))))
    else:
        current = [x["fosterer"] for x in data.get("pairs") or []
                   if x.get("status") is not None and x["status"].value in _RUNNING]
        pairs.append(("Affidatario", ", ".join(current) or DASH))
    pairs += [
        ("Segnalazione", date_long(p.get("referral_date"))),
        ("Valutazione di accesso", date_long(p.get("intake_date"))),
    ]
    return pairs


_RUNNING = ("proposed", "introduction", "active", "suspended")


def _references(data: dict, p: dict) -> list:
    items: list = L.fields([
        ("Rete familiare", label(p.get("family_network"))),
        *([("Note sulla rete familiare", p.get("family_network_notes"))]
          if data.get("sensitive_visible") else []),
    ], label_width=0.17)
    contacts = data.get("contacts") or []
    items.append(L.spacer(2))
    rows = []
    for c in contacts:
        who = esc(c.get("name"))
        if c.get("is_primary"):
            who += f'<br/><font color="{ACCENT}" size="7.5">riferimento principale</font>'
        rows.append([L.markup(who, L.styles().cell), c.get("relation") or DASH,
                     c.get("phone") or DASH, c.get("email") or DASH, c.get("notes") or ""])
    items += L.table(*without_empty_column(["Nome", "Relazione", "Telefono", "Email", "Note"],
                                           rows, [0.22, 0.13, 0.18, 0.21, 0.26], 4),
                     empty="Nessuna persona di riferimento registrata.")
    return section("Persone di riferimento e familiari", items)


def _health(data: dict, p: dict) -> list:
    if not data.get("sensitive_visible"):
        return section("Salute e fragilità", [L.no_data(HEALTH_HIDDEN)])
    rows = [
        [area, label(_level(p.get(key))), p.get(f"{key}_notes") or ""]
        for area, key in (("Relazionale", "fragility_relational"),
                          ("Fisica", "fragility_physical"),
                          ("Psicologica", "fragility_psychological"))
    ]
    items = L.table(["Fragilità", "Livello", "Note"], rows, [0.18, 0.14, 0.68])
    items.append(L.spacer(2))
    items += L.fields([
        ("Patologie croniche stabilizzate", p.get("chronic_conditions")),
        ("Ausili per la mobilità", p.get("mobility_aids")),
        ("Allergie", p.get("allergies")),
    ], label_width=0.17)
    items += grid_fields([
        ("Usa la carrozzina", yes_no(p.get("uses_wheelchair"))),
        ("Allergico agli animali", yes_no(p.get("allergic_to_pets"))),
    ])
    return section("Salute e fragilità", items)


def _preferred_sex(value: Any) -> str:
    if value is None or value == "":
        return "indifferente"
    return {"M": "uomo", "F": "donna"}.get(str(value), label(value))


def _level(value: Any) -> FragilityLevel | None:
    if value is None:
        return None
    try:
        return FragilityLevel(int(value))
    except (TypeError, ValueError):
        return None


# --- pieces shared by the person documents -----------------------------------------------------

#: a section whose content is at most this tall is kept on one page with its heading
KEEP_MM = 50
#: a longer section starts on a new page when less than this is left
START_MM = 35


def section(title: str, content: list | None, *, empty: str = L.NO_DATA) -> list:
    """A section that does not waste paper: short ones stay together with their heading (moving
    to the next page whole), long ones start where they are and flow across pages (the heading
    never ends alone at the bottom of a page)."""
    from reportlab.platypus import CondPageBreak, KeepTogether

    head = L.heading(title)
    items = list(content or []) or [L.no_data(empty)]
    height = _height(items)
    if height is not None and height <= L.mm(KEEP_MM):
        return [KeepTogether([head, *items])]
    head.keepWithNext = False
    return [CondPageBreak(L.mm(START_MM)), head, *items]


def without_empty_column(headers: list[str], rows: list[list], widths: list[float],
                         column: int) -> tuple[list[str], list[list], list[float]]:
    """Drop ``column`` (a notes column) when no row has anything in it; the other columns
    share its width."""
    if any(r[column] not in (None, "", DASH) for r in rows):
        return headers, rows, widths
    rest = [w for i, w in enumerate(widths) if i != column]
    scale = sum(widths) / sum(rest)
    return ([h for i, h in enumerate(headers) if i != column],
            [[v for i, v in enumerate(r) if i != column] for r in rows],
            [w * scale for w in rest])


def grid_fields(pairs: list[tuple[str, Any]]) -> list:
    """Short label/value pairs two per row (a form, not a list): half the height of
    :func:`layout.fields` for yes/no answers, phones, dates."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    st = L.styles()
    cells = [[L.para(lab, st.muted), L.cell(value if value not in (None, "") else DASH)]
             for lab, value in pairs]
    if not cells:
        return [L.no_data()]
    rows = []
    for i in range(0, len(cells), 2):
        right = cells[i + 1] if i + 1 < len(cells) else ["", ""]
        rows.append([*cells[i], *right])
    w = L.frame_width()
    table = Table(rows, colWidths=[w * 0.17, w * 0.32, w * 0.19, w * 0.32], splitInRow=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (1, -1), 0.25, HexColor(RULE)),
        ("LINEBELOW", (2, 0), (3, len(cells) // 2 - 1), 0.25, HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (2, 0), (2, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [table]


def _height(items: list) -> float | None:
    """The height ``items`` take on the page; None when too long to bother measuring."""
    from reportlab.platypus import Paragraph

    total = 0.0
    for f in items:
        if isinstance(f, Paragraph) and len(f.text) > 2000:
            return None
        _w, h = f.wrap(L.frame_width(), L.mm(1000))
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
        if total > L.mm(KEEP_MM):
            return None
    return total


def _name(p: dict) -> str:
    return " ".join(x for x in (p.get("last_name"), p.get("first_name")) if x)


def label(value: Any, empty: str = DASH) -> str:
    """The Italian label of an enum member; ``empty`` for None."""
    if value is None or value == "":
        return empty
    return getattr(value, "label", None) or str(value)


def enum_label(enum: type, code: Any) -> str:
    """The label of a stored code (its text when the code is unknown)."""
    if code in (None, ""):
        return DASH
    try:
        return enum(code).label
    except ValueError:
        return str(code)


def flags(flag: type, value: Any) -> str:
    """"Compagnia, Pasti" for a flag mask; "—" when none."""
    return flag(int(value or 0)).label or DASH


def join(*parts: Any, sep: str = ", ") -> str:
    return sep.join(str(x) for x in parts if x not in (None, "", DASH))


def km(value: Any) -> str:
    return DASH if value in (None, "") else f"{value} km"


def address(p: dict) -> str:
    """"Via Roma 3, 10093 Collegno"."""
    town = join(p.get("postal_code"), p.get("comune"), sep=" ")
    return join(p.get("address"), town) or DASH


def birth_text(p: dict, age: int | None, *, place: bool = True) -> str:
    """"12 marzo 1941 (84 anni), Torino"."""
    born = p.get("birth_date")
    if born is None:
        return DASH
    text = date_long(born)
    if age is not None:
        text += f" ({age} {'anno' if age == 1 else 'anni'})"
    if place and p.get("birthplace"):
        text += f", {p['birthplace']}"
    return text


def status_text(status: Any, since: dt.date | None) -> str:
    """"In affido dal 3 marzo 2025"."""
    if status is None:
        return DASH
    return f"{status.label} dal {date_long(since)}" if since else status.label


def elapsed(since: dt.date | None, day: dt.date) -> str:
    """"12 giorni", "5 mesi", "2 anni e 3 mesi" from ``since`` to ``day``."""
    if since is None:
        return DASH
    days = (day - since).days
    if days < 1:
        return "da oggi"
    if days < 60:
        return "1 giorno" if days == 1 else f"{days} giorni"
    months = (day.year - since.year) * 12 + day.month - since.month - (day.day < since.day)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append("1 anno" if years == 1 else f"{years} anni")
    if months:
        parts.append("1 mese" if months == 1 else f"{months} mesi")
    return " e ".join(parts)


def week_grid(mask: int) -> list:
    """Days × parts of the day, a mark where the person is available; [] when the grid is
    empty."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.platypus import Table, TableStyle

    mask = int(mask or 0)
    if not mask:
        return []
    st = L.styles()
    centre = st.cell.clone("grid_cell", alignment=TA_CENTER, textColor=HexColor(ACCENT))
    head = st.cell_head.clone("grid_head", alignment=TA_CENTER)
    slots = len(TIME_SLOTS)
    rows = [[L.para("", st.cell_head), *(L.para(d, head) for d in WEEKDAYS)]]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT)),
        ("GRID", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for s, slot in enumerate(TIME_SLOTS):
        row = [L.para(slot, st.cell_bold)]
        for d in range(len(WEEKDAYS)):
            on = bool(mask & (1 << (d * slots + s)))
            row.append(L.para(MARK if on else "", centre))
            if on:
                commands.append(("BACKGROUND", (d + 1, s + 1), (d + 1, s + 1), HexColor(BAND)))
        rows.append(row)
    width = L.frame_width()
    table = Table(rows, colWidths=[width * 0.16] + [width * 0.12] * len(WEEKDAYS),
                  hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    legend = L.markup(f'<font color="{ACCENT}">{MARK}</font> = disponibile', st.muted)
    return [table, L.spacer(1), legend]


def consents_table(rows: list[dict] | None) -> list:
    if rows is None:
        return [L.no_data(NOT_VISIBLE)]
    body = []
    for c in rows:
        withdrawn = c.get("withdrawn_on")
        state = ("revocato" if withdrawn else "attivo") if c.get("given_on") else DASH
        body.append([enum_label(ConsentScope, c.get("scope")), date_short(c.get("given_on")),
                     date_short(withdrawn) if withdrawn else DASH,
                     L.markup(f'<font color="{WARN if withdrawn else ACCENT}">{state}</font>',
                              L.styles().cell),
                     c.get("notes") or ""])
    return L.table(*without_empty_column(["Ambito", "Dato il", "Revocato il", "Stato", "Note"],
                                         body, [0.3, 0.13, 0.13, 0.1, 0.34], 4),
                   empty="Nessun consenso registrato.")


def interviewers_cell(people: list[dict], *, signoff: bool = True):
    """Names of the interviewers, one per line, with "esito firmato" where signed."""
    lines = []
    for i in people or []:
        line = esc(i.get("name"))
        if signoff and i.get("signed_off_at"):
            line += f' <font color="{MUTED}" size="7">(esito firmato)</font>'
        lines.append(line)
    return L.markup("<br/>".join(lines) or DASH, L.styles().cell)


def interviews_table(rows: list[dict] | None) -> list:
    if rows is None:
        return [L.no_data(NOT_VISIBLE)]
    body = [[date_short(r.get("held_at")), label(r.get("kind")),
             interviewers_cell(r.get("interviewers")), label(r.get("outcome"))]
            for r in rows]
    return L.table(["Data", "Tipo di colloquio", "Operatori", "Esito"], body,
                   [0.13, 0.3, 0.33, 0.24], empty="Nessun colloquio registrato.")


def pairs_table(rows: list[dict] | None, *, other: str) -> list:
    """Pairs of a person; ``other``: "fosterer" (elder summary) or "elder" (fosterer dossier)."""
    if rows is None:
        return [L.no_data(NOT_VISIBLE)]
    st = L.styles()
    body = []
    for r in rows:
        status = label(r.get("status"))
        if r.get("suspended_until") and r.get("status") is not None \
                and r["status"].value == "suspended":
            status += f" fino al {date_short(r['suspended_until'])}"
        reason = esc(r.get("close_reason") or "")
        if r.get("close_sub_reason"):
            reason += f'<br/><font color="{MUTED}">{esc(r["close_sub_reason"])}</font>'
        body.append([r.get(other), date_short(r.get("proposed_on")),
                     date_short(r.get("started_on")), date_short(r.get("ended_on")), status,
                     L.markup(reason or DASH, st.cell)])
    who = "Affidatario" if other == "fosterer" else "Anziano"
    return L.table([who, "Proposto il", "Inizio", "Fine", "Stato", "Motivo della conclusione"],
                   body, [0.2, 0.13, 0.13, 0.13, 0.14, 0.27], empty="Nessun abbinamento.")


def history_table(rows: list[dict] | None) -> list:
    st = L.styles()
    body = []
    for r in rows or []:
        new, old = r.get("to_status"), r.get("from_status")
        change = f"<b>{esc(label(new))}</b>"
        if old is not None:
            change += f'<br/><font color="{MUTED}" size="7.5">prima: {esc(label(old))}</font>'
        else:
            change += f'<br/><font color="{MUTED}" size="7.5">inserimento</font>'
        detail = []
        if r.get("reason"):
            detail.append(f"Motivo: {esc(r['reason'])}")
        if r.get("sub_reason"):
            detail.append(esc(r["sub_reason"]))
        if r.get("until"):
            detail.append(f"Ripresa prevista: {esc(date_long(r['until']))}")
        if r.get("note"):
            detail.append(esc(r["note"]))
        body.append([date_short(r.get("occurred_on")), L.markup(change, st.cell),
                     L.markup("<br/>".join(detail) or DASH, st.cell), r.get("author") or DASH])
    return L.table(["Data", "Stato", "Motivo e note", "Operatore"], body,
                   [0.13, 0.27, 0.4, 0.2], empty="Nessun cambio di stato registrato.")


def role_label(role: Any) -> str:
    try:
        return Role(role).label
    except ValueError:
        return DASH

