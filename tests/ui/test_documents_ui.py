"""Documents from the interface: preview in the app, print through the system dialog, save as
PDF, entry points per profile, the period dialog and the letterhead settings. Run on a small demo
database (SQLite), as the document tests do."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import func, select

from affido_app.db.models import (
    AuditEvent,
    CourseEnrollment,
    Elder,
    Interview,
    Match,
    TrainingSession,
)
from affido_app.domain.enums import AuditAction, MatchStatus, Role
from affido_app.services.context import load_actor
from affido_app.services.demo import DEMO_ACCOUNTS
from affido_app.services.documents import DocumentRequest
from affido_app.ui import settings as keys
from affido_app.ui.context import AppContext
from affido_app.ui.dialogs.document_dialog import DocumentDialog, pages_to_print
from affido_app.ui.operations import Cancelled
from affido_app.ui.settings import Settings

# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture
def demo(demo_db):
    return demo_db


@pytest.fixture
def make_ctx(qapp, demo, qsettings):
    """A context on the demo database for one of the demo accounts' roles."""
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "it")
    names = {}
    for username, _name, role in DEMO_ACCOUNTS:
        names.setdefault(role, username)

    def make(role: Role = Role.COORDINATOR) -> AppContext:
        with demo.sessions() as s:
            actor = load_actor(s, names[role])
        return AppContext(demo, actor, Settings(qsettings), actor_name=names[role])

    return make


@pytest.fixture
def ctx(make_ctx):
    return make_ctx(Role.COORDINATOR)


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> list[str]:
    """The messages shown to the user (a message box would wait for an answer forever)."""
    from affido_app.ui import documents as ui_documents
    from affido_app.ui import operations
    from affido_app.ui.dialogs import document_dialog

    shown: list[str] = []
    for module in (ui_documents, operations, document_dialog):
        monkeypatch.setattr(module, "show_error",
                            lambda _parent, _title, message: shown.append(message))
    return shown


def busiest_session(database) -> int:
    with database.sessions() as s:
        return s.execute(
            select(TrainingSession.id)
            .join(CourseEnrollment, CourseEnrollment.course_id == TrainingSession.course_id)
            .group_by(TrainingSession.id)
            .order_by(func.count().desc(), TrainingSession.id).limit(1)
        ).scalar_one()


def active_match(database) -> Match:
    with database.sessions() as s:
        match = s.execute(select(Match).where(Match.status == MatchStatus.ACTIVE)
                          .order_by(Match.id).limit(1)).scalar_one()
        s.expunge(match)
        return match


def print_rows(database, output: str | None = None) -> list[AuditEvent]:
    with database.sessions() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == AuditAction.PRINT)
                         .order_by(AuditEvent.id)).scalars().all()
        for row in rows:
            s.expunge(row)
    return [r for r in rows if output is None or (r.detail or {}).get("output") == output]


def requests_for(database) -> dict[str, DocumentRequest]:
    """One request for each kind of document, on demo records."""
    match = active_match(database)
    with database.sessions() as s:
        elder = s.execute(select(Elder.id).order_by(Elder.id).limit(1)).scalar_one()
        interview = s.execute(select(Interview.id).order_by(Interview.id).limit(1)).scalar()
    last_end = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    year_ago = dt.date.today() - dt.timedelta(days=365)
    out = {
        "attendance": DocumentRequest("attendance", busiest_session(database)),
        "elder": DocumentRequest("elder", elder),
        "fosterer": DocumentRequest("fosterer", match.fosterer_id),
        "supervision": DocumentRequest("supervision", match.id, scope="pair"),
        "supervision-fosterer": DocumentRequest("supervision", match.fosterer_id,
                                                scope="fosterer"),
        "supervision-period": DocumentRequest("supervision", None, scope="period",
                                              date_from=year_ago, date_to=dt.date.today()),
        "agreement": DocumentRequest("agreement", match.id),
        "expenses": DocumentRequest("expenses", match.fosterer_id,
                                    date_from=last_end.replace(day=1), date_to=last_end),
        "activity": DocumentRequest("activity", None, date_from=year_ago,
                                    date_to=dt.date.today()),
    }
    if interview is not None:
        out["interview"] = DocumentRequest("interview", interview)
    return out


