"""Change the mileage rate (€/km) of the reimbursements: administrators only.

The rate is copied into each entry when the entry is made, so a new rate applies to the entries
made from then on; entries already recorded keep theirs (the dialog says so).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain import validators as v
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services.settings import REGISTRY, get_setting, set_setting
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.expenses_panel import rate_text, read_km_rate
from affido_app.ui.widgets.form import Form

KEY = "expenses.km_rate"
MAX_RATE = Decimal(2)
#: what the views refresh after the change
AREAS = ("settings", "expenses")


def parse_rate(text) -> Decimal:
    """The rate typed ("0,35"), up to three decimals, more than 0 and at most 2 €/km; raises
    ValidationError with the message for the field."""
    try:
        rate = v.parse_decimal(text, min_value=0, max_value=MAX_RATE, places=3)
        v.require(rate)
    except FieldError as exc:
        raise ValidationError({"km_rate": exc.message}) from None
    if rate == 0:
        raise ValidationError({"km_rate": tr("The rate must be more than zero.")})
    return rate


def setting_text(rate: Decimal) -> str:
    """How the setting stores a rate: "0.30", "0.345"."""
    cents = rate.quantize(Decimal("0.01"))
    return str(cents if cents == rate else rate.normalize())


class KmRateDialog(FormDialog):
    """``KmRateDialog.change(parent, ctx)`` → True once the rate changed. Users who may not
    change the settings see the rate read-only."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent, ctx, title=tr("Mileage rate"))
        self.setObjectName("kmRateDialog")
        self.allowed = ctx.can(Action.UPDATE, Resource.SETTINGS)
        with ctx.sessions() as s:
            self.current = read_km_rate(s)
            raw = get_setting(s, KEY)
        self.specs = fl.specs(fl.Field("km_rate", REGISTRY[KEY].label, fl.Kind.DECIMAL,
                                       required=True, min_value=0, max_value=MAX_RATE))
        body = QWidget(self)
        layout = QFormLayout(body)
        current = (tr("Current rate: {rate} €/km").format(rate=rate_text(self.current))
                   if self.current is not None
                   else tr("The rate in the settings is not valid: enter the right one."))
        self.current_label = QLabel(current)
        self.current_label.setObjectName("currentRate")
        layout.addRow(self.current_label)
        self.form = self.track(Form(self.specs, body))
        self.form.add_rows(layout, self.specs)
        editor = self.form.editor("km_rate")
        editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0" * 10) + 24)
        explanation = QLabel(tr(
            "The new rate applies to the entries made from now on. Entries already recorded "
            "keep the rate they were made with, so their amounts do not change."))
        explanation.setWordWrap(True)
        explanation.setObjectName("rateNote")
        explanation.setStyleSheet("QLabel#rateNote { color: #5b6770; }")
        layout.addRow(explanation)
        if not self.allowed:
            denied = QLabel(tr("Only an administrator can change the rate."))
            denied.setObjectName("deniedNote")
            denied.setWordWrap(True)
            layout.addRow(denied)
        self.form.set_values({"km_rate": rate_text(self.current) if self.current is not None
                              else raw})
        self.main_layout(body)
        self.save_button.setText(tr("Change rate"))
        if not self.allowed:
            self.set_read_only(True)
        self.update_buttons()
        self.setMinimumWidth(460)

    def save(self) -> bool:
        if not self.allowed:
            return False
        try:
            rate = parse_rate(self.form.value("km_rate"))
        except ValidationError as exc:
            self.show_validation(exc)
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: set_setting(s, self.ctx.actor, KEY, setting_text(rate)),
                       changes=AREAS, title=tr("Rate not changed"),
                       on_validation=self.show_validation)
        if ok:
            self.new_rate = rate
            self.saved()
        return ok
