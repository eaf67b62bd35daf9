"""Foster agreement to sign (*patto di affido*): the parties (the elder — or who signs on their
behalf —, the fosterer, the organisation represented by the project coordinator), what was agreed
for the pair, the commitments as numbered articles, three signature blocks with place and date.

Every value from the database is escaped (:func:`esc`) before it enters the markup written here.
Words agree with the sex of the elder and of the fosterer ("l'anziana", "nato", …); when it is
not recorded both forms print ("l'anziano/a").
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from affido_app.domain.enums import TIME_SLOTS, WEEKDAYS, MeetingPlace, Need
from affido_app.reports import layout as L
from affido_app.reports.format import date_long, hours, number
from affido_app.reports.template import Document, Letterhead
from affido_app.reports.text import clean, esc

TITLE = "Patto di affido"
BLANK = "_" * 28
SHORT_BLANK = "_" * 16


def build(data: dict[str, Any], letterhead: Letterhead, *, printed_by: str | None = None
          ) -> Document:
    from reportlab.platypus import KeepTogether

    elder, fosterer = data.get("elder") or {}, data.get("fosterer") or {}
    a = _Person(elder.get("sex"), "anzian")
    f = _Person(fosterer.get("sex"), "affidatari")
    org = _Org(clean(letterhead.org_name) or "Ente gestore")
    project = clean(letterhead.project)
    subtitle = "Affido diurno di una persona anziana"
    if project:
        subtitle += f" · progetto «{project}»"
    story: list = [*L.title_block(TITLE, subtitle)]
    story += _parties(data, letterhead, a, f, org, project)
    story += [L.heading("Dati dell'affido"), *L.fields(_details(data, a, f), label_width=0.27)]
    story += [L.heading("Impegni delle parti"),
              _body("Le parti, d'intesa tra loro, convengono quanto segue.")]
    articles = []
    for number_, (title, paragraphs) in enumerate(_articles(data, a, f, org, project), start=1):
        article = [_article_title(f"Art. {number_} – {title}")]
        article += [p if not isinstance(p, str) else _body(p) for p in paragraphs]
        articles.append(article)
    for article in articles[:-1]:
        story += article
    coordinator = clean(data.get("coordinator"))
    closing = [*articles[-1], _body("Letto, confermato e sottoscritto in tre originali, uno per "
                                    "ciascuna parte."),
               *L.signatures([
                   f"{a.The} o chi {a.obj} rappresenta\n{_name(elder)}",
                   f"{f.The}\n{_name(fosterer)}",
                   f"Per {org.the}, il coordinatore\n{coordinator or ' '}",
               ])]
    # the last article stays with the signatures: no page holds only the signature lines
    story.append(KeepTogether(closing))
    return Document(kind="agreement", title=TITLE, story=story, letterhead=letterhead,
                    confidential=True, printed_by=printed_by,
                    filename=data.get("filename") or "patto-di-affido.pdf",
                    subject=data.get("subject"))


# --- the parties --------------------------------------------------------------------------------

def _parties(data, letterhead: Letterhead, a: _Person, f: _Person, org: _Org,
             project: str) -> list:
    st = _styles()
    elder, fosterer = data.get("elder") or {}, data.get("fosterer") or {}
    out: list = [L.heading("Tra le parti"),
                 _party("1.", f"{_person_text(elder, a)}, di seguito «{a.the}»;")]
    out.append(L.markup(
        f"Eventuale rappresentante, da indicare solo se {a.the} non firma personalmente:"
        f"<br/>sig./sig.ra {BLANK}{SHORT_BLANK} in qualità di<br/>&#9744; familiare "
        f"&#160;&#160;&#9744; amministratore di sostegno &#160;&#160;&#9744; tutore "
        f"&#160;&#160;&#9744; altro: {BLANK}", st.party_note))
    co = [m for m in data.get("co_fosterers") or [] if clean(m.get("name"))]
    fosterer_text = f"{_person_text(fosterer, f)}, di seguito «{f.the}»"
    if co:
        names = ", ".join(esc(m.get("name")) + (f" ({esc(m.get('relation'))})"
                                               if clean(m.get("relation")) else "")
                          for m in co)
        fosterer_text += (f", con la partecipazione dei componenti del nucleo familiare "
                          f"{names}" if len(co) > 1 else
                          f", con la partecipazione di {names}, componente del nucleo familiare")
    out.append(_party("2.", fosterer_text + ";"))
    seat = f", con sede in {esc(letterhead.address)}" if clean(letterhead.address) else ""
    promoter = f", che promuove il progetto «{esc(project)}»" if project else ""
    coordinator = clean(data.get("coordinator"))
    signer = f"<b>{esc(coordinator)}</b>" if coordinator else BLANK
    out.append(_party("3.",
        f"<b>{esc(org.name)}</b>{seat}{promoter}, rappresentato dal coordinatore del progetto "
        f"{signer}, di seguito «{org.the}»."))
    return out


def _person_text(person: dict[str, Any], words: _Person) -> str:
    text = f"{words.title} <b>{esc(_name(person)) or BLANK}</b>"
    born = []
    if clean(person.get("birthplace")):
        born.append(f"a {esc(person.get('birthplace'))}")
    if person.get("birth_date"):
        born.append(f"il {date_long(person.get('birth_date'))}")
    if born:
        text += f", {words.born} {' '.join(born)}"
    if clean(person.get("codice_fiscale")):
        text += f", codice fiscale {esc(person.get('codice_fiscale'))}"
    where = clean(person.get("comune"))
    if where:
        if clean(person.get("postal_code")):
            where = f"{clean(person.get('postal_code'))} {where}"
        text += f", residente a {esc(where)}"
        if clean(person.get("address")):
            text += f", {esc(person.get('address'))}"
    return text


# --- what was agreed ----------------------------------------------------------------------------

def _details(data: dict[str, Any], a: _Person, f: _Person) -> list[tuple[str, Any]]:
    started = data.get("started_on")
    schedule = describe_schedule(data.get("schedule") or 0)
    if not schedule:
        times = f"da concordare tra le parti: {BLANK}{BLANK}"
    elif data.get("schedule_agreed"):
        times = schedule
    else:
        times = f"{schedule} (indicativi, secondo le disponibilità comuni: da confermare)"
    activities = data.get("activities")
    activity_text = describe_needs(activities) if activities else ""
    if activity_text and not data.get("activities_agreed"):
        activity_text += f" (secondo i bisogni {a.of} indicati alla presa in carico)"
    place = data.get("meeting_place")
    every = data.get("every_days")
    review = data.get("review_date")
    rows: list[tuple[str, Any]] = [
        ("Data di avvio", date_long(started) if started else f"{SHORT_BLANK} (da indicare)"),
        ("Giorni e orari concordati", times),
        ("Impegno settimanale", f"circa {hours(data['hours_per_week'])}"
         if data.get("hours_per_week") else "secondo gli accordi tra le parti"),
        ("Luogo degli incontri", _place(place, a, f)),
        ("Attività previste", activity_text or f"da concordare: {BLANK}"),
    ]
    if clean(data.get("goals")):
        rows.append(("Obiettivi", data.get("goals")))
    rows += [
        ("Supervisione", f"almeno ogni {number(every)} giorni" if every else "—"),
        ("Prima verifica", f"entro il {date_long(review)}" if review else
         f"entro {number(every)} giorni dall'avvio" if every else "—"),
        ("Rimborso chilometrico", f"{rate_text(data.get('km_rate'))} per chilometro"),
    ]
    return [(label, value[:1].upper() + value[1:] if isinstance(value, str) else value)
            for label, value in rows]


def describe_schedule(mask: int) -> str:
    """"lunedì mattina e pomeriggio; giovedì sera" ("" when empty)."""
    parts = []
    for d, day in enumerate(WEEKDAYS):
        slots = [TIME_SLOTS[s].lower() for s in range(len(TIME_SLOTS))
                 if mask & (1 << (d * len(TIME_SLOTS) + s))]
        if slots:
            parts.append(f"{day.lower()} {_and(slots)}")
    return "; ".join(parts)


def describe_needs(flags: Any) -> str:
    try:
        members = Need(int(flags)).members()
    except (TypeError, ValueError):
        return ""
    labels = Need.labels()
    return _and([labels[m].lower() for m in members])


def rate_text(rate: Any) -> str:
    """"€ 0,30" (three decimals only when the third is not zero)."""
    if rate is None:
        return "—"
    value = Decimal(str(rate))
    places = 3 if value != value.quantize(Decimal("0.01")) else 2
    return f"€\u00a0{number(value, places)}"


def _place(place: Any, a: _Person, f: _Person) -> str:
    try:
        place = MeetingPlace(place) if place else None
    except ValueError:
        return "—"
    return {
        None: "secondo gli accordi tra le parti",
        MeetingPlace.ELDER_HOME: f"a casa {a.of}",
        MeetingPlace.FOSTERER_HOME: f"a casa {f.of}",
        MeetingPlace.BOTH: f"a casa {a.of} e a casa {f.of}",
        MeetingPlace.OUTSIDE: "all'esterno (luoghi pubblici, passeggiate, uscite)",
    }[place]


def _name(person: dict[str, Any]) -> str:
    return " ".join(clean(person.get(k)) for k in ("last_name", "first_name")
                    if clean(person.get(k)))


# --- the articles -------------------------------------------------------------------------------

def _articles(data: dict[str, Any], a: _Person, f: _Person, org: _Org, project: str
              ) -> list[tuple[str, list]]:
    every = data.get("every_days")
    every_text = f"almeno ogni {number(every)} giorni" if every else "con regolarità"
    review = data.get("review_date")
    review_text = (f"entro il {date_long(review)}" if review else
                   f"entro {number(every)} giorni dall'avvio" if every else "dopo l'avvio")
    started = data.get("started_on")
    start_text = f"dal {date_long(started)}" if started else "dalla data di avvio indicata sopra"
    in_project = f" nell'ambito del progetto «{esc(project)}»" if project else ""
    rate = rate_text(data.get("km_rate"))
    return [
        ("Oggetto e natura dell'affido", [
            f"Il presente patto regola l'affido diurno {a.of} {f.to}{in_project}. L'affido è "
            f"un rapporto di vicinanza e di aiuto nella vita quotidiana, fondato sulla libera "
            f"scelta delle parti e sulla gratuità: non è un rapporto di lavoro e non sostituisce "
            f"i servizi sociali e sanitari né l'aiuto dei familiari.",
        ]),
        (f"Impegni {f.of}", [
            f"{f.The} si impegna a:",
            _item("a)", f"essere presente nei giorni e negli orari concordati e avvisare per "
                        f"tempo {a.the} e {org.the} di ogni assenza o cambiamento;"),
            _item("b)", f"svolgere le attività previste nel rispetto delle abitudini, delle "
                        f"convinzioni e dell'autonomia {a.of};"),
            _item("c)", f"segnalare senza ritardo al coordinatore del progetto ogni "
                        f"cambiamento nelle condizioni {a.of} e ogni difficoltà; in caso di "
                        f"emergenza, chiamare il numero unico 112 e avvisare i familiari di "
                        f"riferimento;"),
            _item("d)", "partecipare agli incontri di supervisione e di formazione proposti."),
        ]),
        ("Attività escluse", [
            f"L'affido non comprende prestazioni sanitarie né atti economici o giuridici. "
            f"In particolare {f.the}:",
            _item("a)", "non somministra farmaci, non esegue medicazioni e non svolge altre "
                        "prestazioni sanitarie, infermieristiche o di assistenza alla persona;"),
            _item("b)", f"non maneggia denaro {a.of}: non gestisce contanti, carte di "
                        f"pagamento, conti o pensioni, non anticipa spese per suo conto, non "
                        f"riceve né concede prestiti, regali di valore, donazioni o lasciti;"),
            _item("c)", f"non compie atti giuridici per conto {a.of}: non firma documenti, "
                        f"deleghe o procure e non {a.obj} rappresenta presso uffici, banche o "
                        f"altri enti."),
        ]),
        (f"Impegni {a.of}", [
            f"{a.The}, o chi {a.obj} rappresenta, si impegna ad accogliere {f.the} nei tempi "
            f"concordati, ad avvisare per tempo in caso di impedimento (ricoveri, visite, "
            f"assenze), a non chiedere le attività escluse dall'articolo 3 e a segnalare al "
            f"coordinatore del progetto ogni difficoltà nel rapporto.",
        ]),
        ("Accompagnamento, supervisione e verifica", [
            f"{org.The} accompagna l'affido attraverso il coordinatore del progetto, che è il "
            f"riferimento delle parti per ogni necessità. L'andamento dell'affido è verificato "
            f"in incontri di supervisione con operatori sociali e psicologi, {every_text}, ai "
            f"quali {f.the} partecipa. La prima verifica è prevista {review_text}. Il patto "
            f"può essere modificato in ogni momento, con l'accordo scritto delle parti.",
        ]),
        ("Riservatezza", [
            f"{f.The} mantiene riservate, anche dopo la conclusione dell'affido, le "
            f"informazioni sulla salute, sulla famiglia, sulla situazione economica e sulla "
            f"vita privata {a.of} di cui viene a conoscenza, e le condivide solo con gli "
            f"operatori {org.of} quando serve al buon andamento dell'affido. Non diffonde "
            f"fotografie o notizie {a.of}, neppure sui social network, senza il suo consenso "
            f"scritto.",
        ]),
        ("Rimborso delle spese", [
            f"L'attività {f.of} è gratuita e {a.the} non {f.dat} versa alcun compenso. "
            f"{org.The} rimborsa le spese sostenute per l'affido e documentate: gli "
            f"spostamenti con il proprio mezzo sono rimborsati a {rate} per chilometro, "
            f"secondo la tariffa in vigore stabilita {org.by}; le altre spese sono rimborsate "
            f"su presentazione dei giustificativi. Il rimborso si chiede con il prospetto "
            f"mensile delle spese ed è liquidato {org.by}.",
        ]),
        ("Assicurazione", [
            f"Durante le attività dell'affido {f.the} è {f.covered} dall'assicurazione "
            f"stipulata {org.by} contro gli infortuni e per la responsabilità civile verso "
            f"terzi. Ogni incidente o danno va comunicato al coordinatore del progetto al più "
            f"presto e comunque entro tre giorni.",
        ]),
        ("Durata e conclusione", [
            f"Il patto vale {start_text} fino alla conclusione dell'affido. Ciascuna parte può "
            f"porvi termine in ogni momento, comunicandolo al coordinatore del progetto, di "
            f"norma con un preavviso di quindici giorni perché la conclusione possa essere "
            f"accompagnata; il preavviso non è dovuto per gravi motivi. {org.The} può "
            f"sospendere o concludere l'affido quando vengono meno le condizioni del progetto "
            f"o quando lo richiede il benessere {a.of}. L'affido si conclude comunque con "
            f"l'ingresso {a.of} in una struttura residenziale o con la presa in carico da "
            f"parte dell'Unità di Valutazione Geriatrica (UVG).",
        ]),
        ("Trattamento dei dati personali", [
            f"I dati personali delle parti sono trattati {org.by}, titolare del "
            f"trattamento, solo per la gestione del progetto e nel rispetto del Regolamento "
            f"(UE) 2016/679 (GDPR) e del decreto legislativo 30 giugno 2003, n. 196, come "
            f"descritto nell'informativa consegnata alle parti. Le parti possono esercitare i "
            f"diritti previsti dagli articoli da 15 a 22 del Regolamento (accesso, rettifica, "
            f"cancellazione, limitazione, opposizione) rivolgendosi {org.to}.",
        ]),
    ]


# --- words that agree with the person -----------------------------------------------------------

class _Person:
    """Gendered words for the elder ("anzian") or the fosterer ("affidatari")."""

    def __init__(self, sex: Any, stem: str):
        code = str(getattr(sex, "value", sex) or "")
        female, male = code == "F", code == "M"
        o = "a" if female else "o" if male else "o/a"
        noun = f"{stem}{o}"
        self.the = f"l'{noun}"
        self.The = f"L'{noun}"
        self.of = f"dell'{noun}"
        self.to = f"all'{noun}"
        self.title = "la signora" if female else "il signor" if male else "il/la sig."
        self.born = f"nat{o}"
        self.covered = f"copert{o}"
        self.obj = "la" if female else "lo" if male else "lo/la"
        self.dat = "le" if female else "gli" if male else "gli/le"


class _Org:
    """The organisation as a defined term: «il Consorzio» (or «l'Ente» for other bodies)."""

    def __init__(self, name: str):
        self.name = name
        consortium = "consorzio" in name.lower()
        self.the = "il Consorzio" if consortium else "l'Ente"
        self.The = "Il Consorzio" if consortium else "L'Ente"
        self.of = "del Consorzio" if consortium else "dell'Ente"
        self.to = "al Consorzio" if consortium else "all'Ente"
        self.by = "dal Consorzio" if consortium else "dall'Ente"


# --- pieces -------------------------------------------------------------------------------------

def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} e {items[-1]}"


def _body(text: str):
    """A paragraph of the agreement's own text (values inside are escaped by the caller)."""
    return L.markup(text, _styles().clause)


def _party(mark: str, text: str):
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles().party, bulletText=mark)


def _item(mark: str, text: str):
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles().item, bulletText=mark)


def _article_title(text: str):
    p = L.markup(text, _styles().article)
    p.keepWithNext = True
    return p


@functools.cache
def _styles():
    from types import SimpleNamespace

    from reportlab.lib.enums import TA_JUSTIFY

    st = L.styles()
    clause = st.body.clone("clause", alignment=TA_JUSTIFY, spaceAfter=3)
    return SimpleNamespace(
        clause=clause,
        item=clause.clone("clause_item", leftIndent=16, bulletIndent=4, spaceAfter=1),
        article=st.body.clone("article", fontName=st.value.fontName, spaceBefore=6,
                              spaceAfter=2),
        party=clause.clone("party", leftIndent=16, bulletIndent=0, spaceAfter=4,
                           bulletFontName=st.value.fontName),
        party_note=st.body.clone("party_note", leftIndent=16, fontSize=8.5, leading=14,
                                 textColor=st.muted.textColor, spaceAfter=6),
    )
