"""The elder's and the fosterer's record windows, driven through their real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from affido_app.db.models import AuditEvent, Elder, ElderEvent
from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    DocumentKind,
    ElderCloseReason,
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    Need,
    Role,
    Sex,
)
from affido_app.services import consents as consent_service
from affido_app.services import people as P
from affido_app.ui.dialogs.duplicates_dialog import DuplicatesDialog
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.fosterer_dialog import FostererDialog
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.dialogs.status_dialog import StatusDialog
from affido_app.ui.i18n import tr
from tests.helpers import cf_for, elder_data, fosterer_data
from tests.ui.conftest import context_for, fake_message_boxes

BORN = dt.date(1945, 3, 5)


# --- helpers --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes answer ``boxes.answer`` and remember their texts (never a real modal
    loop in a test)."""
    return fake_message_boxes(monkeypatch)


def new_dialog(qtbot, cls, ctx):
    dialog = cls.create(None, ctx, exec=False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def open_dialog(qtbot, cls, ctx, person_id):
    dialog = cls.open_record(None, ctx, person_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # inspect it after closing
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, dialog, name, text):
    """Type in a field the way a user does (ASCII text; accents go through setText)."""
    editor = dialog.form.editor(name)
    target = getattr(editor, "line", editor)
    dialog.form.focus(name)
    target.selectAll()
    qtbot.keyClicks(target, text)
    popup = QApplication.activePopupWidget()
    if popup is not None:  # the comune's suggestions: close them as Esc does
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)


def choose(dialog, name, value):
    combo = dialog.form.editor(name)
    index = combo.index_of(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def make_elder(ctx, **kw) -> int:
    with ctx.begin() as s:
        return P.create_elder(s, ctx.actor, elder_data(**kw))


def make_fosterer(ctx, **kw) -> int:
    with ctx.begin() as s:
        return P.create_fosterer(s, ctx.actor, fosterer_data(**kw))


# --- creating -------------------------------------------------------------------------------------

def test_create_elder_through_the_form(qtbot, ctx):
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    assert dialog.windowTitle() == tr("New elder")
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    assert not dialog.status_button.isVisible()
    type_into(qtbot, dialog, "last_name", "rossi")
    type_into(qtbot, dialog, "first_name", "maria")
    choose(dialog, "sex", Sex.F)
    type_into(qtbot, dialog, "birth_date", "05/03/1945")
    type_into(qtbot, dialog, "comune", "Rivoli")
    type_into(qtbot, dialog, "phone", "011 953 1234")
    assert dialog.save_button.isEnabled()
    assert dialog.name_label.text() == "rossi maria"
    age = dt.date.today().year - 1945 - (dt.date.today() < dt.date(dt.date.today().year, 3, 5))
    assert dialog.details_label.text() == tr("{age} years").format(age=age) + " · Rivoli"
    click(qtbot, dialog.form.editor("needs").box(Need.COMPANY))
    dialog.form.editor("availability").toggle_day(0)
    dialog.form.focus("fragility_physical")
    choose(dialog, "fragility_physical", FragilityLevel.MEDIUM)
    click(qtbot, dialog.save_button)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert not dialog.isVisible()
    with ctx.begin() as s:
        elder = P.get_elder(s, ctx.actor, dialog.saved_id, sensitive=True)
    assert (elder["last_name"], elder["first_name"]) == ("Rossi", "Maria")
    assert elder["sex"] == Sex.F and elder["birth_date"] == BORN
    assert elder["comune"] == "Rivoli" and elder["phone"] == "+390119531234"
    assert elder["needs"] == int(Need.COMPANY)
    assert elder["availability"] == WeeklyGrid.of([(0, 0), (0, 1), (0, 2)]).mask
    assert elder["fragility_physical"] == FragilityLevel.MEDIUM
    assert elder["referral_date"] == dt.date.today()
    assert elder["status"] == ElderStatus.REFERRED


def test_create_fosterer_through_the_form(qtbot, ctx):
    dialog = new_dialog(qtbot, FostererDialog, ctx)
    type_into(qtbot, dialog, "last_name", "Verdi")
    type_into(qtbot, dialog, "first_name", "Giorgio")
    type_into(qtbot, dialog, "birth_date", "01/02/1980")
    type_into(qtbot, dialog, "comune", "Collegno")
    dialog.form.editor("capacity").setValue(2)
    click(qtbot, dialog.form.editor("has_car"))
    click(qtbot, dialog.form.editor("skills").box(Need.ERRANDS))
    dialog.form.editor("occupation").setText("Insegnante in pensione")
    assert not dialog.household.add_button.isEnabled()  # the record must exist first
    qtbot.keyClick(dialog.form.editor("occupation"), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)

    assert dialog.result() == dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        fosterer = P.get_fosterer(s, ctx.actor, dialog.saved_id)
    assert fosterer["capacity"] == 2 and fosterer["has_car"] is True
    assert fosterer["skills"] == int(Need.ERRANDS)
    assert fosterer["occupation"] == "Insegnante in pensione"
    assert fosterer["status"] == FostererStatus.APPLICATION


def test_create_entry_point_returns_the_new_id(qtbot, ctx):
    def fill_and_save():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, FostererDialog) and w.isVisible())
        dialog.form.editor("last_name").setText("Neri")
        dialog.form.editor("first_name").setText("Paolo")
        dialog.form.editor("birth_date").set_value(dt.date(1970, 5, 5))
        dialog.form.editor("comune").setText("Rosta")
        dialog.save()

    QTimer.singleShot(0, fill_and_save)
    new_id = FostererDialog.create(None, ctx)
    with ctx.sessions() as s:
        assert P.get_fosterer(s, ctx.actor, new_id)["last_name"] == "Neri"


