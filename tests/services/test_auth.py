"""Login and passwords (services/auth.py) and the administration of accounts (services/staff.py):
argon2id above OWASP's minimum, rehash, the growing delay, one message for unknown user and wrong
password, recorded refusals, the last administrator, commands and the password rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select

from affido_app.db import keyring as kr
from affido_app.db.models import AuditEvent, StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.errors import NotFound, PermissionDenied, ValidationError
from affido_app.services import auth, staff
from affido_app.services.context import Actor

T0 = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
ADMIN_PW = "cavallo-batteria-graffetta"
COORD_PW = "pane-e-salame-42"


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def accounts(db):
    """An administrator and a coordinator with passwords; a reader without one."""
    with db.sessions.begin() as s:
        admin_id = staff.create_first_admin(s, "admin", "Anna Amministratrice",
                                            password=ADMIN_PW)
        admin = Actor(admin_id, Role.ADMIN, "admin")
        coord_id = staff.create_staff(s, admin, {"username": "Coordinatore",
                                                 "full_name": "Carlo Coordinatore",
                                                 "role": Role.COORDINATOR},
                                      password=COORD_PW, must_change=False)
        reader_id = staff.create_staff(s, admin, {"username": "lettore",
                                                  "full_name": "Luca Lettore",
                                                  "role": Role.READ_ONLY})
    return {"admin": admin, "coord": Actor(coord_id, Role.COORDINATOR, "Coordinatore"),
            "reader": Actor(reader_id, Role.READ_ONLY, "lettore")}


def _user(db, user_id) -> StaffUser:
    with db.sessions() as s:
        return s.get(StaffUser, user_id)


def _audit(db) -> list[AuditEvent]:
    with db.sessions() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


# --- the hasher ---------------------------------------------------------------------------------

def test_argon2id_parameters_at_least_owasp_minimum():
    h = auth.hasher()
    # OWASP Password Storage Cheat Sheet: argon2id, m ≥ 19 MiB, t ≥ 2, p ≥ 1
    assert h.type is Type.ID
    assert h.memory_cost >= 19456 and h.time_cost >= 2 and h.parallelism >= 1
    params = extract_parameters(auth.hash_password("una password qualunque"))
    assert params.type is Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (
        h.memory_cost, h.time_cost, h.parallelism)
    # the key file derives its keys with the same strength
    assert (h.memory_cost, h.time_cost, h.parallelism) == (
        kr.KDF_MEMORY_COST, kr.KDF_TIME_COST, kr.KDF_PARALLELISM)


def test_same_password_typed_on_any_system():
    decomposed = "perche\u0301-non-funziona"  # "é" as e + combining accent (macOS)
    composed = "perch\u00e9-non-funziona"
    assert auth._verify(auth.hash_password(composed), decomposed)


# --- login --------------------------------------------------------------------------------------

def test_login_gives_the_actor_and_leaves_an_audit_row(db, accounts):
    with db.sessions.begin() as s:
        actor = auth.login(s, "admin", ADMIN_PW, now=T0)
    assert actor == accounts["admin"]
    assert _user(db, actor.id).last_login_at == T0
    row = _audit(db)[-1]
    assert (row.action, row.user_id, row.entity, row.entity_id) == (
        AuditAction.LOGIN, actor.id, "staff_users", actor.id)
    # usernames are matched without regard to case, as they are unique that way
    assert auth.sign_in(db.sessions, "coordinatore", COORD_PW, now=T0) == accounts["coord"]


def test_unknown_user_and_wrong_password_get_the_same_message(db, accounts):
    messages = []
    for username, password in (("nessuno", ADMIN_PW), ("admin", "sbagliata-davvero"),
                               ("lettore", "senza-password-1"), ("", "")):
        with pytest.raises(auth.LoginRefused) as err:
            auth.sign_in(db.sessions, username, password, now=T0)
        assert type(err.value) is auth.WrongPassword
        messages.append(err.value.message)
    assert set(messages) == {"Nome utente o password non validi."}
    failed = [r for r in _audit(db) if r.action == AuditAction.LOGIN_FAILED]
    assert [(r.user_id, r.entity_id) for r in failed] == [
        (None, None), (accounts["admin"].id, accounts["admin"].id),
        (None, accounts["reader"].id), (None, None)]
    # no personal data: not the typed username, not the password
    text = json.dumps([r.detail for r in failed])
    assert "nessuno" not in text and "sbagliata" not in text and ADMIN_PW not in text


def test_growing_delay_after_failed_attempts(db, accounts):
    assert [kr.failed_login_delay(n) for n in range(8)] == [0, 0, 0, 0, 2, 4, 8, 16]
    assert kr.failed_login_delay(12) == kr.failed_login_delay(1000) == 300

    def fail(t):
        with pytest.raises(auth.WrongPassword):
            auth.sign_in(db.sessions, "admin", "non-e-questa", now=at(t))

    for _ in range(4):  # the first three cost nothing; the fourth starts the delay
        fail(0)
    assert _user(db, accounts["admin"].id).failed_logins == 4
    # before 2 s: refused without checking — even the right password
    with pytest.raises(auth.TooManyAttempts) as err:
        auth.sign_in(db.sessions, "admin", ADMIN_PW, now=at(1.2))
    assert err.value.message == "Troppi tentativi non riusciti: riprovare tra 1 secondo."
    assert 0.7 < err.value.wait_seconds <= 0.8 + 1e-9
    assert _user(db, accounts["admin"].id).failed_logins == 4  # a refused try is not counted
    fail(2)  # 5 failures: 4 s from the last one
    with pytest.raises(auth.TooManyAttempts):
        auth.sign_in(db.sessions, "admin", ADMIN_PW, now=at(5.9))
    with db.sessions() as s:
        assert auth.wait_seconds(s, "admin", now=at(5)) == pytest.approx(1)
    assert auth.sign_in(db.sessions, "admin", ADMIN_PW, now=at(6)) == accounts["admin"]
    user = _user(db, accounts["admin"].id)
    assert (user.failed_logins, user.last_failed_at) == (0, None)
    # the other account was never slowed down
    assert auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=at(1)).id == \
        accounts["coord"].id


def test_a_missing_account_meets_the_same_delay_and_message(db, accounts):
    """The wait message must not reveal which usernames exist."""
    messages = {}
    for name in ("admin", "nessuno"):
        for _ in range(4):
            with pytest.raises(auth.WrongPassword):
                auth.sign_in(db.sessions, name, "non-e-questa", now=at(0))
        with pytest.raises(auth.TooManyAttempts) as err:
            auth.sign_in(db.sessions, name, "non-e-questa", now=at(1))
        messages[name] = err.value.message
        with db.sessions() as s:
            assert auth.wait_seconds(s, name, now=at(1)) == pytest.approx(1)
    assert messages["admin"] == messages["nessuno"]


def test_long_waits_are_said_in_minutes():
    assert kr.wait_message(64) == (
        "Troppi tentativi non riusciti: riprovare tra 1 minuto e 4 secondi.")
    assert kr.wait_message(300) == "Troppi tentativi non riusciti: riprovare tra 5 minuti."
    assert kr.wait_message(0.2) == "Troppi tentativi non riusciti: riprovare tra 1 secondo."


def test_refusal_inside_a_rolled_back_unit_of_work_is_lost_sign_in_keeps_it(db, accounts):
    with pytest.raises(auth.WrongPassword), db.sessions.begin() as s:
        auth.login(s, "admin", "sbagliata-1234", now=T0)
    assert _user(db, accounts["admin"].id).failed_logins == 0
    with pytest.raises(auth.WrongPassword):
        auth.sign_in(db.sessions, "admin", "sbagliata-1234", now=T0)
    assert _user(db, accounts["admin"].id).failed_logins == 1


def test_rehash_when_parameters_change(db, accounts, monkeypatch):
    weak = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
    with db.sessions.begin() as s:  # a hash made by an older version, with lower parameters
        s.get(StaffUser, accounts["coord"].id).password_hash = weak.hash(COORD_PW)
    before = _user(db, accounts["coord"].id).password_hash
    assert extract_parameters(before).memory_cost == 19456
    auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    after = _user(db, accounts["coord"].id).password_hash
    params = extract_parameters(after)
    assert (params.memory_cost, params.time_cost) == (auth.hasher().memory_cost,
                                                      auth.hasher().time_cost)
    assert _audit(db)[-1].detail == {"rehashed": True}
    # an unchanged hash is left alone
    auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    assert _user(db, accounts["coord"].id).password_hash == after
    # and raising the parameters later rehashes again
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=4, memory_cost=65536,
                                                        parallelism=4))
    auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    assert extract_parameters(_user(db, accounts["coord"].id).password_hash).time_cost == 4


def test_deactivated_account_has_its_own_message_after_a_correct_password(db, accounts):
    with db.sessions.begin() as s:
        version = s.get(StaffUser, accounts["coord"].id).version
        staff.set_active(s, accounts["admin"], accounts["coord"].id, False,
                         expected_version=version)
    with pytest.raises(auth.WrongPassword):
        auth.sign_in(db.sessions, "Coordinatore", "non-e-questa", now=T0)
    with pytest.raises(auth.LoginRefused) as err:
        auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    assert err.value.message == auth.INACTIVE_MESSAGE


def test_login_state_does_not_change_the_record_version(db, accounts):
    """An administrator editing an account gets no conflict because its user logged in."""
    version = _user(db, accounts["coord"].id).version
    with pytest.raises(auth.WrongPassword):
        auth.sign_in(db.sessions, "Coordinatore", "sbagliata-1234", now=T0)
    auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    assert _user(db, accounts["coord"].id).version == version
    with db.sessions.begin() as s:
        staff.update_staff(s, accounts["admin"], accounts["coord"].id, {"phone": "011 1234567"},
                           expected_version=version)


# --- password rules and changes ----------------------------------------------------------------

@pytest.mark.parametrize(("password", "message"), [
    ("corta", "La password deve avere almeno 10 caratteri."),
    ("123456789", "La password deve avere almeno 10 caratteri."),
    ("           ", "La password non può essere fatta solo di spazi."),
    ("Coordinatore", "La password non può essere uguale al nome utente."),
    ("x" * 257, "La password può avere al massimo 256 caratteri."),
])
def test_password_rules(password, message):
    with pytest.raises(ValidationError) as err:
        auth.check_password_rules(password, "coordinatore", field="new_password")
    assert err.value.errors == {"new_password": message}
    auth.check_password_rules("dieci-caratteri", "coordinatore")


def test_change_password(db, accounts):
    coord = accounts["coord"]
    with pytest.raises(ValidationError) as err, db.sessions.begin() as s:
        auth.change_password(s, coord, COORD_PW, "breve", now=T0)
    assert "new_password" in err.value.errors
    with pytest.raises(ValidationError) as err, db.sessions.begin() as s:
        auth.change_password(s, coord, COORD_PW, COORD_PW, now=T0)
    assert err.value.errors == {"new_password":
                                "La nuova password deve essere diversa da quella attuale."}
    with pytest.raises(auth.LoginRefused) as err:
        auth.attempt(db.sessions, auth.change_password, coord, "non-so-quale", "nuova-pass-123",
                     now=T0)
    assert (err.value.message, err.value.field) == ("La password attuale non è corretta.",
                                                    "old_password")
    assert _user(db, coord.id).failed_logins == 1  # guessing through this form counts too
    auth.attempt(db.sessions, auth.change_password, coord, COORD_PW, "nuova-pass-123", now=T0)
    user = _user(db, coord.id)
    assert (user.failed_logins, user.password_changed_at, user.must_change_password) == (
        0, T0, False)
    with pytest.raises(auth.WrongPassword):
        auth.sign_in(db.sessions, "Coordinatore", COORD_PW, now=T0)
    assert auth.sign_in(db.sessions, "Coordinatore", "nuova-pass-123", now=T0) == coord
    row = [r for r in _audit(db) if r.action == AuditAction.UPDATE][-1]
    assert (row.user_id, row.entity_id, row.detail) == (coord.id, coord.id,
                                                        {"fields": ["password"]})


def test_admin_sets_a_password_to_be_changed(db, accounts):
    reader = accounts["reader"]
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        auth.set_password(s, accounts["coord"], reader.id, "provvisoria-1")
    with db.sessions.begin() as s:
        auth.set_password(s, accounts["admin"], reader.id, "provvisoria-1", now=T0)
    actor = auth.sign_in(db.sessions, "lettore", "provvisoria-1", now=T0)
    with db.sessions() as s:
        assert auth.needs_password_change(s, actor)
    auth.attempt(db.sessions, auth.change_password, actor, "provvisoria-1", "tutta-mia-0001")
    with db.sessions() as s:
        assert not auth.needs_password_change(s, actor)
    row = [r for r in _audit(db) if r.action == AuditAction.UPDATE][-2]
    assert (row.user_id, row.entity_id, row.detail) == (
        accounts["admin"].id, reader.id, {"fields": ["password"], "reset": True})


def test_an_admin_reset_clears_the_delay(db, accounts):
    for _ in range(6):
        with pytest.raises(auth.LoginRefused):
            auth.sign_in(db.sessions, "Coordinatore", "sbagliata-1234", now=T0)
    with db.sessions.begin() as s:
        auth.set_password(s, accounts["admin"], accounts["coord"].id, "nuova-provvisoria")
    assert auth.sign_in(db.sessions, "Coordinatore", "nuova-provvisoria", now=T0)


def test_new_accounts_with_an_initial_password(db, accounts):
    with pytest.raises(ValidationError) as err, db.sessions.begin() as s:
        staff.create_staff(s, accounts["admin"], {"username": "paola", "full_name": "Paola P",
                                                  "role": Role.PSYCHOLOGIST}, password="paola")
    assert "password" in err.value.errors
    with db.sessions.begin() as s:
        uid = staff.create_staff(s, accounts["admin"], {"username": "paola",
                                                        "full_name": "Paola P",
                                                        "role": Role.PSYCHOLOGIST},
                                 password="iniziale-paola")
    actor = auth.sign_in(db.sessions, "paola", "iniziale-paola")
    assert actor.id == uid
    with db.sessions() as s:
        assert auth.needs_password_change(s, actor)
        listed = {u["username"]: u for u in staff.list_staff(s, accounts["admin"])}
    assert listed["paola"]["has_password"] and listed["paola"]["must_change_password"]
    assert not listed["lettore"]["has_password"]


def test_idle_lock_verification_counts_failures(db, accounts):
    coord = accounts["coord"]
    for _ in range(4):
        with db.sessions.begin() as s:
            assert auth.verify_password(s, coord.id, "sbagliata-1234", now=T0) is False
    with pytest.raises(auth.TooManyAttempts), db.sessions.begin() as s:
        auth.verify_password(s, coord.id, COORD_PW, now=at(1))
    with db.sessions.begin() as s:
        assert auth.verify_password(s, coord.id, COORD_PW, now=at(2)) is True
    assert _user(db, coord.id).failed_logins == 0
    with db.sessions.begin() as s:  # an account without a password is never "verified"
        assert auth.verify_password(s, accounts["reader"].id, "qualsiasi-cosa") is False
    kinds = [(r.action, (r.detail or {}).get("reason") or (r.detail or {}).get("kind"))
             for r in _audit(db)[-5:]]
    assert kinds == [(AuditAction.LOGIN_FAILED, "unlock")] * 4 + [(AuditAction.LOGIN, "unlock")]


# --- administration of accounts -----------------------------------------------------------------

def test_only_admins_manage_accounts(db, accounts):
    coord = accounts["coord"]
    version = _user(db, accounts["reader"].id).version
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDenied):
            staff.create_staff(s, coord, {"username": "x", "full_name": "X Y",
                                          "role": Role.ADMIN})
        with pytest.raises(PermissionDenied):
            staff.set_role(s, coord, accounts["reader"].id, Role.ADMIN,
                           expected_version=version)
        with pytest.raises(PermissionDenied):
            staff.set_active(s, coord, accounts["reader"].id, False, expected_version=version)
    with db.sessions.begin() as s:
        staff.set_role(s, accounts["admin"], accounts["reader"].id, Role.SOCIAL_WORKER,
                       expected_version=version)
    assert _user(db, accounts["reader"].id).role == Role.SOCIAL_WORKER


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(db, accounts):
    admin = accounts["admin"]
    with db.sessions.begin() as s:
        v = s.get(StaffUser, accounts["coord"].id).version
        staff.set_role(s, admin, accounts["coord"].id, Role.ADMIN, expected_version=v)
    second = Actor(accounts["coord"].id, Role.ADMIN, "Coordinatore")
    # the second administrator deactivates the first one: allowed, one admin remains
    with db.sessions.begin() as s:
        v = s.get(StaffUser, admin.id).version
        staff.set_active(s, second, admin.id, False, expected_version=v)
    # the first one, still holding an open window, tries to remove the last one
    for change in ({"role": Role.COORDINATOR}, {"active": False}):
        with pytest.raises(ValidationError) as err, db.sessions.begin() as s:
            v = s.get(StaffUser, second.id).version
            staff.update_staff(s, admin, second.id, change, expected_version=v)
        assert "ultimo amministratore attivo" in err.value.message
    # an administrator cannot demote themselves either
    with pytest.raises(ValidationError), db.sessions.begin() as s:
        v = s.get(StaffUser, second.id).version
        staff.set_role(s, second, second.id, Role.COORDINATOR, expected_version=v)
    # demoting an inactive administrator is fine
    with db.sessions.begin() as s:
        v = s.get(StaffUser, admin.id).version
        staff.set_role(s, second, admin.id, Role.READ_ONLY, expected_version=v)


# --- commands: AFFIDO_USER / AFFIDO_PASSWORD ------------------------------------------------------

def test_commands_act_without_password_only_while_no_account_has_one(db):
    from tests.conftest import make_actors

    actors = make_actors(db)  # the test fixtures' accounts: no passwords
    with db.sessions() as s:
        assert not auth.passwords_in_use(s)
    assert auth.command_actor(db.sessions, None, None) == actors[Role.ADMIN]
    assert auth.command_actor(db.sessions, "lettore", None) == actors[Role.READ_ONLY]
    with pytest.raises(NotFound):
        auth.command_actor(db.sessions, "sconosciuto", None)
    # one account gets a password: from now on every command logs in
    with db.sessions.begin() as s:
        auth.set_password(s, actors[Role.ADMIN], actors[Role.COORDINATOR].id, "coordinatore-pw",
                          must_change=False)
    with pytest.raises(PermissionDenied) as err:
        auth.command_actor(db.sessions, "admin", None)
    assert "AFFIDO_PASSWORD" in err.value.message
    with pytest.raises(auth.WrongPassword):  # an account without a password cannot log in
        auth.command_actor(db.sessions, "admin", "qualunque-password")
    with pytest.raises(auth.WrongPassword):
        auth.command_actor(db.sessions, "coordinatore", "sbagliata-123")
    assert auth.command_actor(db.sessions, "coordinatore", "coordinatore-pw") == \
        actors[Role.COORDINATOR]
    asked = []
    assert auth.command_actor(db.sessions, None, None, ask=lambda name: asked.append(name) or (
        "coordinatore", "coordinatore-pw")) == actors[Role.COORDINATOR]
    assert asked == [None]
    # a password set by an administrator must be changed in the application first
    with db.sessions.begin() as s:
        auth.set_password(s, actors[Role.ADMIN], actors[Role.READ_ONLY].id, "provvisoria-1")
    with pytest.raises(PermissionDenied) as err:
        auth.command_actor(db.sessions, "lettore", "provvisoria-1")
    assert "provvisoria" in err.value.message


def test_printing_the_recovery_sheet_is_audited_without_the_code(db, accounts):
    from affido_app.services.audit_log import describe_detail

    with db.sessions.begin() as s:
        auth.record_recovery_sheet(s, accounts["admin"], "printer")
    row = _audit(db)[-1]
    assert (row.action, row.entity, row.user_id) == (AuditAction.PRINT, "recovery_sheet",
                                                     accounts["admin"].id)
    assert row.detail == {"document": "recovery", "output": "printer"}
    sentence = describe_detail(row.action, row.entity, row.detail)
    assert "Foglio di recupero" in sentence and "recovery" not in sentence
    with pytest.raises(ValueError), db.sessions.begin() as s:
        auth.record_recovery_sheet(s, accounts["admin"], "preview")
