"""Every cell of role × action × record type, against a table written here by hand.

The table below is written from the issue's rules (issue 7, point 3) and from who the users are
(domain.md), not copied from ``domain/permissions.py``:

- deny by default: whatever is not written here is refused, and unknown roles get nothing;
- read-only users change nothing (no create, update, delete, status change, approval) and take
  nothing away (no print, no export, no health data);
- only administrators manage users (staff) and settings, and only they consult the audit trail;
- interview notes and supervision free notes: psychologists, and the staff who took part
  (:func:`can_read_confidential_notes`, checked cell by cell at the end).

A failure names the cell: change the table only if the rule itself changed.
"""

from __future__ import annotations

import pytest

from affido_app.domain.enums import Role
from affido_app.domain.permissions import Action, Resource, can, can_read_confidential_notes

# R read · C create · U update · D delete · S change status · H health/sensitive data ·
# A approve · E export · P print
LETTERS = {
    "R": Action.READ, "C": Action.CREATE, "U": Action.UPDATE, "D": Action.DELETE,
    "S": Action.CHANGE_STATUS, "H": Action.READ_SENSITIVE, "A": Action.APPROVE,
    "E": Action.EXPORT, "P": Action.PRINT,
}

COLUMNS = (Role.ADMIN, Role.COORDINATOR, Role.PSYCHOLOGIST, Role.SOCIAL_WORKER, Role.READ_ONLY)

TABLE = """
resource      admin        coordinator  psychologist  social_worker  read_only
elder         RCUDSHEP     RCUSHEP      RCUSHP        RCUSHP         R
fosterer      RCUDSHAEP    RCUSHAEP     RCUSHP        RCUSHP         R
interview     RCUDSEP      RCUEP        RCUP          RCUP           R
training      RCUDSEP      RCUDEP       RP            RP             R
supervision   RCUDSEP      RCUDEP       RCUP          RCUP           R
match         RCUDSEP      RCUSEP       RP            RP             R
expense       RCUDSAEP     RCUDSAEP     R             RCUP           R
consent       RCUDSEP      RCUDEP       RCUP          RCUP           R
attachment    RCUDSEP      RCUDEP       RCUP          RCUP           -
staff         RCUD         R            R             R              R
settings      RCUD         R            R             R              -
audit         REP          -            -             -              -
"""


def _expected() -> dict[tuple[Role, Action, Resource], bool]:
    rows = [line.split() for line in TABLE.strip().splitlines()]
    header, body = rows[0], rows[1:]
    assert header[1:] == [r.value for r in COLUMNS]
    assert sorted(row[0] for row in body) == sorted(r.value for r in Resource)
    out = {}
    for resource_name, *cells in body:
        resource = Resource(resource_name)
        for role, cell in zip(COLUMNS, cells, strict=True):
            granted = {LETTERS[c] for c in cell if c != "-"}
            for action in Action:
                out[(role, action, resource)] = action in granted
    return out


EXPECTED = _expected()
WRITES = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.CHANGE_STATUS, Action.APPROVE}


def test_the_table_covers_every_cell():
    assert set(Role) == set(COLUMNS)
    assert len(EXPECTED) == len(Role) * len(Action) * len(Resource)


@pytest.mark.parametrize("resource", list(Resource), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_cell(role, action, resource):
    expected = EXPECTED[(role, action, resource)]
    assert can(role, action, resource) is expected, (
        f"{role.value} {'may' if expected else 'may not'} {action.value} {resource.value}")
    # the stored string form of a role (as in the database) answers the same
    assert can(role.value, action, resource) is expected


@pytest.mark.parametrize("role", ["guest", "", None, "ADMIN", "amministratore"])
def test_unknown_roles_get_nothing(role):
    assert not any(can(role, a, r) for a in Action for r in Resource)


# --- the table itself keeps the rules (so a wrong edit of the table is caught too) ------

def test_table_read_only_changes_nothing():
    for (role, action, _resource), granted in EXPECTED.items():
        if role is Role.READ_ONLY and granted:
            assert action is Action.READ


def test_table_only_admins_manage_users_settings_and_see_the_audit():
    for (role, action, resource), granted in EXPECTED.items():
        if resource in (Resource.STAFF, Resource.SETTINGS) and action in WRITES and granted:
            assert role is Role.ADMIN
        if resource is Resource.AUDIT and granted:
            assert role is Role.ADMIN


def test_table_nobody_rewrites_the_audit_trail():
    for role in Role:
        for action in WRITES:
            assert not EXPECTED[(role, action, Resource.AUDIT)]


# --- confidential notes: every role, as participant or not ----------------------------------

ME = 7
NOTES = {
    #                     took part  did not   unknown user
    Role.ADMIN:          (True,      False,    False),
    Role.COORDINATOR:    (True,      False,    False),
    Role.PSYCHOLOGIST:   (True,      True,     True),
    Role.SOCIAL_WORKER:  (True,      False,    False),
    Role.READ_ONLY:      (False,     False,    False),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_confidential_notes_cells(role):
    took_part, did_not, unknown = NOTES[role]
    assert can_read_confidential_notes(role, ME, [3, ME]) is took_part
    assert can_read_confidential_notes(role, ME, [3, None]) is did_not
    assert can_read_confidential_notes(role, ME, []) is did_not
    assert can_read_confidential_notes(role, None, [None, 3]) is unknown
    assert can_read_confidential_notes(role.value, ME, [ME]) is took_part


def test_confidential_notes_unknown_roles():
    assert not can_read_confidential_notes("guest", ME, [ME])
    assert not can_read_confidential_notes(None, ME, [ME])
