"""Opening a document from the interface: prepared in a worker thread, previewed in the app.

:func:`open_document` gathers the data and composes the PDF in a worker thread (its own database
session; a progress dialog with Cancel appears after half a second), then shows the preview
(:class:`~affido_app.ui.dialogs.document_dialog.DocumentDialog`), from which the user prints or
saves it. The PDF stays in memory: it is never written to a temporary file (it may hold health
data); only "Save as PDF" writes it, where the user chose.

The entry points of the windows use :func:`document_action` / :func:`document_button`, which are
disabled (with a tooltip saying why) for profiles that may not print that kind of document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QWidget
from shiboken6 import isValid

from affido_app.db.engine import translate_db_error
from affido_app.domain.permissions import Action
from affido_app.errors import AffidoError
from affido_app.services import documents
from affido_app.services.documents import KINDS, DocumentRequest
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_slow, show_error

#: ``report(percent, text)`` of :func:`affido_app.ui.operations.run_slow`
Report = Callable[[int, str], None]


@dataclass
class PreparedDocument:
    """A document ready to preview: the PDF bytes (in memory) and what the window shows."""

    request: DocumentRequest
    pdf: bytes
    pages: int
    title: str
    subject: str | None
    filename: str
    #: ``elder_id`` / ``fosterer_id`` of the person the document is about (audit of the
    #: print or the save made from the preview)
    subject_ids: dict[str, int] = field(default_factory=dict)

    @property
    def window_title(self) -> str:
        if self.subject:
            return tr("{title} – {subject}").format(title=self.title, subject=self.subject)
        return self.title


def can_print(ctx, kind: str) -> bool:
    """May the acting user print documents of ``kind``?"""
    return ctx.can(Action.PRINT, KINDS[kind].resource)


def denied_text() -> str:
    return tr("Your profile does not allow printing this document.")


def prepare_pdf(db, actor, request: DocumentRequest, *, report: Report | None = None,
                texts: tuple[str, str] = ("", "")) -> PreparedDocument:
    """Gather, compose and render ``request`` (any thread: opens its own session). The preview
    is audited inside the same unit of work: a cancel before the end leaves no row."""
    from affido_app.reports import render_bytes

    gathering, composing = texts
    if report is not None:
        report(5, gathering)
    with db.sessions.begin() as s:
        document = documents.prepare(s, actor, request, output="preview")
        if report is not None:
            report(40, composing)  # raises Cancelled: the unit of work is rolled back
    pdf, pages = render_bytes(document)
    if report is not None:
        report(100, composing)
    return PreparedDocument(request=request, pdf=pdf, pages=pages, title=document.title,
                            subject=document.subject, filename=document.filename,
                            subject_ids=dict(document.audit_ids))


def open_document(parent: QWidget | None, ctx, request: DocumentRequest, *,
                  on_ready: Callable[[QWidget], None] | None = None,
                  show: bool = True, delay_ms: int = 500) -> QThread | None:
    """Prepare ``request`` in a worker thread and open its preview (a window of its own).

    A known error (no permission, record removed, period not valid, database unreachable)
    is shown as a message; ``on_ready(dialog)`` is called with the preview once open."""
    if request.kind not in KINDS:
        raise ValueError(request.kind)
    if not can_print(ctx, request.kind):
        show_error(parent, tr("Document not prepared"), denied_text())
        return None
    title = tr("Preparing the document…")
    texts = (tr("Gathering the data…"), tr("Composing the pages…"))
    db, actor = ctx.db, ctx.actor

    def work(report: Report) -> PreparedDocument:
        return prepare_pdf(db, actor, request, report=report, texts=texts)

    def owner() -> QWidget | None:
        """The window that asked, unless it was closed meanwhile."""
        return parent if parent is not None and isValid(parent) else None

    def done(prepared: PreparedDocument) -> None:
        from affido_app.ui.dialogs.document_dialog import DocumentDialog

        dialog = DocumentDialog(owner(), ctx, prepared)
        if show:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
        if on_ready is not None:
            on_ready(dialog)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, AffidoError):
            show_error(owner(), tr("Document not prepared"), exc.message)
            return
        translated = translate_db_error(exc) if isinstance(exc, Exception) else None
        if translated is None:
            raise exc
        show_error(owner(), tr("Document not prepared"), translated.message)

    return run_slow(parent, title, work, on_done=done, on_error=failed, delay_ms=delay_ms)


# --- entry points in the windows -------------------------------------------------------------

def document_action(owner: QWidget, ctx, text: str, kind: str, trigger: Callable[[], Any], *,
                    shortcut: QKeySequence | str | None = None, name: str = "") -> QAction:
    """A menu item (or window shortcut) opening a document; disabled for who may not print."""
    action = QAction(text, owner)
    if name:
        action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    allowed = can_print(ctx, kind)
    action.setEnabled(allowed)
    if not allowed:
        action.setToolTip(denied_text())
    action.triggered.connect(lambda _checked=False: trigger())
    return action


def document_button(owner: QWidget, ctx, text: str, kind: str, trigger: Callable[[], Any], *,
                    name: str = "", tip: str = "") -> QPushButton:
    """A button opening a document; disabled (with the reason as tooltip) for who may not
    print it. Callers that disable it for other reasons should check :attr:`allowed`."""
    button = QPushButton(text, owner)
    if name:
        button.setObjectName(name)
    button.setAutoDefault(False)
    allowed = can_print(ctx, kind)
    button.setProperty("printAllowed", allowed)
    button.setEnabled(allowed)
    button.setToolTip(tip if allowed else denied_text())
    button.clicked.connect(lambda _checked=False: trigger())
    return button


def documents_menu_button(owner: QWidget, actions: Iterable[QAction], *,
                          text: str | None = None, name: str = "documentsButton"
                          ) -> QPushButton:
    """A "Print" button with a menu of ``actions`` (the documents of a record); disabled
    when none is enabled."""
    actions = list(actions)
    button = QPushButton(text or tr("Print"), owner)
    button.setObjectName(name)
    button.setAutoDefault(False)
    menu = QMenu(button)
    menu.setToolTipsVisible(True)
    for action in actions:
        menu.addAction(action)
    button.setMenu(menu)
    enabled = any(a.isEnabled() for a in actions)
    button.setEnabled(enabled)
    button.setToolTip(tr("Print or save the documents of this record") if enabled
                      else denied_text())
    return button


def last_month(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of the month before ``today``'s."""
    today = today or dt.date.today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


