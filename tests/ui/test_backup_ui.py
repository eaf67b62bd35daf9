"""Copies in the application: the dashboard's warning, Strumenti → Copie di sicurezza…, the
automatic copies, and the damaged database at open."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import select

from affido_app.db.backup import DamagedDatabase
from affido_app.db.models import Elder
from affido_app.domain.enums import Role
from affido_app.services import auth, backups, people
from affido_app.ui import app as ui_app
from affido_app.ui import backup_schedule
from affido_app.ui.dialogs import backup_dialog
from affido_app.ui.dialogs.backup_dialog import BackupDialog, RestoringUnlockGate
from affido_app.ui.i18n import tr
from affido_app.ui.settings import Settings
from affido_app.ui.views.dashboard import DashboardView
from tests.helpers import elder_data

PASSWORD = "cavallo-batteria-graffetta"
SHOTS = os.environ.get("AFFIDO_TEST_SHOTS")  # a folder: the tests save what they show


def _shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """A data folder of the test's own: its ``backups`` folder starts empty."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("AFFIDO_HOME", str(folder))
    return folder


@pytest.fixture
def admin_ctx(qapp, tmp_path, qsettings):
    """The administrator logged in on an encrypted database with its key file."""
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "it")
    path = tmp_path / "affido.db"
    db, _code = auth.create_encrypted_database(path, "admin", "Anna Bianchi", PASSWORD)
    db.dispose()
    db, actor = auth.open_with_login(path, "admin", PASSWORD)
    with db.sessions.begin() as s:
        people.create_elder(s, actor, elder_data(last_name="Prima"))
    ctx = ui_app._context(db, actor, Settings(qsettings))
    yield ctx
    db.dispose()


def _elders(path: Path) -> list[str]:
    db, _actor = auth.open_with_login(path, "admin", PASSWORD)
    try:
        with db.sessions() as s:
            return sorted(s.scalars(select(Elder.last_name)))
    finally:
        db.dispose()


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


# --- the dashboard ------------------------------------------------------------------------------

def test_dashboard_warns_when_there_is_no_copy_and_an_admin_backs_up_now(qtbot, admin_ctx,
                                                                         home):
    view = DashboardView(admin_ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    warning = view.backup_warning
    assert warning.isVisibleTo(view)
    assert "nessuna copia di sicurezza" in warning.text.text()
    assert warning.button.isVisibleTo(view) and warning.button.text() == tr("Back up now")
    _shot(view, "cruscotto-avviso-copia")
    warning.back_up()
    qtbot.waitUntil(lambda: not warning.isVisibleTo(view), timeout=20_000)
    assert len(list((home / "backups").glob("affido-copia-*.db"))) == 1


def test_dashboard_warns_about_an_old_copy_and_tells_others_to_ask_an_admin(qtbot, ctx, home,
                                                                            ui_actors):
    folder = home / "backups"
    folder.mkdir()
    old = dt.datetime.now() - dt.timedelta(days=3, hours=1)
    (folder / backups.backup_name(ctx.db.path, old)).write_bytes(b"x")
    view = DashboardView(ctx)  # the coordinator
    qtbot.addWidget(view)
    warning = view.backup_warning
    assert warning.isVisibleTo(view)
    assert "3 giorni fa" in warning.text.text()
    assert tr("Ask an administrator to make one (Tools → Backups…).") in warning.text.text()
    assert not warning.button.isVisibleTo(view)
    # a fresh copy: the warning goes at the next change
    (folder / backups.backup_name(ctx.db.path, dt.datetime.now())).write_bytes(b"x")
    ctx.notify({backup_schedule.AREA})
    assert not warning.isVisibleTo(view)


# --- the dialog ---------------------------------------------------------------------------------

def test_dialog_lists_copies_backs_up_and_changes_the_folder(qtbot, admin_ctx, home, tmp_path):
    dialog = BackupDialog.open(None, admin_ctx, exec=False)
    qtbot.addWidget(dialog)
    assert dialog.folder_edit.text() == str(home / "backups")
    assert dialog.table.topLevelItemCount() == 0 and dialog.empty.isVisibleTo(dialog)
    dialog.back_up()
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 1, timeout=20_000)
    row = dialog.table.topLevelItem(0)
    assert row.text(1) == tr("Backup")
    assert dt.date.today().year == int(row.text(0).split(",")[0].split()[-1])
    assert dialog.restore_button.isEnabled()
    assert dialog.status.text() == tr("Last copy: {when}.").format(
        when=backup_dialog.when_text(backups.list_backups(home / "backups",
                                                          admin_ctx.db.path)[0].taken_at))
    _shot(dialog, "copie-di-sicurezza")
    # another folder: it must exist (said next to the field), then copies go there
    assert dialog.set_folder(str(tmp_path / "manca")) is False
    assert dialog.folder_error.isVisibleTo(dialog)
    assert "non esiste" in dialog.folder_error.text()
    external = tmp_path / "disco"
    external.mkdir()
    assert dialog.set_folder(str(external)) is True
    assert dialog.folder_edit.text() == str(external)
    assert dialog.table.topLevelItemCount() == 0
    assert not dialog.folder_error.isVisibleTo(dialog)


