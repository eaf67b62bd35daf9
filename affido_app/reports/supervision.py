"""Supervision report (*relazione di supervisione*) of one pair, of every pair of a fosterer, or
of a period.

A pair: the key data (people, start, status, how often it is supervised, the last and the next
due supervision), each meeting oldest first (when, who led it, who took part, the levels and the
risk flag, then every text recorded with its label — or one line saying the confidential notes
are omitted), the goals and notes of the pair, the risks flagged (open ones stand out).
A period: the pairs supervised or due, on time or overdue, then the meetings grouped by pair.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from affido_app.domain.enums import MatchStatus
from affido_app.reports import layout as L
from affido_app.reports.format import date_long, date_short, number, period, time_short
from affido_app.reports.styles import ACCENT, BAND, RULE, WARN
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import clean

TITLE = "Relazione di supervisione"
OMITTED = ("Note riservate omesse: possono leggerle solo gli psicologi e gli operatori che "
           "hanno condotto l'incontro o vi hanno partecipato.")
NO_MEETINGS = "Nessun incontro di supervisione registrato per questo abbinamento."
GROUP_NOTE_PAIR = ("Degli incontri di gruppo sono riportate le note su questo abbinamento; le note "
                   "generali di ciascun incontro sono nella relazione di supervisione del periodo.")
GROUP_NOTE_PERIOD = ("Degli incontri di gruppo sono riportate sotto ciascun abbinamento le note "
                     "che lo riguardano; le note generali dell'incontro sono in fondo alla "
                     "relazione.")
#: a line of text longer than this is cut (at a sentence, else at a space) into paragraphs
#: that flow across pages one by one: reportlab re-wraps a whole paragraph at each page break
_BLANK_LINES = re.compile(r"\n\s*\n")
_HIGHLIGHT = "#fbeee6"


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    scope = data.get("scope") or "pair"
    if scope == "period":
        story = _period_story(data)
    elif scope == "fosterer":
        story = _fosterer_story(data)
    else:
        pair = data["pairs"][0]
        story = [*L.title_block(TITLE, f"Abbinamento {_names(pair)} · situazione al "
                                       f"{date_long(data.get('today'))}"),
                 *_pair_story(pair)]
    return Document(kind="supervision", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "relazione-supervisione.pdf",
                    subject=data.get("subject"))


# --- one pair -----------------------------------------------------------------------------------

def _pair_story(pair: dict[str, Any]) -> list:
    meetings = pair.get("meetings") or []
    open_risks = sum(1 for r in pair.get("risks") or [] if r.get("open"))
    story: list = [
        L.key_box([
            ("Anziano/a", pair.get("elder_name")),
            ("Affidatario/a", pair.get("fosterer_name")),
            ("Stato dell'abbinamento", _status(pair)),
            ("Inizio dell'affido", date_long(pair.get("started_on"))),
            ("Frequenza della supervisione", _every(pair.get("every_days"))),
            ("Incontri registrati", number(len(meetings))),
            ("Ultima supervisione", date_long(pair.get("last_supervised"))
             if pair.get("last_supervised") else "nessuna"),
            ("Prossima supervisione entro", date_long(pair.get("due_date"))),
            ("Rischi aperti", number(open_risks) if open_risks else "nessuno"),
        ]),
        L.spacer(2),
    ]
    story.append(_due_line(pair))
    story.append(L.heading(f"Incontri di supervisione ({len(meetings)})"
                           if meetings else "Incontri di supervisione"))
    if not meetings:
        story.append(L.no_data(NO_MEETINGS))
    elif any(m.get("pairs", 0) > 1 for m in meetings):
        story.append(L.para(GROUP_NOTE_PAIR, L.styles().muted))
    for i, meeting in enumerate(meetings, start=1):
        when = date_long(meeting.get("held_at"), weekday=True)
        story += _meeting_story(meeting, f"{i}. Incontro di {when}")
    story.append(L.heading("Obiettivi e note dell'abbinamento"))
    notes = []
    for label, value in (("Obiettivi", pair.get("goals")), ("Note", pair.get("notes"))):
        if clean(value).strip():
            notes += [_label(label), *flowing(value)]
    story += notes or [L.no_data("Nessun obiettivo e nessuna nota registrati.")]
    story.append(L.heading("Situazioni di rischio"))
    story += _risks(pair.get("risks") or [])
    return story


def _due_line(pair: dict[str, Any]):
    st = L.styles()
    status = pair.get("status")
    if pair.get("overdue"):
        days = pair.get("days_overdue") or 0
        return L.para(f"Supervisione in ritardo di {_days(days)}: era da svolgere entro il "
                      f"{date_long(pair.get('due_date'))}.", st.warning)
    if pair.get("due_date") is not None:
        which = "la prossima" if pair.get("last_supervised") else "la prima"
        return L.para(f"Supervisione in regola: {which} va svolta entro il "
                      f"{date_long(pair.get('due_date'))}.", st.muted)
    if status == MatchStatus.ACTIVE:
        return L.para("Data di inizio non registrata: la scadenza della supervisione non si "
                      "può calcolare.", st.muted)
    return L.para("L'abbinamento non è attivo: non sono previste scadenze di supervisione.",
                  st.muted)


def _meeting_story(meeting: dict[str, Any], title: str) -> list:
    kind = meeting.get("kind")
    kind_text = kind.label if kind is not None else "—"
    if meeting.get("pairs", 0) > 1:
        kind_text += f", {meeting['pairs']} abbinamenti"
    grid = [
        ("Tipo di incontro", kind_text), ("Condotto da", meeting.get("led_by") or "—"),
        ("Luogo", meeting.get("place") or "—", True),
        ("Operatori presenti", ", ".join(meeting.get("staff") or []) or "—", True),
        ("Affidatari presenti", ", ".join(meeting.get("fosterers") or []) or "—", True),
        ("Benessere dell'anziano", _level(meeting.get("elder_wellbeing"))),
        ("Benessere dell'affidatario", _level(meeting.get("fosterer_wellbeing"))),
        ("Situazione di rischio", _risk_cell(meeting)),
        ("Prossima verifica", date_long(meeting.get("next_date"))
         if meeting.get("next_date") else date_long(meeting.get("session_next_date"))),
    ]
    out: list = [_meeting_title(f"{title}, ore {time_short(meeting.get('held_at'))}"),
                 _grid(grid)]
    if not meeting.get("visible"):
        out.append(L.para(OMITTED, _styles().omitted))
        return out
    texts = meeting.get("texts") or []
    if not texts:
        out.append(L.no_data("Nessuna nota scritta per questo incontro."))
    for label, text in texts:
        out += [_label(label), *flowing(text)]
    return out


def _risks(risks: list[dict[str, Any]]) -> list:
    st = L.styles()
    rows, highlighted = [], []
    for i, risk in enumerate(risks, start=1):
        if risk.get("open"):
            state = L.para("Aperta", st.cell_bold.clone("risk_open", textColor=_color(WARN)))
            highlighted.append(i)
        else:
            state = f"Chiusa il {date_long(risk.get('closed_at'))}"
        if not risk.get("visible"):
            detail = L.para("Note riservate omesse.", L.styles().muted)
        else:
            detail = risk.get("closing_note") or risk.get("actions") or "—"
            if not risk.get("closing_note") and risk.get("actions"):
                detail = f"Azioni concordate: {clean(risk.get('actions'))}"
        rows.append([date_long(risk.get("session_date")), state, detail])
    out = L.table(["Segnalata il", "Stato", "Come è stata affrontata"], rows,
                  [0.18, 0.2, 0.62], empty="Nessuna situazione di rischio segnalata.")
    if highlighted:
        from reportlab.platypus import TableStyle

        out[0].setStyle(TableStyle([("BACKGROUND", (0, r), (-1, r), _color(_HIGHLIGHT))
                                    for r in highlighted]))
    return out


# --- every pair of a fosterer -------------------------------------------------------------------

def _fosterer_story(data: dict[str, Any]) -> list:
    from reportlab.platypus import PageBreak

    pairs = data.get("pairs") or []
    name = data.get("fosterer_name")
    story: list = [
        *L.title_block(TITLE, f"Affidatario/a {clean(name)} · situazione al "
                              f"{date_long(data.get('today'))}"),
        L.key_box([
            ("Affidatario/a", name),
            ("Abbinamenti", number(len(pairs))),
            ("Abbinamenti attivi", number(sum(1 for p in pairs
                                              if p.get("status") == MatchStatus.ACTIVE))),
            ("Supervisioni in ritardo", number(sum(1 for p in pairs if p.get("overdue")))),
            ("Incontri registrati", number(sum(len(p.get("meetings") or []) for p in pairs))),
            ("Rischi aperti", number(sum(1 for p in pairs for r in p.get("risks") or []
                                         if r.get("open")))),
        ]),
        L.heading("Abbinamenti dell'affidatario"),
    ]
    rows, overdue_rows = [], []
    for i, p in enumerate(pairs, start=1):
        rows.append([p.get("elder_name"), _status(p), date_short(p.get("last_supervised")),
                     date_short(p.get("due_date")),
                     _situation(p) if p.get("due_date") else "Nessuna scadenza"])
        if p.get("overdue"):
            overdue_rows.append(i)
    story += _highlight(L.table(["Anziano/a", "Stato dell'abbinamento", "Ultima supervisione",
                                 "Prossima entro", "Supervisione"],
                                rows, [0.26, 0.28, 0.14, 0.14, 0.18],
                                empty="Nessun abbinamento per questo affidatario."),
                        overdue_rows)
    for pair in pairs:
        story += [PageBreak(), L.para(f"Abbinamento con {clean(pair.get('elder_name'))}",
                                      _styles().pair_title),
                  *_pair_story(pair)]
    return story


# --- a period -----------------------------------------------------------------------------------

def _period_story(data: dict[str, Any]) -> list:
    rows_data = data.get("rows") or []
    groups = data.get("groups") or []
    start, end = data.get("date_from"), data.get("date_to")
    story: list = [
        *L.title_block(TITLE, f"Periodo: {period(start, end)}"),
        L.key_box([
            ("Incontri svolti nel periodo", number(data.get("sessions") or 0)),
            ("Abbinamenti discussi", number(len(groups))),
            ("Supervisioni in ritardo", number(sum(1 for r in rows_data if r.get("overdue")))),
            ("Rischi aperti segnalati nel periodo", number(data.get("open_risks") or 0)),
            ("Situazione calcolata al", date_long(data.get("reference_day"))),
            ("Frequenza della supervisione", _every(data.get("every_days_default"))),
        ]),
        L.heading("Abbinamenti supervisionati o in scadenza nel periodo"),
        L.para("Prima le supervisioni in ritardo, poi le altre per scadenza; la frequenza "
               "è quella stabilita per ciascun abbinamento.", L.styles().muted),
        L.spacer(1),
    ]
    rows, overdue_rows = [], []
    for i, r in enumerate(rows_data, start=1):
        rows.append([_names(r), number(r.get("meetings") or 0), date_short(r.get("last_meeting")),
                     date_short(r.get("due_date")), _situation(r)])
        if r.get("overdue"):
            overdue_rows.append(i)
    story += _highlight(L.table(
        ["Abbinamento (anziano/a – affidatario/a)", "Incontri nel periodo", "Ultimo incontro",
         "Scadenza", "Situazione"], rows, [0.38, 0.12, 0.13, 0.13, 0.24], right={1},
        empty="Nessun abbinamento supervisionato o in scadenza nel periodo."), overdue_rows)
    story.append(L.heading("Incontri del periodo"))
    if not groups:
        story.append(L.no_data("Nessun incontro di supervisione nel periodo."))
    elif data.get("group_sessions"):
        story.append(L.para(GROUP_NOTE_PERIOD, L.styles().muted))
    for group in groups:
        meetings = group.get("meetings") or []
        story.append(L.para(f"{_names(group)} · {_count(len(meetings), 'incontro', 'incontri')}",
                            _styles().pair_band))
        for meeting in meetings:
            when = date_long(meeting.get("held_at"), weekday=True)
            story += _meeting_story(meeting, f"Incontro di {when}")
    sessions = data.get("group_sessions") or []
    if sessions:
        story.append(L.heading("Note generali degli incontri di gruppo"))
        for ses in sessions:
            when = date_long(ses.get("held_at"), weekday=True)
            pairs = _count(ses.get("pairs") or 0, "abbinamento discusso", "abbinamenti discussi")
            story.append(_meeting_title(
                f"Incontro di {when}, ore {time_short(ses.get('held_at'))}"))
            story.append(_keep(L.para(f"Condotto da {clean(ses.get('led_by')) or '—'} · {pairs}",
                                      L.styles().muted)))
            if not ses.get("visible"):
                story.append(L.para(OMITTED, L.styles().nodata))
            else:
                story += flowing(ses.get("notes")) if clean(ses.get("notes")).strip() else [
                    L.no_data("Nessuna nota generale scritta per questo incontro.")]
    return story


# --- pieces -------------------------------------------------------------------------------------

def flowing(value: Any) -> list:
    """A note of any length, flowing across pages (:func:`layout.long_text`)."""
    return L.long_text(value, style=_styles().text)


def _grid(items: list[tuple]) -> Any:
    """Label/value pairs two per row (an item with a third element True takes a whole row).

    Labels, and values short enough for their column, are drawn as plain strings (no markup is
    parsed, nothing to escape, and much faster than a paragraph per cell); longer values are
    paragraphs that wrap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    from affido_app.reports import fonts

    st = L.styles()
    full = L.frame_width()
    widths = [full * 0.22, full * 0.25, full * 0.24, full * 0.29]
    pad = 5
    rows, spans, pending = [], [], []

    def value_cell(value: Any, width: float):
        if isinstance(value, str):
            text = clean(value)
            if "\n" not in text and \
                    stringWidth(text, fonts.REGULAR, st.cell.fontSize) <= width - pad:
                return text
        return L.cell(value)

    def flush():
        if pending:
            row = []
            for i, (label, value) in enumerate(pending):
                row += [label, value_cell(value, widths[2 * i + 1])]
            rows.append(row + [""] * (4 - len(row)))
            pending.clear()

    for item in items:
        label, value, *wide = item
        if wide and wide[0]:
            flush()
            rows.append([label, value_cell(value, sum(widths[1:])), "", ""])
            spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
        else:
            pending.append((label, value))
            if len(pending) == 2:
                flush()
    flush()
    table = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, st.cell.fontSize, st.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), st.cell.textColor),
        ("FONT", (0, 0), (0, -1), fonts.REGULAR, st.muted.fontSize, st.cell.leading),
        ("FONT", (2, 0), (2, -1), fonts.REGULAR, st.muted.fontSize, st.cell.leading),
        ("TEXTCOLOR", (0, 0), (0, -1), st.muted.textColor),
        ("TEXTCOLOR", (2, 0), (2, -1), st.muted.textColor),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _color(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *spans,
    ]))
    return table


