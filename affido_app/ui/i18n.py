"""Translations: English source strings, Italian by default (design.md, Conventions 8).

Every user-visible string in ``affido_app/ui`` goes through :func:`tr` (one context, "Affido"),
so that :func:`extract_strings` finds them all by reading the source. The Italian texts live in
``resources/translations/affido_it.ts`` and are compiled to ``affido_it.qm`` by
``python -m affido_app.ui.i18n``, which also adds new strings to the ``.ts`` file. Qt's own
``qtbase_it.qm`` is loaded too, so standard buttons read "Annulla".
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from affido_app.config import resource_dir

CONTEXT = "Affido"
UI_DIR = Path(__file__).parent
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = {"it": "Italiano", "en": "English"}
DEFAULT_LANGUAGE = "it"

_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """Translate a source string (English) into the interface language."""
    return QCoreApplication.translate(CONTEXT, text)


def translations_dir() -> Path:
    """The compiled translations: in the source tree, or inside the PyInstaller bundle."""
    return resource_dir("translations")


def install_translators(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> bool:
    """Load Affido's and Qt's translations for ``language``; True when Affido's loaded."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    ok = ours.load(str(translations_dir() / f"affido_{language}.qm"))
    if ok:
        app.installTranslator(ours)
        _installed.append(ours)
    return ok


# --- maintenance: extract strings, keep the .ts file, compile the .qm ---------------------------

def extract_strings(root: Path = UI_DIR) -> list[str]:
    """Every literal passed to ``tr(...)`` under ``root``, in order of first appearance."""
    seen: dict[str, None] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "tr" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                seen.setdefault(node.args[0].value, None)
    return list(seen)


def read_ts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") is None:
            out[source] = translation.text
    return out


def write_ts(path: Path, strings: list[str], translations: dict[str, str],
             language: str = "it_IT") -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en_GB")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text in sorted(set(strings)):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        tr_el = ET.SubElement(message, "translation")
        if translations.get(text):
            tr_el.text = translations[text]
        else:
            tr_el.set("type", "unfinished")
    ET.indent(root)
    data = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + data + "\n",
                    encoding="utf-8")


def read_tsv(path: Path) -> dict[str, str]:
    """English<TAB>Italian lines (``\\n`` for a line break), as translators hand them in."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            source, target = line.split("\t", 1)
            out[source.replace("\\n", "\n")] = target.replace("\\n", "\n")
    return out


def update(language: str = "it", tsv: list[Path] = ()) -> list[str]:
    """Refresh the .ts with the strings in the source (and translations from ``tsv`` files),
    compile the .qm; returns the strings still without a translation."""
    ts = TRANSLATIONS_DIR / f"affido_{language}.ts"
    strings = extract_strings()
    known = read_ts(ts)
    for path in tsv:
        known.update(read_tsv(Path(path)))
    write_ts(ts, strings, known)
    subprocess.run(["pyside6-lrelease", "-silent", str(ts), "-qm",
                    str(ts.with_suffix(".qm"))], check=True)
    return [s for s in strings if not known.get(s)]


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    missing = update(tsv=[Path(p) for p in sys.argv[1:]])
    for text in missing:
        print(f"untranslated: {text}")
    sys.exit(1 if missing else 0)
