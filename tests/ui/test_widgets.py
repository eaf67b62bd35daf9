"""The form widgets: weekly grid, flags, comune, date, codice fiscale, and the form binder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFormLayout, QTabWidget, QVBoxLayout, QWidget

from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import TIME_SLOTS, WEEKDAYS, Interest, Need, Sex
from affido_app.services import people
from affido_app.ui.widgets.cf_edit import CodiceFiscaleEdit
from affido_app.ui.widgets.comune_edit import NAME_ROLE, ComuneEdit, match_comuni
from affido_app.ui.widgets.date_edit import DateEdit
from affido_app.ui.widgets.flags import FlagsEdit
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.weekly_grid import WeeklyGridEdit
from tests.helpers import cf_for

CF_ROSSI = cf_for("Rossi", "Mario", "M", dt.date(1945, 3, 5))  # born in Rivoli


# --- weekly grid --------------------------------------------------------------------------------

def test_weekly_grid_keyboard_and_mask(qtbot):
    grid = WeeklyGridEdit()
    qtbot.addWidget(grid)
    grid.show()
    grid.setFocus()
    assert grid.verticalHeaderItem(0).text() == WEEKDAYS[0]
    assert grid.horizontalHeaderItem(2).text() == TIME_SLOTS[2]
    grid.setCurrentCell(0, 0)
    with qtbot.waitSignal(grid.changed) as signal:
        qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert signal.args == [WeeklyGrid.bit(0, 0)]
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # Tuesday afternoon
    assert grid.mask() == WeeklyGrid.of([(0, 0), (1, 1)]).mask
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # off again
    assert grid.mask() == WeeklyGrid.bit(0, 0)


def test_weekly_grid_mouse_day_header_and_set_mask(qtbot):
    grid = WeeklyGridEdit()
    qtbot.addWidget(grid)
    grid.show()
    rect = grid.visualItemRect(grid.item(4, 2))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert grid.mask() == WeeklyGrid.bit(4, 2)
    grid.verticalHeader().sectionClicked.emit(2)  # a click on "Mercoledì"
    assert all(grid.is_set(2, s) for s in range(3))
    grid.verticalHeader().sectionClicked.emit(2)
    assert not any(grid.is_set(2, s) for s in range(3))
    grid.horizontalHeader().sectionClicked.emit(0)  # every morning
    assert all(grid.is_set(d, 0) for d in range(7))
    grid.set_mask(WeeklyGrid.of([(6, 2)]).mask)
    assert grid.mask() == WeeklyGrid.bit(6, 2)
    grid.set_read_only(True)
    grid.toggle_cell(0, 0)
    grid.toggle_day(1)
    assert grid.mask() == WeeklyGrid.bit(6, 2)


# --- flags ----------------------------------------------------------------------------------------

def test_flags_edit_value_and_italian_labels(qtbot):
    edit = FlagsEdit(Need)
    qtbot.addWidget(edit)
    edit.show()
    assert edit.box(Need.COMPANY).text() == "Compagnia"
    edit.set_value(int(Need.MEALS | Need.WALKS))
    assert edit.box(Need.MEALS).isChecked() and edit.box(Need.WALKS).isChecked()
    with qtbot.waitSignal(edit.changed) as signal:
        qtbot.mouseClick(edit.box(Need.COMPANY), Qt.MouseButton.LeftButton)
    assert signal.args == [int(Need.MEALS | Need.WALKS | Need.COMPANY)]
    assert edit.value() == int(Need.MEALS | Need.WALKS | Need.COMPANY)
    interests = FlagsEdit(Interest, columns=4)
    qtbot.addWidget(interests)
    assert len(interests.boxes) == len(Interest.labels())


# --- comune ---------------------------------------------------------------------------------------

def test_comune_completion_filters_ignoring_case_and_accents(qtbot):
    edit = ComuneEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "rivol")
    texts = edit.suggestion_texts()
    assert texts[0] == "Rivoli (TO)"
    assert all("rivol" in t.lower() for t in texts)
    assert edit.suggestions.item(0).data(NAME_ROLE) == "Rivoli"
    assert edit.completer().completionRole() == NAME_ROLE
    assert ("Cantù", "CO") in match_comuni("CANTU")
    assert [n.lower() for n, _p in match_comuni("antonino")] == ["sant'antonino di susa"]
    assert match_comuni("") == []
    # choosing a suggestion writes the name, without the province
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(edit.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert edit.value() == "Rivoli"
    assert edit.is_known()


# --- date -----------------------------------------------------------------------------------------

def test_date_edit_typed_empty_invalid_and_calendar(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.show()
    assert edit.value() is None
    qtbot.keyClicks(edit.line, "5/3/2024")
    assert edit.value() == dt.date(2024, 3, 5)
    edit.line.editingFinished.emit()
    assert edit.text() == "05/03/2024"
    edit.setText("31/02/2024")
    assert edit.value() == "31/02/2024"  # the service reports it
    assert edit.error() == "Data inesistente."
    edit.set_value(None)
    assert edit.text() == "" and edit.value() is None and edit.error() is None
    edit.show_calendar()
    edit.calendar.clicked.emit(QDate(2025, 12, 24))
    assert edit.value() == dt.date(2025, 12, 24)
    edit.set_read_only(True)
    assert edit.line.isReadOnly() and not edit.button.isEnabled()


# --- codice fiscale -------------------------------------------------------------------------------

def test_cf_edit_uppercases_and_decodes_when_complete(qtbot):
    edit = CodiceFiscaleEdit(min_age=60)
    qtbot.addWidget(edit)
    edit.show()
    assert edit.line.maxLength() == 16
    assert not edit.fill_button.isEnabled()
    with qtbot.waitSignal(edit.decoded) as signal:
        qtbot.keyClicks(edit.line, CF_ROSSI.lower())
    assert edit.value() == CF_ROSSI
    assert signal.args[0]["birth_date"] == dt.date(1945, 3, 5)
    assert signal.args[0]["sex"] == "M"
    assert signal.args[0]["birthplace"] == "Rivoli"
    assert edit.fill_button.isEnabled()
    with qtbot.waitSignal(edit.fill_requested):
        qtbot.mouseClick(edit.fill_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit.line, Qt.Key.Key_Backspace)
    assert not edit.fill_button.isEnabled()
    edit.set_value(CF_ROSSI[:-1] + ("A" if CF_ROSSI[-1] != "A" else "B"))  # wrong check letter
    assert edit.decode() is None and not edit.fill_button.isEnabled()


# --- the form binder ------------------------------------------------------------------------------

NAMES = ["last_name", "first_name", "sex", "birth_date", "phone", "needs", "smoker",
         "max_distance_km", "notes"]


@pytest.fixture
def form_in_tabs(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    tabs = QTabWidget(window)
    QVBoxLayout(window).addWidget(tabs)
    pages = [QWidget(), QWidget()]
    form = Form(people.ELDER_FIELDS, window, names=NAMES)
    form.add_rows(QFormLayout(pages[0]), NAMES[:4])
    form.add_rows(QFormLayout(pages[1]), NAMES[4:])
    tabs.addTab(pages[0], "uno")
    tabs.addTab(pages[1], "due")
    window.show()
    return form, tabs


def test_form_builds_labelled_rows_from_specs(form_in_tabs):
    form, _tabs = form_in_tabs
    assert form.label("last_name").text() == "Cognome *"
    assert form.label("phone").text() == "Telefono"
    assert form.label("smoker") is None  # a check box carries its label
    assert form.editor("smoker").text() == "Fumatore"
    assert type(form.editor("birth_date")).__name__ == "DateEdit"
    assert type(form.editor("needs")).__name__ == "FlagsEdit"
    assert form.editor("sex").itemText(2) == "Femmina"


def test_form_values_dirty_and_changed_values(form_in_tabs, qtbot):
    form, _tabs = form_in_tabs
    form.set_values({"last_name": "Rossi", "first_name": "Maria", "sex": Sex.F,
                     "birth_date": dt.date(1940, 1, 5), "phone": "+390119531234",
                     "needs": int(Need.COMPANY), "smoker": False, "max_distance_km": None})
    assert not form.is_dirty()
    assert form.editor("phone").text() == "011 953 1234"  # shown as people write it
    assert form.editor("max_distance_km").text() == "—"
    values = form.values()
    assert values["sex"] == Sex.F and values["birth_date"] == dt.date(1940, 1, 5)
    assert values["needs"] == int(Need.COMPANY) and values["max_distance_km"] is None
    with qtbot.waitSignal(form.dirty_changed):
        qtbot.keyClicks(form.editor("first_name"), " Luisa")
    assert form.is_dirty()
    assert form.changed_values() == {"first_name": "Maria Luisa"}
    form.editor("max_distance_km").setValue(10)
    assert form.changed_values()["max_distance_km"] == 10
    form.mark_clean()
    assert not form.is_dirty()


def test_form_errors_next_to_fields_and_focus_switches_tab(form_in_tabs, qtbot):
    form, tabs = form_in_tabs
    rest = form.show_errors({"phone": "Numero di telefono non valido.",
                             "consent": "Manca il consenso al trattamento dei dati."})
    assert rest == {"consent": "Manca il consenso al trattamento dei dati."}
    label = form.binding("phone").error_label
    assert label.text() == "Numero di telefono non valido." and not label.isHidden()
    assert "c62828" in form.editor("phone").styleSheet()
    assert form.focus_first_error() == "phone"
    assert tabs.currentIndex() == 1
    qtbot.waitUntil(form.editor("phone").hasFocus)
    qtbot.keyClicks(form.editor("phone"), "1")  # editing clears the message
    assert form.error("phone") is None and not label.isVisible()
    form.show_errors({"last_name": "Campo obbligatorio."})
    form.clear_errors()
    assert form.errors() == {}


def test_form_checks_a_field_when_leaving_it(form_in_tabs, qtbot):
    form, tabs = form_in_tabs
    tabs.setCurrentIndex(1)
    phone = form.editor("phone")
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus)
    qtbot.keyClicks(phone, "12")
    form.editor("notes").setFocus()
    qtbot.waitUntil(lambda: form.error("phone") is not None)
    assert form.error("phone") == "Numero di telefono non valido."


def test_form_undo_redo_whole_field_edits(form_in_tabs, qtbot):
    form, _tabs = form_in_tabs
    form.set_values({"last_name": "Rossi", "first_name": "Maria"})
    first = form.editor("first_name")
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    first.end(False)
    qtbot.keyClicks(first, "nna")  # three keystrokes, one undo step
    form.editor("sex").setCurrentIndex(1)
    assert form.undo_stack.count() == 2
    form.undo_stack.undo()
    assert form.value("sex") is None
    form.undo_stack.undo()
    assert first.text() == "Maria"
    assert not form.is_dirty()
    form.undo_stack.redo()
    assert first.text() == "Marianna"
    assert form.is_dirty()
    form.set_values({"first_name": "Lucia"})  # a load empties the history
    assert form.undo_stack.count() == 0 and not form.is_dirty()


def test_form_rebase_keeps_user_edits(form_in_tabs, qtbot):
    form, _tabs = form_in_tabs
    form.set_values({"last_name": "Rossi", "first_name": "Maria", "notes": None})
    form.editor("notes").setPlainText("scritto ora")
    form.rebase({"last_name": "Rossini", "first_name": "Maria", "notes": "dal server"})
    assert form.value("last_name") == "Rossini"
    assert form.value("notes") == "scritto ora"
    assert form.changed_values() == {"notes": "scritto ora"}


def test_form_read_only(form_in_tabs):
    form, _tabs = form_in_tabs
    form.set_read_only(True)
    assert form.editor("last_name").isReadOnly()
    assert not form.editor("sex").isEnabled()
    assert not form.editor("smoker").isEnabled()
    assert not form.editor("needs").box(Need.MEALS).isEnabled()
    assert form.editor("birth_date").line.isReadOnly()
