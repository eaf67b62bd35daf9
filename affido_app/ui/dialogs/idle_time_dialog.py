"""How long Affido waits, unused, before it hides the data and asks the password again:
administrators only (setting ``security.idle_minutes``, the same for every PC of the office)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain.permissions import Action, Resource
from affido_app.services import fields as fl
from affido_app.services.settings import REGISTRY, set_setting
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.idle_lock import MAX_MINUTES, MIN_MINUTES, SETTING, idle_minutes
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.form import Form


class IdleTimeDialog(FormDialog):
    """``IdleTimeDialog.change(parent, ctx)`` → True once saved; read-only for non-admins."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent, ctx, title=tr("Automatic lock"))
        self.setObjectName("idleTimeDialog")
        self.allowed = ctx.can(Action.UPDATE, Resource.SETTINGS)
        with ctx.sessions() as s:
            current = idle_minutes(s)
        self.specs = fl.specs(fl.Field("idle_minutes", REGISTRY[SETTING].label, fl.Kind.INT,
                                       required=True, min_value=MIN_MINUTES,
                                       max_value=MAX_MINUTES))
        body = QWidget(self)
        layout = QFormLayout(body)
        self.form = self.track(Form(self.specs, body))
        self.form.add_rows(layout, self.specs)
        note = QLabel(tr("After this many minutes without use, Affido hides every window and "
                         "asks the password again; nothing typed is lost. From {low} to {high} "
                         "minutes; it applies to every computer of the office.")
                      .format(low=MIN_MINUTES, high=MAX_MINUTES))
        note.setWordWrap(True)
        layout.addRow(note)
        if not self.allowed:
            denied = QLabel(tr("Only an administrator can change the automatic lock."))
            denied.setObjectName("deniedNote")
            denied.setWordWrap(True)
            layout.addRow(denied)
        self.form.set_values({"idle_minutes": current})
        self.main_layout(body)
        if not self.allowed:
            self.set_read_only(True)
        self.update_buttons()
        self.setMinimumWidth(460)

    def save(self) -> bool:
        if not self.allowed:
            return False
        values = self.form.values()
        ok, _ = run_op(
            self, self.ctx,
            lambda s: set_setting(s, self.ctx.actor, SETTING,
                                  int(fl.clean(values, self.specs)["idle_minutes"])),
            changes=("settings",), title=tr("Setting not changed"),
            on_validation=self.show_validation)
        if ok:
            self.saved()
        return ok
