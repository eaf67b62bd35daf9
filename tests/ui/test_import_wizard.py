"""File → Import from a spreadsheet: the wizard's pages, preview, import, cancel, report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from affido_app.db.models import Elder, Fosterer
from affido_app.domain.enums import PersonKind, Role
from affido_app.ui.dialogs import import_wizard as iw
from affido_app.ui.operations import Cancelled
from tests.ui.conftest import context_for

# "Residente a" is guessed as Comune; "Recapito" is not recognised (mapped by hand below)
HEADER = ["Cognome", "Nome", "Data di nascita", "Sesso", "Residente a", "Recapito"]
GOOD = [["Rossi", "Maria", "12/03/1940", "F", "Torino", "011 1234567"],
        ["Ferrari", "Giuseppe", "1.2.38", "maschio", "Rivoli", "011 7654321"]]
BAD_DATE = ["Esposito", "Anna", "31/02/1950", "F", "Torino", ""]
ROWS = [HEADER, *GOOD, BAD_DATE, GOOD[0]]  # the last row: a duplicate of the first


def write_csv(path: Path, rows=ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


def write_xlsx(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Note"
    wb.active.append(["Nessun dato qui"])
    ws = wb.create_sheet("Anziani")
    for row in rows:
        ws.append(row)
    wb.active = 0
    wb.save(path)
    return path


def count(ctx, model=Elder) -> int:
    with ctx.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def wizard(qtbot, ctx):
    w = iw.ImportWizard(None, ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def choose_file(wizard, path: Path, sheet: str | None = None) -> None:
    page = wizard.source_page
    page.path.setText(str(path))
    page._file_changed()
    if sheet is not None:
        assert page.sheet.isVisible()
        page.sheet.setCurrentText(sheet)


def to_preview(qtbot, wizard) -> None:
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.mapping_page.set_field("F", "phone")
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=10000)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_preview_then_import(qtbot, wizard, ctx, tmp_path, fmt):
    notified = []
    ctx.changed.connect(lambda areas: notified.append(set(areas)))
    if fmt == "csv":
        choose_file(wizard, write_csv(tmp_path / "anziani.csv"))
    else:
        choose_file(wizard, write_xlsx(tmp_path / "anziani.xlsx"), sheet="Anziani")
    wizard.next()
    page = wizard.mapping_page
    assert page.mapping() == {0: "last_name", 1: "first_name", 2: "birth_date", 3: "sex",
                              4: "comune"}
    page.set_field("F", "phone")  # the column the guess did not recognise
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=10000)
    counts = preview.counts.text()
    assert "Righe lette: 4" in counts and "Da importare: 2" in counts
    assert "Scartate: 2" in counts
    assert "dati non validi 1" in counts and "doppioni nel file 1" in counts
    outcome = {preview.model.data(preview.model.index(r, 0)):
               (preview.model.data(preview.model.index(r, 1)),
                preview.model.data(preview.model.index(r, 3)))
               for r in range(preview.model.rowCount())}
    assert outcome["2"][0] == "da importare"
    assert outcome["4"][0] == "scartata: dati non validi" and "colonna C" in outcome["4"][1]
    names = {preview.model.data(preview.model.index(r, 0)):
             preview.model.data(preview.model.index(r, 2))
             for r in range(preview.model.rowCount())}
    assert names["4"] == "Esposito Anna"  # a rejected row still says whose it is
    assert outcome["5"][0] == "scartata: doppione nel file" and "riga 2" in outcome["5"][1]
    assert count(ctx) == 0  # the preview writes nothing
    assert preview.isComplete()

    wizard.next()  # Import
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10000)
    assert count(ctx) == 2
    with ctx.sessions() as s:
        phones = set(s.scalars(select(Elder.phone)))
    assert phones == {"+390111234567", "+390117654321"}  # the column mapped by hand
    assert {"elders"} in notified
    report = wizard.report_page
    assert "Importate: 2" in report.counts.text()
    assert report.model.rowCount() == 2

    saved = report.save_report(tmp_path / "resoconto.json")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["counts"]["imported"] == 2 and data["counts"]["skipped"] == 2
    assert {r["row"] for r in data["skipped"]} == {4, 5}
    text = report.save_report(tmp_path / "resoconto.txt").read_text(encoding="utf-8")
    assert "Importate: 2." in text and "Riga 4:" in text


def test_fosterers_and_duplicates_on_file(qtbot, wizard, ctx, tmp_path):
    path = write_csv(tmp_path / "affidatari.csv", [HEADER, GOOD[0]])
    wizard.source_page.fosterers.setChecked(True)
    choose_file(wizard, path)
    to_preview(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10000)
    assert count(ctx, Fosterer) == 1 and count(ctx, Elder) == 0

    again = iw.ImportWizard(None, ctx, PersonKind.FOSTERER)
    qtbot.addWidget(again)
    again.show()
    choose_file(again, path)
    to_preview(qtbot, again)
    assert "già in archivio 1" in again.preview_page.counts.text()
    assert not again.preview_page.isComplete()  # nothing to import
    assert again.preview_page.message.isVisible()


def test_cancelled_import_imports_nothing(qtbot, wizard, ctx, tmp_path):
    def cancelling(parent, title, fn, **kwargs):
        def work(report):
            def cancel_after_writing(percent, text):
                if text.startswith("Importate"):  # the rows are written: the user cancels
                    raise Cancelled()
                report(percent, text)
            return fn(cancel_after_writing)
        return iw.run_slow(parent, title, work, **kwargs)

    choose_file(wizard, write_csv(tmp_path / "anziani.csv"))
    to_preview(qtbot, wizard)
    wizard.run_slow = cancelling
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.message.text() != "", timeout=10000)
    assert "nulla è stato importato" in preview.message.text()
    assert wizard.currentPage() is preview
    assert count(ctx) == 0
    assert all(r.id is None for r in preview.plan.rows)
    assert preview.isComplete()  # may be tried again

    wizard.run_slow = iw.run_slow
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10000)
    assert count(ctx) == 2


def test_refused_files_get_the_message_next_to_the_field(qtbot, wizard, tmp_path):
    page = wizard.source_page
    ods = tmp_path / "anziani.ods"
    ods.write_bytes(b"PK\x03\x04" + b"mimetypeapplication/vnd.oasis.opendocument" + b"\0" * 60)
    choose_file(wizard, ods)
    wizard.next()
    assert wizard.currentPage() is page
    assert page.message.isVisible() and "LibreOffice" in page.message.text()

    choose_file(wizard, write_csv(tmp_path / "titolo.csv", [["Elenco 2024"], ["Cognome"]]))
    assert not page.message.isVisible()  # a new file clears the old message
    wizard.next()
    assert wizard.currentPage() is page
    assert "non c'è l'intestazione delle colonne" in page.message.text()


def test_a_file_without_data_rows_is_said_on_the_preview(qtbot, wizard, ctx, tmp_path):
    choose_file(wizard, write_csv(tmp_path / "vuoto.csv", [HEADER]))
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.message.isVisible(), timeout=10000)
    assert "non contiene righe di dati" in preview.message.text()
    assert not preview.isComplete() and preview.retry.isVisible()


def test_mapping_without_a_required_column_cannot_go_on(qtbot, wizard, tmp_path):
    choose_file(wizard, write_csv(tmp_path / "anziani.csv"))
    wizard.next()
    page = wizard.mapping_page
    assert page.isComplete()
    page.set_field("A", None)  # Cognome not imported
    assert not page.isComplete()
    assert "Cognome" in page.message.text() and page.message.isVisible()
    page.set_field("A", "first_name")  # two columns for the same field
    assert not page.isComplete() and "una sola colonna" in page.message.text()
    page.set_field("A", "last_name")
    assert page.isComplete() and not page.message.isVisible()


def test_file_menu_offers_the_import_to_who_may_create_people(qtbot, ctx, ui_actors):
    from affido_app.ui.main_window import MainWindow

    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    assert not iw.can_import(reader) and iw.can_import(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.import_action.isEnabled()
    assert window.import_action.text().replace("&", "") == "Importa da foglio di calcolo…"
    window.import_people()
    (opened,) = [w for w in window.findChildren(iw.ImportWizard) if w.isVisible()]
    assert opened.source_page.elders.isChecked()
    assert opened.button(QWizard.WizardButton.NextButton).text().replace("&", "") == "Avanti >"
    opened.close()
    read_only = MainWindow(reader)
    qtbot.addWidget(read_only)
    assert not read_only.import_action.isEnabled()


def test_cancelled_check_can_be_done_again(qtbot, wizard, tmp_path):
    def cancelling(parent, title, fn, **kwargs):
        def work(report):
            def cancel(percent, text):
                raise Cancelled()
            return fn(cancel)
        return iw.run_slow(parent, title, work, **kwargs)

    choose_file(wizard, write_csv(tmp_path / "anziani.csv"))
    wizard.next()
    wizard.run_slow = cancelling
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.retry.isVisible(), timeout=10000)
    assert preview.message.text() == "Il controllo è stato annullato."
    assert not preview.isComplete()
    wizard.run_slow = iw.run_slow
    preview.retry.click()
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=10000)
    assert preview.isComplete() and not preview.message.isVisible()
