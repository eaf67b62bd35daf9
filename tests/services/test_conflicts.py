"""The three-way comparison behind the conflict dialog (no Qt)."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import (
    LivingSituation,
    MeetingPlace,
    Need,
    Role,
    SupervisionKind,
)
from affido_app.errors import Conflict, NotFound
from affido_app.services import conflicts as cf
from affido_app.services import matches as M
from affido_app.services import people as P
from affido_app.services import supervision as SV
from tests.helpers import elder_data

F = P.ELDER_FIELDS


def diffs_by_name(base, mine, theirs, fields=F, **kw):
    return {d.name: d for d in cf.compare(fields, list(base), base, mine, theirs, **kw)}


def test_who_changed_what_and_the_proposed_choice():
    base = {"last_name": "Bianchi", "address": "Via Roma 1", "notes": "A", "phone": None,
            "comune": "Rivoli"}
    theirs = {**base, "address": "Via Po 2", "notes": "B", "comune": "Torino"}
    mine = {**base, "last_name": "Bianco", "notes": "C", "comune": "Torino"}
    d = diffs_by_name(base, mine, theirs)
    assert (d["address"].theirs_changed, d["address"].mine_changed) == (True, False)
    assert d["address"].default == "theirs" and not d["address"].both_changed
    assert (d["last_name"].theirs_changed, d["last_name"].mine_changed) == (False, True)
    assert d["last_name"].default == "mine"
    assert d["notes"].both_changed and d["notes"].default == "mine"
    # the same change made by both: nothing to choose
    assert d["comune"].agree and not d["comune"].both_changed and not d["comune"].differs
    assert not d["phone"].differs and not d["phone"].mine_changed
    assert [x.name for x in cf.needing_choice(d.values())] == ["last_name", "address", "notes"]
    assert {x.name for x in cf.changed_by_them(d.values())} == {"address", "notes", "comune"}
    merged = cf.merge(d.values())
    assert merged == {"last_name": "Bianco", "address": "Via Po 2", "notes": "C",
                      "phone": None, "comune": "Torino"}
    assert cf.merge(d.values(), {"notes": "theirs", "address": "mine"})["notes"] == "B"
    assert cf.merge(d.values(), {"address": "mine"})["address"] == "Via Roma 1"
    assert cf.keep_mine(d.values())["address"] == "Via Roma 1"  # explicit overwrite
    assert cf.keep_theirs(d.values())["last_name"] == "Bianchi"


def test_the_form_and_the_database_spell_the_same_value_differently():
    """What the form holds (text as typed) and what the database returns compare by value."""
    fields = M.MATCH_FIELDS
    base = {"hours_per_week": decimal.Decimal("4.5"), "goals": "Uscire", "activities": 0,
            "meeting_place": MeetingPlace.ELDER_HOME, "supervision_every_days": 30}
    mine = {"hours_per_week": "4,5", "goals": "  Uscire  ", "activities": None,
            "meeting_place": "elder_home", "supervision_every_days": 30}
    d = diffs_by_name(base, mine, dict(base), fields=fields)
    assert not any(x.mine_changed or x.theirs_changed for x in d.values())
    # a value the user typed wrong stays as typed, and counts as a change of theirs to fix
    d = diffs_by_name(base, {**mine, "hours_per_week": "quattro"}, dict(base), fields=fields)
    assert d["hours_per_week"].mine_changed and d["hours_per_week"].mine_text == "quattro"


def test_datetimes_compare_as_the_same_moment():
    fields = SV.SESSION_FIELDS
    utc = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    local = utc.astimezone()  # the form shows and returns local time
    d = diffs_by_name({"held_at": utc}, {"held_at": local}, {"held_at": utc}, fields=fields)
    assert not d["held_at"].mine_changed
    assert d["held_at"].base_text == f"{local:%d/%m/%Y %H:%M}"


def test_display_values_are_italian_and_never_ids():
    show = cf.display_value
    assert show(F["living_situation"], LivingSituation.ALONE) == LivingSituation.ALONE.label
    assert show(F["living_situation"], "alone") == LivingSituation.ALONE.label
    assert show(F["referral_date"], dt.date(2026, 3, 5)) == "05/03/2026"
    assert show(F["notes"], None) == "—" and show(F["notes"], "  ") == "—"
    assert show(F["referred_by_id"], 7, {7: "Paola Psicologa"}) == "Paola Psicologa"
    assert show(F["referred_by_id"], 9, {7: "Paola Psicologa"}) == "(non disponibile)"
    assert show(F["smoker"], True) == "Sì" and show(F["smoker"], False) == "No"
    needs = Need.COMPANY | Need.ERRANDS
    assert show(F["needs"], int(needs)) == needs.label and "," in needs.label
    assert show(F["needs"], 0) == "—"
    grid = WeeklyGrid.of([(0, 0), (3, 2)])
    assert show(F["availability"], grid.mask) == grid.describe()
    assert show(M.MATCH_FIELDS["hours_per_week"], decimal.Decimal("1234.50")) == "1.234,5"
    assert show(M.MATCH_FIELDS["hours_per_week"], decimal.Decimal("12")) == "12"
    # the text a form holds shows as the value it stands for
    assert show(M.MATCH_FIELDS["hours_per_week"], "12,0") == "12"
    assert show(F["referral_date"], "5/3/2026") == "05/03/2026"
    assert show(M.MATCH_FIELDS["hours_per_week"], "quattro") == "quattro"
    assert show(F["phone"], "+390111234567") == "011 123 4567"
    assert show(SV.SESSION_FIELDS["kind"], SupervisionKind.INDIVIDUAL) == \
        SupervisionKind.INDIVIDUAL.label


def test_which_conflicts_are_about_versions():
    assert cf.is_version_conflict(Conflict("modificato", current_version=3))
    assert not cf.is_version_conflict(Conflict("esito già firmato"))
    assert not cf.is_version_conflict(NotFound("eliminato"))
    assert not cf.is_version_conflict(None)
    stale = cf.stale_conflict()
    assert cf.is_version_conflict(stale) and "altro operatore" in stale.message


def test_a_stale_save_raises_a_conflict_with_the_current_version(db, actors):
    """The service side of the dialog: an outdated save is refused with the version to
    compare against, and the record is left as the other person saved it."""
    coordinator = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        eid = P.create_elder(s, coordinator, elder_data(address="Via Roma 1"))
    with db.sessions.begin() as s:
        P.update_elder(s, coordinator, eid, {"address": "Via Po 2"}, expected_version=1)
    with pytest.raises(Conflict) as caught, db.sessions.begin() as s:
        P.update_elder(s, coordinator, eid, {"address": "Via Dora 3"}, expected_version=1)
    assert cf.is_version_conflict(caught.value) and caught.value.current_version == 2
    with db.sessions() as s:
        current = P.get_elder(s, coordinator, eid)
    assert (current["address"], current["version"]) == ("Via Po 2", 2)
    d = diffs_by_name({"address": "Via Roma 1"}, {"address": "Via Dora 3"}, current)
    assert d["address"].both_changed
