"""The life cycles of domain.md as transition tables, and the rule that checks a change.

A status changes only along these arrows; every change becomes an event (date, author, note) and
the history is never rewritten. Statuses that need more than a note say so here: a suspension needs
a planned return date, a closure needs a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from affido_app.domain.enums import ElderStatus, FostererStatus, LabelledEnum, MatchStatus

E, F, M = ElderStatus, FostererStatus, MatchStatus

ELDER_TRANSITIONS: dict[ElderStatus, frozenset[ElderStatus]] = {
    E.REFERRED: frozenset({E.ASSESSED, E.CLOSED}),
    E.ASSESSED: frozenset({E.WAITING, E.CLOSED}),
    E.WAITING: frozenset({E.FOSTERED, E.SUSPENDED, E.CLOSED}),
    E.FOSTERED: frozenset({E.WAITING, E.SUSPENDED, E.CLOSED}),
    E.SUSPENDED: frozenset({E.WAITING, E.FOSTERED, E.CLOSED}),
    E.CLOSED: frozenset({E.REFERRED}),  # a closed case can be referred again
}

FOSTERER_TRANSITIONS: dict[FostererStatus, frozenset[FostererStatus]] = {
    F.APPLICATION: frozenset({F.SELECTION, F.WITHDRAWN, F.NOT_APPROVED}),
    F.SELECTION: frozenset({F.TRAINING, F.APPROVED, F.NOT_APPROVED, F.WITHDRAWN}),
    F.TRAINING: frozenset({F.APPROVED, F.NOT_APPROVED, F.WITHDRAWN}),
    F.APPROVED: frozenset({F.SUSPENDED, F.CEASED}),
    F.SUSPENDED: frozenset({F.APPROVED, F.CEASED}),
    F.NOT_APPROVED: frozenset({F.APPLICATION}),
    F.WITHDRAWN: frozenset({F.APPLICATION}),
    F.CEASED: frozenset({F.APPLICATION}),
}

MATCH_TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    M.PROPOSED: frozenset({M.INTRODUCTION, M.ACTIVE, M.CLOSED}),
    M.INTRODUCTION: frozenset({M.ACTIVE, M.CLOSED}),
    M.ACTIVE: frozenset({M.SUSPENDED, M.CLOSED}),
    M.SUSPENDED: frozenset({M.ACTIVE, M.CLOSED}),
    M.CLOSED: frozenset({M.ACTIVE}),  # reopening
}

#: statuses whose entry needs a planned return / resume date
NEEDS_RESUME_DATE = frozenset({E.SUSPENDED, F.SUSPENDED, M.SUSPENDED})
#: statuses whose entry needs a reason
NEEDS_REASON = frozenset(
    {E.CLOSED, F.NOT_APPROVED, F.WITHDRAWN, F.CEASED, F.SUSPENDED, M.CLOSED, E.SUSPENDED,
     M.SUSPENDED}
)

#: elder statuses in which the person counts as "in the programme"
ELDER_OPEN = frozenset({E.REFERRED, E.ASSESSED, E.WAITING, E.FOSTERED, E.SUSPENDED})
#: match statuses that occupy a fosterer's capacity
MATCH_OPEN = frozenset({M.PROPOSED, M.INTRODUCTION, M.ACTIVE, M.SUSPENDED})


def allowed_next(status: LabelledEnum) -> frozenset:
    table = _table_for(status)
    return table[status]


def check_transition(old: LabelledEnum, new: LabelledEnum) -> str | None:
    """None when ``old → new`` is allowed, else an Italian explanation."""
    table = _table_for(old)
    if type(new) is not type(old):
        return "Stato non valido."
    if new == old:
        return f"Lo stato è già «{old.label}»."
    if new not in table[old]:
        options = ", ".join(f"«{s.label}»" for s in sorted(table[old], key=_order))
        return (
            f"Da «{old.label}» non si può passare a «{new.label}»"
            + (f": stati possibili {options}." if options else ".")
        )
    return None


def transition_errors(
    old: LabelledEnum, new: LabelledEnum, *, status_since: dt.date, on: dt.date, today: dt.date,
    reason: str | None, until: dt.date | None, valid_reasons: Collection[str] | None,
) -> dict[str, str]:
    """Every problem with a status change, field → Italian message (empty: allowed).

    ``valid_reasons``: the codes a closing reason must be one of (None: any text); suspensions
    take a free-text reason and a resume date.
    """
    problem = check_transition(old, new)
    if problem:
        return {"status": problem}
    errors: dict[str, str] = {}
    if on > today:
        errors["on"] = "La data del cambio di stato non può essere nel futuro."
    elif on < status_since:
        errors["on"] = "La data non può precedere quella dello stato attuale."
    if new in NEEDS_RESUME_DATE:
        if until is None:
            errors["until"] = "Indicare la data prevista di ripresa."
        elif until <= on:
            errors["until"] = "La data di ripresa deve seguire quella della sospensione."
    if new in NEEDS_REASON:
        if reason is None or not str(reason).strip():
            closing = new in (E.CLOSED, M.CLOSED)
            errors["reason"] = ("Indicare il motivo della conclusione." if closing
                                else "Indicare il motivo.")
        elif (new not in NEEDS_RESUME_DATE and valid_reasons is not None
              and str(reason) not in valid_reasons):
            errors["reason"] = "Motivo non valido."
    return errors


def _table_for(status: LabelledEnum) -> dict:
    if isinstance(status, ElderStatus):
        return ELDER_TRANSITIONS
    if isinstance(status, FostererStatus):
        return FOSTERER_TRANSITIONS
    if isinstance(status, MatchStatus):
        return MATCH_TRANSITIONS
    raise TypeError(f"no life cycle for {type(status).__name__}")


def _order(status: LabelledEnum) -> int:
    return list(type(status)).index(status)
