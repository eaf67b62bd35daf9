"""A file kept in the database, shown from memory: a PDF in a PDF view, a picture scaled to the
window. Nothing is written to disk unless the user asks for a copy ("Save a copy…")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from affido_app.errors import StorageError
from affido_app.files import write_atomically
from affido_app.ui import settings as keys
from affido_app.ui.i18n import tr
from affido_app.ui.operations import show_error


class AttachmentViewer(QDialog):
    """``AttachmentViewer(parent, ctx, filename, mime_type, data, title=…)``."""

    def __init__(self, parent: QWidget | None, ctx, filename: str, mime_type: str, data: bytes,
                 *, title: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.filename = filename
        self.data = data
        self.setObjectName("attachmentViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowTitle(title or filename)

        if mime_type == "application/pdf":
            self.view = self._pdf_view(data)
        elif mime_type.startswith("image/"):
            self.view = self._picture_view(data)
        else:
            self.view = None
        if self.view is None:
            self.view = QLabel(tr("This kind of file cannot be shown here: save a copy to "
                                  "open it with another program."), self)
            self.view.setObjectName("noPreview")
            self.view.setWordWrap(True)
            self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.message = QLabel(self)
        self.message.setObjectName("viewerMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("QLabel#viewerMessage { color: #2e7d32; }")
        self.save_button = QPushButton(tr("Save a copy…"), self)
        self.save_button.setObjectName("saveCopy")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_copy)
        close = QPushButton(tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(760, 860)

    def _pdf_view(self, data: bytes) -> QWidget | None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            return None
        view = QPdfView(self)
        view.setObjectName("pdfView")
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setPageSpacing(12)
        view.setStyleSheet("QPdfView { background: #8a9099; }")
        return view

    def _picture_view(self, data: bytes) -> QWidget | None:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return None
        self.picture = QLabel(self)
        self.picture.setObjectName("picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixmap = pixmap
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(self.picture)
        return area

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_pixmap"):
            width = max(100, self.view.viewport().width() - 4)
            shown = (self._pixmap if self._pixmap.width() <= width else
                     self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
            self.picture.setPixmap(shown)

    def suggested_path(self) -> str:
        folder = self.ctx.settings.get(keys.DOCUMENT_FOLDER)
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return str(Path(folder) / self.filename)

    def save_copy(self) -> bool:
        """Ask where and write the file (atomically): a copy the user asked for."""
        chosen, _filter = QFileDialog.getSaveFileName(self, tr("Save a copy"),
                                                      self.suggested_path())
        if not chosen:
            return False
        path = Path(chosen)
        try:
            write_atomically(path, self.data)
        except StorageError as exc:
            show_error(self, tr("File not saved"), exc.message)
            return False
        self.ctx.settings.set(keys.DOCUMENT_FOLDER, str(path.parent))
        self.message.setText(tr("Saved as {path}").format(path=str(path)))
        return True