def open_preview(qtbot, ctx, request, **kwargs) -> DocumentDialog:
    """open_document as the windows call it; waits for the worker and returns the preview."""
    from affido_app.ui import documents as ui_documents

    opened: list[DocumentDialog] = []
    shown: list[str] = []
    original = ui_documents.show_error
    ui_documents.show_error = lambda _p, _t, message: shown.append(message)
    try:
        thread = ui_documents.open_document(None, ctx, request, on_ready=opened.append,
                                            show=False, **kwargs)
        assert thread is not None, shown
        qtbot.waitUntil(lambda: bool(opened or shown), timeout=30000)
    finally:
        ui_documents.show_error = original
    assert shown == []
    dialog = opened[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.page_count > 0)
    return dialog


# --- preview ---------------------------------------------------------------------------------

KINDS = ["attendance", "elder", "fosterer", "interview", "supervision", "supervision-fosterer",
         "supervision-period", "agreement", "expenses", "activity"]


@pytest.mark.parametrize("name", KINDS)
def test_preview_shows_every_page_of_the_document(qtbot, make_ctx, demo, name):
    request = requests_for(demo).get(name)
    if request is None:
        pytest.skip("no such record in the demo")
    kind = request.kind
    # a confidential interview record: the psychologists may print it
    ctx = make_ctx(Role.PSYCHOLOGIST if kind == "interview" else Role.COORDINATOR)
    dialog = open_preview(qtbot, ctx, request)
    prepared = dialog.prepared
    assert prepared.pdf.startswith(b"%PDF")
    assert dialog.page_count == prepared.pages == len(PdfReader(io.BytesIO(prepared.pdf)).pages)
    assert dialog.page_label.text() == f"Pagina 1 di {prepared.pages}"
    assert prepared.title in dialog.windowTitle()
    if prepared.subject:
        assert prepared.subject in dialog.windowTitle()
    if request.spec.personal:  # the preview itself is in the audit trail
        assert [r.detail["document"] for r in print_rows(demo, "preview")] == [kind]


def test_preview_zoom_keys_and_fit_width(qtbot, ctx, demo):
    dialog = open_preview(qtbot, ctx, requests_for(demo)["attendance"])
    dialog.resize(900, 800)
    dialog.show()
    qtbot.waitExposed(dialog)
    start = dialog.effective_zoom()
    dialog.zoom_in_action.trigger()
    assert dialog.effective_zoom() == pytest.approx(start * 1.25, rel=0.02)
    dialog.zoom_out_action.trigger()
    dialog.zoom_out_action.trigger()
    assert dialog.effective_zoom() == pytest.approx(start / 1.25, rel=0.02)
    assert dialog.fit_action.isEnabled()
    dialog.fit_action.trigger()
    assert dialog.effective_zoom() == pytest.approx(start, rel=0.02)
    assert not dialog.fit_action.isEnabled()
    shortcuts = {a.objectName(): [k.toString() for k in a.shortcuts()] for a in dialog.actions()}
    assert "Ctrl+P" in shortcuts["printDocument"] and "Ctrl+S" in shortcuts["saveDocument"]
    assert "Ctrl++" in shortcuts["zoomIn"] and "Ctrl+-" in shortcuts["zoomOut"]
    assert "Ctrl+0" in shortcuts["fitWidth"]


def test_preview_is_not_written_to_disk(qtbot, ctx, demo, tmp_path, monkeypatch):
    """The PDF holds health data: preparing and previewing it writes no file anywhere."""
    import tempfile

    written: list[str] = []
    real = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp",
                        lambda *a, **k: written.append("mkstemp") or real(*a, **k))
    dialog = open_preview(qtbot, ctx, requests_for(demo)["attendance"])
    assert dialog.page_count >= 1
    assert written == []


def test_a_document_that_cannot_be_prepared_says_why(qtbot, ctx, messages):
    from affido_app.ui import documents as ui_documents

    shown = messages
    opened: list = []
    ui_documents.open_document(None, ctx, DocumentRequest("attendance", 987654),
                               on_ready=opened.append, show=False)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert opened == []
    assert "987654" not in shown[0] and shown[0].endswith(".")


def test_closing_the_window_while_the_document_is_prepared(qtbot, ctx, demo, monkeypatch):
    """The record window closed while the worker runs: no crash, the preview opens alone."""
    import threading

    from PySide6.QtWidgets import QWidget
    from shiboken6 import isValid

    from affido_app.ui import documents as ui_documents

    release = threading.Event()
    real = ui_documents.prepare_pdf

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(ui_documents, "prepare_pdf", slow)
    window = QWidget()
    opened: list = []
    thread = ui_documents.open_document(window, ctx, requests_for(demo)["attendance"],
                                        on_ready=opened.append, show=False, delay_ms=0)
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window))
    release.set()
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    qtbot.addWidget(opened[0])
    assert opened[0].parent() is None and opened[0].page_count >= 1
    qtbot.waitUntil(thread.isFinished)


