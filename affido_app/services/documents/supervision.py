"""Supervision report (*relazione di supervisione*): one pair, every pair of a fosterer, or a
period.

Scopes (:attr:`DocumentRequest.effective_scope`):

- ``pair`` (``record_id``: the match): the pair's key data and due dates, every supervision
  meeting of the pair oldest first, the pair's goals and notes, the risks flagged;
- ``fosterer`` (``record_id``: the fosterer): the same for each pair of the fosterer;
- ``period`` (``date_from``/``date_to``): a table of the pairs supervised or due in the period,
  then the meetings of the period grouped by pair.

The confidential texts follow supervision's rule and its audit: a pair's note texts come from
:func:`pair.pair_overview` (only for who may read them, one READ row per note read), and the
general notes of a meeting from :func:`supervision.get_supervision` — in the pair and fosterer
scopes only for meetings about that pair alone, so that printing a pair never records a reading of
the other pairs discussed in a group meeting. Who led a meeting and who took part is metadata that
every role reading supervision sees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from affido_app.db.models import (
    Fosterer,
    StaffUser,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
)
from affido_app.domain.enums import MatchStatus, Role, SupervisionKind, WellbeingLevel
from affido_app.domain.permissions import Action, Resource
from affido_app.services import matches as match_service
from affido_app.services import people
from affido_app.services import supervision as sv
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename
from affido_app.services.pair import pair_overview
from affido_app.services.settings import get_setting

#: the most pairs a fosterer report or a period table lists
MAX_PAIRS = 5000

#: the texts of a pair note, in the order they print, with their Italian labels
NOTE_TEXTS: tuple[tuple[str, str], ...] = (
    *((name, sv.NOTE_FIELDS[name].label) for name in sv.NOTE_FIELDS
      if name in sv.NOTE_CONFIDENTIAL),
    ("risk_closing_note", "Come è stata risolta la situazione di rischio"),
)
SESSION_NOTES_LABEL = sv.SESSION_FIELDS["notes"].label


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"scope", "today", "every_days_default", ...}`` and, per scope:

    - pair: ``"pairs": [pair]``, ``elder_id``, ``fosterer_id``;
    - fosterer: ``"fosterer_name"``, ``"pairs": [pair, ...]``, ``fosterer_id``;
    - period: ``"date_from"``, ``"date_to"``, ``"sessions"`` (meetings held), ``"rows"`` (one per
      pair supervised or due), ``"groups"`` (the meetings of the period by pair).

    A ``pair`` is ``{"elder_name", "fosterer_name", "status", "status_since", "started_on",
    "ended_on", "suspended_until", "every_days", "last_supervised", "due_date",
    "days_overdue", "overdue", "goals", "notes", "meetings": [meeting], "risks": [...]}``; a
    ``meeting`` is ``{"held_at", "kind", "place", "led_by", "staff", "fosterers",
    "session_next_date", "visible", "texts": [(label, text)], "group_pairs",
    "elder_wellbeing", "fosterer_wellbeing", "risk_flag", "risk_open", "risk_closed_at",
    "next_date"}``."""
    actor.require(Action.READ, Resource.SUPERVISION)
    scope = request.effective_scope
    day = today()
    base = {"scope": scope, "today": day,
            "every_days_default": int(get_setting(s, "supervision.every_days"))}
    if scope == "pair":
        pair = _pair(s, actor, request.record_id, day)
        names = f"{pair['elder_name']} – {pair['fosterer_name']}"
        return {**base, "pairs": [pair], "elder_id": pair["elder_id"],
                "fosterer_id": pair["fosterer_id"], "subject": names,
                "filename": filename("relazione supervisione", pair["elder_name"],
                                     pair["fosterer_name"])}
    if scope == "fosterer":
        return {**base, **_fosterer(s, actor, request.record_id, day)}
    return {**base, **_period(s, actor, request.date_from, request.date_to, day)}


# --- one pair -----------------------------------------------------------------------------------