# --- editing --------------------------------------------------------------------------------------

def test_edit_an_existing_elder(qtbot, ctx):
    eid = make_elder(ctx, last_name="Bianchi", first_name="Anna", phone="011 953 1234")
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    assert dialog.person_id == eid
    assert dialog.form.value("last_name") == "Bianchi"
    assert dialog.form.editor("phone").text() == "011 953 1234"
    assert dialog.status_label.text().startswith(
        tr("{status} since {date}").format(status="Segnalato", date=""))
    assert not dialog.save_button.isEnabled()
    dialog.form.editor("first_name").setText("Anna Lucia")
    dialog.form.editor("address").setText("Via Roma 1")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        elder = P.get_elder(s, ctx.actor, eid)
    assert elder["first_name"] == "Anna Lucia" and elder["address"] == "Via Roma 1"
    assert elder["version"] == 2


def test_validation_messages_next_to_fields_and_form_stays_open(qtbot, ctx):
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    type_into(qtbot, dialog, "first_name", "Maria")
    type_into(qtbot, dialog, "birth_date", "01/01/2099")
    type_into(qtbot, dialog, "codice_fiscale", cf_for("Rossi", "Maria", "F", BORN)[:-1] + "Z")
    type_into(qtbot, dialog, "comune", "Rivoli")
    click(qtbot, dialog.save_button)

    assert dialog.isVisible()
    form = dialog.form
    assert form.error("last_name") == "Campo obbligatorio."
    assert form.error("birth_date") == "La data di nascita non può essere nel futuro."
    assert "carattere di controllo" in form.error("codice_fiscale")
    assert form.binding("last_name").error_label.isVisible()
    assert form.value("first_name") == "Maria"  # nothing lost
    assert form.editor("birth_date").text() == "01/01/2099"
    assert dialog.tabs.currentIndex() == 0
    qtbot.waitUntil(form.editor("last_name").hasFocus)
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Elder)) == 0


def test_an_error_on_another_tab_switches_to_it(qtbot, ctx):
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    type_into(qtbot, dialog, "last_name", "Rossi")
    type_into(qtbot, dialog, "first_name", "Maria")
    type_into(qtbot, dialog, "birth_date", "05/03/1945")
    type_into(qtbot, dialog, "comune", "Rivoli")
    dialog.form.editor("email").setText("non-una-mail")
    dialog.tabs.setCurrentIndex(0)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error("email") == "Indirizzo email non valido."
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == tr("Contacts and references")
    qtbot.waitUntil(dialog.form.editor("email").hasFocus)


def test_cross_field_message_from_the_service(qtbot, ctx):
    eid = make_elder(ctx)
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    referral = dialog.form.value("referral_date")
    dialog.form.editor("intake_date").set_value(referral - dt.timedelta(days=3))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error("intake_date") == "La valutazione non può precedere la segnalazione."


# --- unsaved changes and undo ---------------------------------------------------------------------

