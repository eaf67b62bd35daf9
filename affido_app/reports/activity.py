"""Activity report for the consortium (*relazione di attività*): aggregates only, no personal
data. Pairs started and closed (per month, by reason), people by status at the end of the
period, punctuality of supervision, training delivered, expenses reimbursed; charts drawn with
reportlab's graphics (:mod:`.charts`) and the definitions of every figure."""

from __future__ import annotations

from typing import Any

from affido_app.domain.enums import ElderStatus, FostererStatus
from affido_app.reports import charts
from affido_app.reports import layout as L
from affido_app.reports.format import (
    MONTHS,
    date_long,
    hours,
    money,
    number,
    percent,
    period,
)
from affido_app.reports.template import Document, Letterhead

TITLE = "Relazione di attività"
NBSP = "\u00a0"
SHORT_MONTHS = tuple(m[:3] for m in MONTHS)
#: the labels of every status chart (they share one label column width)
STATUS_LABELS = tuple(m.label for m in (*ElderStatus, *FostererStatus))
#: height of a table row (8.5 pt cells: 11 pt leading and 3 + 3 pt padding)
ROW = 17


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    st = L.styles()
    start, end = data["date_from"], data["date_to"]
    pairs, sup = data["pairs"], data["supervision"]
    expenses = data["expenses"]
    project = f"Progetto «{letterhead.project}»" if letterhead.project else "Affido diurno"
    story: list = [
        *L.title_block(TITLE, f"{project} · {period(start, end)}"),
        L.key_box([
            ("Periodo", period(start, end)),
            (f"Abbinamenti attivi al {date_long(end)}", number(pairs["active_end"])),
            ("Abbinamenti avviati nel periodo", number(pairs["started"])),
            ("Abbinamenti conclusi nel periodo", number(pairs["closed"])),
            ("Supervisioni svolte entro la scadenza", _share(sup["on_time"], sup["due"])),
            ("Rimborsi liquidati", _euro(expenses["paid"]["total"])),
        ]),
        L.spacer(3),
        L.markup("La relazione riporta soltanto dati aggregati: non contiene nomi né altri dati "
                 "personali. Le definizioni di ogni indicatore sono nelle note in fondo.",
                 st.muted),
    ]
    if _nothing(data):
        story.append(L.markup("Nel periodo indicato non risultano attività registrate: "
                              "ogni sezione riporta «Nessun dato».", st.warning))
    story += _pairs(data)
    story += _people(data)
    story += _supervision(data)
    story += _training(data)
    story += _expenses(data)
    story += _notes(data)
    story += L.signatures(["Il coordinatore del progetto"])
    return Document(kind="activity", title=TITLE, story=story, letterhead=letterhead,
                    confidential=False, printed_by=printed_by,
                    filename=data.get("filename") or "relazione-attivita.pdf",
                    subject=data.get("subject"))


# --- sections -----------------------------------------------------------------------------------

def _pairs(data: dict[str, Any]) -> list:
    pairs, end = data["pairs"], data["date_to"]
    at_end = dict(pairs["by_status_end"])
    out: list = [L.heading("1. Abbinamenti"), L.key_box([
        ("Proposti nel periodo", number(pairs["proposed"])),
        ("Avviati nel periodo", number(pairs["started"])),
        ("Conclusi nel periodo", number(pairs["closed"])),
        (f"Attivi al {date_long(end)}", number(pairs["active_end"])),
        (f"In fase di conoscenza al {date_long(end)}", number(at_end.get("Conoscenza", 0))),
        (f"Sospesi al {date_long(end)}", number(at_end.get("Sospeso", 0))),
    ])]
    labels, started, closed = _buckets(pairs["per_month"])
    unit = {"month": "mese", "quarter": "trimestre", "year": "anno"}[_bucket_kind(
        pairs["per_month"])]
    out += [L.heading(f"Abbinamenti avviati e conclusi per {unit}", 2),
            charts.bar_chart(labels, [("Avviati", started), ("Conclusi", closed)],
                             value_label="Numero di abbinamenti",
                             empty="Nessun dato: nessun abbinamento avviato o concluso nel "
                                   "periodo.")]
    reasons = pairs["closed_by_reason"]
    total = sum(n for _r, n in reasons)
    out.append(L.heading("Abbinamenti conclusi per motivo", 2))
    out += _table(["Motivo della conclusione", "Abbinamenti", "Quota"],
                   [[label, number(n), percent(n, total)] for label, n in reasons],
                   (0.64, 0.18, 0.18), right={1, 2},
                   total=["Totale", number(total), "100%"] if reasons else None,
                   empty="Nessun dato: nessun abbinamento concluso nel periodo.")
    return out


