"""The permission matrix: deny by default, and the cells users rely on."""

from __future__ import annotations

import pytest

from affido_app.domain.enums import Role
from affido_app.domain.permissions import (
    MATRIX,
    Action,
    Resource,
    can,
    can_read_confidential_notes,
    require,
)
from affido_app.errors import PermissionDenied

WRITE_ACTIONS = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.CHANGE_STATUS,
                 Action.APPROVE}


@pytest.mark.parametrize("resource", list(Resource))
@pytest.mark.parametrize("action", list(Action))
def test_read_only_changes_nothing(action, resource):
    if action in WRITE_ACTIONS or action in (Action.EXPORT, Action.PRINT,
                                             Action.READ_SENSITIVE):
        assert not can(Role.READ_ONLY, action, resource)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
@pytest.mark.parametrize("action", [Action.CREATE, Action.UPDATE, Action.DELETE])
@pytest.mark.parametrize("resource", [Resource.STAFF, Resource.SETTINGS])
def test_only_admins_manage_users_and_settings(role, action, resource):
    assert not can(role, action, resource)
    assert can(Role.ADMIN, action, resource)


def test_unknown_roles_are_denied_everything():
    for action in Action:
        for resource in Resource:
            assert not can("guest", action, resource)
            assert not can(None, action, resource)


def test_expected_grants():
    assert can(Role.COORDINATOR, Action.APPROVE, Resource.FOSTERER)
    assert not can(Role.PSYCHOLOGIST, Action.APPROVE, Resource.FOSTERER)
    assert can(Role.PSYCHOLOGIST, Action.CREATE, Resource.INTERVIEW)
    assert not can(Role.PSYCHOLOGIST, Action.CREATE, Resource.MATCH)
    assert can(Role.SOCIAL_WORKER, Action.CREATE, Resource.INTERVIEW)
    assert not can(Role.SOCIAL_WORKER, Action.APPROVE, Resource.EXPENSE)
    assert can(Role.ADMIN, Action.READ, Resource.AUDIT)
    assert not can(Role.COORDINATOR, Action.READ, Resource.AUDIT)


def test_every_role_has_a_row_and_every_grant_is_a_known_pair():
    assert set(MATRIX) == set(Role)
    for grants in MATRIX.values():
        for action, resource in grants:
            assert isinstance(action, Action) and isinstance(resource, Resource)


def test_require_explains_in_italian():
    with pytest.raises(PermissionDenied, match="Il suo profilo non consente di modificare"):
        require(Role.READ_ONLY, Action.UPDATE, Resource.ELDER)


def test_confidential_notes_rule():
    assert can_read_confidential_notes(Role.PSYCHOLOGIST, 7, [])
    assert can_read_confidential_notes(Role.SOCIAL_WORKER, 7, [3, 7])
    assert not can_read_confidential_notes(Role.SOCIAL_WORKER, 7, [3])
    assert not can_read_confidential_notes(Role.COORDINATOR, 7, [3, None])
    assert not can_read_confidential_notes(Role.ADMIN, 1, [])
    assert not can_read_confidential_notes(Role.READ_ONLY, 7, [7])