def test_unsaved_changes_guard(qtbot, ctx, boxes):
    eid = make_elder(ctx, last_name="Bianchi")
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    dialog.form.editor("last_name").setText("Verdi")

    boxes.answer = QMessageBox.StandardButton.Cancel
    dialog.close()
    assert dialog.isVisible()
    assert boxes.texts[-1] == tr("Do you want to save the changes?")
    assert dialog.form.value("last_name") == "Verdi"

    boxes.answer = QMessageBox.StandardButton.Discard
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    with ctx.sessions() as s:
        assert P.get_elder(s, ctx.actor, eid)["last_name"] == "Bianchi"


def test_guard_answer_save_saves(qtbot, ctx, boxes):
    eid = make_elder(ctx, last_name="Bianchi")
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    dialog.form.editor("notes").setPlainText("Preferisce essere chiamata al mattino.")
    boxes.answer = QMessageBox.StandardButton.Save
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with ctx.sessions() as s:
        assert P.get_elder(s, ctx.actor, eid)["notes"].startswith("Preferisce")


def test_closing_without_changes_does_not_ask(qtbot, ctx, boxes):
    dialog = open_dialog(qtbot, ElderDialog, ctx, make_elder(ctx))
    dialog.close()
    assert not dialog.isVisible() and boxes.texts == []


