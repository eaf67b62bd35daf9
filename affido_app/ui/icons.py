"""Icons from resources/icons (SVG), found also inside a PyInstaller bundle."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtGui import QIcon

from affido_app.config import resource_dir


def icons_dir() -> Path:
    return resource_dir("icons")


@functools.cache
def _icon(name: str) -> QIcon:
    path = icons_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return _icon("affido")


def section_icon(name: str) -> QIcon:
    return _icon(name)
