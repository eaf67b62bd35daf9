"""Reimbursement statement (*prospetto dei rimborsi*): the fosterer and the period, every expense
entry with its status, a totals row, a summary by status with the sum to reimburse (approved and
paid entries only), a declaration and the signatures."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from affido_app.domain.enums import ExpenseStatus
from affido_app.reports import layout as L
from affido_app.reports.format import date_short, money, number, period
from affido_app.reports.template import Document, Letterhead

TITLE = "Prospetto dei rimborsi"
HEADERS = ("Data", "Abbinamento con", "Descrizione", "Km", "Importo km", "Altre spese",
           "Totale", "Stato")
#: fractions of the text width (174 mm): dates, amounts and statuses fit on one line at 8 pt
WIDTHS = (0.115, 0.145, 0.18, 0.09, 0.115, 0.115, 0.13, 0.11)
NUMERIC = {3, 4, 5, 6}
TOTAL_LABEL = "Totale da rimborsare"
NBSP = "\u00a0"


def km(value: Any) -> str:
    """Kilometres with one decimal: "45,0"."""
    return number(value, 1)


def euro(value: Any) -> str:
    """"€ 1.234,50" that never breaks between the sign and the figure."""
    return money(value).replace(" ", NBSP)


def rate(value: Any) -> str:
    """A €/km rate: "€ 0,30 al km" (three decimals only when the rate has them)."""
    amount = Decimal(str(value))
    decimals = 3 if amount != amount.quantize(Decimal("0.01")) else 2
    return f"€{NBSP}{number(amount, decimals)} al km"


@functools.cache
def _cell_styles():
    """Cells of the entries table: a point smaller than the shared cells (eight columns)."""
    st = L.styles()
    plain = st.cell.clone("exp_cell", fontSize=8, leading=10.2)
    return {
        (False, False): plain,
        (False, True): plain.clone("exp_cell_right", alignment=st.cell_right.alignment),
        (True, False): plain.clone("exp_cell_bold", fontName=st.cell_bold.fontName),
        (True, True): plain.clone("exp_cell_bold_right", fontName=st.cell_bold.fontName,
                                  alignment=st.cell_right.alignment),
        "muted": plain.clone("exp_cell_muted", textColor=st.muted.textColor),
    }


def heads(labels: Sequence[str], right: set[int]) -> list:
    """Header cells, right-aligned over the columns of figures."""
    st = L.styles()
    head_right = st.cell_head.clone("head_right", alignment=st.cell_right.alignment)
    return [L.para(h, head_right if i in right else st.cell_head) for i, h in enumerate(labels)]


def _row(values: list[Any], *, bold: bool = False, muted: set[int] = frozenset()) -> list:
    styles = _cell_styles()
    return [L.para(v, styles["muted"] if i in muted else styles[(bold, i in NUMERIC)])
            for i, v in enumerate(values)]


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    st = L.styles()
    f = data.get("fosterer") or {}
    start, end = data.get("date_from"), data.get("date_to")
    rows = data.get("rows") or []
    totals = data.get("totals") or {}
    story: list = [
        *L.title_block(TITLE, f"Rimborso spese agli affidatari · {period(start, end)}"),
        L.key_box([
            ("Affidatario/a", f.get("name")),
            ("Codice fiscale", f.get("codice_fiscale")),
            ("Indirizzo", f.get("address")),
            ("Periodo", period(start, end)),
            ("Rimborso chilometrico in vigore", rate(data["km_rate"])
             if data.get("km_rate") is not None else None),
            ("Voci nel periodo", str(len(rows))),
        ]),
        L.spacer(5),
        L.heading("Voci di spesa"),
    ]
    if rows:
        # a line between the heading and the table: the heading keeps with it, and the
        # table is free to start on this page and flow over the next ones
        story.append(L.markup(_rates_note(data), st.muted))
        story += L.table(
            heads(HEADERS, NUMERIC),
            [_row([date_short(r["date"]), r.get("pair") or "—", r.get("description") or "—",
                   km(r["km"]), euro(r["km_amount"]), euro(r["costs"]), euro(r["total"]),
                   ExpenseStatus(r["status"]).label],
                  muted={7} if ExpenseStatus(r["status"]) == ExpenseStatus.REJECTED
                  else set())
             for r in rows],
            WIDTHS,
            total=_row(["Totale", "", _entries(len(rows)), km(totals["km"]),
                        euro(totals["km_amount"]), euro(totals["costs"]),
                        euro(totals["total"]), ""], bold=True),
        )
    else:
        story.append(L.no_data("Nessuna spesa registrata per l'affidatario nel periodo."))

    story += _summary(data)
    declaration = L.markup(
        "Il/la sottoscritto/a dichiara che le spese sopra indicate sono state effettivamente "
        "sostenute per le attività di affido diurno concordate nel progetto e chiede il "
        "rimborso delle voci approvate.")
    declaration.keepWithNext = True  # with the signatures (a KeepTogether must not nest one)
    story += [L.heading("Dichiarazione"), declaration,
              *L.signatures(["L'affidatario/a", "Il coordinatore del progetto"])]
    return Document(kind="expenses", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "prospetto-rimborsi.pdf",
                    subject=data.get("subject"))


def _summary(data: dict[str, Any]) -> list:
    """The summary by status and the sums to reimburse."""
    from reportlab.platypus import KeepTogether

    st = L.styles()
    by_status = data.get("by_status") or {}
    totals = data.get("totals") or {}
    out: list = [L.heading("Riepilogo")]
    sums: list = []
    if by_status:
        out += L.table(
            heads(["Stato delle voci", "Voci", "Km", "Importo km", "Altre spese", "Totale"],
                  {1, 2, 3, 4, 5}),
            [[ExpenseStatus(status).label, str(v["count"]), km(v["km"]), euro(v["km_amount"]),
              euro(v["costs"]), euro(v["total"])] for status, v in by_status.items()],
            (0.3, 0.1, 0.12, 0.16, 0.16, 0.16), right={1, 2, 3, 4, 5},
            total=["Totale delle voci", str(totals.get("count", 0)), km(totals["km"]),
                   euro(totals["km_amount"]), euro(totals["costs"]), euro(totals["total"])],
        )
        sums.append(L.spacer(3))
    due = data.get("to_reimburse") or {}
    paid = data.get("paid") or {}
    to_pay = data.get("to_pay") or {}
    waiting = data.get("waiting") or {}
    sums.append(_total_box([
        ("Chilometri rimborsabili", km(due.get("km", 0))),
        ("Importo chilometrico", euro(due.get("km_amount", 0))),
        ("Altre spese rimborsabili", euro(due.get("costs", 0))),
        (TOTAL_LABEL, euro(due.get("total", 0))),
        ("di cui già liquidato", euro(paid.get("total", 0))),
        ("di cui ancora da liquidare", euro(to_pay.get("total", 0))),
    ]))
    sums.append(L.spacer(1.5))
    note = ("Concorrono al totale da rimborsare solo le voci <b>approvate</b> o già "
            "<b>liquidate</b>. Le voci in bozza o presentate attendono la verifica "
            "dell'ufficio; quelle respinte non vengono rimborsate.")
    if waiting.get("count"):
        n = waiting["count"]
        note += (f" In attesa di verifica: {_entries(n)} per {euro(waiting['total'])}."
                 .replace(NBSP, "&nbsp;"))
    sums.append(L.markup(note, st.muted))
    # the table by status with its heading, and the sums with their explanation: each kept
    # whole on one page
    return [KeepTogether(out), KeepTogether(sums)]


def _total_box(pairs: list[tuple[str, str]]):
    """The sums to reimburse: label on the left, amount on the right, the total in bold."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    from affido_app.reports.styles import ACCENT, BAND, RULE

    st = L.styles()
    right_bold = st.cell_bold.clone("sum_right_bold", alignment=st.cell_right.alignment)
    data, commands = [], [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(BAND)),
        ("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
        ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for i, (label, value) in enumerate(pairs):
        main = label == TOTAL_LABEL
        data.append([L.para(label, st.cell_bold if main else st.cell),
                     L.para(value, right_bold if main else st.cell_right)])
        if main:
            commands += [("LINEABOVE", (0, i), (-1, i), 0.8, HexColor(ACCENT)),
                         ("LINEBELOW", (0, i), (-1, i), 0.8, HexColor(ACCENT))]
    width = L.frame_width() * 0.55
    table = Table(data, colWidths=[width * 0.62, width * 0.38], hAlign="RIGHT")
    table.setStyle(TableStyle(commands))
    return table


def _entries(n: int) -> str:
    return "1 voce" if n == 1 else f"{n} voci"


def _rates_note(data: dict[str, Any]) -> str:
    """How the kilometre amounts were computed (markup written here: no user text)."""
    rates = data.get("rates") or []
    text = ("Importo km = chilometri × tariffa in vigore alla data di inserimento della voce, "
            "arrotondato al centesimo per ogni voce.")
    if rates and (len(rates) > 1 or rates[0] != data.get("km_rate")):
        listed = ", ".join(rate(r) for r in rates)
        text += f" Tariffe applicate alle voci del periodo: {listed}."
    return text
