"""Change the status of a pair: only to the statuses its life cycle allows from the current one.

Asks the date (today by default); for a suspension the reason (free text) and the planned resume
date; for a closure the reason (the list of :class:`MatchCloseReason`) and its detail; a note
always. Reopening a closed pair is offered as "Attivo (riapertura)". Each message of the service
appears next to its field. The change is an event of the pair's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain import lifecycle
from affido_app.domain import validators as v
from affido_app.domain.enums import MatchCloseReason, MatchStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services import matches
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.format import italian_date

K = fl.Kind
#: what the views refresh after a change of a pair (the elder's status follows it)
AREAS = ("matches", "elders", "fosterers")


def status_choice_label(current: MatchStatus, status: MatchStatus) -> str:
    """The label of a next status; reopening a closed pair says so."""
    if current == MatchStatus.CLOSED and status == MatchStatus.ACTIVE:
        return tr("{status} (reopening)").format(status=status.label)
    return status.label


class MatchStatusDialog(FormDialog):
    """``MatchStatusDialog.change(parent, ctx, match_id)`` → True once the status changed."""

    def __init__(self, parent: QWidget | None, ctx, match_id: int):
        super().__init__(parent, ctx, title=tr("Change the status of the pair"))
        self.setObjectName("matchStatusDialog")
        self.match_id = match_id
        self.always_savable = True
        self.new_version: int | None = None
        with ctx.sessions() as s:
            record = matches.get_match(s, ctx.actor, match_id)
        self.record = record
        self.current: MatchStatus = record["status"]
        self.version = record["version"]
        self.allowed = self.allowed_statuses(ctx, self.current)

        self.specs = fl.specs(
            fl.Field("status", tr("New status"), K.ENUM, enum=MatchStatus, required=True),
            fl.Field("on", tr("Date of the change"), K.DATE, required=True),
            fl.Field("reason_code", tr("Reason"), K.ENUM, enum=MatchCloseReason,
                     required=True),
            fl.Field("reason_text", tr("Reason"), K.TEXT, required=True, max_length=40),
            fl.Field("sub_reason", tr("Details of the reason"), K.TEXT, max_length=200),
            fl.Field("until", tr("Planned return date"), K.DATE, required=True),
            fl.Field("note", tr("Note"), K.MULTILINE, max_length=5000),
        )
        body = QWidget(self)
        self.layout_ = QFormLayout(body)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        pair = f"{record['elder_name']} – {record['fosterer_name']}"
        intro = QLabel(tr("{pair}: now «{status}» since {date}.").format(
            pair=pair, status=self.current.label, date=italian_date(record["status_since"])))
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        self.layout_.addRow(intro)
        # without a next status the list shows the current one (an empty list would mean
        # "every status" to the form), and nothing can be saved
        choices = [(st, status_choice_label(self.current, st)) for st in self.allowed] or [
            (self.current, self.current.label)]
        self.form = self.track(Form(self.specs, body, options={
            "status": {"choices": choices},
            "note": {"lines": 3}}))
        self.form.add_rows(self.layout_, self.specs)
        self.form.editor("reason_text").setPlaceholderText(tr("e.g. hospital stay, holidays"))
        self.form.set_values({"on": dt.date.today(),
                              "status": self.allowed[0] if len(self.allowed) == 1 else None})
        self.form.changed.connect(self._changed)
        self.save_button.setText(tr("Change status"))
        self.main_layout(body)
        if not self.allowed:
            self.set_read_only(True)
            self.always_savable = False
            self.show_banner([tr("No other status can be reached from the current one.")
                              if ctx.can(Action.CHANGE_STATUS, Resource.MATCH) else
                              tr("Your profile cannot change the status of pairs.")])
        self._show_rows()
        self.update_buttons()
        self.setMinimumWidth(560)

    @staticmethod
    def allowed_statuses(ctx, current: MatchStatus) -> list[MatchStatus]:
        """The statuses reachable from ``current``, in life-cycle order (none without the
        permission to change the status of pairs)."""
        if not ctx.can(Action.CHANGE_STATUS, Resource.MATCH):
            return []
        order = list(MatchStatus)
        return sorted(lifecycle.allowed_next(current), key=order.index)

    @classmethod
    def change(cls, parent: QWidget | None, ctx, match_id: int, *, exec: bool = True):
        """Ask and record a status change; True once done. ``exec=False``: the dialog."""
        try:
            dialog = cls(parent, ctx, match_id)
        except AffidoError as exc:
            show_error(parent, tr("Change the status of the pair"), exc.message)
            return None if not exec else False
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    # --- which fields show ---

    def _new(self) -> MatchStatus | None:
        return self.form.value("status")

    def _show_rows(self) -> None:
        new = self._new()
        closing = new == MatchStatus.CLOSED
        suspending = new == MatchStatus.SUSPENDED
        visible = {"reason_code": closing, "sub_reason": closing, "reason_text": suspending,
                   "until": suspending}
        for name, shown in visible.items():
            self.layout_.setRowVisible(self.form.row(name)[1], shown)

    def _changed(self, name: str) -> None:
        if name == "status":
            self._show_rows()

    # --- saving ---

    def collect(self) -> dict[str, Any]:
        """The arguments of ``matches.change_match_status``; raises ValidationError."""
        errors: dict[str, str] = {}
        new = self._new()
        if new is None:
            errors["status"] = tr("Choose the new status.")
        on = self._date("on", errors, required=True)
        reason = sub_reason = until = None
        if new == MatchStatus.CLOSED:
            code = self.form.value("reason_code")
            reason = code.value if code is not None else None
            sub_reason = self._text("sub_reason", 200, errors)
        elif new == MatchStatus.SUSPENDED:
            reason = self._text("reason_text", 40, errors, key="reason")
            until = self._date("until", errors)
        note = self._text("note", 5000, errors, multiline=True)
        if errors:
            raise ValidationError(errors)
        return {"new_status": new, "on": on, "reason": reason, "sub_reason": sub_reason,
                "until": until, "note": note}

    def _text(self, name: str, limit: int, errors: dict[str, str], *, key: str | None = None,
              multiline: bool = False) -> str | None:
        try:
            return v.clean_text(self.form.value(name), max_length=limit, multiline=multiline)
        except FieldError as exc:
            errors[key or name] = exc.message
            return None

    def _date(self, name: str, errors: dict[str, str], required: bool = False):
        try:
            day = v.parse_date(self.form.value(name))
            if required:
                v.require(day)
            return day
        except FieldError as exc:
            errors[name] = exc.message
            return None

    def show_validation(self, exc: ValidationError, form: Form | None = None) -> None:
        """``reason`` goes next to the visible reason field; what has no field (the elder's
        status, a reopening refused) is listed at the top."""
        errors = dict(exc.errors)
        if "reason" in errors:
            target = "reason_text" if self._new() == MatchStatus.SUSPENDED else "reason_code"
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
            lambda s: matches.change_match_status(
                s, self.ctx.actor, self.match_id, args["new_status"], on=args["on"],
                reason=args["reason"], sub_reason=args["sub_reason"], until=args["until"],
                note=args["note"], expected_version=self.version),
            changes=AREAS, title=tr("Status not changed"), on_validation=self.show_validation)
        if ok:
            self.new_version = result
            self.saved()
        return ok