def test_dialog_is_read_only_for_others(qtbot, ctx):
    dialog = BackupDialog.open(None, ctx, exec=False)
    qtbot.addWidget(dialog)
    for button in (dialog.backup_button, dialog.restore_button, dialog.file_button,
                   dialog.choose_button):
        assert not button.isEnabled()
    assert dialog.findChild(QLabel, "deniedNote").isVisibleTo(dialog)
    assert dialog.restore(Path("/tmp/qualunque.db")) is None


def test_dialog_on_postgresql_explains_the_servers_backups(qtbot, ctx, ui_actors):
    pg = SimpleNamespace(db=SimpleNamespace(path=None), actor=ui_actors[Role.ADMIN])
    dialog = BackupDialog(None, pg)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "postgresNote")
    assert "pg_dump" in note.text() and "server" in note.text()


def test_the_confirmation_says_what_happens_and_cancel_changes_nothing(qtbot, admin_ctx,
                                                                       monkeypatch):
    copy = backups.make_backup(admin_ctx.db.path, admin_ctx.db.key,
                               backups.default_folder()).path
    dialog = BackupDialog.open(None, admin_ctx, exec=False)
    qtbot.addWidget(dialog)
    seen = {}

    def fake_exec(box):
        seen["text"] = box.text() + "\n" + box.informativeText()
        _shot(box, "conferma-ripristino")
        return 0  # closed without choosing: Cancel

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert dialog.restore(copy) is None
    assert copy.name not in seen["text"]  # said as a date, not as a file name
    assert backup_dialog.when_text(backups.parse_name(admin_ctx.db.path, copy.name)[1]) \
        in seen["text"]
    assert not backup_schedule.is_restored(admin_ctx)
    assert backups.list_backups(backups.default_folder(), admin_ctx.db.path)[0].path == copy


def test_restore_from_the_dialog_then_affido_closes(qtbot, admin_ctx, monkeypatch):
    path = admin_ctx.db.path
    copy = backups.make_backup(path, admin_ctx.db.key, backups.default_folder()).path
    with admin_ctx.begin() as s:
        people.create_elder(s, admin_ctx.actor, elder_data(last_name="Dopo"))
    dialog = BackupDialog.open(None, admin_ctx, exec=False)
    qtbot.addWidget(dialog)
    messages = []
    monkeypatch.setattr(BackupDialog, "confirm", lambda self, source: True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: messages.append(box.text()) or 0)
    quits = []
    monkeypatch.setattr(backup_dialog, "quit_after_restore", lambda: quits.append(True))
    thread = dialog.restore(copy)
    assert thread is not None
    qtbot.waitUntil(lambda: bool(quits), timeout=30_000)
    assert backup_schedule.is_restored(admin_ctx)  # no copy at close of the replaced file
    assert backup_schedule.backup_at_close(admin_ctx) is None
    assert any(tr("Affido closes now: open it again and log in.") in m for m in messages)
    assert _elders(path) == ["Prima"]
    kept = backups.list_backups(backups.default_folder(), path)
    assert backups.PRE_RESTORE in {b.kind for b in kept}


