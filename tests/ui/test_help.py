"""The user guide: every screen has its page, links hold, F1 opens the right page, search works,
and the README's screenshots exist."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

import affido_app.ui.dialogs
from affido_app.domain.enums import Role
from affido_app.ui import help as guide
from affido_app.ui.main_window import MainWindow
from tests.ui.conftest import context_for

ROOT = Path(__file__).resolve().parents[2]
#: a window that only says "a form" (these two are bases): every real dialog needs its own page
GENERIC = {"FormDialog", "RecordDialog"}


def _pages() -> dict[str, guide.Page]:
    return {page.name: page for page in guide.pages()}


def _exists(target: str) -> bool:
    name, anchor = guide.split_target(target)
    page = _pages().get(name)
    return page is not None and (not anchor or anchor in page.anchors)


def _dialog_classes() -> list[type]:
    """Every QDialog subclass (wizards too) defined in affido_app/ui/dialogs, in the views and
    in the other modules of affido_app/ui."""
    modules = [f"affido_app.ui.dialogs.{m.name}"
               for m in pkgutil.iter_modules(affido_app.ui.dialogs.__path__)]
    modules += [f"affido_app.ui.views.{m.name}"
                for m in pkgutil.iter_modules(importlib.import_module("affido_app.ui.views")
                                              .__path__)]
    modules += ["affido_app.ui.conflicts", "affido_app.ui.help"]
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ == module.__name__ and issubclass(cls, QDialog)):
                found.append(cls)
    return found


def _page_of_class(cls: type) -> tuple[str, str] | None:
    for base in cls.__mro__:
        if base.__name__ in guide.WIDGET_PAGES:
            return base.__name__, guide.WIDGET_PAGES[base.__name__]
    return None


def test_every_page_is_in_the_contents_with_a_title():
    files = {p.name for p in guide.help_dir().glob("*.html")}
    assert files == set(guide.CONTENTS)
    for page in guide.pages():
        assert page.title and page.title != Path(page.name).stem, page.name
        assert len(page.text) > 300, page.name


def test_every_link_and_image_of_the_guide_exists():
    bad = []
    for page in guide.pages():
        for link in page.links:
            if not link.startswith(("http://", "https://")) and not _exists(link):
                bad.append(f"{page.name} → {link}")
        for image in page.images:
            if not (guide.help_dir() / image).is_file():
                bad.append(f"{page.name} → {image}")
    assert not bad


def test_every_mapped_page_exists():
    targets = {**guide.WIDGET_PAGES, **guide.SECTION_PAGES}
    assert not [f"{k} → {v}" for k, v in targets.items() if not _exists(v)]


def test_every_dialog_has_its_own_page():
    classes = _dialog_classes()
    assert len(classes) > 30  # the discovery found the dialogs
    missing = []
    for cls in classes:
        hit = _page_of_class(cls)
        if hit is None or (hit[0] in GENERIC and cls.__name__ not in GENERIC):
            missing.append(cls.__name__)
    assert not missing, f"dialogs without a page in help.WIDGET_PAGES: {missing}"


def test_every_section_of_the_main_window_has_a_page(qtbot, ctx, ui_actors):
    admin = context_for(ctx, ui_actors, Role.ADMIN)
    win = MainWindow(admin)
    qtbot.addWidget(win)
    keys = [s.key for s in win.sections]
    assert len(keys) >= 9
    for index, key in enumerate(keys):
        assert _exists(guide.SECTION_PAGES[key]), key
        win.show_section(key)
        assert guide.page_for_widget(win.stack.currentWidget(), win) == guide.SECTION_PAGES[key]
        assert win.stack.currentIndex() == index


def test_f1_in_the_main_window_opens_the_page_of_the_section(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    entries = [a for a in win.findChildren(type(win.menuBar().actions()[0]))
               if a.objectName() == "userGuide"]
    assert entries and entries[0].text() == guide.tr("&User guide")
    assert entries[0].shortcut().toString() == "F1"
    win.show_section("supervision")
    QTest.keyClick(win.stack.currentWidget(), Qt.Key.Key_F1)
    helper = win.help_controller.window
    assert helper is not None and helper.isVisible()
    assert helper.current_page() == "supervisione.html"
    win.show_section("expenses")
    QTest.keyClick(win.stack.currentWidget(), Qt.Key.Key_F1)
    assert win.help_controller.window is helper  # one guide window, moved to the new page
    assert helper.current_page() == "rimborsi.html"
    helper.close()


def test_f1_in_an_open_dialog_opens_its_page(qtbot, ctx):
    from affido_app.ui.dialogs.elder_dialog import ElderDialog

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    dialog = ElderDialog.create(win, ctx, exec=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.findChildren(type(win.search))[0]  # a line edit inside the record
    QTest.keyClick(field, Qt.Key.Key_F1)
    helper = win.help_controller.window
    assert helper is not None and helper.isVisible()
    assert helper.current_page() == "anziani.html#scheda"
    dialog.discard_and_close()
    helper.close()


def test_the_guide_over_a_modal_dialog_is_usable_and_given_back(qtbot, ctx):
    """A modal dialog blocks every other window: the guide opened from it is lent to it (so
    its links can be clicked) and goes back to the main window when the dialog closes."""
    from affido_app.ui.dialogs.km_rate_dialog import KmRateDialog

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    dialog = KmRateDialog(win, ctx)
    qtbot.addWidget(dialog)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClick(dialog, Qt.Key.Key_F1)
    helper = win.help_controller.window
    assert helper.current_page() == "impostazioni.html#chilometri"
    assert helper.parentWidget() is dialog
    dialog.hide()
    assert helper.parentWidget() is win
    assert helper.isVisible()
    helper.close()


def test_a_message_box_counts_as_the_window_under_it(qtbot, ctx):
    from PySide6.QtWidgets import QMessageBox

    from affido_app.ui.dialogs.backup_dialog import BackupDialog

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    dialog = BackupDialog(win, ctx)
    qtbot.addWidget(dialog)
    box = QMessageBox(dialog)
    qtbot.addWidget(box)
    assert guide.page_for_widget(box, win) == "copie.html"


def test_search_finds_pages_by_italian_words_without_accents():
    assert "selezione.html" in [p.name for p in guide.search("idoneita")]
    assert "copie.html" in [p.name for p in guide.search("ripristino")]
    assert [p.name for p in guide.search("CODICE di RECUPERO")] == ["avvio.html", "index.html"]
    assert guide.search("parolachenonesiste") == []
    assert guide.search("   ") == []


def test_the_help_window_searches_and_navigates(qtbot):
    window = guide.HelpWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_page("index.html")
    assert window.page_list.count() == len(guide.CONTENTS)
    window.search_field.setText("anonimizzazione")
    names = [window.page_list.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(window.page_list.count())]
    assert names[0] == "privacy.html"
    window._open_first_result()
    assert window.current_page() == "privacy.html"
    assert window.browser.textCursor().selectedText().lower() == "anonimizzazione"
    assert window.back_button.isEnabled()
    window.back_button.click()
    assert window.current_page() == "index.html"
    window.search_field.clear()
    assert window.page_list.count() == len(guide.CONTENTS)
    window.show_page("nonesiste.html")
    assert window.current_page() == "index.html"


@pytest.mark.parametrize("target", ["piano.html", "privacy.html#registro"])
def test_a_page_opens_at_its_anchor(qtbot, target):
    window = guide.HelpWindow()
    qtbot.addWidget(window)
    window.show_page(target)
    assert window.current_page() == target
    assert window.browser.toPlainText().strip()


def test_every_image_in_the_readme_exists():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text)
    images += re.findall(r"<img[^>]+src=\"([^\"]+)\"", text)
    assert images, "the README shows no screenshot"
    missing = [i for i in images if not i.startswith("http") and not (ROOT / i).is_file()]
    assert not missing
