"""“Export…” on a list: the rows matching the current filters and sort, the columns as shown.

:func:`export_table` asks the format and the place (one save dialog: xlsx or csv), then writes the
file in a worker thread (progress and cancel through :func:`run_slow`) with
:func:`affido_app.services.exports.export_list`, which checks the permission, writes atomically
and audits. A paged list (:class:`PagedTableModel`) is read again from the database in pages, so
every matching row is exported, not only the pages in memory; any other model is copied as shown.
Hidden columns (health, fragility for users who may not read them) are never exported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QThread
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)
from shiboken6 import isValid

from affido_app.db.engine import translate_db_error
from affido_app.domain.permissions import Action, Resource, require
from affido_app.errors import AffidoError, PermissionDenied
from affido_app.ui.i18n import tr
from affido_app.ui.models.paged import PagedTableModel
from affido_app.ui.operations import show_error

#: rows read from the database at a time while exporting a paged list
CHUNK = 1000


def may_export(ctx, resource: Resource) -> bool:
    return ctx.can(Action.EXPORT, resource)


def export_button(parent: QWidget, ctx, resource: Resource,
                  slot: Callable[[], Any]) -> QPushButton:
    """An “Export…” button, hidden when the user may not export ``resource``."""
    button = QPushButton(tr("Export…"), parent)
    button.setObjectName("export_button")
    button.setToolTip(tr("Save the rows of this list, as shown, as an Excel or CSV file"))
    button.setVisible(may_export(ctx, resource))
    button.clicked.connect(lambda _=False: slot())
    return button


def exportable_view(widget: QWidget | None) -> QWidget | None:
    """``widget`` or the visible widget inside it with an ``export_list`` method and a visible
    “Export…” button (the user may export that list); None when there is none."""
    if widget is None:
        return None
    candidates = [widget, *widget.findChildren(QWidget)]
    for w in candidates:
        button = getattr(w, "export_button", None)
        if (callable(getattr(w, "export_list", None)) and isinstance(button, QPushButton)
                and w.isVisible() and not button.isHidden()):
            return w
    return None


def visible_columns(view: QTableView) -> list[int]:
    """The logical columns shown, in the order the user sees them."""
    header = view.horizontalHeader()
    model = view.model()
    out = []
    for visual in range(model.columnCount()):
        logical = header.logicalIndex(visual)
        if logical >= 0 and not view.isColumnHidden(logical):
            out.append(logical)
    return out


def _value(value: Any) -> Any:
    """A shown value as written: ``dd/mm/yyyy`` texts become dates (real dates in xlsx)."""
    from affido_app.services.exports import as_date

    if isinstance(value, str):
        day = as_date(value)
        return day if day is not None else value
    if isinstance(value, dt.date | int | float | Decimal):
        return value
    return "" if value is None else str(value)


def _paged_rows(model: PagedTableModel, s, columns: list[int], report) -> Iterator[list[Any]]:
    total = model.count_rows(s)
    done = 0
    while done < total:
        page = model.read_rows(s, done, CHUNK)
        if not page:
            break
        for row in page:
            yield [_value(model.display(row, c)) for c in columns]
        done += len(page)
        report(min(95, int(done * 95 / max(total, 1))),
               tr("{done} of {total} rows…").format(done=done, total=total))


def _shown_rows(view: QTableView, columns: list[int]) -> list[list[Any]]:
    model = view.model()
    role = Qt.ItemDataRole.DisplayRole
    return [[_value(model.data(model.index(r, c), role)) for c in columns]
            for r in range(model.rowCount()) if not view.isRowHidden(r)]


def describe_filters(widgets: Iterable[QWidget | None], view: QTableView | None = None,
                     extra: Iterable[str] = ()) -> str:
    """The filters in use and the order, in words, for the audit row. Text typed in a search
    box is never copied (it may be a name): only that there was one. ``extra``: words the view
    adds (a period…), never personal data."""
    parts = [e for e in extra if e]
    for w in widgets:
        if w is None or not w.isEnabled():
            continue
        name = w.accessibleName()  # never the objectName: English, for code
        if isinstance(w, QLineEdit):
            if w.text().strip():
                parts.append(f"{name or 'ricerca'}: testo cercato")
        elif isinstance(w, QComboBox):
            if w.currentIndex() > 0:
                parts.append(f"{name}: {w.currentText()}" if name else w.currentText())
        elif isinstance(w, QAbstractButton) and w.menu() is not None:
            chosen = [a.text() for a in w.menu().actions() if a.isCheckable() and a.isChecked()]
            if chosen:
                joined = ", ".join(chosen)
                parts.append(f"{name}: {joined}" if name else joined)
        elif isinstance(w, QAbstractButton) and w.isCheckable() and w.isChecked():
            parts.append(w.text().replace("&", ""))
        elif isinstance(w, QDateEdit):
            day = w.date().toString("dd/MM/yyyy")
            parts.append(f"{name}: {day}" if name else day)
    if view is not None and view.isSortingEnabled():
        header = view.horizontalHeader()
        section = header.sortIndicatorSection()
        title = view.model().headerData(section, Qt.Orientation.Horizontal,
                                        Qt.ItemDataRole.DisplayRole)
        if title:
            way = ("crescente" if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                   else "decrescente")
            parts.append(f"ordinati per {title} ({way})")
    return "; ".join(parts)


def default_name(list_name: str, fmt: str = "xlsx") -> str:
    return f"{list_name} {dt.date.today():%Y-%m-%d}.{fmt}".replace("/", "-")


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def ask_path(parent: QWidget | None, list_name: str) -> Path | None:
    """The save dialog: the place and, through the file type, xlsx or csv."""
    xlsx, csv = tr("Excel workbook (*.xlsx)"), tr("CSV file, separated by semicolons (*.csv)")
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, tr("Export the list"), str(_documents_folder() / default_name(list_name)),
        f"{xlsx};;{csv}", xlsx)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".csv" if chosen_filter == csv else ".xlsx"))
    return path


def export_table(parent: QWidget | None, ctx, view: QTableView, *, resource: Resource,
                 list_name: str, filters: str = "", path: Path | str | None = None,
                 rows_from: Callable[[Any, Callable], Iterable[Any]] | None = None,
                 on_done: Callable[[int, Path], None] | None = None,
                 delay_ms: int = 500) -> QThread | None:
    """Export what ``view`` shows (every row matching its filters and sort) to a file the user
    chooses (or ``path``). ``filters``: the filters in words, for the audit row (never names or
    other personal data). ``rows_from(session, report)``: every row of the list, one value per
    column of the model (for a list that shows only its first rows); the shown columns are taken
    from them. Returns the worker thread, None when refused or cancelled."""
    from affido_app.services import exports

    title = tr("Export not completed")
    try:
        require(ctx.actor.role, Action.EXPORT, resource)
    except PermissionDenied as exc:
        show_error(parent, title, exc.message)
        return None
    if path is None:
        path = ask_path(parent, list_name)
        if path is None:
            return None
    path = Path(path)
    columns = visible_columns(view)
    model = view.model()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.DisplayRole) or "") for c in columns]
    paged = model if isinstance(model, PagedTableModel) and rows_from is None else None
    shown = None if paged is not None or rows_from is not None else _shown_rows(view, columns)
    db, actor = ctx.db, ctx.actor

    def work(report) -> int:
        report(0, tr("Writing the file…"))
        with db.sessions.begin() as s:
            if rows_from is not None:
                rows = ([_value(row[c]) for c in columns] for row in rows_from(s, report))
            elif paged is not None:
                rows = _paged_rows(paged, s, columns, report)
            else:
                rows = iter(shown)
            total = len(shown) if shown is not None else None

            def progress(n: int) -> None:  # the paged rows report by themselves
                report(min(95, int(n * 95 / total)),
                       tr("{done} of {total} rows…").format(done=n, total=total))

            return exports.export_list(s, actor, path, resource=resource, list_name=list_name,
                                       headers=headers, rows=rows, filters=filters,
                                       progress=progress if total else None)

    def owner() -> QWidget | None:
        return parent if parent is not None and isValid(parent) else None

    def done(count: int) -> None:
        ctx.notify({"audit"})
        if on_done is not None:
            on_done(count, path)
            return
        text = (tr("1 row saved in {path}") if count == 1
                else tr("{n} rows saved in {path}")).format(n=count, path=str(path))
        box = QMessageBox(QMessageBox.Icon.Information, tr("Export the list"), text,
                          QMessageBox.StandardButton.Ok, owner())
        box.exec()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, AffidoError):
            show_error(owner(), title, exc.message)
            return
        translated = translate_db_error(exc) if isinstance(exc, Exception) else None
        if translated is None:
            raise exc
        show_error(owner(), title, translated.message)

    from affido_app.ui.operations import run_slow

    return run_slow(parent, tr("Exporting the list…"), work, on_done=done, on_error=failed,
                    delay_ms=delay_ms)