def test_cancelling_leaves_no_audit_row(ctx, demo):
    from affido_app.ui.documents import prepare_pdf

    def report(percent: int, _text: str) -> None:
        if percent >= 40:
            raise Cancelled()

    with pytest.raises(Cancelled):
        prepare_pdf(demo, ctx.actor, requests_for(demo)["attendance"], report=report)
    assert print_rows(demo) == []


# --- printing --------------------------------------------------------------------------------

def fake_print_dialog(monkeypatch, out, *, accept=True, first=0, last=0):
    """QPrintDialog.exec answering for the user: the printer writes a PDF into ``out``."""
    seen: dict = {}

    def exec_(dialog):
        printer = dialog.printer()
        seen["min"], seen["max"] = dialog.minPage(), dialog.maxPage()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        if first:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return seen


def test_printing_sends_every_page_and_is_audited(qtbot, ctx, demo, tmp_path, monkeypatch):
    kind = "elder"
    dialog = open_preview(qtbot, ctx, requests_for(demo)[kind])
    out = tmp_path / "printed.pdf"
    seen = fake_print_dialog(monkeypatch, out)
    assert dialog.print_document()
    assert (seen["min"], seen["max"]) == (1, dialog.page_count)
    printed = PdfReader(str(out))
    assert len(printed.pages) == dialog.page_count
    # each page is the document's page drawn on the paper: A4, with something on it
    box = printed.pages[0].mediabox
    assert float(box.width) == pytest.approx(595, abs=2)
    assert float(box.height) == pytest.approx(842, abs=2)
    assert printed.pages[0].images, "the page was drawn onto the printer"
    rows = print_rows(demo, "printer")
    assert len(rows) == 1 and rows[0].detail["document"] == kind
    assert rows[0].elder_id == dialog.prepared.request.record_id
    assert dialog.outputs == ["printer"]
    assert "stampante" in dialog.message.text()


def test_printing_honours_the_page_range(qtbot, ctx, demo, tmp_path, monkeypatch):
    dialog = open_preview(qtbot, ctx, requests_for(demo)["elder"])
    assert dialog.page_count >= 2  # the demo elder's record fills more than one page
    out = tmp_path / "range.pdf"
    fake_print_dialog(monkeypatch, out, first=2, last=2)
    assert dialog.print_document()
    assert len(PdfReader(str(out)).pages) == 1