def test_undo_restores_a_changed_field(qtbot, ctx):
    eid = make_elder(ctx, last_name="Bianchi", first_name="Anna")
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    first = dialog.form.editor("first_name")
    dialog.form.focus("first_name")
    qtbot.waitUntil(first.hasFocus)
    first.end(False)
    qtbot.keyClicks(first, "lisa")
    assert first.text() == "Annalisa" and dialog.save_button.isEnabled()
    choose(dialog, "sex", Sex.M)
    qtbot.keyClick(first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.form.value("sex") == Sex.F
    qtbot.keyClick(first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert first.text() == "Anna"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(first, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert first.text() == "Annalisa"


# --- codice fiscale -------------------------------------------------------------------------------

def test_codice_fiscale_fills_birth_date_sex_and_birthplace(qtbot, ctx):
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    type_into(qtbot, dialog, "last_name", "Rossi")
    type_into(qtbot, dialog, "first_name", "Mario")
    type_into(qtbot, dialog, "codice_fiscale", cf_for("Rossi", "Mario", "M", BORN).lower())
    form = dialog.form
    assert form.value("birth_date") == BORN
    assert form.editor("birth_date").text() == "05/03/1945"
    assert form.value("sex") == Sex.M
    assert form.value("birthplace") == "Rivoli"
    assert form.error("codice_fiscale") is None

    # a different birth date is kept, with the message under the code
    form.editor("birth_date").set_value(dt.date(1946, 3, 5))
    assert form.error("codice_fiscale") == (
        "Il codice fiscale non corrisponde alla data di nascita.")
    click(qtbot, form.editor("codice_fiscale").fill_button)
    assert form.value("birth_date") == BORN
    assert form.error("codice_fiscale") is None
    dialog.undo()  # the fill is one step
    assert form.value("birth_date") == dt.date(1946, 3, 5)


# --- duplicates -----------------------------------------------------------------------------------

def _drive_duplicates(monkeypatch, action):
    """Replace the modal loop of DuplicatesDialog: ``action(dialog)`` presses a button."""
    seen = []

    def fake_exec(dialog):
        seen.append(dialog)
        action(dialog)
        return dialog.result()

    monkeypatch.setattr(DuplicatesDialog, "exec", fake_exec)
    return seen


def _fill_new_elder(qtbot, dialog, last, first, born="05/03/1945", cf=None):
    type_into(qtbot, dialog, "last_name", last)
    type_into(qtbot, dialog, "first_name", first)
    type_into(qtbot, dialog, "birth_date", born)
    type_into(qtbot, dialog, "comune", "Rivoli")
    if cf:
        type_into(qtbot, dialog, "codice_fiscale", cf)


def test_near_duplicate_warns_and_save_anyway_saves(qtbot, ctx, monkeypatch):
    existing = make_elder(ctx, last_name="Rossi", first_name="Maria", birth_date=BORN)
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    _fill_new_elder(qtbot, dialog, "Rosi", "Maria")

    seen = _drive_duplicates(monkeypatch, lambda d: click(qtbot, d.back))
    click(qtbot, dialog.save_button)
    assert len(seen) == 1 and dialog.isVisible()
    table = seen[0].table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Rossi Maria"
    assert table.item(0, 4).text() == "Nome simile e stessa data di nascita"
    assert seen[0].duplicates[0]["id"] == existing

    seen = _drive_duplicates(monkeypatch, lambda d: click(qtbot, d.save_anyway))
    click(qtbot, dialog.save_button)
    assert len(seen) == 1
    assert dialog.result() == dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Elder)) == 2


def test_same_codice_fiscale_is_a_certain_duplicate(qtbot, ctx, monkeypatch):
    cf = cf_for("Rossi", "Maria", "F", BORN)
    make_elder(ctx, last_name="Rossi", first_name="Maria", birth_date=BORN, codice_fiscale=cf,
               sex="F")
    dialog = new_dialog(qtbot, ElderDialog, ctx)
    _fill_new_elder(qtbot, dialog, "Rossi", "Maria", cf=cf)
    seen = _drive_duplicates(monkeypatch, lambda d: click(qtbot, d.back))
    click(qtbot, dialog.save_button)
    assert len(seen) == 1
    assert seen[0].table.item(0, 4).text() == "Stesso codice fiscale"
    assert not seen[0].save_anyway.isEnabled()
    assert dialog.isVisible() and dialog.form.value("codice_fiscale") == cf


def test_duplicates_dialog_open_asks_the_main_window(qtbot, ctx):
    eid = make_elder(ctx, last_name="Rossi", first_name="Maria", birth_date=BORN)
    with ctx.sessions() as s:
        from affido_app.services.duplicates import find_possible_duplicates

        found = find_possible_duplicates(s, ctx.actor, "elder", last_name="Rossi",
                                         first_name="Maria", birth_date=BORN)
    dialog = DuplicatesDialog.ask(None, ctx, "elder", found, exec=False)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(ctx.open_record) as signal:
        click(qtbot, dialog.open_buttons[0])
    assert signal.args == ["elder", eid]
    assert dialog.result() == dialog.DialogCode.Rejected


# --- status ---------------------------------------------------------------------------------------

def test_status_change_through_the_dialog_records_an_event(qtbot, ctx, monkeypatch):
    eid = make_elder(ctx)
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    assert dialog.history.table.rowCount() == 1
    seen = []

    def drive(status_dialog):
        seen.append(status_dialog)
        status_dialog.show()
        offered = status_dialog.form.editor("status").choices()
        assert offered == [ElderStatus.ASSESSED, ElderStatus.CLOSED]
        choose(status_dialog, "status", ElderStatus.CLOSED)
        assert not status_dialog.form.binding("reason_code").container.isHidden()
        assert status_dialog.form.binding("reason_text").container.isHidden()
        assert status_dialog.form.binding("until").container.isHidden()
        click(qtbot, status_dialog.save_button)  # no reason yet
        assert status_dialog.isVisible()
        assert (status_dialog.form.error("reason_code")
                == "Indicare il motivo della conclusione.")
        choose(status_dialog, "reason_code", ElderCloseReason.MOVED_AWAY)
        status_dialog.form.editor("note").setPlainText("Si è trasferita dalla figlia.")
        click(qtbot, status_dialog.save_button)
        return status_dialog.result()

    monkeypatch.setattr(StatusDialog, "exec", drive)
    click(qtbot, dialog.status_button)
    assert len(seen) == 1
    with ctx.sessions() as s:
        events = s.scalars(select(ElderEvent).where(ElderEvent.elder_id == eid)
                           .order_by(ElderEvent.id)).all()
        assert [e.to_status for e in events] == ["referred", "closed"]
        assert events[-1].reason == "moved_away"
        assert events[-1].note == "Si è trasferita dalla figlia."
    assert dialog.status_label.text().startswith(
        tr("{status} since {date}").format(status="Concluso", date=""))
    assert dialog.history.table.rowCount() == 2
    assert dialog.history.text(0, 3) == "Trasferimento"
    assert dialog.history.text(0, 6) == "Carlo Coordinatore"
    assert dialog.version == 2
    dialog.form.editor("notes").setPlainText("dopo il cambio di stato")
    click(qtbot, dialog.save_button)  # the new version is used: no conflict
    assert dialog.result() == dialog.DialogCode.Accepted


def test_status_problems_without_a_field_are_listed_at_the_top(qtbot, ctx):
    eid = make_elder(ctx)
    status_dialog = StatusDialog.change(None, ctx, "elder", eid, exec=False)
    qtbot.addWidget(status_dialog)
    status_dialog.show()
    choose(status_dialog, "status", ElderStatus.ASSESSED)
    click(qtbot, status_dialog.save_button)
    assert status_dialog.isVisible()
    assert status_dialog.banner.isVisible()
    assert "Manca il consenso al trattamento dei dati." in status_dialog.banner.text()


def test_suspension_asks_reason_and_return_date(qtbot, ctx):
    eid = make_elder(ctx)
    with ctx.begin() as s:
        consent_service.record_consent(s, ctx.actor, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": dt.date.today()})
        for st in (ElderStatus.ASSESSED, ElderStatus.WAITING):
            P.change_status(s, ctx.actor, "elder", eid, st)
    status_dialog = StatusDialog.change(None, ctx, "elder", eid, exec=False)
    qtbot.addWidget(status_dialog)
    status_dialog.show()
    choose(status_dialog, "status", ElderStatus.SUSPENDED)
    assert not status_dialog.form.binding("reason_text").container.isHidden()
    assert status_dialog.form.binding("reason_code").container.isHidden()
    assert not status_dialog.form.binding("until").container.isHidden()
    click(qtbot, status_dialog.save_button)
    assert status_dialog.form.error("until") == "Indicare la data prevista di ripresa."
    assert status_dialog.form.error("reason_text") == "Indicare il motivo."
    status_dialog.form.editor("reason_text").setText("Ricovero ospedaliero")
    status_dialog.form.editor("until").set_value(dt.date.today() + dt.timedelta(days=30))
    click(qtbot, status_dialog.save_button)
    assert status_dialog.result() == status_dialog.DialogCode.Accepted
    with ctx.sessions() as s:
        event = s.scalars(select(ElderEvent).where(ElderEvent.elder_id == eid)
                          .order_by(ElderEvent.id.desc())).first()
    assert (event.to_status, event.reason) == ("suspended", "Ricovero ospedaliero")
    assert event.until == dt.date.today() + dt.timedelta(days=30)


def test_fosterer_statuses_offered_follow_the_life_cycle(qtbot, ctx):
    fid = make_fosterer(ctx)
    status_dialog = StatusDialog.change(None, ctx, "fosterer", fid, exec=False)
    qtbot.addWidget(status_dialog)
    assert status_dialog.form.editor("status").choices() == [
        FostererStatus.SELECTION, FostererStatus.NOT_APPROVED, FostererStatus.WITHDRAWN]
    choose(status_dialog, "status", FostererStatus.WITHDRAWN)
    reasons = status_dialog.form.editor("reason_code").choices()
    assert reasons[0].label == "Motivi personali"


# --- roles and special-category data --------------------------------------------------------------

def test_read_only_role_sees_everything_and_edits_nothing(qtbot, ctx, ui_actors):
    eid = make_elder(ctx, last_name="Bianchi")
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    dialog = open_dialog(qtbot, ElderDialog, reader, eid)
    assert dialog.form.value("last_name") == "Bianchi"
    assert dialog.form.editor("last_name").isReadOnly()
    assert not dialog.form.editor("sex").isEnabled()
    assert not dialog.save_button.isVisible()
    assert not dialog.status_button.isVisible()
    assert dialog.cancel_button.text() == tr("Close")
    assert not dialog.contacts.add_button.isVisible()
    assert not dialog.consents.add_button.isVisible()
    dialog.save_action.trigger()
    dialog.close()
    assert not dialog.isVisible()


def test_sensitive_fields_hidden_without_the_right_and_audited_with_it(qtbot, ctx, ui_actors):
    eid = make_elder(ctx, fragility_physical=FragilityLevel.HIGH,
                     chronic_conditions="Diabete")
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    hidden = open_dialog(qtbot, ElderDialog, reader, eid)
    assert "fragility_physical" not in hidden.form
    assert "chronic_conditions" not in hidden.form and "allergies" not in hidden.form
    assert "living_situation" in hidden.form
    page = hidden.tabs.widget(2).widget()
    assert page.findChild(type(hidden.name_label), "sensitiveNotice") is not None

    shown = open_dialog(qtbot, ElderDialog, ctx, eid)
    assert shown.form.value("fragility_physical") == FragilityLevel.HIGH
    assert shown.form.value("chronic_conditions") == "Diabete"
    with ctx.sessions() as s:
        reads = s.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.READ, AuditEvent.elder_id == eid)).all()
    assert [r.user_id for r in reads] == [ctx.actor.id]


