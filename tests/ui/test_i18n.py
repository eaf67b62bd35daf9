"""The interface speaks Italian: every source string has a translation, and it is loaded."""

from __future__ import annotations

import re
import subprocess

from PySide6.QtWidgets import QDialogButtonBox

from affido_app.ui.i18n import (
    TRANSLATIONS_DIR,
    extract_strings,
    install_translators,
    read_ts,
    tr,
)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def test_every_string_is_translated():
    translations = read_ts(TRANSLATIONS_DIR / "affido_it.ts")
    missing = [s for s in extract_strings() if not translations.get(s)]
    assert missing == []


def test_placeholders_and_accelerators_are_kept():
    for source, target in read_ts(TRANSLATIONS_DIR / "affido_it.ts").items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), source
        assert ("&" in source.replace("&&", "")) == ("&" in target.replace("&&", "")), source


def test_compiled_translations_are_up_to_date(tmp_path):
    out = tmp_path / "affido_it.qm"
    subprocess.run(["pyside6-lrelease", "-silent", str(TRANSLATIONS_DIR / "affido_it.ts"),
                    "-qm", str(out)], check=True)
    assert out.read_bytes() == (TRANSLATIONS_DIR / "affido_it.qm").read_bytes()


def test_italian_is_loaded_with_qt_own_strings(qapp):
    assert install_translators(qapp, "it")
    assert tr("Dashboard") == "Cruscotto"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annulla"


def test_english_stays_available(qapp):
    try:
        install_translators(qapp, "en")
        assert tr("Dashboard") == "Dashboard"
    finally:
        install_translators(qapp, "it")
