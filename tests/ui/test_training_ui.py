"""Training through the real UI: courses, sessions, enrolment, the register, the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from affido_app.domain.enums import AttendanceStatus, FostererStatus, Role
from affido_app.services import people as P
from affido_app.services import training as T
from affido_app.ui import settings as keys
from affido_app.ui.dialogs.course_dialog import CourseDialog
from affido_app.ui.dialogs.register_dialog import RegisterDialog
from affido_app.ui.dialogs.training_session_dialog import TrainingSessionDialog
from affido_app.ui.i18n import tr
from affido_app.ui.views.training import FostererPicker, TrainingView
from affido_app.ui.widgets.record_table import yes_no
from affido_app.ui.widgets.training_record import TrainingRecord
from tests.helpers import fosterer_data
from tests.ui.conftest import context_for, fake_message_boxes

TODAY = dt.date.today()


# --- helpers --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Message boxes answer ``boxes.answer`` and remember their texts."""
    return fake_message_boxes(monkeypatch)


def drive(monkeypatch, cls, steps: Callable[[QDialog], None]) -> list[QDialog]:
    """``cls.exec`` runs ``steps(dialog)`` (what the user does) instead of a modal loop and
    answers like exec: the dialog's result. Returns the dialogs seen."""
    seen: list[QDialog] = []

    def fake_exec(dialog):
        seen.append(dialog)
        steps(dialog)
        return dialog.result()

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def at(day: dt.date, hour: int) -> str:
    return f"{day:%d/%m/%Y} {hour:02d}:00"


def make_fosterer(ctx, last: str, first: str, status=None) -> int:
    with ctx.begin() as s:
        fid = P.create_fosterer(s, ctx.actor, fosterer_data(last_name=last, first_name=first))
        if status is not None:
            P.change_fosterer_status(s, ctx.actor, fid, status, on=TODAY)
    return fid


def make_course(ctx, sessions: list[tuple[dt.date, bool]], enrolled: list[int] = (),
                **data) -> tuple[int, list[int]]:
    """A course with sessions (day, core) at 17:00 and fosterers enrolled."""
    with ctx.begin() as s:
        cid = T.create_course(s, ctx.actor, {"title": "Percorso di prova", **data})
        sids = [T.add_session(s, ctx.actor, cid, {
            "starts_at": dt.datetime.combine(day, dt.time(17)), "topic": f"Incontro {i + 1}",
            "place": "Rivoli", "is_core": core}) for i, (day, core) in enumerate(sessions)]
        for fid in enrolled:
            T.enroll(s, ctx.actor, cid, fid, on=TODAY - dt.timedelta(days=30))
    return cid, sids


def new_view(qtbot, ctx) -> TrainingView:
    view = TrainingView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


# --- a course from start to end ---------------------------------------------------------------

