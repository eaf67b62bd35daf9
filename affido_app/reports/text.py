"""The one way user text enters a document.

reportlab's ``Paragraph`` reads its text as markup: ``<b>``, ``<img src=…>`` (which loads a file or
a URL), ``<a href>``, entities. Every value that comes from the database or the user goes through
:func:`esc`, so that ``<b>Rossi & figli</b>`` prints exactly so and nothing is ever loaded. Markup
that a document writes itself (bold labels, line breaks) is added around escaped text, never
inside it.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

#: control characters (but tab and newline) and lone surrogates: they cannot be drawn
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def clean(value: Any) -> str:
    """Plain text as it will print: None → "", newlines normalised, unprintables dropped."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _UNPRINTABLE.sub("", text)


def esc(value: Any) -> str:
    """``value`` as paragraph markup that prints literally; line breaks are kept."""
    return escape(clean(value), {'"': "&quot;"}).replace("\n", "<br/>")


#: longest piece of a note set as one paragraph: reportlab re-wraps a paragraph each time it is
#: split at a page end, so one 100,000-character paragraph costs seconds, pieces milliseconds
CHUNK = 2500


def blocks(value: Any) -> list[str]:
    """A long text cut at its blank lines, each block escaped."""
    text = clean(value).strip()
    if not text:
        return []
    return [esc(part.strip("\n")) for part in _BLANK_LINES.split(text) if part.strip()]


def pieces(value: Any) -> list[list[str]]:
    """A note as blocks (cut at blank lines) of escaped pieces: one per line, lines longer
    than :data:`CHUNK` cut at a sentence end or a space."""
    text = clean(value).strip()
    if not text:
        return []
    return [[esc(piece) for line in block.strip("\n").split("\n") for piece in _chunks(line)]
            for block in _BLANK_LINES.split(text) if block.strip()]


def _chunks(line: str) -> list[str]:
    out = []
    while len(line) > CHUNK:
        window = line[:CHUNK]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < CHUNK // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut >= CHUNK // 2 else CHUNK
        out.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    out.append(line)
    return out
