"""A small dialog editing one record from its field specs: a reference person, a household
member, a document, a consent. The service call that saves it is given by the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QWidget

from affido_app.services import fields as fl
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.form import Form

#: save(session, values) -> anything; raises the services' errors
SaveFn = Callable[[Any, dict], Any]


class RecordDialog(FormDialog):
    """One record of ``fields``: new (``values`` None; the specs' defaults and ``defaults``
    filled in) or existing (``values``).

    Saving sends every field for a new record, only the changed ones for an existing one.
    """

    def __init__(self, parent: QWidget | None, ctx, title: str, fields: Mapping[str, fl.Field],
                 *, save: SaveFn, values: Mapping[str, Any] | None = None,
                 names: Iterable[str] | None = None, changes: Iterable[str] = (),
                 options: Mapping[str, Mapping[str, Any]] | None = None,
                 savable: bool = False, defaults: Mapping[str, Any] | None = None):
        super().__init__(parent, ctx, title=title)
        self.always_savable = savable
        self.setObjectName("recordDialog")
        self.is_new = values is None
        self._save_fn = save
        self._changes = tuple(changes)
        self.result_value: Any = None
        body = QWidget(self)
        layout = QFormLayout(body)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        names = list(names) if names is not None else list(fields)
        self.form = self.track(Form(fields, body, names=names, options=options))
        self.form.add_rows(layout, names)
        self.main_layout(body)
        if values is None:
            start = {n: fields[n].default for n in names if fields[n].default is not None}
            start.update(defaults or {})
            self.form.set_values(start)
        else:
            self.form.set_values({n: values.get(n) for n in names})
        self.update_buttons()
        self.setMinimumWidth(480)

    @classmethod
    def run(cls, parent: QWidget | None, ctx, title: str, fields: Mapping[str, fl.Field], *,
            save: SaveFn, values: Mapping[str, Any] | None = None,
            names: Iterable[str] | None = None, changes: Iterable[str] = (),
            options: Mapping[str, Mapping[str, Any]] | None = None,
            savable: bool = False, defaults: Mapping[str, Any] | None = None,
            exec: bool = True):
        """Open the dialog; True once saved. ``exec=False``: return the dialog, not shown.
        ``savable``: Save is enabled before any change (the defaults are a valid answer)."""
        dialog = cls(parent, ctx, title, fields, save=save, values=values, names=names,
                     changes=changes, options=options, savable=savable, defaults=defaults)
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    def save(self) -> bool:
        data = self.form.values() if self.is_new else self.form.changed_values()
        ok, result = run_op(self, self.ctx, lambda s: self._save_fn(s, data),
                            changes=self._changes, on_validation=self.show_validation,
                            quiet=True)
        if ok:
            self.result_value = result
            self.saved()
        elif self.save_refused(result, tr("Operation not completed")):
            return self.save()  # the values chosen in the conflict dialog (load_current())
        return ok
