"""Search-as-you-type over the registry of elders, against raw sqlite3.

The application's path is the registry's: :class:`~affido_app.ui.models.person_table.
PersonTableModel` counts the matches (``count_people``) and reads its first page
(``list_people`` with that count, ``PAGE`` rows sorted by name) in one session for each text
typed, and formats what the cells of the rows on screen show (``VISIBLE`` rows: the model
formats a row when the view first paints it). The floor: a bare DB-API connection running the
FTS5 query and fetching 50 rows. The texts are typed letter by letter from two letters on,
accents left out ("nicolo" must find Nicolò).
"""

from __future__ import annotations

import statistics

from affido_app.bench.common import Row, Run, median_time

#: what an operator types, letter by letter (from the second letter)
TYPED = ("rossi", "nicolo", "cantu", "ferrero maria", "collegno", "giosue", "333")
#: the registry's page (ui.models.paged.PAGE_SIZE; not imported: it would load Qt)
PAGE = 50
#: rows on screen: the registry shows 23 in a 1200 × 800 window, about 30 maximised on a
#: full-HD screen
VISIBLE = 30


def keystrokes() -> list[str]:
    out: list[str] = []
    for text in TYPED:
        out += [text[:n] for n in range(2, len(text) + 1) if not text[:n].endswith(" ")]
    return out


def measure(run: Run) -> Row:
    from affido_app.domain.enums import PersonKind
    from affido_app.domain.text import search_terms
    from affido_app.services.common import today
    from affido_app.services.people import PersonFilter, count_people, list_people
    from affido_app.ui.models.person_cells import person_cells

    row = Row("search", f"ricerca mentre si scrive su {run.counts.get('anziani', 0):n} anziani",
              "ms", max_ratio=5, max_value=30)
    actor = run.coordinator()
    db = run.db
    conn = run.raw_connection()
    on = today()

    def app(text: str):
        flt = PersonFilter(search=text)
        with db.sessions() as s:
            n = count_people(s, actor, PersonKind.ELDER, flt)
            rows = (list_people(s, actor, PersonKind.ELDER, flt, offset=0, limit=PAGE, counted=n)
                    if n else [])
        shown = [person_cells(r, on) for r in rows[:VISIBLE]]
        return n, shown

    def floor(text: str):
        match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in search_terms(text))
        return conn.execute(
            "SELECT e.id, e.last_name, e.first_name, e.birth_date, e.comune, e.phone, "
            "e.mobile, e.status, e.status_since FROM elders_fts JOIN elders e "
            "ON e.id = elders_fts.rowid WHERE elders_fts MATCH ? LIMIT 50", (match,)).fetchall()

    apps, floors, worst, found = [], [], (0.0, ""), {}
    for text in keystrokes():
        a = median_time(lambda t=text: app(t), run.repeat) * 1000
        f = median_time(lambda t=text: floor(t), run.repeat) * 1000
        apps.append(a)
        floors.append(f)
        worst = max(worst, (a, text))
        if text in TYPED:
            found[text] = app(text)[0]
    conn.close()
    row.value, row.floor = statistics.median(apps), statistics.median(floors)
    row.details = {"testi digitati": len(apps), "peggiore (ms)": round(worst[0], 1),
                   "testo peggiore": worst[1], "trovati": found}
    return row