# --- automatic copies ---------------------------------------------------------------------------

def test_scheduler_backs_up_when_the_last_copy_is_older_than_a_day(qtbot, ctx, home):
    scheduler = backup_schedule.BackupScheduler(ctx, first_check_ms=10_000_000)
    made = []
    ctx.changed.connect(lambda areas: made.append(areas))
    try:
        assert scheduler.check() is not None
        assert scheduler.check() is None  # one at a time
        qtbot.waitUntil(lambda: scheduler.running is None, timeout=20_000)
        assert len(list((home / "backups").glob("affido-copia-*.db"))) == 1
        assert made == [frozenset({backup_schedule.AREA})]  # the dashboard is told
        assert scheduler.check() is not None  # looks again: the copy is fresh
        qtbot.waitUntil(lambda: scheduler.running is None, timeout=20_000)
        assert len(list((home / "backups").glob("affido-copia-*.db"))) == 1
        assert len(made) == 1
    finally:
        scheduler.stop()


def test_backup_at_close_makes_a_verified_copy(qtbot, ctx, home):
    result = backup_schedule.backup_at_close(ctx)
    assert result is not None and result.path.parent == home / "backups"
    pg = SimpleNamespace(db=SimpleNamespace(path=None))
    assert backup_schedule.backup_at_close(pg) is None


# --- a damaged database at open -----------------------------------------------------------------

def _click(role):
    def fake_exec(box):
        for button in box.buttons():
            if box.buttonRole(button) == role:
                button.click()
                break
        return 0
    return fake_exec


def test_login_on_a_damaged_database_offers_and_restores_the_newest_copy(qtbot, admin_ctx,
                                                                        monkeypatch):
    path = admin_ctx.db.path
    backups.make_backup(path, admin_ctx.db.key, backups.default_folder())
    admin_ctx.db.dispose()
    _damage(path)
    gate = RestoringUnlockGate(path)
    monkeypatch.setattr(QMessageBox, "exec", _click(QMessageBox.ButtonRole.RejectRole))
    with pytest.raises(DamagedDatabase):  # declined: the login says why
        gate.sign_in("admin", PASSWORD)
    monkeypatch.setattr(QMessageBox, "exec", _click(QMessageBox.ButtonRole.AcceptRole))
    db, actor = gate.sign_in("admin", PASSWORD)  # restored, then logged in on the copy
    try:
        with db.sessions() as s:
            assert sorted(s.scalars(select(Elder.last_name))) == ["Prima"]
        assert actor.username == "admin"
    finally:
        db.dispose()
    kinds = {b.kind for b in backups.list_backups(backups.default_folder(), path)}
    assert backups.DAMAGED_PRE_RESTORE in kinds


def test_a_damaged_database_without_copies_is_explained(qtbot, admin_ctx, monkeypatch):
    path = admin_ctx.db.path
    admin_ctx.db.dispose()
    _damage(path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: shown.append((box.objectName(), box.informativeText())))
    assert backup_dialog.offer_restore(None, DamagedDatabase(path)) is False
    assert shown[0][0] == "damagedNoBackup" and "affido restore" in shown[0][1]


def test_non_admin_cannot_restore_at_open(qtbot, admin_ctx, monkeypatch):
    path = admin_ctx.db.path
    with admin_ctx.begin() as s:
        from affido_app.services import staff

        staff.create_staff(s, admin_ctx.actor, {"username": "lettore", "full_name": "Luca",
                                                "role": Role.READ_ONLY},
                           password=PASSWORD, must_change=False)
    backups.make_backup(path, admin_ctx.db.key, backups.default_folder())
    admin_ctx.db.dispose()
    _damage(path)
    errors = []
    monkeypatch.setattr(QMessageBox, "exec", _click(QMessageBox.ButtonRole.AcceptRole))
    monkeypatch.setattr(backup_dialog, "show_error", lambda p, t, m: errors.append(m))
    with pytest.raises(DamagedDatabase):
        RestoringUnlockGate(path).sign_in("lettore", PASSWORD)
    assert errors and "amministratore" in errors[0]