# --- documents that ask something first ------------------------------------------------------

def print_expenses(parent: QWidget | None, ctx, fosterer_id: int, *,
                   month: dt.date | None = None, exec: bool = True):
    """Ask the month (last month by default), then open the fosterer's reimbursement
    statement. ``exec=False``: the month dialog, not shown."""
    from affido_app.ui.dialogs.period_dialog import MonthDialog

    title = tr("Reimbursement statement")
    dialog = MonthDialog.ask(parent, title, month=month, exec=exec,
                             intro=tr("The month of the statement:"))
    if not exec:
        return dialog
    if dialog is None:
        return None
    start, end = dialog
    return open_document(parent, ctx, DocumentRequest("expenses", fosterer_id,
                                                      date_from=start, date_to=end))


def print_period(parent: QWidget | None, ctx, kind: str, *, title: str, intro: str = "",
                 start: dt.date | None = None, end: dt.date | None = None,
                 exec: bool = True):
    """Ask the period, then open a period document: the activity report ("activity") or the
    supervision report of every pair ("supervision"). ``exec=False``: the period dialog."""
    from affido_app.ui.dialogs.period_dialog import PeriodDialog

    chosen = PeriodDialog.ask(parent, title, intro=intro, start=start, end=end, exec=exec)
    if not exec:
        return chosen
    if chosen is None:
        return None
    scope = "period" if kind == "supervision" else None
    return open_document(parent, ctx, DocumentRequest(kind, None, scope=scope,
                                                      date_from=chosen[0],
                                                      date_to=chosen[1]))