def test_a_course_end_to_end(qtbot, ctx, monkeypatch, boxes):
    verdi = make_fosterer(ctx, "Verdi", "Anna")
    neri = make_fosterer(ctx, "Neri", "Paolo", FostererStatus.SELECTION)
    make_fosterer(ctx, "Gialli", "Ugo")
    view = new_view(qtbot, ctx)
    assert view.courses_empty.isVisible() and view.placeholder.isVisible()

    # a new course
    def fill_course(dialog):
        dialog.form.editor("title").setText("Percorso di primavera")
        dialog.form.editor("start_date").setText(f"{TODAY - dt.timedelta(days=10):%d/%m/%Y}")
        dialog.form.editor("description").setPlainText("Preparazione all'affido diurno.")
        click(qtbot, dialog.save_button)

    drive(monkeypatch, CourseDialog, fill_course)
    click(qtbot, view.new_course_button)
    assert [c["title"] for c in view.courses] == ["Percorso di primavera"]
    assert view.course is not None and view.course_title.text() == "Percorso di primavera"
    assert view.course_table.item(0, 2).text() == "0"
    course_id = view.course["id"]

    # three sessions, two of them already held; place and trainer carried to the next
    days = [TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=3),
            TODAY + dt.timedelta(days=7)]
    topics = iter(["Il progetto", "Ascolto ed empatia", "La rete dei servizi"])
    starts = iter(days)
    seen = []

    def fill_session(dialog):
        seen.append(dialog.form.values(["place", "trainer"]))
        form = dialog.form
        form.editor("topic").setText(next(topics))
        day = next(starts)
        form.editor("starts_at").setText(at(day, 17))
        form.editor("ends_at").setText("19:00")  # the day of the start
        if not form.value("place"):
            form.editor("place").setText("Sala del Consorzio, Rivoli")
            form.editor("trainer").setText("Dott.ssa Rinaldi")
        click(qtbot, dialog.save_button)

    drive(monkeypatch, TrainingSessionDialog, fill_session)
    for _ in days:
        click(qtbot, view.sessions.add_button)
    assert seen[1] == {"place": "Sala del Consorzio, Rivoli", "trainer": "Dott.ssa Rinaldi"}
    assert [r["topic"] for r in view.sessions.rows] == ["Il progetto", "Ascolto ed empatia",
                                                        "La rete dei servizi"]
    first = view.sessions.rows[0]
    assert first["ends_at"] - first["starts_at"] == dt.timedelta(hours=2)
    assert view.sessions.text(0, 0) == f"{days[0]:%d/%m/%Y} 17:00"
    assert view.sessions.text(0, 4) == yes_no(True)
    assert view.sessions.text(0, 5) == tr("Register to take")
    assert view.sessions.text(2, 5) == tr("Scheduled")

    # two fosterers enrolled through the picker, searching as one types
    searches = iter(["verdi", "ner"])

    def pick(picker):
        picker.search.setText(next(searches))
        qtbot.waitUntil(lambda: picker.list.count() == 1)
        picker.list.item(0).setSelected(True)
        assert picker.ok_button.isEnabled()
        click(qtbot, picker.ok_button)

    drive(monkeypatch, FostererPicker, pick)
    click(qtbot, view.enrolled.add_button)
    click(qtbot, view.enrolled.add_button)
    assert [r["fosterer_id"] for r in view.enrolled.rows] == [neri, verdi]
    assert view.enrolled_box.title() == tr("Fosterers enrolled ({n})").format(n=2)
    assert view.course_table.item(0, 3).text() == "2"

    # the register of the first session: everybody present, then Neri absent with a note
    def take_register(dialog):
        assert not dialog.read_only and not dialog.save_button.isEnabled()
        click(qtbot, dialog.all_present_button)
        assert all(r.status() is AttendanceStatus.PRESENT for r in dialog.rows)
        row = dialog.row_for(neri)
        click(qtbot, row.choices[AttendanceStatus.ABSENT])
        row.note.setText("Influenza")
        assert dialog.counts_label.text().startswith("Presente: 1 · Assente: 1")
        click(qtbot, dialog.save_button)

    drive(monkeypatch, RegisterDialog, take_register)
    view.sessions.select(0)
    assert view.register_button.isEnabled()
    click(qtbot, view.register_button)

    with ctx.sessions() as s:
        register = {e["id"]: (e["status"], e["note"])
                    for e in T.session_register(s, ctx.actor, first["id"])}
    assert register == {verdi: (AttendanceStatus.PRESENT, None),
                        neri: (AttendanceStatus.ABSENT, "Influenza")}
    assert view.sessions.text(0, 5) == tr("{present} present out of {enrolled}").format(
        present=1, enrolled=2)
    by_name = {r["name"]: r for r in view.enrolled.rows}
    assert by_name["Verdi Anna"]["attended"] == 1 and by_name["Neri Paolo"]["attended"] == 0
    assert view.enrolled.text(1, 2) == tr("{n} of {needed}").format(n=1, needed=3)
    assert view.enrolled.text(1, 3) == tr("No – {missing}").format(
        missing="mancano 2 incontri obbligatori su 3")
    assert view.enrolled.text(0, 2) == tr("{n} of {needed}").format(n=0, needed=3)

    # the session still to come: its register cannot be taken yet, and says why
    future = RegisterDialog.open_register(None, ctx, view.sessions.rows[2]["id"], exec=False)
    qtbot.addWidget(future)
    future.show()
    assert future.read_only and not future.save_button.isVisible()
    assert future.notice.isVisible()
    assert future.notice.text() == tr(
        "This session is on {date}: its register can be taken from the day of the "
        "session.").format(date=_long(days[2]))
    assert not future.all_present_button.isVisible()
    assert not any(r.choices[AttendanceStatus.PRESENT].isEnabled() for r in future.rows)

    # attendance recorded: the course cannot be deleted, nor Neri removed from it
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, view.delete_course_button)
    assert "sono già state registrate delle presenze" in boxes.texts[-1]
    assert [c["id"] for c in view.courses] == [course_id]
    view.enrolled.select(0)
    click(qtbot, view.enrolled.remove_button)
    assert "l'iscrizione non può essere annullata" in boxes.texts[-1]


