"""Italian comuni: canonical names for addresses, and the programme's district.

Names come from python-codicefiscale's table of municipalities (ISTAT data), so a comune typed
with different case or without accents ("sant'antonino di susa", "Canicatti") is stored with its
official spelling. The district (the consortium's comuni) is a setting; its default is in
:mod:`affido_app.config`.
"""

from __future__ import annotations

import functools

from affido_app.domain.text import fold
from affido_app.errors import FieldError


@functools.cache
def _index() -> dict[str, tuple[str, str, str]]:
    from codicefiscale.data import get_municipalities_data

    out: dict[str, tuple[str, str, str]] = {}
    for m in get_municipalities_data():
        if not m.get("active"):
            continue
        out[fold(m["name"])] = (m["name"], m["province"], m["code"])
        for alt in (m.get("name_alt"), m.get("name_trans")):
            if alt:
                out.setdefault(fold(alt), (m["name"], m["province"], m["code"]))
    return out


def all_comuni() -> list[tuple[str, str]]:
    """(name, province) of every active comune, sorted: for completion in forms."""
    return sorted({(n, p) for n, p, _ in _index().values()}, key=lambda t: fold(t[0]))


def lookup(name: str | None) -> tuple[str, str, str] | None:
    """(official name, province, codice catastale) for a comune name, or None."""
    if not name:
        return None
    key = fold(name.replace("’", "'"))
    found = _index().get(key)
    if found is None and key.endswith(")") and "(" in key:  # "Rivoli (TO)"
        found = _index().get(key[: key.rindex("(")].strip())
    return found


def canonical_comune(name: str | None) -> str | None:
    if not name or not name.strip():
        return None
    found = lookup(name)
    if found is None:
        raise FieldError("Comune non trovato: controllare il nome.")
    return found[0]