def _people(data: dict[str, Any]) -> list:
    end = data["date_to"]
    elders, fosterers = data["elders"], data["fosterers"]
    out: list = [L.heading("2. Anziani e affidatari")]
    out += [L.heading(f"Anziani per stato al {date_long(end)}", 2),
            *_status_block(elders["by_status"], "Anziani", charts.SERIES[0]),
            L.markup(f"Nuove segnalazioni di anziani ricevute nel periodo: "
                     f"<b>{number(elders['new'])}</b>.")]
    out += [L.heading(f"Affidatari per stato al {date_long(end)}", 2),
            *_status_block(fosterers["by_status"], "Affidatari", charts.SERIES[2]),
            L.markup(f"Nuove candidature nel periodo: <b>{number(fosterers['new'])}</b>; "
                     f"affidatari dichiarati idonei nel periodo: "
                     f"<b>{number(fosterers.get('approved', 0))}</b>.")]
    return out


def _status_block(by_status: list[tuple[str, int]], who: str, colour: str) -> list:
    """The counts by status: a small table beside its horizontal bar chart."""
    total = sum(n for _l, n in by_status)
    if not total:
        return [L.no_data("Nessun dato: nessuna persona registrata alla fine del periodo.")]
    width = L.frame_width()
    table = _table(["Stato", who, "Quota"],
                   [[label, number(n), percent(n, total)] for label, n in by_status],
                   (0.27, 0.12, 0.09), right={1, 2}, total=["Totale", number(total), "100%"])
    # one bar per row of the table, level with it (rows of 17 points, under the header)
    chart = charts.hbar_chart(by_status, width=width * 0.49, colour=colour, row=ROW,
                              top_pad=ROW, labels_for=STATUS_LABELS)
    return [_side_by_side(table, [chart], 0.5)]


def _supervision(data: dict[str, Any]) -> list:
    sup = data["supervision"]
    due = sup["due"]
    every = int(sup.get("every_days") or 30)
    definition = (
        "Ogni abbinamento attivo deve essere seguito con un incontro di supervisione a "
        f"intervalli regolari (di norma ogni {every} giorni): la scadenza cade un intervallo "
        "dopo l'ultima supervisione o, se non ce ne sono state, dopo l'avvio o la ripresa "
        "dell'abbinamento. Sono contate le scadenze cadute nel periodo mentre l'abbinamento era "
        "attivo. <b>Puntuale</b>: la supervisione si è svolta entro la scadenza; <b>in "
        "ritardo</b>: dopo la scadenza ma entro l'intervallo successivo e prima della fine del "
        "periodo; <b>mancante</b>: non svolta entro l'intervallo successivo o entro la fine del "
        "periodo.")
    out: list = [L.heading("3. Supervisione"), L.markup(definition, L.styles().small),
                 L.spacer(2)]
    outcomes = [("Puntuali", sup["on_time"]), ("In ritardo", sup["late"]),
                ("Mancanti", sup["missing"])]
    if due:
        table = _table(["Scadenze nel periodo", "Numero", "Quota"],
                        [[label, number(n), percent(n, due)] for label, n in outcomes],
                        (0.22, 0.1, 0.09), right={1, 2},
                        total=["Totale scadenze", number(due), "100%"])
        pie = charts.pie_chart(outcomes, width=L.frame_width() * 0.5, height=L.mm(34),
                               colours=charts.OUTCOME_COLOURS)
        out.append(_side_by_side(table, [pie], 0.44))
    else:
        out.append(L.no_data("Nessun dato: nessuna supervisione dovuta nel periodo."))
    out.append(L.spacer(2))
    if not sup["sessions"]:
        out.append(L.no_data("Nessun dato: nessun incontro di supervisione svolto nel periodo."))
        return out
    out.append(L.key_box([
        ("Incontri di supervisione svolti", number(sup["sessions"])),
        ("Incontri individuali", number(sup["individual"])),
        ("Incontri di gruppo", number(sup["group"])),
        ("Abbinamenti discussi almeno una volta", number(sup["pairs_discussed"])),
        ("Affidatari che hanno partecipato", number(sup["fosterers"])),
    ]))
    return out


def _training(data: dict[str, Any]) -> list:
    tr = data["training"]
    out: list = [L.heading("4. Formazione")]
    if not tr["sessions"]:
        out.append(L.no_data("Nessun dato: nessun incontro di formazione svolto nel periodo."))
        return out
    out.append(L.key_box([
        ("Incontri di formazione svolti", number(tr["sessions"])),
        ("Percorsi formativi interessati", number(tr["courses"])),
        ("Ore di formazione erogate", hours(tr["hours"])),
        ("Affidatari presenti ad almeno un incontro", number(tr["fosterers"])),
        ("Presenze registrate", number(tr["presences"])),
        ("Ore di presenza (durata × presenti)", hours(tr["attendance_hours"])),
    ]))
    if tr.get("without_end"):
        out.append(L.markup(f"Incontri senza orario di fine (esclusi dal conteggio delle ore): "
                            f"{number(tr['without_end'])}.", L.styles().muted))
    return out


