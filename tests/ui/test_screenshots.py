"""``affido --demo --screenshot DIR`` renders every main screen to a PNG named after it."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

EXPECTED = [
    "01-cruscotto", "02-anziani", "03-affidatari",
    "anziano-dati-anagrafici", "anziano-storia",
    "affidatario-dati-anagrafici", "affidatario-documenti", "affidatario-storia",
    "modulo-con-errori",
]


def test_screenshot_mode_writes_every_screen(tmp_path):
    env = {**os.environ, "AFFIDO_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    db = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "affido_app", "demo", "--db", str(db), "--elders",
                    "40", "--fosterers", "30"], check=True, env=env, capture_output=True)
    shots = tmp_path / "shots"
    out = subprocess.run([sys.executable, "-m", "affido_app", "--demo", "--db", str(db),
                          "--screenshot", str(shots)], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    names = sorted(p.stem for p in shots.glob("*.png"))
    for wanted in EXPECTED:
        assert any(n.endswith(wanted) for n in names), (wanted, names)
    for path in shots.glob("*.png"):
        image = QImage(str(path))
        assert image.width() >= 900 and image.height() >= 600, path.name
    # every tab of both records, and nothing else named in English
    assert not any("personal" in n or "history" in n for n in names)


def test_a_message_box_during_screenshots_is_reported_and_closed(qtbot, capsys):
    """A question nobody can answer must not hang the run: it is closed and reported."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from affido_app.ui.screenshots import ModalGuard

    guard = ModalGuard(interval_ms=10)
    box = QMessageBox(QMessageBox.Icon.Warning, "Operazione non completata", "Spazio esaurito")
    QTimer.singleShot(5000, box.accept)  # the guard must close it long before this
    result = box.exec()
    guard.stop()
    assert result == QMessageBox.StandardButton.NoButton or result == 0
    assert guard.closed == ["Operazione non completata"]
    assert "Spazio esaurito" in capsys.readouterr().err
