"""argparse in Italian: its usage line, section titles, help of ``-h``/``--version`` and error
messages, which it writes through ``gettext`` (English unless a catalogue is installed).

:func:`install` points argparse's ``_`` and ``ngettext`` at this table; a text not in it stays as
argparse wrote it, so a future Python with new messages still works.
"""

from __future__ import annotations

import argparse

_IT = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "show program's version number and exit": "mostra la versione del programma ed esce",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "scelta non valida: %(value)r (scegliere tra %(choices)s)",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "the following arguments are required: %s": "mancano questi argomenti: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "one of the arguments %s is required": "serve uno degli argomenti %s",
    "not allowed with argument %s": "non ammesso insieme all'argomento %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "opzione ambigua: %(option)s può essere %(matches)s",
    "expected one argument": "richiede un valore",
    "expected at most one argument": "ammette al più un valore",
    "expected at least one argument": "richiede almeno un valore",
    "ignored explicit argument %r": "valore %r ignorato",
}
_IT_PLURAL = {
    "expected %s argument": ("richiede %s valore", "richiede %s valori"),
}


def _gettext(message: str) -> str:
    return _IT.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    forms = _IT_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """From now on argparse writes Italian (idempotent)."""
    argparse._ = _gettext
    argparse.ngettext = _ngettext
