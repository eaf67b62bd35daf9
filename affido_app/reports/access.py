"""*Registro degli accessi* of one person: a summary by operator, then every access (who, with
which role, when, what was done to which record), oldest first. Confidential: it tells who
looked at a person's health and psychological records."""

from __future__ import annotations

from typing import Any

from affido_app.reports import layout as L
from affido_app.reports.format import date_short, datetime_long, number, period, time_short
from affido_app.reports.styles import MUTED
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import esc

TITLE = "Registro degli accessi"
SUMMARY_HEADERS = ("Operatore", "Ruolo", "Consultazioni", "Modifiche", "Stampe ed esportazioni",
                   "Totale", "Ultimo accesso")
SUMMARY_WIDTHS = (0.21, 0.155, 0.14, 0.11, 0.13, 0.08, 0.175)
ROW_HEADERS = ("Data e ora", "Operatore", "Azione", "Record", "Dettaglio")
ROW_WIDTHS = (0.13, 0.18, 0.135, 0.26, 0.295)
INTRO = ("Ogni consultazione, modifica, stampa o esportazione dei dati di questa persona lascia "
         "una riga nel registro degli accessi, che non può essere modificato né cancellato: "
         "ogni riga è legata alla precedente, così che un'alterazione venga scoperta dal "
         "controllo dell'archivio.")

LEGEND = ("Per ogni accesso: quando, chi ha agito e con quale ruolo, che cosa ha fatto, su quale "
          "record di questa persona.")


def when(moment) -> str:
    """"21/11/2026 10:30" in local time."""
    return f"{date_short(moment)} {time_short(moment)}" if moment is not None else "—"


def who(name: str, role: str):
    """The operator's name, the role under it in grey."""
    text = esc(name)
    if role:
        text += f'<br/><font color="{MUTED}" size="7.5">{esc(role)}</font>'
    return L.markup(text, L.styles().cell)


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    st = L.styles()
    rows = data.get("rows") or []
    summary = data.get("summary") or []
    total = int(data.get("total") or 0)
    name = data.get("name") or ""
    word = data.get("person_word") or ""
    start, end = data.get("date_from"), data.get("date_to")
    last = max((e["last"] for e in summary if e.get("last")), default=None)
    story: list = [
        *L.title_block(TITLE, " · ".join(p for p in (name, word, period(start, end)) if p)),
        L.key_box([
            ("Persona", name),
            ("Scheda", word.capitalize() if word else None),
            ("Periodo", period(start, end)),
            ("Accessi registrati", number(total)),
            ("Operatori", number(len(summary))),
            ("Ultimo accesso", datetime_long(last) if last else "—"),
        ]),
        L.spacer(3),
        L.para(INTRO, st.muted),
        L.spacer(2),
    ]
    story += L.section("Riepilogo per operatore", L.table(
        SUMMARY_HEADERS,
        [[e["user_name"], e["user_role"] or "—", number(e["reads"]), number(e["changes"]),
          number(e["outputs"]), number(e["total"]), when(e["last"])] for e in summary],
        SUMMARY_WIDTHS, right={2, 3, 4, 5},
        total=["Totale", "", number(sum(e["reads"] for e in summary)),
               number(sum(e["changes"] for e in summary)),
               number(sum(e["outputs"] for e in summary)), number(total), ""]
        if len(summary) > 1 else None,
        empty="Nessun accesso registrato nel periodo."))
    others = sum(e["others"] for e in summary)
    if others:
        story.append(L.para(f"Altre operazioni (accessi all'applicazione, copie, ripristini): "
                            f"{number(others)}.", st.muted))
    story += [L.spacer(4), L.heading("Accessi, dal più vecchio al più recente"),
              L.para(LEGEND, st.muted), L.spacer(1)]
    if data.get("truncated"):
        story.append(L.para(f"Sono elencati gli ultimi {number(len(rows))} accessi su "
                            f"{number(total)}: per gli altri restringere il periodo.", st.muted))
    story += L.table(
        ROW_HEADERS,
        [[when(r.at), who(r.user_name, r.user_role), r.action_label, r.record,
          r.detail or "—"] for r in rows],
        ROW_WIDTHS, empty="Nessun accesso registrato nel periodo.")
    return Document(kind="access", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "registro-accessi.pdf",
                    subject=data.get("subject"))