def _highlight(flowables: list, rows: list[int]) -> list:
    if rows and flowables and hasattr(flowables[0], "setStyle"):
        from reportlab.platypus import TableStyle

        flowables[0].setStyle(TableStyle([("BACKGROUND", (0, r), (-1, r), _color(_HIGHLIGHT))
                                          for r in rows]))
    return flowables


def _meeting_title(title: str):
    p = L.para(title, _styles().meeting)
    p.keepWithNext = True
    return p


def _keep(flowable):
    flowable.keepWithNext = True
    return flowable


def _label(text: str):
    p = L.para(text, _styles().field)
    p.keepWithNext = True
    return p


def _risk_cell(meeting: dict[str, Any]):
    if not meeting.get("risk_flag"):
        return "No"
    if meeting.get("risk_open"):
        return L.para("Sì, ancora aperta", L.styles().cell_bold.clone(
            "risk_cell", textColor=_color(WARN)))
    return f"Sì, chiusa il {date_long(meeting.get('risk_closed_at'))}"


def _situation(row: dict[str, Any]):
    if row.get("overdue"):
        return L.para(f"In ritardo di {_days(row.get('days_overdue') or 0)}",
                      L.styles().cell_bold.clone("late", textColor=_color(WARN)))
    if row.get("due_date") is not None:
        return "In regola"
    status = row.get("status")
    if status == MatchStatus.CLOSED and row.get("ended_on"):
        return f"Concluso il {date_short(row.get('ended_on'))}"
    if status is not None and status != MatchStatus.ACTIVE:
        return f"Abbinamento {status.label.lower()}"
    return "—"


