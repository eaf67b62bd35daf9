"""Reading the rows of an xlsx or csv file, streamed, with clear refusals for what is not one.

:func:`open_table` looks at the file once (format, encoding, delimiter, sheet) and returns a
:class:`Table`; :meth:`Table.rows` reads it again from the start each time it is called, one row at
a time (xlsx in openpyxl's read-only mode, values not formulas), so a 50,000-row file never sits
in memory twice. Rows are tuples of cell values (``str``, ``int``, ``float``, ``datetime``,
``bool`` or ``None``; csv cells are always text) with their number as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from affido_app.services.importing.mapping import ImportRefused

#: rows looked at to find the header (a title block may sit above it)
HEAD_ROWS = 10
#: delimiters a csv may use
DELIMITERS = ";,\t"

MSG_NOT_SPREADSHEET = ("Il file «{name}» non è un foglio di calcolo leggibile: sono accettati "
                       "file .xlsx (Excel) e .csv.")


@dataclass
class Table:
    path: Path
    format: str  # "xlsx" | "csv"
    sheet_names: list[str] = field(default_factory=list)
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    #: rows in the file or sheet as its own index says (a progress estimate; may be None)
    estimated_rows: int | None = None
    #: merged cell ranges of the sheet: (first column index, first row, last column index,
    #: last row, "F8:F9"); only the first cell of each holds the value
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)

    def merged_range(self, row: int, column: int) -> str | None:
        """The merged range ("F8:F9") that hides the value of this cell, if any."""
        for c1, r1, c2, r2, ref in self.merged:
            if c1 <= column <= c2 and r1 <= row <= r2 and (row, column) != (r1, c1):
                return ref
        return None

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """``(row number as the spreadsheet shows it, cells)`` from the first row."""
        if self.format == "xlsx":
            yield from _xlsx_rows(self.path, self.sheet)
        else:
            yield from _csv_rows(self.path, self.encoding, self.delimiter)

    def head(self, n: int = HEAD_ROWS) -> list[tuple[int, tuple[Any, ...]]]:
        out = []
        for item in self.rows():
            out.append(item)
            if len(out) >= n:
                break
        return out


def open_table(path: str | Path, sheet: str | None = None) -> Table:
    """Look at ``path`` and say how to read it; ImportRefused when it cannot be read."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            start = fh.read(100)
    except FileNotFoundError:
        raise ImportRefused(f"Il file «{path}» non esiste.") from None
    except IsADirectoryError:
        raise ImportRefused(f"«{path}» è una cartella, non un file.") from None
    except OSError as exc:
        raise ImportRefused(f"Il file «{name}» non si può leggere ({exc.strerror}).") from None
    if size == 0:
        raise ImportRefused(f"Il file «{name}» è vuoto.")
    if start.startswith(b"PK\x03\x04"):
        if b"opendocument" in start:
            raise ImportRefused(f"Il file «{name}» è un foglio di LibreOffice (.ods): aprirlo e "
                                "salvarlo come .xlsx o .csv, poi importare quello.")
        return _open_xlsx(path, sheet)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(f"Il file «{name}» è nel vecchio formato di Excel (.xls) o è protetto "
                            "da password: aprirlo e salvarlo come .xlsx (senza password) o .csv, "
                            "poi importare quello.")
    if sheet:
        raise ImportRefused(f"Il file «{name}» è un csv: non ha fogli da scegliere.")
    return _open_csv(path)


# --- xlsx -----------------------------------------------------------------------------------------

