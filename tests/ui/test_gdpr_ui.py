"""GDPR tools in the interface: the Privacy button of a record (export, anonymise, erase), the
anonymisation window, the statistics export, the Tools menu entries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from affido_app.db.models import AuditEvent, Elder, Fosterer, Match
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    ElderStatus,
    FostererStatus,
    MatchStatus,
    Role,
)
from affido_app.services import consents, gdpr, people
from affido_app.ui.dialogs import gdpr_dialogs as G
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.fosterer_dialog import FostererDialog
from affido_app.ui.main_window import MainWindow
from tests.ui.conftest import context_for

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes never open a modal loop: they remember their texts and press Close."""

    class Boxes:
        texts: list[str] = []
        press: str | None = None  # the text of a button to press instead of Close
        clicked = None

    def fake_exec(box):
        Boxes.texts.append(box.text())
        Boxes.clicked = next((b for b in box.buttons() if Boxes.press and b.text() == Boxes.press),
                             None)
        return QMessageBox.StandardButton.Close

    Boxes.texts = []
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: Boxes.clicked)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: Boxes.texts.append(a[2]))
    return Boxes


@pytest.fixture
def confirm(monkeypatch):
    """ConfirmDialog.ask answers ``confirm.reason`` (None: cancelled) and remembers the calls."""

    class Confirm:
        reason = gdpr.Reason.REQUEST
        calls: list[dict] = []

    def ask(parent, title, text, action, *, exec=True, **options):
        Confirm.calls.append({"title": title, "text": text, **options})
        return Confirm.reason

    Confirm.calls = []
    monkeypatch.setattr(G.ConfirmDialog, "ask", staticmethod(ask))
    return Confirm


@pytest.fixture
def admin(ctx, ui_actors):
    return context_for(ctx, ui_actors, Role.ADMIN)


def _elder(ctx, *, closed_years_ago: int | None = None, pair: bool = False) -> int:
    with ctx.begin() as s:
        eid = people.create_elder(s, ctx.actor, {
            "last_name": "Bonfiglio", "first_name": "Teresa", "birth_date": "01/02/1939",
            "comune": "Rivoli", "phone": "011 556677",
            "referral_date": gdpr.years_before(TODAY, 14)})
        if closed_years_ago is not None:
            e = s.get(Elder, eid)
            e.status = ElderStatus.CLOSED
            e.status_since = gdpr.years_before(TODAY, closed_years_ago)
        if pair:
            fid = people.create_fosterer(s, ctx.actor, {
                "last_name": "Ghirardi", "first_name": "Paolo", "birth_date": "01/01/1970",
                "comune": "Rivoli"})
            s.add(Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.ACTIVE,
                        status_since=TODAY, proposed_on=TODAY, started_on=TODAY))
    return eid


def _withdrawn_fosterer(ctx) -> int:
    with ctx.begin() as s:
        fid = people.create_fosterer(s, ctx.actor, {
            "last_name": "Rinaudo", "first_name": "Nadia", "birth_date": "01/01/1985",
            "comune": "Collegno", "application_date": TODAY - dt.timedelta(days=30)})
        people.change_fosterer_status(s, ctx.actor, fid, FostererStatus.WITHDRAWN,
                                      reason="personal", on=TODAY - dt.timedelta(days=1))
    return fid


def _record(qtbot, cls, ctx, person_id):
    dialog = cls.open_record(None, ctx, person_id, show=False)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# --- the Privacy button of a record ---------------------------------------------------------