def _status(pair: dict[str, Any]) -> str:
    status = pair.get("status")
    if status is None:
        return "—"
    text = status.label
    if status == MatchStatus.CLOSED and pair.get("ended_on"):
        return f"{text} il {date_long(pair.get('ended_on'))}"
    if status == MatchStatus.SUSPENDED and pair.get("suspended_until"):
        return f"{text} fino al {date_long(pair.get('suspended_until'))}"
    if pair.get("status_since"):
        return f"{text} dal {date_long(pair.get('status_since'))}"
    return text


def _names(row: dict[str, Any]) -> str:
    return f"{clean(row.get('elder_name'))} – {clean(row.get('fosterer_name'))}"


def _every(days: Any) -> str:
    return f"ogni {number(days)} giorni" if days else "—"


def _days(days: int) -> str:
    return _count(days, "giorno", "giorni")


def _count(n: int, one: str, many: str) -> str:
    return f"{number(n)} {one if n == 1 else many}"


def _level(level: Any) -> str:
    return "—" if level is None else f"{level.label} ({int(level)} su 5)"


def _color(value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(value)


@functools.cache
def _styles():
    from types import SimpleNamespace

    from reportlab.lib.colors import HexColor

    st = L.styles()
    return SimpleNamespace(
        text=st.body,
        text_line=st.body.clone("note_line", spaceAfter=0),
        omitted=st.nodata.clone("omitted", spaceBefore=3),
        field=st.body.clone("note_label", fontName=st.value.fontName, fontSize=8.5,
                            leading=11, textColor=HexColor(ACCENT), spaceBefore=4,
                            spaceAfter=1),
        meeting=st.h2.clone("meeting", spaceBefore=10, spaceAfter=3, borderPadding=0),
        pair_band=st.h2.clone("pair_band", fontSize=10.5, leading=14, spaceBefore=12,
                              spaceAfter=4, backColor=HexColor(BAND), borderPadding=(3, 4, 3, 4),
                              textColor=HexColor(ACCENT)),
        pair_title=st.title.clone("pair_title", fontSize=14, leading=18, spaceAfter=6),
    )