def _load(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportRefused(MSG_NOT_SPREADSHEET.format(name=path.name)) from exc
    except Exception as exc:  # openpyxl's own errors (InvalidFileException and the like)
        raise ImportRefused(MSG_NOT_SPREADSHEET.format(name=path.name)) from exc


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    wb = _load(path)
    try:
        names = list(wb.sheetnames)
        if sheet is None:
            ws = wb.active if wb.active is not None else wb.worksheets[0]
            chosen = ws.title
        else:
            chosen = _match_sheet(sheet, names)
            if chosen is None:
                shown = ", ".join(f"«{n}»" for n in names)
                raise ImportRefused(f"Nel file «{path.name}» non c'è il foglio «{sheet}». "
                                    f"I fogli sono: {shown}.")
            ws = wb[chosen]
        if not hasattr(ws, "iter_rows"):
            raise ImportRefused(f"«{chosen}» è un grafico, non un foglio con dati.")
        try:
            estimated = ws.max_row
        except Exception:  # a missing or broken dimension: no estimate
            estimated = None
        part = getattr(ws, "_worksheet_path", None)
    finally:
        wb.close()
    merged = _merged_ranges(path, part) if part else []
    return Table(path, "xlsx", names, chosen, estimated_rows=estimated, merged=merged)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"')


def _merged_ranges(path: Path, part: str) -> list[tuple[int, int, int, int, str]]:
    """The merged ranges of a sheet, found by scanning its XML (read-only mode does not give
    them; the list sits after the rows, so the part is streamed, not parsed)."""
    out = []
    try:
        with zipfile.ZipFile(path) as z, z.open(part.lstrip("/")) as fh:
            tail = b""
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                last = 0
                for m in _MERGE.finditer(data):
                    a, r1, b, r2 = (g.decode() for g in m.groups())
                    out.append((_col(a), int(r1), _col(b), int(r2), f"{a}{r1}:{b}{r2}"))
                    last = m.end()
                tail = data[max(last, len(data) - 200):]
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    return out


def _col(letters: str) -> int:
    n = 0
    for char in letters:
        n = n * 26 + ord(char) - 64
    return n - 1


def _match_sheet(wanted: str, names: list[str]) -> str | None:
    if wanted in names:
        return wanted
    folded = wanted.strip().casefold()
    for n in names:
        if n.strip().casefold() == folded:
            return n
    return None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    wb = _load(path)
    try:
        ws = wb[sheet] if sheet else wb.active
        # the size some programs write is wrong: read to the real end
        ws.reset_dimensions()
        try:
            for row in ws.iter_rows():
                cells = tuple(_xlsx_value(c) for c in row)
                number = next((c.row for c in row if getattr(c, "row", None)), None)
                if number is None:
                    continue
                yield number, cells
        except ImportRefused:
            raise
        except Exception as exc:  # a damaged sheet part inside the zip
            raise ImportRefused(
                f"Il foglio «{ws.title}» del file «{path.name}» è danneggiato e non si può "
                "leggere fino in fondo: nulla è stato importato.") from exc
    finally:
        wb.close()


def _xlsx_value(cell) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, str) and value.startswith("#") and getattr(cell, "data_type", "") == "e":
        return None  # an error value (#N/D, #RIF!) of a formula: nothing usable
    return value


# --- csv ------------------------------------------------------------------------------------------

def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                pass
        raise ImportRefused(MSG_NOT_SPREADSHEET.format(name=path.name))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding
    raise ImportRefused(
        f"Il file «{path.name}» non è un testo leggibile: salvarlo come csv in UTF-8.")


def _open_csv(path: Path) -> Table:
    text, encoding = _decode(path)
    if not text.strip():
        raise ImportRefused(f"Il file «{path.name}» è vuoto.")
    sample = text[:65536]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t")
    if control > len(sample) // 100 or sample.lstrip().startswith(("%PDF", "{\\rtf", "<")):
        raise ImportRefused(MSG_NOT_SPREADSHEET.format(name=path.name))
    delimiter = _sniff(sample)
    lines = text.count("\n") + 1
    return Table(path, "csv", [], None, encoding=encoding, delimiter=delimiter,
                 estimated_rows=lines)


def _sniff(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[: HEAD_ROWS + 5] if ln.strip()]
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS)
        return dialect.delimiter
    except csv.Error:
        pass
    counts = {d: sum(ln.count(d) for ln in lines) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_rows(path: Path, encoding: str | None,
              delimiter: str | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    text, _enc = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or ";")
    try:
        # numbered as a spreadsheet program shows the file: one row per record (a quoted cell
        # may span lines)
        for number, cells in enumerate(reader, start=1):
            yield number, tuple(c if c.strip() else None for c in cells)
    except csv.Error as exc:
        raise ImportRefused(
            f"Il file «{path.name}» non è un csv valido alla riga {reader.line_num}: "
            "controllare le virgolette.") from exc