def test_pages_to_print_reads_the_choice_of_the_dialog(qapp):
    printer = QPrinter()
    assert pages_to_print(printer, 4) == [1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert pages_to_print(printer, 4) == [2, 3]
    printer.setFromTo(3, 9)
    assert pages_to_print(printer, 4) == [3, 4]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert pages_to_print(printer, 4, current=2) == [2]


def test_cancelled_print_dialog_prints_nothing(qtbot, ctx, demo, tmp_path, monkeypatch):
    dialog = open_preview(qtbot, ctx, requests_for(demo)["attendance"])
    out = tmp_path / "never.pdf"
    fake_print_dialog(monkeypatch, out, accept=False)
    assert not dialog.print_document()
    assert not out.exists()
    assert print_rows(demo, "printer") == []


# --- saving ----------------------------------------------------------------------------------

def test_save_as_pdf_writes_the_file_and_is_audited(qtbot, ctx, demo, tmp_path, monkeypatch):
    dialog = open_preview(qtbot, ctx, requests_for(demo)["attendance"])
    folder = tmp_path / "archivio"
    folder.mkdir()
    asked: dict = {}

    def get_save(parent, caption, suggested, filters):
        asked["suggested"], asked["filters"] = suggested, filters
        return str(folder / "registro"), filters  # no extension typed: .pdf is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save))
    assert dialog.save_as()
    target = folder / "registro.pdf"
    assert target.read_bytes() == dialog.prepared.pdf
    assert [p.name for p in folder.iterdir()] == ["registro.pdf"]  # no temporary file left
    assert asked["suggested"].endswith(dialog.prepared.filename)
    assert "*.pdf" in asked["filters"]
    rows = print_rows(demo, "file")
    assert len(rows) == 1 and rows[0].detail["document"] == "attendance"
    assert ctx.settings.get(keys.DOCUMENT_FOLDER) == str(folder)
    assert str(target) in dialog.message.text()


def test_save_into_a_folder_that_cannot_be_written(qtbot, ctx, demo, tmp_path, monkeypatch,
                                                    messages):
    dialog = open_preview(qtbot, ctx, requests_for(demo)["attendance"])
    missing = tmp_path / "non-esiste" / "registro.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: (str(missing), "")))
    shown = messages
    assert not dialog.save_as()
    assert shown and "non-esiste" in shown[0]
    assert print_rows(demo, "file") == []


def test_save_replaces_an_existing_file_whole(tmp_path):
    from affido_app.files import write_atomically

    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old content, longer than the new one")
    write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


# --- entry points ----------------------------------------------------------------------------

def test_entry_points_open_the_preview(qtbot, ctx, demo):
    from affido_app.ui.views.training import TrainingView

    view = TrainingView(ctx)
    qtbot.addWidget(view)
    session_id = busiest_session(demo)
    with demo.sessions() as s:
        course_id = s.get(TrainingSession, session_id).course_id
    view.select_course(course_id)
    row = next(i for i, r in enumerate(view.sessions.rows) if r["id"] == session_id)
    view.sessions.table.selectRow(row)
    assert view.sheet_button.isEnabled()
    assert view.sheet_button.text() == "Stampa registro presenze"
    view.sheet_button.click()
    qtbot.waitUntil(lambda: view.findChild(DocumentDialog) is not None, timeout=30000)
    dialog = view.findChild(DocumentDialog)
    assert dialog.prepared.request == DocumentRequest("attendance", session_id)
    dialog.close()


def test_record_windows_offer_their_documents(qtbot, ctx, demo):
    from affido_app.ui.dialogs.elder_dialog import ElderDialog
    from affido_app.ui.dialogs.fosterer_dialog import FostererDialog
    from affido_app.ui.dialogs.match_dialog import MatchDialog

    match = active_match(demo)
    elder = ElderDialog.open_record(None, ctx, match.elder_id, show=False)
    qtbot.addWidget(elder)
    assert elder.print_button.isEnabled() and elder.print_button.text() == "Stampa scheda"
    fosterer = FostererDialog.open_record(None, ctx, match.fosterer_id, show=False)
    qtbot.addWidget(fosterer)
    texts = [a.text() for a in fosterer.documents_button.menu().actions()]
    assert texts == ["Stampa scheda", "Relazione di supervisione", "Prospetto rimborsi…"]
    assert all(a.isEnabled() for a in fosterer.documents_button.menu().actions())
    month = fosterer.print_expenses(exec=False)
    last_end = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    assert month.period() == (last_end.replace(day=1), last_end)  # last month by default
    month.deleteLater()
    pair = MatchDialog.open_record(None, ctx, match.id, show=False)
    qtbot.addWidget(pair)
    assert [a.text() for a in pair.documents_button.menu().actions()] == [
        "Patto di affido", "Relazione di supervisione"]


def test_interview_register_and_supervision_offer_their_documents(qtbot, make_ctx, demo):
    from affido_app.ui.dialogs.interview_dialog import InterviewDialog
    from affido_app.ui.dialogs.register_dialog import RegisterDialog
    from affido_app.ui.views.supervision import SupervisionView

    psychologist = make_ctx(Role.PSYCHOLOGIST)
    with demo.sessions() as s:
        interview = s.execute(select(Interview).order_by(Interview.id).limit(1)).scalar_one()
    saved = InterviewDialog.open_interview(None, psychologist, interview.id, exec=False)
    qtbot.addWidget(saved)
    assert saved.print_button.text() == "Stampa verbale" and saved.print_button.isEnabled()
    new = InterviewDialog.create(None, psychologist, elder_id=active_match(demo).elder_id,
                                 exec=False)
    qtbot.addWidget(new)
    assert new.print_button is None  # only a saved interview has a record to print
    # the coordinator took part in no demo interview: the notes, and so the record, are closed
    outsider = InterviewDialog.open_interview(None, make_ctx(Role.COORDINATOR), interview.id,
                                              exec=False)
    qtbot.addWidget(outsider)
    assert not outsider.print_button.isEnabled()
    assert "note riservate" in outsider.print_button.toolTip()

    register = RegisterDialog.open_register(None, psychologist, busiest_session(demo),
                                            exec=False)
    qtbot.addWidget(register)
    assert register.sheet_button.isEnabled()

    view = SupervisionView(psychologist)
    qtbot.addWidget(view)
    assert view.period_report_button.text() == "Relazione del periodo…"
    view.set_period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    dialog = view.print_period_report(exec=False)
    qtbot.addWidget(dialog)
    assert dialog.period() == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_a_profile_that_cannot_print_sees_the_actions_disabled(qtbot, make_ctx, demo,
                                                               messages):
    from affido_app.ui import documents as ui_documents
    from affido_app.ui.dialogs.elder_dialog import ElderDialog
    from affido_app.ui.dialogs.fosterer_dialog import FostererDialog
    from affido_app.ui.dialogs.match_dialog import MatchDialog
    from affido_app.ui.main_window import MainWindow
    from affido_app.ui.views.expenses import ExpensesView
    from affido_app.ui.views.supervision import SupervisionView
    from affido_app.ui.views.training import TrainingView

    reader = make_ctx(Role.READ_ONLY)
    match = active_match(demo)
    elder = ElderDialog.open_record(None, reader, match.elder_id, show=False)
    qtbot.addWidget(elder)
    assert not elder.print_button.isEnabled()
    assert "non consente" in elder.print_button.toolTip()
    fosterer = FostererDialog.open_record(None, reader, match.fosterer_id, show=False)
    qtbot.addWidget(fosterer)
    assert not fosterer.documents_button.isEnabled()
    assert not fosterer.expenses_panel.statement_button.isEnabled()
    pair = MatchDialog.open_record(None, reader, match.id, show=False)
    qtbot.addWidget(pair)
    assert not pair.documents_button.isEnabled()
    assert not pair.print_agreement_action.isEnabled()
    training = TrainingView(reader)
    qtbot.addWidget(training)
    session_id = busiest_session(demo)
    with demo.sessions() as s:
        training.select_course(s.get(TrainingSession, session_id).course_id)
    training.sessions.table.selectRow(0)
    assert training.register_button.isEnabled() and not training.sheet_button.isEnabled()
    supervision = SupervisionView(reader)
    qtbot.addWidget(supervision)
    assert not supervision.period_report_button.isEnabled()
    expenses = ExpensesView(reader)
    qtbot.addWidget(expenses)
    expenses.table.selectAll()
    assert not expenses.statement_button.isEnabled()
    window = MainWindow(reader)
    qtbot.addWidget(window)
    assert not window.activity_report_action.isEnabled()
    assert not window.supervision_report_action.isEnabled()
    assert not window.letterhead_action.isEnabled()
    # and the service refuses too, should anything call it
    shown = messages
    assert ui_documents.open_document(None, reader, DocumentRequest("elder", match.elder_id)) \
        is None
    assert shown == ["Il suo profilo non consente di stampare questo documento."]


def test_main_window_documents_menu(qtbot, ctx):
    from affido_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    documents = menus["&Documenti"]
    assert [a.text() for a in documents.actions()] == [
        "Relazione di &attività…", "Relazione di &supervisione del periodo…"]
    assert window.activity_report_action.isEnabled()
    dialog = window.print_activity_report(exec=False)
    assert dialog.windowTitle() == "Relazione di attività"
    dialog.deleteLater()
    # the letterhead is for administrators: a coordinator may not change it
    assert not window.letterhead_action.isEnabled()


# --- period dialog ---------------------------------------------------------------------------

def test_period_dialog_refuses_an_end_before_the_start(qtbot):
    from affido_app.ui.dialogs.period_dialog import PeriodDialog

    dialog = PeriodDialog.ask(None, "Periodo", exec=False)
    qtbot.addWidget(dialog)
    dialog.from_edit.setText("10/03/2026")
    dialog.to_edit.setText("01/03/2026")
    assert not dialog.ok_button.isEnabled()
    assert dialog.to_error.isVisibleTo(dialog)
    assert dialog.to_error.text() == "La fine viene prima dell'inizio."
    assert dialog.period() is None
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.to_edit.setText("31/03/2026")
    assert dialog.ok_button.isEnabled() and not dialog.to_error.isVisibleTo(dialog)
    assert dialog.period() == (dt.date(2026, 3, 10), dt.date(2026, 3, 31))
    dialog.to_edit.setText("31/02/2026")
    assert not dialog.ok_button.isEnabled() and dialog.to_error.text()


def test_period_dialog_presets(qtbot):
    from affido_app.ui.dialogs.period_dialog import PeriodDialog, presets

    dialog = PeriodDialog(None, "Periodo")
    qtbot.addWidget(dialog)
    today = dt.date.today()
    assert [b.text() for b in dialog.preset_buttons.values()] == [
        "Mese scorso", "Ultimi 3 mesi", "Anno in corso", "Anno scorso"]
    dialog.preset_buttons["lastYear"].click()
    assert dialog.period() == (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    dialog.preset_buttons["thisYear"].click()
    assert dialog.period() == (dt.date(today.year, 1, 1), today)
    dialog.preset_buttons["lastMonth"].click()
    start, end = dialog.period()
    assert start.day == 1 and end.month == start.month and end + dt.timedelta(days=1) \
        == today.replace(day=1)
    fixed = {name: (a, b) for name, _label, a, b in presets(dt.date(2026, 5, 31))}
    assert fixed["last3Months"] == (dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    assert fixed["lastMonth"] == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


# --- letterhead ------------------------------------------------------------------------------

def png(path, width=120, height=40) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6f9f"))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


def test_letterhead_is_saved_and_printed_with_the_logo(qtbot, make_ctx, demo, tmp_path):
    from affido_app.services.settings import get_setting
    from affido_app.ui.dialogs.letterhead_dialog import LetterheadDialog
    from affido_app.ui.documents import prepare_pdf

    admin = make_ctx(Role.ADMIN)
    before = prepare_pdf(demo, admin.actor, requests_for(demo)["attendance"])
    assert not PdfReader(io.BytesIO(before.pdf)).pages[0].images

    dialog = LetterheadDialog.change(None, admin, exec=False)
    qtbot.addWidget(dialog)
    assert dialog.allowed and not dialog.save_button.isEnabled()
    assert dialog.thumbnail.text() == "Nessun logo" and not dialog.remove_button.isEnabled()
    dialog.form.set_value("name", "Consorzio <b>Prova</b> & C.")
    dialog.form.set_value("address", "Via Roma 1, Rivoli · tel. 011 000000")
    logo = png(tmp_path / "logo.png")
    assert dialog.choose_logo(str(tmp_path / "logo.png"))
    assert not dialog.thumbnail.pixmap().isNull() and dialog.remove_button.isEnabled()
    assert dialog.save_button.isEnabled()
    assert dialog.save()
    with demo.sessions() as s:
        assert get_setting(s, "org.name") == "Consorzio <b>Prova</b> & C."
        assert get_setting(s, "org.address") == "Via Roma 1, Rivoli · tel. 011 000000"
        assert get_setting(s, "org.project") == "Mi affido a te"  # untouched
        import base64

        assert base64.b64decode(get_setting(s, "org.logo")) == logo

    after = prepare_pdf(demo, admin.actor, requests_for(demo)["attendance"])
    first = PdfReader(io.BytesIO(after.pdf)).pages[0]
    assert len(first.images) == 1
    assert "Consorzio <b>Prova</b> & C." in first.extract_text()

    again = LetterheadDialog.change(None, admin, exec=False)
    qtbot.addWidget(again)
    assert not again.thumbnail.pixmap().isNull()
    again.remove_logo()
    assert again.thumbnail.text() == "Nessun logo"
    assert again.save()
    without = prepare_pdf(demo, admin.actor, requests_for(demo)["attendance"])
    assert not PdfReader(io.BytesIO(without.pdf)).pages[0].images


def test_letterhead_refuses_large_or_foreign_files(qtbot, make_ctx, tmp_path):
    from affido_app.ui.dialogs.letterhead_dialog import LetterheadDialog

    dialog = LetterheadDialog.change(None, make_ctx(Role.ADMIN), exec=False)
    qtbot.addWidget(dialog)
    big = tmp_path / "grande.png"
    png(big)
    big.write_bytes(big.read_bytes() + b"\0" * (600 * 1024))
    assert not dialog.choose_logo(str(big))
    assert "512 KB" in dialog.logo_error.text()
    text = tmp_path / "logo.png"
    text.write_text("<svg></svg>")
    assert not dialog.choose_logo(str(text))
    assert dialog.logo_error.text() == "Scegliere un'immagine PNG o JPEG."
    assert dialog.logo is None and not dialog.save_button.isEnabled()
    dialog.form.set_value("name", "")
    assert not dialog.save()
    assert dialog.form.error("name") == "Indicare il nome dell'ente."


def test_letterhead_is_read_only_for_other_profiles(qtbot, ctx):
    from affido_app.ui.dialogs.letterhead_dialog import LetterheadDialog

    dialog = LetterheadDialog.change(None, ctx, exec=False)
    qtbot.addWidget(dialog)
    assert not dialog.allowed and dialog.read_only
    assert not dialog.save_button.isVisible() and not dialog.choose_button.isEnabled()
    assert not dialog.save()
