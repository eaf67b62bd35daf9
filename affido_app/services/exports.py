"""Exporting a list (what a screen shows) as an xlsx workbook or a csv file.

The caller (the UI) gives the column titles as the user sees them and the rows, already turned
into the values shown (text, numbers, dates; never raw ids). This module checks that the actor may
export that kind of record, writes the file atomically and appends one audit row: the list's name,
the number of rows, the format and the filters in words, never personal data.

* xlsx: dates are real dates (shown ``dd/mm/yyyy``), the header row is bold and frozen. openpyxl
  is imported only here, when exporting (start-up stays light).
* csv: UTF-8 with a BOM and ``;`` as separator, which is what Excel set in Italian opens with a
  double click; dates ``dd/mm/yyyy``, decimals with a comma.
* Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
  return) is written as text: in xlsx as a string cell, in csv preceded by an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from affido_app.domain.enums import AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.files import write_atomically
from affido_app.services.audit import audit
from affido_app.services.context import Actor

FORMATS = ("xlsx", "csv")
#: characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
#: the audit rows' entity (read "Elenco" in the access log)
AUDIT_ENTITY = "elenco"
#: rows between two progress reports
PROGRESS_EVERY = 500
#: Excel's limit on a sheet title
_SHEET_TITLE_MAX = 31
_ITALIAN_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?")

Progress = Callable[[int], None]


def may_export(actor: Actor, resource: Resource) -> bool:
    from affido_app.domain.permissions import can

    return can(actor.role, Action.EXPORT, resource)


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def as_date(text: str) -> dt.date | dt.datetime | None:
    """``dd/mm/yyyy`` or ``dd/mm/yyyy hh:mm`` (the way lists show a date or a moment) as a date
    or a datetime; None for anything else."""
    m = _ITALIAN_DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None:
        return None
    try:
        day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m.group(4) is None:
            return day
        return dt.datetime.combine(day, dt.time(int(m.group(4)), int(m.group(5))))
    except ValueError:
        return None


# --- rendering ----------------------------------------------------------------------------------

def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)  # a number, never a formula
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]],
               progress: Progress | None = None) -> tuple[bytes, int]:
    """The csv bytes (UTF-8 with BOM, ``;``) and the number of data rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count


def render_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Elenco",
                progress: Progress | None = None) -> tuple[bytes, int]:
    """The xlsx bytes (one sheet, bold frozen header) and the number of data rows.

    Built in memory from start to end: openpyxl's own writer would put each sheet in a
    temporary file first, and the rows are personal data (design: never written anywhere but
    the database and the files the user asks for)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    ws.append([str(h) for h in headers])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.data_type = "s"
    ws.freeze_panes = "A2"
    widths = [len(str(h)) for h in headers]
    count = 0
    for row in rows:
        count += 1
        r = count + 1
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = "sì" if value else "no"
            elif isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            elif isinstance(value, Decimal):
                value = float(value)
            elif not isinstance(value, dt.date | int | float):
                value = _clean_xml(str(value))
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # text, never a formula (=, +, -, @ at the start)
                if count <= 200 and c <= len(widths):
                    widths[c - 1] = max(widths[c - 1], len(value))
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, 10), 60) + 2
    return _save_in_memory(wb), count


def _save_in_memory(wb: Any) -> bytes:
    """The workbook's bytes, without the temporary files of ``Workbook.save``."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class _InMemory(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemory(wb, archive).save()
    return buffer.getvalue()


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean_xml(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Elenco"
    return cleaned[:_SHEET_TITLE_MAX]


# --- the use case -------------------------------------------------------------------------------

def format_of(path: Path | str, fmt: str | None = None) -> str:
    """The format asked (``xlsx``/``csv``), else the one of the file's extension."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValidationError({"format": "Formato non supportato: scegliere xlsx o csv."})
    return fmt


def export_list(
    s: Session,
    actor: Actor,
    path: Path | str,
    *,
    resource: Resource,
    list_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str | None = None,
    filters: str = "",
    progress: Progress | None = None,
) -> int:
    """Write ``rows`` under ``headers`` to ``path`` (xlsx or csv, atomically) and audit it in
    ``s`` (the caller commits). Returns the number of rows written.

    Raises PermissionDenied (nothing written) when the actor may not export ``resource``,
    ValidationError for an unknown format, StorageError when the file cannot be written."""
    actor.require(Action.EXPORT, resource)
    fmt = format_of(path, fmt)
    if fmt == "xlsx":
        data, count = render_xlsx(headers, rows, title=list_name, progress=progress)
    else:
        data, count = render_csv(headers, rows, progress=progress)
    write_atomically(path, data)
    # Italian keys: the access log shows them as they are ("Elenco: Anziani; righe: 3; …")
    audit(s, actor.id, AuditAction.EXPORT, AUDIT_ENTITY, None,
          detail={"elenco": list_name, "righe": count, "formato": fmt,
                  "filtri": filters or "nessuno"})
    return count