# --- what belongs to a person ---------------------------------------------------------------------

def _drive_record_dialog(monkeypatch, fill):
    def fake_exec(dialog):
        fill(dialog)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)


def test_reference_people_add_edit_remove(qtbot, ctx, monkeypatch, boxes):
    eid = make_elder(ctx)
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    _drive_record_dialog(monkeypatch, lambda d: (
        d.form.editor("name").setText("Luca Bianchi"),
        d.form.editor("relation").setText("Figlio"),
        d.form.editor("phone").setText("333 123 4567")))
    click(qtbot, dialog.contacts.add_button)
    assert dialog.contacts.text(0, 0) == "Luca Bianchi"
    assert dialog.contacts.text(0, 2) == "333 123 4567"

    dialog.contacts.select(0)
    _drive_record_dialog(monkeypatch, lambda d: d.form.editor("relation").setText("Nipote"))
    click(qtbot, dialog.contacts.edit_button)
    assert dialog.contacts.text(0, 1) == "Nipote"

    dialog.contacts.select(0)
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, dialog.contacts.remove_button)
    assert dialog.contacts.table.rowCount() == 0
    with ctx.sessions() as s:
        assert P.list_elder_contacts(s, ctx.actor, eid) == []


def test_documents_table_marks_expired_ones(qtbot, ctx, monkeypatch):
    fid = make_fosterer(ctx)
    with ctx.begin() as s:
        P.add_document(s, ctx.actor, fid, {"kind": DocumentKind.ID_DOCUMENT, "number": "CA1",
                                           "issued_on": dt.date(2010, 1, 1),
                                           "expires_on": dt.date(2020, 1, 1)})
    dialog = open_dialog(qtbot, FostererDialog, ctx, fid)
    table = dialog.documents
    assert table.text(0, 0) == "Documento d'identità"
    assert table.text(0, 4) == tr("Expired")
    assert table.table.item(0, 3).toolTip() == tr("Expired on {date}").format(date="01/01/2020")
    assert table.table.item(0, 0).foreground().color().name() == "#b71c1c"

    def fill(d):
        combo = d.form.editor("kind")
        combo.setCurrentIndex(combo.index_of(DocumentKind.INSURANCE))
        d.form.editor("expires_on").set_value(dt.date.today() + dt.timedelta(days=300))

    _drive_record_dialog(monkeypatch, fill)
    click(qtbot, table.add_button)
    assert table.table.rowCount() == 2
    assert table.text(1, 4) == tr("Valid")


