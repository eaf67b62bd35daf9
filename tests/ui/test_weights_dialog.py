"""Administrators set the weights of the matching criteria; others only read them."""

from __future__ import annotations

from affido_app.domain.enums import Role
from affido_app.matching.weights import load_weights
from tests.ui.conftest import context_for


def test_admin_changes_the_weights(qtbot, ctx, ui_actors):
    from affido_app.ui.dialogs.weights_dialog import WeightsDialog

    admin = context_for(ctx, ui_actors, Role.ADMIN)
    dialog = WeightsDialog.change(None, admin, exec=False)
    qtbot.addWidget(dialog)
    assert "Distanza 25" in dialog.shares.text()
    dialog.form.set_value("distance", 50)
    dialog.form.set_value("language", 0)
    dialog.form.set_value("max_distance_km", 8)
    assert "Distanza 42" in dialog.shares.text()  # 50 of 120
    assert dialog.save()
    with ctx.sessions() as s:
        weights = load_weights(s)
    assert (weights.distance, weights.language, weights.max_distance_km) == (50, 0, 8)


def test_all_zero_weights_are_refused_next_to_the_fields(qtbot, ctx, ui_actors):
    from affido_app.ui.dialogs.weights_dialog import WeightsDialog

    dialog = WeightsDialog.change(None, context_for(ctx, ui_actors, Role.ADMIN), exec=False)
    qtbot.addWidget(dialog)
    for name in ("distance", "times", "needs", "interests", "language", "preferences"):
        dialog.form.set_value(name, 0)
    assert not dialog.save()
    with ctx.sessions() as s:
        assert load_weights(s).distance == 25


def test_coordinator_sees_them_read_only(qtbot, ctx):
    from affido_app.ui.dialogs.weights_dialog import WeightsDialog

    dialog = WeightsDialog.change(None, ctx, exec=False)
    qtbot.addWidget(dialog)
    assert not dialog.allowed and not dialog.save()