def test_privacy_menu_follows_the_profile(qtbot, ctx, admin, ui_actors):
    eid = _elder(ctx)
    record = _record(qtbot, ElderDialog, ctx, eid)  # coordinator: export only
    assert record.findChild(type(record.save_button), "privacyButton") is not None
    actions = record.privacy_actions
    assert actions["export"].isEnabled()
    assert not actions["anonymise"].isEnabled() and not actions["erase"].isEnabled()
    assert actions["erase"].toolTip()
    record = _record(qtbot, ElderDialog, admin, eid)
    assert all(a.isEnabled() for a in record.privacy_actions.values())
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    record = _record(qtbot, ElderDialog, reader, eid)
    assert not record.privacy_actions["export"].isEnabled()
    new = ElderDialog.create(None, ctx, exec=False)  # not saved yet: no Privacy button
    qtbot.addWidget(new, before_close_func=lambda d: d.discard_and_close())
    assert new.findChild(type(new.save_button), "privacyButton") is None


def test_export_writes_json_and_pdf_and_is_audited(qtbot, ctx, tmp_path, boxes):
    eid = _elder(ctx)
    written = G.export_person_data(None, ctx, "elder", eid, path=tmp_path / "teresa")
    assert [p.name for p in written] == ["teresa.json", "teresa.pdf"]
    assert json.loads(written[0].read_text("utf-8"))["Scheda"]["Cognome"] == "Bonfiglio"
    assert written[1].read_bytes().startswith(b"%PDF")
    assert str(written[0]) in boxes.texts[-1]
    with ctx.sessions() as s:
        assert s.scalar(select(AuditEvent.entity_id).where(
            AuditEvent.action == AuditAction.EXPORT)) == eid


def test_export_refused_shows_the_reason(qtbot, ctx, ui_actors, tmp_path, boxes):
    eid = _elder(ctx)
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    assert G.export_person_data(None, reader, "elder", eid, path=tmp_path / "x.json") is None
    assert "esportare" in boxes.texts[-1]
    assert not (tmp_path / "x.json").exists()


def test_erase_from_the_record(qtbot, admin, confirm):
    fid = _withdrawn_fosterer(admin)
    record = _record(qtbot, FostererDialog, admin, fid)
    record.privacy_actions["erase"].trigger()
    assert confirm.calls[-1]["word"]  # a word to type before erasing
    with admin.sessions() as s:
        assert s.get(Fosterer, fid) is None
    assert not record.isVisible()


def test_erase_cancelled_changes_nothing(qtbot, admin, confirm):
    fid = _withdrawn_fosterer(admin)
    confirm.reason = None
    assert G.erase_person(None, admin, "fosterer", fid) is None
    with admin.sessions() as s:
        assert s.get(Fosterer, fid) is not None


