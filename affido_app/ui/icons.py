"""Icons from resources/icons (SVG), found also inside a PyInstaller bundle."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from PySide6.QtGui import QIcon

_SOURCE = Path(__file__).resolve().parents[2] / "resources" / "icons"


def icons_dir() -> Path:
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "resources" / "icons"
    return bundled if bundled.is_dir() else _SOURCE


@functools.cache
def _icon(name: str) -> QIcon:
    path = icons_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return _icon("affido")


def section_icon(name: str) -> QIcon:
    return _icon(name)
