"""The weights of the matching criteria and the maximum distance: administrators only.

Weights are relative (each criterion gets its share of the 100 points); the dialog shows the
resulting shares as they are typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.matching.weights import (
    MAX_DISTANCE_LIMIT_KM,
    MAX_WEIGHT,
    PART_LABELS,
    PARTS,
    Weights,
    load_weights,
    save_weights,
)
from affido_app.services import fields as fl
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.form import Form

SPECS = fl.specs(
    *(fl.Field(name, PART_LABELS[name], fl.Kind.INT, required=True, min_value=0,
               max_value=int(MAX_WEIGHT)) for name in PARTS),
    fl.Field("max_distance_km", "Distanza massima (km)", fl.Kind.INT, required=True,
             min_value=1, max_value=MAX_DISTANCE_LIMIT_KM),
)


class WeightsDialog(FormDialog):
    """``WeightsDialog.change(parent, ctx)`` → True once the weights changed; read-only for
    users who may not change the settings."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent, ctx, title=tr("Matching criteria"))
        self.setObjectName("weightsDialog")
        self.allowed = ctx.can(Action.UPDATE, Resource.SETTINGS)
        with ctx.sessions() as s:
            current = load_weights(s)
        body = QWidget(self)
        layout = QFormLayout(body)
        intro = QLabel(tr("Each criterion counts in proportion to its weight: the shares of "
                          "the 100 points are shown on the right. Fosterers farther than the "
                          "maximum distance are never suggested."))
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.form = self.track(Form(SPECS, body))
        self.form.add_rows(layout, SPECS)
        self.shares = QLabel(body)
        self.shares.setObjectName("weightShares")
        self.shares.setWordWrap(True)
        layout.addRow(self.shares)
        if not self.allowed:
            denied = QLabel(tr("Only an administrator can change the matching criteria."))
            denied.setWordWrap(True)
            layout.addRow(denied)
        self.form.set_values({**{n: round(getattr(current, n)) for n in PARTS},
                              "max_distance_km": int(current.max_distance_km)})
        self.form.changed.connect(lambda _name: self._show_shares())
        self._show_shares()
        self.main_layout(body)
        if not self.allowed:
            self.set_read_only(True)
        self.update_buttons()
        self.setMinimumWidth(520)

    def _weights(self) -> Weights:
        values = fl.clean(self.form.values(), SPECS)
        return Weights(**{n: float(values[n]) for n in PARTS},
                       max_distance_km=float(values["max_distance_km"]))

    def _show_shares(self) -> None:
        try:
            shares = self._weights().shares()
        except ValidationError as exc:
            self.shares.setText(exc.message)
            return
        self.shares.setText("  ·  ".join(
            f"{PART_LABELS[n]} {shares[n]:.0f}".replace(".", ",") for n in PARTS))

    def save(self) -> bool:
        if not self.allowed:
            return False
        try:
            weights = self._weights()
        except ValidationError as exc:
            self.show_validation(exc)
            return False
        ok, _ = run_op(self, self.ctx, lambda s: save_weights(s, self.ctx.actor, weights),
                       changes={"settings", "matches"}, title=tr("Criteria not changed"),
                       on_validation=self.show_validation)
        if ok:
            self.saved()
        return ok
