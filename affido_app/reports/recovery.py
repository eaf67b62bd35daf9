"""The recovery sheet: the recovery code of an encrypted database, printed once when the
database is created (set-up wizard), to keep in a safe.

The code is the database key itself (``db/keyring.py``): whoever holds the sheet can open the
database. It is drawn large, in a monospaced font, in groups of four characters, with what it
is for and how to use it. The PDF is made in memory (:func:`render_bytes`): nothing is written
unless the user saves it.
"""

from __future__ import annotations

import datetime as dt

from affido_app.reports import layout as L
from affido_app.reports.format import date_long
from affido_app.reports.styles import styles
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import esc

TITLE = "Foglio di recupero del database"
#: groups of four characters per line of the code
GROUPS_PER_LINE = 7
CODE_FONT = "Courier-Bold"  # reportlab's built-in monospace: the code is ASCII only
CODE_SIZE = 19


def code_lines(code: str) -> list[str]:
    """The code in lines of :data:`GROUPS_PER_LINE` groups (``ABCD-EFGH-…``)."""
    groups = [g for g in code.replace(" ", "").split("-") if g]
    return ["-".join(groups[i:i + GROUPS_PER_LINE])
            for i in range(0, len(groups), GROUPS_PER_LINE)]


def build(code: str, letterhead: Letterhead, *, created_on: dt.date | None = None,
          database: str | None = None, administrator: str | None = None) -> Document:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = styles()
    created_on = created_on or dt.date.today()
    code_style = ParagraphStyle("recoveryCode", fontName=CODE_FONT, fontSize=CODE_SIZE,
                                leading=CODE_SIZE * 1.6, alignment=TA_CENTER,
                                textColor=HexColor("#111111"))
    code_block = [Paragraph(esc(line), code_style) for line in code_lines(code)]
    box = Table([[code_block]], colWidths=[L.frame_width()])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.4, HexColor("#1f2933")),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor("#f7f7f2")),
        ("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
    ]))
    facts = [("Ente", letterhead.org_name or "—"),
             ("Creato il", date_long(created_on))]
    if database:
        facts.append(("Database", database))
    if administrator:
        facts.append(("Primo amministratore", administrator))

    story: list = [
        *L.title_block(TITLE, "Codice di recupero: conservare in cassaforte"),
        L.key_box(facts),
        Spacer(1, L.mm(6)),
        L.markup("<b>Codice di recupero</b>", st.h2),
        KeepTogether([box]),
        Spacer(1, L.mm(3)),
        L.markup("Il codice è fatto di 14 gruppi di 4 caratteri (lettere A–Z e cifre 2–7). "
                 "Maiuscole, minuscole, spazi e trattini non contano.", st.muted),
        Spacer(1, L.mm(4)),
        L.markup("Attenzione: questo codice apre il database", st.warning),
        L.markup("Chi possiede questo foglio può leggere tutti i dati del database, compresi "
                 "quelli sanitari e psicologici delle persone seguite. Il codice è stato "
                 "mostrato una sola volta e non è conservato da nessuna parte: se il foglio "
                 "va perso e tutti gli amministratori dimenticano la password, i dati non "
                 "si possono più recuperare."),
        L.markup("<b>Dove conservarlo</b>", st.h2),
        *_bullets([
            "in una cassaforte o in un armadio chiuso a chiave, in busta chiusa e firmata "
            "sul lembo;",
            "mai insieme al computer, mai in una fotografia, in una e-mail o in un file sul "
            "computer;",
            "non fotocopiarlo; se il foglio viene perso o letto da altri, avvisare subito "
            "l'amministratore.",
        ]),
        L.markup("<b>Come usarlo</b>", st.h2),
        *_bullets([
            "Se un amministratore ha dimenticato la password: nella finestra di accesso di "
            "Affido scegliere «Password dimenticata?», scrivere il codice, il proprio nome "
            "utente e una nuova password.",
            "Se il file delle chiavi accanto al database (che termina con «.keys») è andato "
            "perso o è danneggiato: il codice apre comunque il database; poi l'amministratore "
            "imposta di nuovo le password degli operatori.",
            "Gli altri operatori che dimenticano la password non usano questo codice: chiedono "
            "a un amministratore di impostarne una nuova.",
        ]),
        Spacer(1, L.mm(8)),
        L.markup("Riposto in cassaforte il ____ / ____ / ________ "
                 "&nbsp;&nbsp; Firma ______________________________", st.body),
    ]
    return Document(kind="recovery", title=TITLE, story=story, letterhead=letterhead,
                    confidential=False, filename="foglio-di-recupero.pdf",
                    subject=letterhead.org_name or None)


def _bullets(items: list[str]) -> list:
    from reportlab.platypus import ListFlowable, ListItem

    st = styles()
    return [ListFlowable([ListItem(L.para(text, st.body), leftIndent=12) for text in items],
                         bulletType="bullet", start="•", leftIndent=12)]


def render_sheet(code: str, org_name: str, **meta) -> tuple[bytes, int]:
    """The sheet as PDF bytes, in memory, and its page count."""
    from affido_app.reports import render_bytes

    return render_bytes(build(code, Letterhead(org_name=org_name or ""), **meta))
