"""Possible duplicate people: warn before a second record of the same elder or fosterer is made.

A person already on file is a *certain* duplicate when the codice fiscale is the same, and a
*possible* one when the name is similar (rapidfuzz ``token_sort_ratio`` over the folded
"last first" ≥ :data:`NAME_THRESHOLD`, so "Rossi Maria" meets "Maria Rossi" and "Rosi Maria";
plain ``ratio`` too, so that "Vianco" meets "Bianco")
and the birth date is the same, or the birth year differs by at most one.

Candidates are chosen by SQL on indexed columns, never by reading the whole table:

* the same codice fiscale (unique index);
* the same birth date;
* a last name starting with the same three letters (first word of ``search_text``: FTS5 on
  SQLite, the trigram index on PostgreSQL), born within a year of the given date.

Only those few rows are scored in Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action
from affido_app.domain.text import fold, search_terms
from affido_app.services import people
from affido_app.services.context import Actor

#: minimum ``token_sort_ratio`` of the folded names for a possible duplicate
NAME_THRESHOLD = 85
#: with no birth date to compare, the names must be (almost) the same
NAME_ONLY_THRESHOLD = 95
#: most candidate rows read from each query
CANDIDATE_LIMIT = 200

REASON_SAME_CF = "Stesso codice fiscale"
REASON_SAME_BIRTH_DATE = "Nome simile e stessa data di nascita"
REASON_CLOSE_BIRTH_YEAR = "Nome simile e anno di nascita vicino"
REASON_NAME_ONLY = "Nome simile"

# rank of each reason: certain first
_RANK = {REASON_SAME_CF: 0, REASON_SAME_BIRTH_DATE: 1, REASON_CLOSE_BIRTH_YEAR: 2,
         REASON_NAME_ONLY: 3}


def find_possible_duplicates(
    s: Session, actor: Actor, kind: PersonKind | str, *, last_name: str | None,
    first_name: str | None, birth_date: dt.date | None = None,
    codice_fiscale: str | None = None, exclude_id: int | None = None, limit: int = 5,
) -> list[dict[str, Any]]:
    """People of ``kind`` who may be the person described, most likely first.

    Each result: ``id``, ``kind``, ``name`` ("Rossi Maria"), ``last_name``, ``first_name``,
    ``birth_date``, ``comune``, ``status`` (the enum), ``status_label``, ``score`` (0–100),
    ``certain`` (same codice fiscale) and ``reason`` (Italian, for the user).
    """
    k = people.kind_of(kind)
    actor.require(Action.READ, k.resource)
    m = k.model
    wanted = _folded_name(last_name, first_name)
    cf = "".join((codice_fiscale or "").split()).upper() or None
    if not wanted and not cf:
        return []

    clauses = []
    if cf:
        clauses.append(m.codice_fiscale == cf)
    if wanted and birth_date is not None:
        clauses.append(m.birth_date == birth_date)
    prefix = _name_prefix(last_name)
    if wanted and prefix:
        by_name = _prefix_clause(s, k, prefix)
        if birth_date is not None:
            low = _safe_date(birth_date.year - 1, 1, 1)
            high = _safe_date(birth_date.year + 1, 12, 31)
            by_name = and_(by_name, or_(m.birth_date.between(low, high),
                                        m.birth_date.is_(None)))
        clauses.append(by_name)
    if not clauses:
        return []

    cols = (m.id, m.last_name, m.first_name, m.birth_date, m.codice_fiscale, m.comune, m.status)
    seen: dict[int, Any] = {}
    for clause in clauses:  # one small indexed query each (an OR would defeat the indexes)
        stmt = select(*cols).where(clause, m.anonymised_at.is_(None))
        if exclude_id is not None:
            stmt = stmt.where(m.id != exclude_id)
        for row in s.execute(stmt.limit(CANDIDATE_LIMIT)):
            seen.setdefault(row.id, row)

    out = []
    for row in seen.values():
        found = _judge(row, wanted, cf, birth_date)
        if found is None:
            continue
        reason, score = found
        out.append({
            "id": row.id, "kind": k.kind, "name": f"{row.last_name} {row.first_name}",
            "last_name": row.last_name, "first_name": row.first_name,
            "birth_date": row.birth_date, "comune": row.comune, "status": row.status,
            "status_label": row.status.label if row.status is not None else "",
            "score": score, "certain": reason == REASON_SAME_CF, "reason": reason,
        })
    out.sort(key=lambda d: (_RANK[d["reason"]], -d["score"], d["name"], d["id"]))
    return out[: max(0, limit)]


def _judge(row: Any, wanted: str, cf: str | None,
           birth_date: dt.date | None) -> tuple[str, int] | None:
    if cf and row.codice_fiscale == cf:
        return REASON_SAME_CF, 100
    if not wanted:
        return None
    theirs = _folded_name(row.last_name, row.first_name)
    # token_sort_ratio forgives swapped names; plain ratio (same word order) forgives a typo in
    # a first letter, which moves the word elsewhere once the tokens are sorted
    score = round(max(fuzz.token_sort_ratio(wanted, theirs), fuzz.ratio(wanted, theirs)))
    if birth_date is None:
        return (REASON_NAME_ONLY, score) if score >= NAME_ONLY_THRESHOLD else None
    if score < NAME_THRESHOLD or row.birth_date is None:
        return None
    if row.birth_date == birth_date:
        return REASON_SAME_BIRTH_DATE, score
    if abs(row.birth_date.year - birth_date.year) <= 1:
        return REASON_CLOSE_BIRTH_YEAR, round(score * 0.9)
    return None


def _folded_name(last_name: str | None, first_name: str | None) -> str:
    return " ".join(search_terms(f"{last_name or ''} {first_name or ''}"))


def _name_prefix(last_name: str | None) -> str:
    """The start of the folded last name holding its first three letters ("d ang" for
    "D'Angelo"), as it begins ``search_text``; empty when there is no letter."""
    words = " ".join(search_terms(fold(last_name)))
    letters = 0
    for i, char in enumerate(words):
        if char != " ":
            letters += 1
            if letters == 3:
                return words[: i + 1]
    return words


def _prefix_clause(s: Session, k: Any, prefix: str):
    m = k.model
    if s.get_bind().dialect.name == "sqlite":
        fts = m.__tablename__ + "_fts"
        # "^" anchors the phrase at the first token: the last name opens search_text
        query = '^"' + prefix.replace('"', '""') + '"*'
        return m.id.in_(
            select(text("rowid")).select_from(text(fts))
            .where(text(f"{fts} MATCH :dup_prefix")).params(dup_prefix=query)
        )
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return m.search_text.like(escaped + "%", escape="\\")


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(min(max(year, dt.MINYEAR), dt.MAXYEAR), month, day)
