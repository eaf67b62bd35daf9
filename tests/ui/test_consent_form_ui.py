"""The signed consent form in the person's record: attached from a file, shown from memory,
saved as a copy only when asked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from affido_app.domain.enums import ConsentScope, Role
from affido_app.services import consents as consent_service
from affido_app.services import people as P
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.i18n import tr
from tests.helpers import elder_data
from tests.ui.conftest import context_for, fake_message_boxes


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    return fake_message_boxes(monkeypatch, QMessageBox.StandardButton.Ok)


@pytest.fixture
def elder_with_consent(ctx):
    with ctx.begin() as s:
        eid = P.create_elder(s, ctx.actor, elder_data())
        consent_service.record_consent(s, ctx.actor, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING,
            "given_on": dt.date.today() - dt.timedelta(days=3)})
    return eid


def _pdf(tmp_path):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 720, "Modulo di consenso firmato")
    page.showPage()
    page.save()
    path = tmp_path / "consenso firmato.pdf"
    path.write_bytes(buf.getvalue())
    return path


def _open(qtbot, ctx, eid):
    dialog = ElderDialog.open_record(None, ctx, eid)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_attach_open_and_save_a_copy_of_the_signed_form(qtbot, ctx, elder_with_consent,
                                                        tmp_path, monkeypatch):
    dialog = _open(qtbot, ctx, elder_with_consent)
    column = [dialog.consents.table.horizontalHeaderItem(c).text()
              for c in range(dialog.consents.table.columnCount())].index(tr("Signed form"))
    assert dialog.consents.text(0, column) == "—"
    assert not dialog.attach_form_button.isEnabled()  # nothing selected yet
    dialog.consents.select(0)
    assert dialog.attach_form_button.isEnabled() and not dialog.open_form_button.isEnabled()

    pdf = _pdf(tmp_path)
    assert dialog.attach_signed_form(str(pdf))
    assert dialog.consents.text(0, column) == tr("Attached")
    dialog.consents.select(0)
    assert dialog.open_form_button.isEnabled()

    viewer = dialog.open_signed_form()
    qtbot.addWidget(viewer)
    qtbot.waitExposed(viewer)
    assert viewer.document.pageCount() == 1
    assert ConsentScope.DATA_PROCESSING.label in viewer.windowTitle()
    # a copy only where the user says
    target = tmp_path / "copie" / "modulo.pdf"
    target.parent.mkdir()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    assert viewer.save_copy()
    assert target.read_bytes() == pdf.read_bytes()


def test_a_photograph_is_shown_and_a_wrong_kind_of_file_refused(qtbot, ctx, elder_with_consent,
                                                                tmp_path, boxes):
    dialog = _open(qtbot, ctx, elder_with_consent)
    dialog.consents.select(0)
    wrong = tmp_path / "modulo.docx"
    wrong.write_bytes(b"PK\x03\x04")
    assert not dialog.attach_signed_form(str(wrong))
    assert boxes == ["Il modulo firmato va allegato come PDF, JPEG o PNG."]

    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#d0e4f5"))
    photo = tmp_path / "foto modulo.png"
    assert image.save(str(photo))
    dialog.consents.select(0)
    assert dialog.attach_signed_form(str(photo))
    dialog.consents.select(0)
    viewer = dialog.open_signed_form()
    qtbot.addWidget(viewer)
    qtbot.waitExposed(viewer)
    QApplication.processEvents()
    assert viewer.picture.pixmap() is not None and not viewer.picture.pixmap().isNull()


def test_a_read_only_user_sees_no_attach_button(qtbot, ctx, ui_actors, elder_with_consent):
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    dialog = _open(qtbot, reader, elder_with_consent)
    assert not dialog.attach_form_button.isVisible()
    assert not dialog.open_form_button.isVisible()  # files need the attachments right