def _pair(s: Session, actor: Actor, match_id: int, day: dt.date) -> dict[str, Any]:
    overview = pair_overview(s, actor, match_id, with_texts=True, on=day)  # checks READ
    match, sup = overview["match"], overview["supervision"] or {}
    notes = sorted(sup.get("notes") or [], key=lambda n: (n["held_at"], n["id"]))
    sessions = _sessions_metadata(s, [n["session_id"] for n in notes])
    meetings = []
    for note in notes:
        meta = sessions[note["session_id"]]
        general = None
        if meta["pairs"] == 1 and note["confidential_visible"]:
            # the meeting was about this pair alone: its general notes are about it too
            general = sv.get_supervision(s, actor, note["session_id"]).get("notes")
        meetings.append(_meeting(meta, note, note["confidential_visible"], general))
    risks = [
        {"session_date": n["session_date"], "open": n["risk_open"],
         "closed_at": n["risk_closed_at"], "visible": n["confidential_visible"],
         "closing_note": n.get("risk_closing_note"), "actions": n.get("agreed_actions")}
        for n in notes if n["risk_flag"]
    ]
    every = match.get("supervision_every_days") or int(get_setting(s, "supervision.every_days"))
    return {
        "match_id": match["id"], "elder_id": match["elder_id"],
        "fosterer_id": match["fosterer_id"], "elder_name": match["elder_name"],
        "fosterer_name": match["fosterer_name"], "status": MatchStatus(match["status"]),
        "status_since": match.get("status_since"), "proposed_on": match.get("proposed_on"),
        "started_on": match.get("started_on"), "ended_on": match.get("ended_on"),
        "suspended_until": match.get("suspended_until"), "every_days": every,
        "last_supervised": sup.get("last_supervised"), "due_date": sup.get("due_date"),
        "days_overdue": sup.get("days_overdue") or 0, "overdue": bool(sup.get("overdue")),
        "goals": match.get("goals"), "notes": match.get("notes"),
        "meetings": meetings, "risks": risks,
    }


def _meeting(meta: dict, note: dict, visible: bool, general: str | None) -> dict[str, Any]:
    texts = []
    if visible:
        if general:
            texts.append((SESSION_NOTES_LABEL, general))
        texts += [(label, note.get(name)) for name, label in NOTE_TEXTS if note.get(name)]
    return {
        **meta,
        "visible": visible, "texts": texts,
        "elder_wellbeing": _level(note.get("elder_wellbeing")),
        "fosterer_wellbeing": _level(note.get("fosterer_wellbeing")),
        "risk_flag": bool(note.get("risk_flag")),
        "risk_open": bool(note.get("risk_flag")) and note.get("risk_closed_at") is None,
        "risk_closed_at": note.get("risk_closed_at"),
        "next_date": note.get("next_date"),
    }


