"""Training sign-in sheet: the session's data, one row per enrolled fosterer with an empty
signature column, a few blank rows for people not on the list, the trainer's signature."""

from __future__ import annotations

from typing import Any

from affido_app.reports import layout as L
from affido_app.reports.format import date_long, time_short
from affido_app.reports.template import Document, Letterhead

TITLE = "Registro presenze"
BLANK_ROWS = 3


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    starts, ends = data.get("starts_at"), data.get("ends_at")
    when = time_short(starts) + (f"–{time_short(ends)}" if ends else "")
    story: list = [
        *L.title_block(TITLE, " · ".join(p for p in (data.get("course"),
                                                     date_long(starts, weekday=True)) if p)),
        L.key_box([
            ("Argomento", data.get("topic")),
            ("Orario", when),
            ("Luogo", data.get("place")),
            ("Formatore", data.get("trainer")),
            ("Tipo di incontro", "obbligatorio" if data.get("is_core") else "facoltativo"),
            ("Iscritti", str(len(data.get("people") or []))),
        ]),
        L.spacer(5),
        L.heading("Presenze"),
        L.markup("Ogni partecipante firma accanto al proprio nome all'arrivo.",
                 L.styles().muted),
        L.spacer(2),
    ]
    people = data.get("people") or []
    rows = [[str(i), p.get("name"), p.get("comune") or "—", ""]
            for i, p in enumerate(people, start=1)]
    rows += [[str(len(people) + i), "", "", ""] for i in range(1, BLANK_ROWS + 1)]
    story += L.table(["N.", "Cognome e nome", "Comune", "Firma"], rows,
                     [0.07, 0.38, 0.2, 0.35], right={0}, row_heights=L.mm(10))
    if not people:
        story.append(L.no_data("Nessun affidatario iscritto al corso."))
    story += L.signatures(["Il formatore", "Il coordinatore del progetto"], place_date=False)
    return Document(kind="attendance", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "registro-presenze.pdf",
                    subject=data.get("subject"))
