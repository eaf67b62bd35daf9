"""The elder's record offers matching suggestions while the elder waits for a match."""

from __future__ import annotations

import datetime as dt

from affido_app.domain.enums import ElderStatus, Role
from affido_app.services import consents
from affido_app.services import people as P
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from tests.helpers import elder_data
from tests.ui.conftest import context_for


def _elder(ctx, waiting: bool) -> int:
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data())
        if waiting:
            consents.record_consent(s, ctx.actor, elder_id=eid, data={
                "scope": "data_processing", "given_on": dt.date.today()})
            P.change_elder_status(s, ctx.actor, eid, ElderStatus.ASSESSED)
            P.change_elder_status(s, ctx.actor, eid, ElderStatus.WAITING)
    return eid


def test_button_only_for_waiting_elders_and_roles_that_propose(qtbot, ctx, ui_actors,
                                                               monkeypatch):
    waiting, referred = _elder(ctx, True), _elder(ctx, False)
    dialog = ElderDialog.open_record(None, ctx, waiting)
    qtbot.addWidget(dialog)
    assert dialog.suggest_button.isVisibleTo(dialog)
    opened = []
    from affido_app.ui.dialogs import suggestions_dialog

    monkeypatch.setattr(suggestions_dialog.SuggestionsDialog, "for_elder",
                        classmethod(lambda cls, parent, c, eid, **kw: opened.append(eid)))
    dialog.suggest_button.click()
    assert opened == [waiting]
    other = ElderDialog.open_record(None, ctx, referred)
    qtbot.addWidget(other)
    assert not other.suggest_button.isVisibleTo(other)
    reader = ElderDialog.open_record(None, context_for(ctx, ui_actors, Role.READ_ONLY), waiting)
    qtbot.addWidget(reader)
    assert not reader.suggest_button.isVisibleTo(reader)
