"""The application's look: a light, calm palette readable on office screens."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

ACCENT = "#2f6f73"

STYLE_SHEET = f"""
QLabel#pageTitle {{ font-size: 18pt; font-weight: 600; color: {ACCENT}; padding: 4px 0 8px 0; }}
QGroupBox {{ font-weight: 600; border: 1px solid #d0d5d8; border-radius: 6px;
             margin-top: 14px; padding: 10px 8px 8px 8px; background: #fbfbfa; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT}; }}
QGroupBox QLabel, QGroupBox QPushButton, QGroupBox QListWidget {{ font-weight: normal; }}
QListWidget#navigation {{ background: #eef2f2; border: none; font-size: 11pt; }}
QListWidget#navigation::item {{ padding: 4px 6px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QLabel#emptyNote {{ color: #5b6770; font-style: italic; padding: 8px; }}
QLabel[role="fieldError"] {{ color: #b3261e; }}
QToolButton#filterMenuButton {{ padding: 3px 20px 3px 8px; }}
QToolButton#filterMenuButton::menu-indicator {{ subcontrol-position: right center;
                                               right: 6px; }}
QLabel#recordHeader {{ font-size: 14pt; font-weight: 600; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE_SHEET)
