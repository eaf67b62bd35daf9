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


def blocks(value: Any) -> list[str]:
    """A long text cut at its blank lines, each block escaped (one paragraph each: they flow
    across pages one by one instead of as one huge paragraph)."""
    text = clean(value).strip()
    if not text:
        return []
    return [esc(part.strip("\n")) for part in _BLANK_LINES.split(text) if part.strip()]