def test_household_member_added(qtbot, ctx, monkeypatch):
    fid = make_fosterer(ctx)
    dialog = open_dialog(qtbot, FostererDialog, ctx, fid)
    _drive_record_dialog(monkeypatch, lambda d: (
        d.form.editor("name").setText("Anna Verdi"),
        d.form.editor("birth_year").setValue(1978),
        d.form.editor("co_fosterer").setChecked(True)))
    click(qtbot, dialog.household.add_button)
    assert [dialog.household.text(0, c) for c in range(4)] == ["Anna Verdi", "", "1978",
                                                                tr("Yes")]


def test_consent_registered_and_withdrawn(qtbot, ctx, monkeypatch):
    eid = make_elder(ctx)
    dialog = open_dialog(qtbot, ElderDialog, ctx, eid)
    _drive_record_dialog(monkeypatch, lambda d: None)  # the defaults: personal data, today
    click(qtbot, dialog.consents.add_button)
    assert dialog.consents.text(0, 0) == ConsentScope.DATA_PROCESSING.label
    assert dialog.consents.text(0, 3) == tr("Active")
    dialog.consents.select(0)
    _drive_record_dialog(monkeypatch,
                         lambda d: d.form.editor("note").setPlainText("Revocato a voce"))
    click(qtbot, dialog.consents.edit_button)
    assert dialog.consents.text(0, 3) == tr("Withdrawn")
    with ctx.sessions() as s:
        rows = consent_service.list_consents(s, ctx.actor, elder_id=eid)
    assert rows[0]["withdrawn_on"] == dt.date.today()
