"""Change a person's status: only to the statuses its life cycle allows from the current one.

Asks the date (today by default), the reason when the new status needs one (a list of reasons for
a closure, a withdrawal, a cessation or a "not suitable"; free text for a suspension), the planned
return date of a suspension, and a note. The change is an event of the history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain import lifecycle
from affido_app.domain import validators as v
from affido_app.domain.enums import FostererStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services import people
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.date_edit import format_date
from affido_app.ui.widgets.form import Form

K = fl.Kind
#: what the views refresh after a change
AREAS = {PersonKind.ELDER: "elders", PersonKind.FOSTERER: "fosterers"}


class StatusDialog(FormDialog):
    """``StatusDialog.change(parent, ctx, kind, person_id)`` → True once the status changed."""

    def __init__(self, parent: QWidget | None, ctx, kind: PersonKind | str, person_id: int):
        super().__init__(parent, ctx, title=tr("Change status"))
        self.setObjectName("statusDialog")
        self.kind = PersonKind(kind)
        self.k = people.kind_of(self.kind)
        self.person_id = person_id
        self.always_savable = True
        self.new_version: int | None = None
        with ctx.sessions() as s:
            record = (people.get_elder(s, ctx.actor, person_id) if self.kind == PersonKind.ELDER
                      else people.get_fosterer(s, ctx.actor, person_id))
        self.current = record["status"]
        self.version = record["version"]
        self.allowed = self.allowed_statuses(ctx, self.current)

        self.specs = fl.specs(
            fl.Field("status", tr("New status"), K.ENUM, enum=self.k.status_enum,
                     required=True),
            fl.Field("on", tr("Date of the change"), K.DATE, required=True),
            fl.Field("reason_code", tr("Reason"), K.ENUM, enum=self.k.reason_enum,
                     required=True),
            fl.Field("reason_text", tr("Reason"), K.TEXT, required=True, max_length=200),
            fl.Field("until", tr("Planned return date"), K.DATE, required=True),
            fl.Field("note", tr("Note"), K.MULTILINE, max_length=5000),
        )
        body = QWidget(self)
        self.layout_ = QFormLayout(body)
        name = f"{record['last_name']} {record['first_name']}"
        intro = QLabel(tr("{name}: now «{status}» since {date}.").format(
            name=name, status=self.current.label, date=format_date(record["status_since"])))
        intro.setWordWrap(True)
        self.layout_.addRow(intro)
        self.form = self.track(Form(self.specs, body, options={
            "status": {"choices": [(st, st.label) for st in self.allowed]},
            "note": {"lines": 3}}))
        self.form.add_rows(self.layout_, self.specs)
        self.form.set_values({"on": dt.date.today(),
                              "status": self.allowed[0] if len(self.allowed) == 1 else None})
        self.form.changed.connect(self._changed)
        self.save_button.setText(tr("Change status"))
        self.main_layout(body)
        if not self.allowed:
            self.show_banner([tr("No other status can be reached from the current one.")])
            self.always_savable = False
        self._show_rows()
        self.update_buttons()
        self.setMinimumWidth(520)

    @staticmethod
    def allowed_statuses(ctx, current) -> list:
        """The statuses reachable from ``current`` that the user may set, in life-cycle
        order."""
        order = list(type(current))
        allowed = sorted(lifecycle.allowed_next(current), key=order.index)
        if not ctx.can(Action.APPROVE, Resource.FOSTERER):
            allowed = [st for st in allowed if st != FostererStatus.APPROVED]
        return allowed

    @classmethod
    def change(cls, parent: QWidget | None, ctx, kind: PersonKind | str, person_id: int, *,
               exec: bool = True):
        """Ask and record a status change; True once done. ``exec=False``: the dialog."""
        try:
            dialog = cls(parent, ctx, kind, person_id)
        except AffidoError as exc:
            show_error(parent, tr("Change status"), exc.message)
            return None if not exec else False
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    # --- which fields show ---

    def _kind_of_reason(self) -> str | None:
        """"code" (a list of reasons), "text" (free text) or None for the chosen status."""
        new = self.form.value("status")
        if new is None or new not in lifecycle.NEEDS_REASON:
            return None
        return "text" if new in lifecycle.NEEDS_RESUME_DATE else "code"

    def _show_rows(self) -> None:
        reason = self._kind_of_reason()
        new = self.form.value("status")
        visible = {"reason_code": reason == "code", "reason_text": reason == "text",
                   "until": new is not None and new in lifecycle.NEEDS_RESUME_DATE}
        for name, shown in visible.items():
            self.layout_.setRowVisible(self.form.row(name)[1], shown)

    def _changed(self, name: str) -> None:
        if name == "status":
            self._show_rows()

    # --- saving ---

    def collect(self) -> dict[str, Any]:
        """The arguments of ``people.change_status``; raises ValidationError like it."""
        errors: dict[str, str] = {}
        new = self.form.value("status")
        if new is None:
            errors["status"] = tr("Choose the new status.")
        on = self._date("on", errors, required=True)
        reason_kind = self._kind_of_reason()
        reason = None
        if reason_kind == "code":
            code = self.form.value("reason_code")
            reason = code.value if code is not None else None
        elif reason_kind == "text":
            try:
                reason = v.clean_text(self.form.value("reason_text"), max_length=200)
            except FieldError as exc:
                errors["reason"] = exc.message
        until = None
        if new is not None and new in lifecycle.NEEDS_RESUME_DATE:
            until = self._date("until", errors)
        try:
            note = v.clean_text(self.form.value("note"), max_length=5000, multiline=True)
        except FieldError as exc:
            errors["note"] = exc.message
            note = None
        if errors:
            raise ValidationError(errors)
        return {"new_status": new, "on": on, "reason": reason, "until": until, "note": note}

    def _date(self, name: str, errors: dict[str, str], required: bool = False):
        value = self.form.value(name)
        try:
            day = v.parse_date(value)
            if required:
                v.require(day)
            return day
        except FieldError as exc:
            errors[name] = exc.message
            return None

    def show_validation(self, exc: ValidationError, form: Form | None = None) -> None:
        """``reason`` goes next to the visible reason field; what has no field (missing
        consent, age, UVG) is listed at the top."""
        errors = dict(exc.errors)
        if "reason" in errors:
            target = "reason_text" if self._kind_of_reason() == "text" else "reason_code"
            errors[target] = errors.pop("reason")
        super().show_validation(ValidationError(errors), self.form)

    def save(self) -> bool:
        if not self.allowed:
            return False
        try:
            args = self.collect()
        except ValidationError as exc:
            self.show_validation(exc)
            return False
        ok, result = run_op(
            self, self.ctx,
            lambda s: people.change_status(
                s, self.ctx.actor, self.kind, self.person_id, args["new_status"],
                on=args["on"], reason=args["reason"], until=args["until"], note=args["note"],
                expected_version=self.version),
            changes={AREAS[self.kind]}, title=tr("Status not changed"),
            on_validation=self.show_validation)
        if ok:
            self.new_version = result
            self.saved()
        return ok
