"""Text helpers shared by search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w@+]+", re.UNICODE)


def fold(value: str | None) -> str:
    """Lower case, accents removed, whitespace collapsed: "Nicolò  D'Àngelo" → "nicolo d'angelo"."""
    if not value:
        return ""
    if value.isascii():  # nothing to decompose (most names): the same result, much faster
        return " ".join(value.casefold().split())
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def search_text(*parts: str | None) -> str:
    """The text a person is found by: folded words, and phone numbers also as bare digits."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        folded = fold(part)
        words.append(_NON_WORD.sub(" ", folded).strip())
        digits = re.sub(r"\D", "", part)
        if len(digits) >= 6:
            words.append(digits)
            if digits.startswith("39") and len(digits) > 8:
                words.append(digits[2:])  # +39 011… is also found as 011…
    return " ".join(w for w in words if w)


def search_terms(query: str) -> list[str]:
    """The words of a search box, folded; groups of digits typed apart are one number."""
    folded = fold(query)
    terms: list[str] = []
    for t in _NON_WORD.sub(" ", folded).replace("+", " ").split():
        if t.isdigit() and terms and terms[-1].isdigit():
            terms[-1] += t  # "011 987 65" is one phone number being typed
        else:
            terms.append(t)
    return terms