def _sessions_metadata(s: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Session id → when, kind, place, leader, participants and pairs discussed (no texts)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    ss = SupervisionSession
    out: dict[int, dict[str, Any]] = {}
    for sid, kind, held_at, place, next_date, leader in s.execute(
        select(ss.id, ss.kind, ss.held_at, ss.place, ss.next_date, StaffUser.full_name)
        .join(StaffUser, StaffUser.id == ss.led_by_id, isouter=True)
        .where(ss.id.in_(wanted))
    ):
        out[sid] = {"held_at": held_at, "kind": SupervisionKind(kind), "place": place,
                    "session_next_date": next_date, "led_by": leader or "", "staff": [],
                    "fosterers": [], "pairs": 0}
    for sid, name, role, f_last, f_first in s.execute(
        select(SupervisionParticipant.session_id, StaffUser.full_name, StaffUser.role,
               Fosterer.last_name, Fosterer.first_name)
        .join(StaffUser, StaffUser.id == SupervisionParticipant.staff_id, isouter=True)
        .join(Fosterer, Fosterer.id == SupervisionParticipant.fosterer_id, isouter=True)
        .where(SupervisionParticipant.session_id.in_(wanted))
        .order_by(SupervisionParticipant.session_id, func.lower(StaffUser.full_name),
                  func.lower(Fosterer.last_name), func.lower(Fosterer.first_name))
    ):
        if name is not None:
            out[sid]["staff"].append(_staff_label(name, role))
        elif f_last is not None:
            out[sid]["fosterers"].append(f"{f_last} {f_first}")
    for sid, count in s.execute(
        select(SupervisionNote.session_id, func.count())
        .where(SupervisionNote.session_id.in_(wanted)).group_by(SupervisionNote.session_id)
    ):
        out[sid]["pairs"] = count
    return out


# --- every pair of a fosterer -------------------------------------------------------------------

def _fosterer(s: Session, actor: Actor, fosterer_id: int, day: dt.date) -> dict[str, Any]:
    person = people.get_fosterer(s, actor, fosterer_id)  # checks READ, 404
    name = " ".join(p for p in (person.get("last_name"), person.get("first_name")) if p)
    rows = match_service.list_matches(s, actor, fosterer_id=fosterer_id, limit=MAX_PAIRS)
    order = {MatchStatus.ACTIVE: 0, MatchStatus.SUSPENDED: 1, MatchStatus.INTRODUCTION: 2,
             MatchStatus.PROPOSED: 3, MatchStatus.CLOSED: 4}
    rows = sorted(rows, key=lambda r: (order.get(MatchStatus(r.status), 5),
                                       r.started_on or r.proposed_on, r.id))
    return {
        "fosterer_id": fosterer_id, "fosterer_name": name,
        "pairs": [_pair(s, actor, r.id, day) for r in rows],
        "subject": name,
        "filename": filename("relazione supervisione", person.get("last_name"),
                             person.get("first_name")),
    }


# --- a period -----------------------------------------------------------------------------------

def _period(s: Session, actor: Actor, start: dt.date, end: dt.date, day: dt.date
            ) -> dict[str, Any]:
    listed = sv.list_supervisions(s, actor, from_date=start, to_date=end)
    details = [sv.get_supervision(s, actor, row["id"])
               for row in sorted(listed, key=lambda r: (r["held_at"], r["id"]))]
    meta = _sessions_metadata(s, [d["id"] for d in details])
    by_match: dict[int, list[dict]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    group_sessions = []
    for d in details:
        alone = len(d["pair_notes"]) == 1
        for note in d["pair_notes"]:
            by_match[note["match_id"]].append(_meeting(
                meta[d["id"]], note, d["confidential_visible"], d.get("notes") if alone else None))
            names[note["match_id"]] = (note["elder_name"], note["fosterer_name"])
        if not alone:  # the general notes of a group meeting print once, not under each pair
            group_sessions.append({**meta[d["id"]], "visible": d["confidential_visible"],
                                   "notes": d.get("notes")})

    ref = min(end, day)
    default_every = int(get_setting(s, "supervision.every_days"))
    pairs = {r.id: r for r in match_service.list_matches(s, actor, limit=MAX_PAIRS * 4)}
    last_before = _last_meetings(s, ref)
    rows = []
    for mid, r in pairs.items():
        met = by_match.get(mid, [])
        started = r.started_on or (r.status_since if r.status == MatchStatus.ACTIVE else None)
        running = started is not None and started <= end and (
            r.status == MatchStatus.ACTIVE
            or (r.status == MatchStatus.CLOSED and r.ended_on is not None
                and r.ended_on >= start))
        due, overdue = None, 0
        if running:
            until = ref if r.status == MatchStatus.ACTIVE else min(ref, r.ended_on)
            every = r.supervision_every_days or default_every
            due, overdue = sv.supervision_due(last_before.get(mid), started, every, until)
            if r.status == MatchStatus.CLOSED and due is not None and due > until:
                due, overdue = None, 0  # closed before it was due
        if not met and not (due is not None and due <= end):
            continue
        rows.append({
            "elder_name": f"{r.elder_last_name} {r.elder_first_name}",
            "fosterer_name": f"{r.fosterer_last_name} {r.fosterer_first_name}",
            "status": MatchStatus(r.status), "ended_on": r.ended_on, "meetings": len(met),
            "last_meeting": last_before.get(mid), "due_date": due,
            "days_overdue": overdue if due is not None else 0,
            "overdue": due is not None and overdue > 0,
        })
    rows.sort(key=lambda x: (not x["overdue"], -x["days_overdue"] if x["overdue"] else 0,
                             x["due_date"] is None, x["due_date"] or end,
                             x["elder_name"].lower(), x["fosterer_name"].lower()))
    groups = sorted(
        ({"elder_name": names[mid][0], "fosterer_name": names[mid][1], "meetings": met}
         for mid, met in by_match.items()),
        key=lambda g: (g["elder_name"].lower(), g["fosterer_name"].lower()))
    return {
        "date_from": start, "date_to": end, "reference_day": ref,
        "sessions": len(details), "rows": rows, "groups": groups,
        "group_sessions": group_sessions,
        "open_risks": sum(1 for g in groups for m in g["meetings"] if m["risk_open"]),
        "subject": f"Periodo {start:%d/%m/%Y} – {end:%d/%m/%Y}",
        "filename": filename("relazione supervisione", start.isoformat(), end.isoformat()),
    }


def _last_meetings(s: Session, ref: dt.date) -> dict[int, dt.date]:
    """Pair → day of its last supervision up to ``ref`` (dates only: metadata)."""
    limit = dt.datetime.combine(ref + dt.timedelta(days=1), dt.time()).astimezone()
    rows = s.execute(
        select(SupervisionNote.match_id, func.max(SupervisionSession.held_at))
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .where(SupervisionSession.held_at < limit)
        .group_by(SupervisionNote.match_id)
    ).all()
    return {mid: held.astimezone().date() for mid, held in rows if held is not None}


# --- helpers ------------------------------------------------------------------------------------

def _level(value: Any) -> WellbeingLevel | None:
    return None if value is None else WellbeingLevel(value)


def _staff_label(name: str, role: Any) -> str:
    try:
        return f"{name} ({Role(role).label.lower()})"
    except ValueError:
        return name
