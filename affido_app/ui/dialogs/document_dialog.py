"""The preview of a document: every page, zoom, print with the system dialog, save as PDF.

The PDF is read from memory (a :class:`QBuffer`): nothing is written to disk unless the user
saves it. Printing draws each chosen page, rendered at the printer's resolution, onto the
printer; saving writes a temporary file in the chosen folder and renames it over the target, so
a full disk or a crash never leaves half a file. A print or a save is recorded in the audit
trail ("printer" / "file"), as the preview was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from affido_app.errors import StorageError
from affido_app.files import write_atomically
from affido_app.services import documents
from affido_app.ui import settings as keys
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
#: pages are rendered for the printer at its resolution, up to this (a 1200 dpi A4 page would
#: take half a gigabyte of memory; 600 dpi is more than any office printer shows)
MAX_PRINT_DPI = 600
PDF_PRINT_DPI = 300
DEFAULT_SIZE = (900, 1000)


def pages_to_print(printer: QPrinter, count: int, current: int = 1) -> list[int]:
    """The pages (1-based) the user chose in the print dialog."""
    every = list(range(1, count + 1))
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 1), count)] if count else []
    if mode != QPrinter.PrintRange.PageRange:
        return every
    ranges = printer.pageRanges()
    if not ranges.isEmpty():
        return [p for p in every if ranges.contains(p)]
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        return every
    last = last if last > 0 else count
    return [p for p in every if first <= p <= last]


class DocumentDialog(QDialog):
    """``DocumentDialog(parent, ctx, prepared)``: the preview of a
    :class:`~affido_app.ui.documents.PreparedDocument`; a window of its own, deleted when
    closed."""

    def __init__(self, parent: QWidget | None, ctx, prepared):
        super().__init__(parent)
        self.ctx = ctx
        self.prepared = prepared
        self.setObjectName("documentDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        self.setWindowTitle(prepared.window_title)
        #: what happened to the document from this window: "printer", "file"
        self.outputs: list[str] = []

        # the PDF, from memory
        self._bytes = QByteArray(prepared.pdf)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a9099; }")
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._update_page())
        self.view.zoomFactorChanged.connect(lambda _f: self._update_zoom())
        self.view.zoomModeChanged.connect(lambda _m: self._update_zoom())
        self.view.viewport().installEventFilter(self)

        self._build_actions()
        toolbar = self._build_toolbar()
        self.message = QLabel(self)
        self.message.setObjectName("documentMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("QLabel#documentMessage { color: #2e7d32; }")
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.setObjectName("closeDocument")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(toolbar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._update_page()
        self._update_zoom()
        self._restore_geometry()

    # --- building ---

    def _action(self, text: str, slot, shortcuts=(), tip: str = "", name: str = "") -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # toolbar buttons keep the "…" of a dialog-opening action
        if name:
            action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.print_action = self._action(
            tr("Print…"), self.print_document, [QKeySequence.StandardKey.Print],
            tr("Print with the system print dialog (Ctrl+P)"), "printDocument")
        self.save_action = self._action(
            tr("Save as PDF…"), self.save_as, [QKeySequence.StandardKey.Save],
            tr("Save the document as a PDF file (Ctrl+S)"), "saveDocument")
        self.zoom_out_action = self._action(
            tr("Zoom out"), self.zoom_out, [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"],
            tr("Zoom out (Ctrl+-)"), "zoomOut")
        self.zoom_in_action = self._action(
            tr("Zoom in"), self.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl++", "Ctrl+="],
            tr("Zoom in (Ctrl++)"), "zoomIn")
        self.fit_action = self._action(
            tr("Fit width"), self.fit_width, ["Ctrl+0"],
            tr("Fit the page to the width of the window (Ctrl+0)"), "fitWidth")

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("documentToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.print_action)
        bar.addAction(self.save_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addAction(self.zoom_in_action)
        bar.addAction(self.fit_action)
        self.zoom_label = QLabel(bar)
        self.zoom_label.setObjectName("zoomLevel")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("0000 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.zoom_label)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.page_label = QLabel(bar)
        self.page_label.setObjectName("pageIndicator")
        bar.addWidget(self.page_label)
        return bar

    # --- pages and zoom ---

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """1-based."""
        return self.view.pageNavigator().currentPage() + 1

    def _update_page(self) -> None:
        total = self.page_count
        self.page_label.setText(tr("Page {n} of {total}").format(
            n=min(self.current_page(), max(total, 1)), total=total))

    def effective_zoom(self) -> float:
        """The zoom shown (1.0: the page at its real size on screen), in any zoom mode."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count == 0:
            return self.view.zoomFactor()
        screen = QGuiApplication.primaryScreen()
        dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
        size = self.document.pagePointSize(0)
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        page = size.width() * dpi / 72.0
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            height = self.view.viewport().height() - margins.top() - margins.bottom()
            return max(min(width / page, height / (size.height() * dpi / 72.0)), ZOOM_MIN)
        return max(width / page, ZOOM_MIN) if page else 1.0

    def _set_zoom(self, factor: float) -> None:
        factor = min(max(factor, ZOOM_MIN), ZOOM_MAX)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom()

    def zoom_in(self) -> None:
        self._set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom()

    def _update_zoom(self) -> None:
        fit = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        zoom = self.effective_zoom()
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.zoom_in_action.setEnabled(zoom < ZOOM_MAX - 1e-6)
        self.zoom_out_action.setEnabled(zoom > ZOOM_MIN + 1e-6)
        self.fit_action.setEnabled(not fit)

    def eventFilter(self, watched, event) -> bool:
        # fitted to the width, the zoom shown follows the size of the view
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._update_zoom()
        return super().eventFilter(watched, event)

    # --- printing ---

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.prepared.window_title)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)  # the PDF has its own margins
        return printer

    def print_document(self) -> bool:
        """The system print dialog, then the chosen pages onto the printer; True once sent."""
        count = self.page_count
        if count == 0:
            return False
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Print"))
        dialog.setMinMax(1, count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        pages = pages_to_print(printer, count, self.current_page())
        if not pages:
            show_error(self, tr("Not printed"), tr("No page of the document is in the range "
                                                   "chosen."))
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sent = self.paint_pages(printer, pages)
        finally:
            QApplication.restoreOverrideCursor()
        if not sent:
            show_error(self, tr("Not printed"), tr("The printer could not be started: check "
                                                   "that it is on and connected."))
            return False
        self.record_output("printer")
        self.show_message(tr("Sent to the printer ({n} pages).").format(n=len(pages)))
        return True

    def paint_pages(self, printer: QPrinter, pages: list[int]) -> bool:
        """Draw ``pages`` (1-based), each rendered at the printer's resolution, fitted to the
        paper and centred. False when the printer cannot be opened."""
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = min(max(printer.resolution(), 72), MAX_PRINT_DPI)
            if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
                dpi = min(dpi, PDF_PRINT_DPI)  # printed to a file: no need for more
            for index, number in enumerate(pages):
                if index and not printer.newPage():
                    return False
                target = QRectF(painter.viewport())
                size = self.document.pagePointSize(number - 1)
                if size.isEmpty():
                    continue
                # device pixels per PDF point on the paper, and the size to render at
                scale = min(target.width() / size.width(), target.height() / size.height())
                render_scale = min(scale, dpi / 72.0)
                image = self.document.render(
                    number - 1, QSize(round(size.width() * render_scale),
                                      round(size.height() * render_scale)))
                placed = QSizeF(size.width() * scale, size.height() * scale)
                corner = QPointF(target.x() + (target.width() - placed.width()) / 2,
                                 target.y() + (target.height() - placed.height()) / 2)
                painter.drawImage(QRectF(corner, placed), image)
        finally:
            painter.end()
        return True

    # --- saving ---

    def suggested_path(self) -> str:
        folder = self.ctx.settings.get(keys.DOCUMENT_FOLDER)
        if not folder or not Path(folder).is_dir():
            from PySide6.QtCore import QStandardPaths

            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return str(Path(folder) / self.prepared.filename)

    def save_as(self) -> bool:
        """Ask where, write the PDF (atomically); True once saved."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Save as PDF"), self.suggested_path(), tr("PDF documents (*.pdf)"))
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self.prepared.pdf)
        except StorageError as exc:
            show_error(self, tr("File not saved"), exc.message)
            return False
        self.ctx.settings.set(keys.DOCUMENT_FOLDER, str(path.parent))
        self.record_output("file")
        self.show_message(tr("Saved as {path}").format(path=str(path)))
        return True

    # --- audit and messages ---

    def record_output(self, output: str) -> bool:
        request, ids = self.prepared.request, dict(self.prepared.subject_ids)
        ok, _ = run_op(self, self.ctx,
                       lambda s: documents.record_output(s, self.ctx.actor, request, output,
                                                         ids),
                       title=tr("Document"))
        if ok:
            self.outputs.append(output)
        return ok

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # --- window ---

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.get(keys.DOCUMENT_GEOMETRY)
        if geometry is None or geometry.isEmpty() or not self.restoreGeometry(geometry):
            width, height = DEFAULT_SIZE
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                available = screen.availableGeometry()
                width = min(width, available.width() - 40)
                height = min(height, available.height() - 60)
            self.resize(max(width, 500), max(height, 400))

    def done(self, result: int) -> None:
        self.ctx.settings.set(keys.DOCUMENT_GEOMETRY, self.saveGeometry())
        super().done(result)