def _long(day: dt.date) -> str:
    from affido_app.ui.widgets.format import long_date

    return long_date(day)


def test_register_guards_unsaved_changes_and_reports_the_service(qtbot, ctx, boxes):
    fid = make_fosterer(ctx, "Bruni", "Carla")
    _cid, (sid,) = make_course(ctx, [(TODAY, True)], [fid])
    dialog = RegisterDialog.open_register(None, ctx, sid, exec=False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    row = dialog.rows[0]
    assert not row.note.isEnabled()  # a note goes with a mark
    click(qtbot, row.choices[AttendanceStatus.JUSTIFIED])
    assert row.note.isEnabled() and dialog.save_button.isEnabled()
    boxes.answer = QMessageBox.StandardButton.Cancel
    dialog.reject()  # Cancel with a mark not saved: asked, and stays open
    assert boxes.texts == [tr("Do you want to save the changes?")]
    assert dialog.isVisible()
    boxes.answer = QMessageBox.StandardButton.Save  # Save from the question
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with ctx.sessions() as s:
        assert T.session_register(s, ctx.actor, sid)[0]["status"] == AttendanceStatus.JUSTIFIED


# --- forms --------------------------------------------------------------------------------------

def test_messages_next_to_the_fields(qtbot, ctx):
    course = CourseDialog.create(None, ctx, exec=False)
    qtbot.addWidget(course, before_close_func=lambda d: d.discard_and_close())
    course.form.editor("description").setPlainText("Senza titolo")
    click(qtbot, course.save_button)
    assert course.isVisible() or course.result() != QDialog.DialogCode.Accepted
    assert course.form.error("title") == "Campo obbligatorio."

    cid, _ = make_course(ctx, [])
    dialog = TrainingSessionDialog.create(None, ctx, cid, exec=False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    form = dialog.form
    form.editor("topic").setText("Il progetto")
    form.editor("starts_at").setText(at(TODAY, 17))
    form.editor("ends_at").setText(at(TODAY, 16))
    click(qtbot, dialog.save_button)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert form.error("ends_at") == "L'orario di fine deve seguire quello di inizio."
    assert form.binding("ends_at").error_label.isVisible()
    form.editor("starts_at").setText("31/02/2026 17:00")
    click(qtbot, dialog.save_button)
    assert form.error("starts_at")  # the service's message about the date
    with ctx.sessions() as s:
        assert T.get_course(s, ctx.actor, cid)["sessions"] == []


def test_time_only_end_is_read_on_the_day_of_the_start(qtbot, ctx):
    cid, _ = make_course(ctx, [])
    dialog = TrainingSessionDialog.create(None, ctx, cid, exec=False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.form.editor("starts_at").setText("05/03/2027 17:00")
    ends = dialog.form.editor("ends_at")
    ends.setFocus()
    qtbot.waitUntil(ends.hasFocus)
    qtbot.keyClicks(ends, "19.30")
    dialog.form.editor("topic").setFocus()  # leaving the field completes it
    assert ends.text() == "05/03/2027 19:30"
    assert dialog.form.error("ends_at") is None


# --- permissions and layout -------------------------------------------------------------------

def test_read_only_role_sees_no_edit_buttons(qtbot, ctx, ui_actors):
    fid = make_fosterer(ctx, "Rosa", "Lina")
    make_course(ctx, [(TODAY - dt.timedelta(days=1), True)], [fid])
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    view = new_view(qtbot, reader)
    assert view.course is not None
    hidden = [view.new_course_button, view.edit_course_button, view.delete_course_button,
              view.sessions.add_button, view.sessions.edit_button, view.sessions.remove_button,
              view.enrolled.add_button, view.enrolled.remove_button]
    assert not any(b.isVisibleTo(view) for b in hidden)
    assert view.register_button.isVisibleTo(view)
    assert view.register_button.text() == tr("See register…")
    view.sessions.select(0)
    register = RegisterDialog.open_register(None, reader, view.sessions.rows[0]["id"],
                                            exec=False)
    qtbot.addWidget(register)
    assert register.read_only and register.notice.text() == tr(
        "Your profile can consult the register but not change it.")
    course = CourseDialog.open_course(None, reader, view.course["id"], exec=False)
    qtbot.addWidget(course)
    assert course.read_only and not course.save_button.isVisibleTo(course)


def test_psychologist_reads_but_does_not_write(qtbot, ctx, ui_actors):
    make_course(ctx, [])
    view = new_view(qtbot, context_for(ctx, ui_actors, Role.PSYCHOLOGIST))
    assert not view.new_course_button.isVisibleTo(view)
    assert not view.enrolled.add_button.isVisibleTo(view)
    assert view.course_table.rowCount() == 1


def test_splitter_state_is_kept(qtbot, ctx):
    make_course(ctx, [])
    view = new_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view._splitter_restored and view.splitter.sizes()[0] > 0)
    view.splitter.setSizes([400, 700])
    view.save_splitter()
    saved = ctx.settings.get(keys.splitter_key("training"))
    assert not saved.isEmpty()
    again = new_view(qtbot, ctx)
    qtbot.waitUntil(lambda: again.splitter.sizes()[0] == view.splitter.sizes()[0])


def test_views_follow_changes_made_elsewhere(qtbot, ctx):
    view = new_view(qtbot, ctx)
    cid, _ = make_course(ctx, [(TODAY, True)])
    ctx.notify({"training"})
    assert [c["id"] for c in view.courses] == [cid]
    assert len(view.sessions.rows) == 1


# --- the fosterer's training record -----------------------------------------------------------

def test_training_record_shows_completion(qtbot, ctx):
    fid = make_fosterer(ctx, "Conti", "Elsa")
    cid, sids = make_course(ctx, [(TODAY - dt.timedelta(days=8), True),
                                  (TODAY - dt.timedelta(days=1), True),
                                  (TODAY + dt.timedelta(days=6), False)],
                            [fid], required_core_sessions=2)
    with ctx.begin() as s:
        T.record_attendance(s, ctx.actor, sids[0], {fid: AttendanceStatus.PRESENT})
    record = TrainingRecord(ctx, fid)
    qtbot.addWidget(record)
    record.show()
    lines = record.course_lines()
    assert lines[0][0] == "Percorso di prova"
    assert lines[0][2] == tr("{n} of {needed}").format(n=1, needed=2)
    assert lines[0][3] == "manca 1 incontro obbligatorio su 2"
    assert "«Percorso di prova»: manca 1 incontro obbligatorio su 2" in record.summary.text()
    sessions = record.session_lines()
    assert [x[3] for x in sessions] == ["Presente", tr("Register not taken yet"),
                                        tr("Scheduled")]

    with ctx.begin() as s:  # the second register, taken elsewhere: the record follows
        T.record_attendance(s, ctx.actor, sids[1], {fid: AttendanceStatus.PRESENT})
    ctx.notify({"training"})
    assert record.course_lines()[0][3] == tr("Completed")
    assert record.summary.text() == tr("Training required for approval: complete.")
    with qtbot.waitSignal(record.course_requested) as signal:
        record.tree.itemDoubleClicked.emit(record.tree.topLevelItem(0).child(0), 0)
    assert signal.args == [cid]


def test_training_record_of_someone_not_enrolled(qtbot, ctx):
    fid = make_fosterer(ctx, "Sola", "Ida")
    record = TrainingRecord(ctx, fid)
    qtbot.addWidget(record)
    assert record.course_lines() == []
    assert not record.empty_label.isHidden()
    assert "Non risulta iscritto a nessun percorso formativo obbligatorio." in \
        record.summary.text()


def test_delete_course_remove_session_and_unenrol_when_nothing_is_recorded(qtbot, ctx, boxes):
    fid = make_fosterer(ctx, "Lupi", "Rita")
    cid, sids = make_course(ctx, [(TODAY - dt.timedelta(days=2), True),
                                  (TODAY + dt.timedelta(days=5), True)], [fid])
    view = new_view(qtbot, ctx)
    boxes.answer = QMessageBox.StandardButton.Yes
    view.sessions.select(1)
    click(qtbot, view.sessions.remove_button)
    assert [r["id"] for r in view.sessions.rows] == [sids[0]]
    assert view.sessions.text(0, 5) == tr("Register to take")
    view.enrolled.select(0)
    click(qtbot, view.enrolled.remove_button)
    assert view.enrolled.rows == []
    boxes.answer = QMessageBox.StandardButton.Cancel  # asked first: nothing happens
    click(qtbot, view.delete_course_button)
    assert [c["id"] for c in view.courses] == [cid]
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, view.delete_course_button)
    assert view.courses == [] and view.placeholder.isVisible()


def test_a_hidden_view_reads_again_when_shown(qtbot, ctx):
    view = new_view(qtbot, ctx)
    view.hide()
    cid, _ = make_course(ctx, [])
    ctx.notify({"fosterers"})
    assert view.courses == []  # nothing read while hidden
    view.show()
    assert [c["id"] for c in view.courses] == [cid]