def test_erase_refused_offers_anonymisation(qtbot, admin, confirm, boxes):
    eid = _elder(admin, closed_years_ago=1)
    with admin.begin() as s:
        consents.record_consent(s, admin.actor, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": TODAY})
    boxes.press = G.tr("Anonymise instead…")
    assert G.erase_person(None, admin, "elder", eid) == "anonymised"
    assert "revoca" in boxes.texts[0] and "anonimizzare" in boxes.texts[0]
    with admin.sessions() as s:
        e = s.get(Elder, eid)
        assert e.anonymised_at is not None and e.last_name == gdpr.ANONYMOUS_NAME


def test_anonymise_refused_while_a_pair_is_open(qtbot, admin, confirm, boxes):
    eid = _elder(admin, closed_years_ago=1, pair=True)
    assert G.anonymise_person(None, admin, "elder", eid) is None
    assert "abbinamento in corso" in boxes.texts[-1]
    assert confirm.calls == []  # never asked: nothing to confirm


def test_anonymise_from_the_record_shows_what_is_left(qtbot, admin, confirm, boxes):
    eid = _elder(admin, closed_years_ago=1)
    record = _record(qtbot, ElderDialog, admin, eid)
    record.form.set_value("notes", "appunto non salvato")
    record.privacy_actions["anonymise"].trigger()  # unsaved changes: refused
    assert confirm.calls == [] and boxes.texts
    record.form.set_value("notes", None)
    record.form.mark_clean()
    record.privacy_actions["anonymise"].trigger()
    assert record.isVisible() and not record.is_dirty()
    assert record.form.value("last_name") == gdpr.ANONYMOUS_NAME
    assert record.form.value("phone") is None
    assert gdpr.ANONYMOUS_NAME in record.name_label.text()
    with admin.sessions() as s:
        assert s.get(Elder, eid).phone is None


def test_confirm_dialog_needs_the_word(qtbot):
    dialog = G.ConfirmDialog.ask(None, "Cancella", "Testo", "Cancella", word="CANCELLA",
                                 exec=False)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.word_edit.setText("cancel")
    assert not dialog.ok_button.isEnabled()
    dialog.word_edit.setText("cancella ")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason() == gdpr.Reason.REQUEST
    plain = G.ConfirmDialog(None, "A", "B", "C", reasons=False)
    qtbot.addWidget(plain)
    assert plain.ok_button.isEnabled() and plain.reason_box.isHidden()


# --- the anonymisation window ---------------------------------------------------------------

def test_anonymisation_window_lists_and_anonymises_candidates(qtbot, admin, confirm):
    old = _elder(admin, closed_years_ago=11)
    recent = _elder(admin, closed_years_ago=3)
    dialog = G.AnonymisationDialog.open(None, admin, exec=False)
    qtbot.addWidget(dialog)
    assert dialog.years.value() == 10
    assert [r["id"] for r in dialog.rows] == [old]
    assert not dialog.anonymise_button.isEnabled()
    dialog.all_box.setChecked(True)
    assert dialog.anonymise_button.isEnabled()
    assert dialog.anonymise_selected()
    assert confirm.calls[-1]["reasons"] is False
    assert dialog.rows == [] and dialog.empty.isVisibleTo(dialog)
    with admin.sessions() as s:
        assert s.get(Elder, old).anonymised_at is not None
        assert s.get(Elder, recent).anonymised_at is None
    dialog.years.setValue(2)
    assert dialog.change_years()
    assert [r["id"] for r in dialog.rows] == [recent]


def test_anonymisation_window_refused_to_others(qtbot, ctx, boxes):
    assert G.AnonymisationDialog.open(None, ctx, exec=False) is None
    assert boxes.texts


# --- the statistics export ------------------------------------------------------------------

def test_statistics_export_dialog(qtbot, admin, tmp_path):
    _elder(admin)
    dialog = G.StatisticsExportDialog.open(None, admin, exec=False)
    qtbot.addWidget(dialog)
    assert dialog.key.text() == str(gdpr.default_key_path())
    out = tmp_path / "export"
    out.mkdir()
    dialog.folder.setText(str(out))
    dialog.key.setText(str(tmp_path / "chiave.key"))
    assert dialog.export(quiet=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(gdpr.STATISTICS_FILES)
    assert (tmp_path / "chiave.key").exists()  # created beside, not with the files
    assert "bonfiglio" not in (out / "anziani.csv").read_text("utf-8-sig").lower()


# --- the main window ------------------------------------------------------------------------

def test_tools_menu_entries(qtbot, ctx, admin, ui_actors):
    coordinator = MainWindow(ctx)
    qtbot.addWidget(coordinator)
    assert not coordinator.anonymisation_action.isEnabled()
    assert coordinator.anonymisation_action.toolTip()
    assert coordinator.statistics_action.isEnabled()
    window = MainWindow(admin)
    qtbot.addWidget(window)
    assert window.anonymisation_action.isEnabled()
    tools = next(a.menu() for a in window.menuBar().actions()
                 if window.anonymisation_action in a.menu().actions())
    assert window.statistics_action in tools.actions()
    dialog = window.open_anonymisation(exec=False)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, G.AnonymisationDialog)
    reader = MainWindow(context_for(ctx, ui_actors, Role.SOCIAL_WORKER))
    qtbot.addWidget(reader)
    assert not reader.statistics_action.isEnabled()