def _expenses(data: dict[str, Any]) -> list:
    ex = data["expenses"]
    out: list = [L.heading("5. Rimborsi spese agli affidatari")]
    parts = [("Liquidati", ex["paid"]), ("Approvati, da liquidare", ex["to_pay"]),
             ("In attesa di verifica", ex["waiting"])]
    if not any(p["count"] for _l, p in parts):
        out.append(L.no_data("Nessun dato: nessuna spesa registrata nel periodo."))
        return out
    headers = ["Rimborsi", "Voci", "Affidatari", "Km", "Importo km", "Altre spese", "Totale"]
    rows = [[label, number(p["count"]),
             number(p["fosterers"]),
             number(p["km"], 1), _euro(p["km_amount"]), _euro(p["costs"]), _euro(p["total"])]
            for label, p in parts]
    out += _table(headers, rows, (0.26, 0.08, 0.11, 0.11, 0.15, 0.14, 0.15),
                   right={1, 2, 3, 4, 5, 6})
    out.append(L.markup(
        "Spese con data nel periodo. I rimborsi chilometrici sono calcolati voce per voce con "
        "la tariffa in vigore alla data di inserimento; le voci respinte non sono conteggiate.",
        L.styles().muted))
    return out


def _notes(data: dict[str, Any]) -> list:
    items = [
        ("Stato alla fine del periodo", "lo stato di ogni persona o abbinamento secondo "
         "l'ultimo cambio di stato con effetto entro l'ultimo giorno del periodo; chi non era "
         "ancora stato segnalato o non aveva ancora presentato la candidatura non è contato."),
        ("Abbinamenti avviati", "abbinamenti diventati attivi per la prima volta nel periodo."),
        ("Abbinamenti conclusi", "abbinamenti conclusi nel periodo, ciascuno contato una volta "
         "anche se riaperto e concluso di nuovo."),
        ("Supervisione", "vedi la definizione al punto 3."),
        ("Formazione", "incontri iniziati nel periodo e già svolti alla data di stampa; le ore "
         "sono calcolate dagli orari di inizio e fine."),
        ("Rimborsi", "voci di spesa con data nel periodo, per stato della pratica."),
    ]
    st = L.styles()
    notes = [L.markup(f"<b>{label}</b>: {text}", st.small) for label, text in items]
    notes[-1].keepWithNext = True  # the last note goes with the signature
    return [L.heading("Note sui dati"), *notes]


# --- helpers ------------------------------------------------------------------------------------

def _table(headers, rows, widths, *, right=frozenset(), **kw) -> list:
    """:func:`layout.table` with the headers of figure columns right-aligned like them."""
    st = L.styles()
    head_right = st.cell_head.clone("act_head_right", alignment=st.cell_right.alignment)
    heads = [L.para(h, head_right if i in right else st.cell_head)
             for i, h in enumerate(headers)]
    return L.table(heads, rows, widths, right=right, **kw)


def _side_by_side(left: list, right: list, left_share: float):
    """Two blocks side by side (a table and its chart), kept on one page."""
    from reportlab.platypus import Table, TableStyle

    width = L.frame_width()
    table = Table([[left, right]], colWidths=[width * left_share, width * (1 - left_share)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 10),
        ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _bucket_kind(per_month: list[dict]) -> str:
    n = len(per_month)
    return "month" if n <= 24 else "quarter" if n <= 36 else "year"


def _buckets(per_month: list[dict]) -> tuple[list[str], list[int], list[int]]:
    """Labels and the started/closed figures per month (up to two years), per quarter (up to
    three) or per year."""
    kind = _bucket_kind(per_month)
    labels: list[str] = []
    started: list[int] = []
    closed: list[int] = []
    last_key = None
    for i, row in enumerate(per_month):
        y, m = row["year"], row["month"]
        if kind == "month":
            key = (y, m)
            # the year under January, and under the first month unless January is next to it
            first = i == 0 and not (len(per_month) > 18 and m >= 11)
            label = SHORT_MONTHS[m - 1] + (f"\n{y}" if first or m == 1 else "")
        elif kind == "quarter":
            q = (m - 1) // 3 + 1
            key = (y, q)
            label = f"{q}° trim." + (f"\n{y}" if not labels or q == 1 else "")
        else:
            key = (y,)
            label = str(y)
        if key != last_key:
            labels.append(label)
            started.append(0)
            closed.append(0)
            last_key = key
        started[-1] += row["started"]
        closed[-1] += row["closed"]
    return labels, started, closed


def _nothing(data: dict[str, Any]) -> bool:
    """Nothing at all recorded for the period (a period before the programme began)."""
    pairs, sup, tr, ex = (data["pairs"], data["supervision"], data["training"],
                          data["expenses"])
    return not any((data["elders"]["total"], data["fosterers"]["total"], pairs["proposed"],
                    pairs["closed"], sup["sessions"], sup["due"], tr["sessions"],
                    *(ex[k]["count"] for k in ("paid", "to_pay", "waiting"))))


def _share(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{percent(part, whole)} ({number(part)} su {number(whole)})"


def _euro(value: Any) -> str:
    return money(value).replace(" ", NBSP)

