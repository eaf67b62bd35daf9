"""Strumenti → Copie di sicurezza…: the folder, the list of copies, a copy now, a restore.

Everyone who may read the settings sees the list; only administrators choose the folder, make a
copy on demand and restore. A restore replaces the database: the open record windows are closed
first, the application's connections are let go, the copy is verified and the current database
kept (services/backups.py); then Affido closes, with a clear message, and is opened again for a
fresh login (no window keeps using the old database).

Also here: what happens when the database is found damaged at open (:func:`offer_restore`,
:class:`RestoringUnlockGate`): the newest verified copy is offered, and restored there.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.db.backup import DamagedDatabase
from affido_app.errors import AffidoError, StorageError, ValidationError
from affido_app.services import backups
from affido_app.ui.backup_schedule import AREA, back_up_now, current_status, mark_restored
from affido_app.ui.dialogs.login_dialog import UnlockGate
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, run_slow, show_error
from affido_app.ui.widgets.format import long_date

log = logging.getLogger(__name__)


def when_text(moment: dt.datetime) -> str:
    """«22 novembre 2026, 10:30»"""
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def kind_text(kind: str) -> str:
    return {
        backups.COPY: tr("Backup"),
        backups.PRE_RESTORE: tr("Before a restore"),
        backups.DAMAGED_PRE_RESTORE: tr("Damaged, before a restore"),
        backups.PRE_UPGRADE: tr("Before an upgrade"),
    }.get(kind, tr("Backup"))


class BackupDialog(QDialog):
    """``BackupDialog.open(parent, ctx)``: the copies of the database."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupDialog")
        self.setWindowTitle(tr("Backups"))
        self.allowed = backups.can_manage(ctx.actor)
        self.restore_thread = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if ctx.db.path is None:
            note = QLabel(tr(
                "The database is on the office's PostgreSQL server: its backups are made on "
                "the server (for example a scheduled pg_dump set up by the office's network "
                "administrator), not by Affido. Ask them how often the copies are made and "
                "where they are kept."))
            note.setObjectName("postgresNote")
            note.setWordWrap(True)
            layout.addWidget(note)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            layout.addWidget(buttons)
            self.setMinimumWidth(520)
            return

        intro = QLabel(tr(
            "Affido makes an encrypted, verified copy of the database when it closes and at "
            "least once a day. It keeps the last 7 daily, 4 weekly and 12 monthly copies; "
            "copies made before a restore or an upgrade are kept as well."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        folder_row = QGridLayout()
        folder_row.addWidget(QLabel(tr("Folder of the copies:")), 0, 0)
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("backupFolder")
        self.folder_edit.setReadOnly(True)
        folder_row.addWidget(self.folder_edit, 0, 1)
        self.choose_button = QPushButton(tr("Choose…"))
        self.choose_button.setObjectName("chooseFolder")
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button = QPushButton(tr("Default folder"))
        self.default_button.setObjectName("defaultFolder")
        self.default_button.clicked.connect(lambda: self.set_folder(""))
        folder_row.addWidget(self.choose_button, 0, 2)
        folder_row.addWidget(self.default_button, 0, 3)
        self.folder_error = QLabel()
        self.folder_error.setProperty("role", "fieldError")
        self.folder_error.setWordWrap(True)
        self.folder_error.hide()
        folder_row.addWidget(self.folder_error, 1, 1, 1, 3)
        folder_row.setColumnStretch(1, 1)
        layout.addLayout(folder_row)
        if not self.allowed:
            for button in (self.choose_button, self.default_button):
                button.setEnabled(False)
                button.setToolTip(tr("Only an administrator can choose the folder."))

        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.table = QTreeWidget()
        self.table.setObjectName("backupList")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels([tr("Date"), tr("Kind"), tr("Size")])
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.setMinimumHeight(220)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("emptyNote")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty, 1)  # in the table's place while there is no copy

        actions = QHBoxLayout()
        self.backup_button = QPushButton(tr("Back up now"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(tr("Restore…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton(tr("Restore from a file…"))
        self.file_button.setObjectName("restoreFile")
        self.file_button.clicked.connect(self.restore_file)
        for button in (self.backup_button, self.restore_button, self.file_button):
            actions.addWidget(button)
            if not self.allowed:
                button.setToolTip(tr("Only an administrator can make copies and restore them."))
        actions.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        actions.addWidget(close)
        layout.addLayout(actions)
        if not self.allowed:
            denied = QLabel(tr("Only an administrator can choose the folder, make a copy now "
                               "or restore one."))
            denied.setObjectName("deniedNote")
            denied.setWordWrap(True)
            layout.addWidget(denied)
        ctx.changed.connect(self._on_changed)
        self.setMinimumSize(720, 480)
        self.refresh()

    @classmethod
    def open(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        dialog = cls(parent, ctx)
        if exec:
            dialog.exec()
        else:
            dialog.show()
        return dialog

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREA in set(areas) or "settings" in set(areas):
            self.refresh()

    def refresh(self) -> None:
        status = current_status(self.ctx)
        self.folder = status.folder
        self.folder_edit.setText(str(status.folder))
        self.table.clear()
        for copy in backups.list_backups(status.folder, self.ctx.db.path):
            item = QTreeWidgetItem([when_text(copy.taken_at), kind_text(copy.kind),
                                    size_text(copy.size)])
            item.setData(0, Qt.ItemDataRole.UserRole, str(copy.path))
            item.setToolTip(0, copy.path.name)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        if self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))
        has_rows = self.table.topLevelItemCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if status.unreachable:
            self.empty.setText(tr("The folder cannot be reached: connect the drive or the "
                                  "network folder, or choose another folder."))
        else:
            self.empty.setText(tr("There are no copies in this folder yet."))
        if status.last is None or status.stale:
            self.status.setText(status.message())
        else:
            self.status.setText(tr("Last copy: {when}.").format(when=when_text(
                status.last.taken_at)))
        self.status.setStyleSheet("color: #8a5a00; font-weight: 600;" if status.stale else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.restore_thread is not None
        self.backup_button.setEnabled(self.allowed and not busy)
        self.restore_button.setEnabled(self.allowed and not busy
                                       and self.selected_copy() is not None)
        self.file_button.setEnabled(self.allowed and not busy)

    def selected_copy(self) -> Path | None:
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        return Path(item.data(0, Qt.ItemDataRole.UserRole))

    # --- the folder ---

    def choose_folder(self) -> None:
        start = str(self.folder) if self.folder.is_dir() else str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder of the copies"), start)
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> bool:
        self.folder_error.hide()

        def show(exc: ValidationError) -> None:
            self.folder_error.setText(next(iter(exc.errors.values()), exc.message))
            self.folder_error.show()

        ok, _ = run_op(self, self.ctx,
                       lambda s: backups.set_backup_folder(s, self.ctx.actor, folder),
                       changes=(AREA, "settings"), title=tr("Folder not changed"),
                       on_validation=show)
        return ok

    # --- copies ---

    def back_up(self):
        return back_up_now(self, self.ctx, on_done=self._backed_up)

    def _backed_up(self, result: backups.BackupResult) -> None:
        self.refresh()
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == str(result.path):
                self.table.setCurrentItem(item)

    def restore_selected(self) -> None:
        source = self.selected_copy()
        if source is not None:
            self.restore(source)

    def restore_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, tr("Restore a copy"), str(self.folder),
            tr("Copies of the database (*.db);;All files (*)"))
        if name:
            self.restore(Path(name))

    def confirm(self, source: Path) -> bool:
        parsed = backups.parse_name(self.ctx.db.path, source.name)
        what = (tr("the copy of {when}").format(when=when_text(parsed[1])) if parsed
                else tr("the file «{name}»").format(name=source.name))
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Restore a copy"),
                          tr("Replace the database with {what}?").format(what=what),
                          parent=self)
        box.setObjectName("restoreConfirmation")
        box.setInformativeText(tr(
            "The copy is verified first. Then:\n"
            "• a copy of the database as it is now is kept in the folder of the copies "
            "(“before the restore”);\n"
            "• the database goes back to the state of the copy: whatever was recorded after "
            "it is no longer in the database;\n"
            "• open windows are closed and Affido closes; open it again and log in.\n\n"
            "The other computers must not be using this database."))
        restore = box.addButton(tr("Restore"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is restore

    def restore(self, source: Path):
        """Confirm, find the copy's key, close the record windows, let go of the database and
        restore in a worker; then Affido closes. Returns the worker thread (None: not
        started)."""
        if not self.allowed or self.restore_thread is not None:
            return None
        if not self.confirm(source):
            return None
        key = self._source_key(source)
        if key is False:
            return None
        if not self._close_record_windows():
            return None
        ctx = self.ctx
        db_path, current_key, folder, actor = ctx.db.path, ctx.db.key, self.folder, ctx.actor
        ctx.db.dispose()  # no connection of this application stays on the old file

        def work(report):
            return backups.restore(db_path, source, key, folder, current_key=current_key,
                                   actor=actor, progress=lambda p: report(p, ""))

        def failed(exc: BaseException) -> None:
            self.restore_thread = None
            self._update_buttons()
            if isinstance(exc, AffidoError):
                show_error(self, tr("Restore not done"), exc.message)
            else:
                raise exc

        self.restore_thread = run_slow(self, tr("Restoring the copy…"), work,
                                       on_done=self._restored, on_error=failed)
        self._update_buttons()
        return self.restore_thread

    def _source_key(self, source: Path):
        """The key that opens the copy (False: it cannot be opened, the user was told)."""
        from affido_app.config import db_key_from_env

        try:
            return backups.source_key(source, current_key=self.ctx.db.key,
                                      env_key=db_key_from_env())
        except StorageError as first:
            password, ok = QInputDialog.getText(
                self, tr("Password of the copy"),
                tr("The copy was made with another key. Type the password that {user} had "
                   "when it was made:").format(user=self.ctx.actor.username),
                QLineEdit.EchoMode.Password)
            if not ok or not password:
                show_error(self, tr("Restore not done"), first.message)
                return False
            try:
                return backups.source_key(source, credentials=(self.ctx.actor.username,
                                                               password))
            except AffidoError as exc:
                show_error(self, tr("Restore not done"), exc.message)
                return False

    def _close_record_windows(self) -> bool:
        main = self.parent()
        windows = list(getattr(main, "_record_windows", []))
        for window in windows:
            if not window.close():
                show_error(self, tr("Restore not done"),
                           tr("Save or close the open records first, then restore again."))
                return False
        return True

    def _restored(self, result: backups.RestoreResult) -> None:
        self.restore_thread = None
        mark_restored(self.ctx)
        text = tr("The database was restored from «{name}».").format(
            name=result.restored_from.name)
        if result.previous is not None:
            text += "\n\n" + tr("The database as it was before the restore is kept in:\n"
                                "{path}").format(path=result.previous)
        text += "\n\n" + tr("Affido closes now: open it again and log in.")
        box = QMessageBox(QMessageBox.Icon.Information, tr("Restore completed"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("restoreDone")
        box.exec()
        self.accept()
        quit_after_restore()


def quit_after_restore() -> None:
    """Close every window and end the application (the database under it was replaced)."""
    app = QApplication.instance()
    if app is not None:
        app.closeAllWindows()
        app.quit()


# --- a damaged database at open -----------------------------------------------------------------

def offer_restore(parent: QWidget | None, exc: DamagedDatabase, *, key: str | None = None,
                  credentials: tuple[str, str] | None = None) -> bool:
    """The database is damaged: explain, offer the newest verified copy and restore it. True
    once restored (the caller opens the database again)."""
    newest = backups.newest_backup(exc.path)
    if newest is None:
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Damaged database"), exc.message,
                          QMessageBox.StandardButton.Close, parent)
        box.setObjectName("damagedNoBackup")
        box.setInformativeText(tr(
            "No copy of it was found. If there is one elsewhere (an external drive), an "
            "administrator can restore it with the command «affido restore FILE». The "
            "damaged file has not been changed."))
        box.exec()
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Damaged database"), exc.message, parent=parent)
    box.setObjectName("damagedDatabase")
    box.setInformativeText(tr(
        "The newest verified copy is of {when} ({name}). Restoring it brings the database "
        "back to that moment: whatever was recorded afterwards is lost. The damaged file is "
        "kept beside the copies.").format(when=when_text(newest.taken_at),
                                          name=newest.path.name))
    restore = box.addButton(tr("Restore this copy"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Do not restore"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from affido_app.config import db_key_from_env

        env_key = key or db_key_from_env()
        source_key = backups.source_key(newest.path, env_key=env_key, credentials=credentials)
        if credentials is not None and source_key != env_key:
            backups.require_admin_in_copy(newest.path, source_key, credentials[0])
        backups.restore(exc.path, newest.path, source_key, newest.path.parent,
                        current_key=source_key)
    except AffidoError as error:
        QGuiApplication.restoreOverrideCursor()
        show_error(parent, tr("Restore not done"), error.message)
        return False
    QGuiApplication.restoreOverrideCursor()
    done = QMessageBox(QMessageBox.Icon.Information, tr("Restore completed"),
                       tr("The database was restored from the copy of {when}. The damaged file "
                          "is kept beside the copies.").format(when=when_text(newest.taken_at)),
                       QMessageBox.StandardButton.Ok, parent)
    done.setObjectName("damagedRestored")
    done.exec()
    return True


class RestoringUnlockGate(UnlockGate):
    """The login of an encrypted database that, found damaged, offers its newest copy: the
    password just typed unlocks the copy too, and the login then goes on, on the copy."""

    def sign_in(self, username: str, password: str):
        try:
            return super().sign_in(username, password)
        except DamagedDatabase as exc:
            QGuiApplication.restoreOverrideCursor()  # the login shows a wait cursor
            try:
                restored = offer_restore(QApplication.activeWindow(), exc,
                                         credentials=(username, password))
            finally:
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if not restored:
                raise
            return super().sign_in(username, password)
