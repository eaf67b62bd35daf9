"""The user guide inside the application (Aiuto → Guida, F1).

The guide is a set of Italian HTML pages in ``resources/help`` (found through
:func:`affido_app.config.resource_dir`, so it works from the PyInstaller bundle too), one page per
screen or topic, listed in :data:`CONTENTS`. :class:`HelpWindow` shows them in a
``QTextBrowser`` with the contents on the side, back and forward, and a search over every page
(accents and capitals do not matter: "modalita" finds "modalità").

F1 opens the page for what the user is looking at. :func:`install_help` gives the main window the
"Guida" action (F1: the page of the section shown) and an application event filter that catches
F1 in any other window of Affido (a record, a dialog, a wizard): the page is chosen by
:func:`page_for_widget` from :data:`WIDGET_PAGES`, a mapping of widget class names and object
names to pages, so no dialog needs to know about the guide. The guide holds no personal data and
the window shows nothing else.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.config import resource_dir
from affido_app.domain.text import fold
from affido_app.ui.i18n import tr

INDEX = "index.html"

#: The pages of the guide in the order of the contents.
CONTENTS: tuple[str, ...] = (
    "index.html",
    "avvio.html",
    "password-ruoli.html",
    "cruscotto.html",
    "anziani.html",
    "affidatari.html",
    "colloqui.html",
    "selezione.html",
    "abbinamenti.html",
    "piano.html",
    "supervisione.html",
    "formazione.html",
    "calendario.html",
    "rimborsi.html",
    "documenti.html",
    "privacy.html",
    "copie.html",
    "server.html",
    "importazione.html",
    "esportazione.html",
    "bozze-conflitti.html",
    "impostazioni.html",
    "tastiera.html",
)

#: The page of each section of the main window (``Section.key``).
SECTION_PAGES: dict[str, str] = {
    "dashboard": "cruscotto.html",
    "elders": "anziani.html",
    "fosterers": "affidatari.html",
    "matches": "abbinamenti.html",
    "selection": "selezione.html",
    "training": "formazione.html",
    "supervision": "supervisione.html",
    "expenses": "rimborsi.html",
    "calendar": "calendario.html",
}

#: The page of a window, by its class name (any class in its hierarchy) or its object name.
#: The first match walking from the widget that has the focus up to its window wins.
WIDGET_PAGES: dict[str, str] = {
    # the dashboard
    "ChartRecordsDialog": "cruscotto.html#grafici",
    # records and forms
    "ElderDialog": "anziani.html#scheda",
    "FostererDialog": "affidatari.html#scheda",
    "PersonDialog": "anziani.html#scheda",
    "StatusDialog": "anziani.html#stato",
    "DuplicatesDialog": "anziani.html#doppioni",
    "InterviewDialog": "colloqui.html#modulo",
    "MatchDialog": "abbinamenti.html#scheda",
    "MatchStatusDialog": "abbinamenti.html#stato",
    "SuggestionsDialog": "abbinamenti.html#suggerimenti",
    "CompareDialog": "abbinamenti.html#confronto",
    "ElderPicker": "abbinamenti.html#suggerimenti",
    "PlanView": "piano.html",
    "SupervisionDialog": "supervisione.html#incontro",
    "PairChooser": "supervisione.html#incontro",
    "PairNoteDialog": "supervisione.html#nota",
    "CourseDialog": "formazione.html#percorsi",
    "TrainingSessionDialog": "formazione.html#incontri",
    "RegisterDialog": "formazione.html#presenze",
    "FostererPicker": "formazione.html#iscrizioni",
    "ExpenseDialog": "rimborsi.html#voce",
    "RejectExpenseDialog": "rimborsi.html#decidere",
    # documents
    "DocumentDialog": "documenti.html#anteprima",
    "PeriodDialog": "documenti.html#periodo",
    "MonthDialog": "documenti.html#periodo",
    # privacy
    "AttachmentViewer": "privacy.html#consensi",
    "ConfirmDialog": "privacy.html#cancellazione",
    "AnonymisationDialog": "privacy.html#anonimizzazione",
    "StatisticsExportDialog": "privacy.html#statistica",
    "AuditWindow": "privacy.html#registro",
    "AuditEventDialog": "privacy.html#registro",
    # access and accounts
    "SetupWizard": "avvio.html#primo-avvio",
    "RecoverySheetDialog": "avvio.html#recupero",
    "LoginDialog": "avvio.html#accesso",
    "RecoveryDialog": "avvio.html#recupero",
    "LockDialog": "avvio.html#blocco",
    "PasswordDialog": "password-ruoli.html#password",
    "StaffDialog": "password-ruoli.html#operatori",
    "NewAccountDialog": "password-ruoli.html#operatori",
    "ResetPasswordDialog": "password-ruoli.html#operatori",
    "RoleDialog": "password-ruoli.html#operatori",
    # tools
    "BackupDialog": "copie.html",
    "ServerDialog": "server.html",
    "ImportWizard": "importazione.html",
    "KmRateDialog": "impostazioni.html#chilometri",
    "WeightsDialog": "impostazioni.html#criteri",
    "IdleTimeDialog": "impostazioni.html#blocco",
    "LetterheadDialog": "impostazioni.html#intestazione",
    # drafts and conflicts; any other editing window
    "DraftsDialog": "bozze-conflitti.html#bozze",
    "ConflictDialog": "bozze-conflitti.html#conflitti",
    "RecordDialog": "bozze-conflitti.html",
    "FormDialog": "bozze-conflitti.html",
    "HelpWindow": INDEX,
}


def help_dir() -> Path:
    return resource_dir("help")


# --- the pages: titles, text, links -----------------------------------------------------------

class _PageParser(HTMLParser):
    """The title, the visible text, the links and the anchors of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.text: list[str] = []
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self.images: list[str] = []
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag in ("style", "script"):
            self._skip += 1
        elif tag == "a":
            if attrs.get("href"):
                self.links.append(attrs["href"])
            if attrs.get("name"):
                self.anchors.add(attrs["name"])
        elif tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if attrs.get("id"):
            self.anchors.add(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    text: str
    folded: str
    links: tuple[str, ...]
    anchors: frozenset[str]
    images: tuple[str, ...]


def read_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    text = re.sub(r"\s+", " ", " ".join(parser.text)).strip()
    title = re.sub(r"\s+", " ", parser.title).strip() or path.stem
    return Page(path.name, title, text, fold(f"{title} {text}"), tuple(parser.links),
                frozenset(parser.anchors), tuple(parser.images))


@lru_cache(maxsize=4)
def _pages(folder: Path) -> tuple[Page, ...]:
    return tuple(read_page(folder / name) for name in CONTENTS if (folder / name).is_file())


def pages(folder: Path | None = None) -> tuple[Page, ...]:
    """Every page of the contents that exists, in order."""
    return _pages(folder or help_dir())


def search(query: str, folder: Path | None = None) -> list[Page]:
    """The pages holding every word of ``query`` (accents and capitals ignored), pages with the
    words in the title first, then the ones that use them most (short words like "di" do not
    count in the order)."""
    words = [w for w in fold(query).split() if w]
    if not words:
        return []
    found = []
    for order, page in enumerate(pages(folder)):
        if all(w in page.folded for w in words):
            in_title = sum(w in fold(page.title) for w in words if len(w) > 2)
            hits = (10 * page.folded.count(" ".join(words))  # the words together count most
                    + sum(page.folded.count(w) for w in words if len(w) > 2))
            found.append((-in_title, -hits, order, page))
    return [page for *_, page in sorted(found, key=lambda t: t[:3])]


def split_target(target: str) -> tuple[str, str]:
    """"page.html#anchor" → ("page.html", "anchor")."""
    name, _, anchor = target.partition("#")
    return name or INDEX, anchor


# --- which page for which window --------------------------------------------------------------

def page_for_widget(widget: QWidget | None, main_window=None) -> str:
    """The page to open when F1 is pressed on ``widget``: the section of the main window shown,
    or the first class or object name known in :data:`WIDGET_PAGES` from ``widget`` up to its
    window (a message box counts as the window under it)."""
    if widget is None:
        return INDEX
    window = widget.window()
    if isinstance(window, QMessageBox) and window.parentWidget() is not None:
        return page_for_widget(window.parentWidget(), main_window)
    if main_window is not None and window is main_window:
        return page_for_section(main_window)
    current = widget
    while current is not None:
        name = current.objectName()
        if name and name in WIDGET_PAGES:
            return WIDGET_PAGES[name]
        for cls in type(current).__mro__:
            if cls.__name__ in WIDGET_PAGES:
                return WIDGET_PAGES[cls.__name__]
        if current is window:
            break
        current = current.parentWidget()
    return INDEX


def page_for_section(main_window) -> str:
    index = main_window.stack.currentIndex()
    sections = getattr(main_window, "sections", [])
    if 0 <= index < len(sections):
        return SECTION_PAGES.get(sections[index].key, INDEX)
    return INDEX


# --- the window -------------------------------------------------------------------------------

class HelpWindow(QWidget):
    """The guide: contents (or search results) on the left, the page on the right."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.folder = folder or help_dir()
        self.setWindowTitle(tr("Affido user guide"))
        self.resize(980, 700)

        self.back_button = self._button(tr("Back"), "go-previous",
                                        tr("The page seen before (Alt+Left)"))
        self.forward_button = self._button(tr("Forward"), "go-next",
                                           tr("The page seen after (Alt+Right)"))
        self.home_button = self._button(tr("Contents"), "go-home",
                                        tr("The first page of the guide"))
        self.search_field = QLineEdit()
        self.search_field.setObjectName("helpSearch")
        self.search_field.setPlaceholderText(tr("Search the guide (Ctrl+F)"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(260)
        self.search_field.textChanged.connect(self.run_search)
        self.search_field.returnPressed.connect(self._open_first_result)

        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.forward_button)
        bar.addWidget(self.home_button)
        bar.addStretch(1)
        bar.addWidget(self.search_field)

        self.list_label = QLabel()
        self.list_label.setObjectName("helpListLabel")
        self.list_label.setWordWrap(True)
        self.page_list = QListWidget()
        self.page_list.setObjectName("helpContents")
        self.page_list.setSpacing(1)
        self.page_list.itemActivated.connect(self._item_chosen)
        self.page_list.itemClicked.connect(self._item_chosen)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.list_label)
        side_layout.addWidget(self.page_list)

        self.browser = QTextBrowser()
        self.browser.setObjectName("helpPage")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.folder)])
        css = self.folder / "guida.css"
        if css.is_file():
            self.browser.document().setDefaultStyleSheet(css.read_text(encoding="utf-8"))
        self.browser.sourceChanged.connect(self._source_changed)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button.clicked.connect(lambda: self.show_page(INDEX))
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([260, 720])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        for keys, slot in ((QKeySequence.StandardKey.Find, self._focus_search),
                           (QKeySequence.StandardKey.Back, self.browser.backward),
                           (QKeySequence.StandardKey.Forward, self.browser.forward),
                           (QKeySequence("Esc"), self.close)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._show_contents()

    def _button(self, text: str, icon: str, tip: str) -> QToolButton:
        from PySide6.QtGui import QIcon

        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        theme = QIcon.fromTheme(icon)
        if not theme.isNull():
            button.setIcon(theme)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    # --- pages

    def show_page(self, target: str = INDEX) -> None:
        """Open ``page.html`` or ``page.html#anchor`` (an unknown page opens the contents)."""
        name, anchor = split_target(target)
        path = self.folder / name
        if not path.is_file():
            path, anchor = self.folder / INDEX, ""
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def current_page(self) -> str:
        """"page.html" or "page.html#anchor" of what is shown."""
        url = self.browser.source()
        name = Path(url.toLocalFile()).name if url.isLocalFile() else url.fileName()
        return f"{name}#{url.fragment()}" if url.fragment() else name

    def _source_changed(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).name if url.isLocalFile() else url.fileName()
        title = next((p.title for p in pages(self.folder) if p.name == name), "")
        self.setWindowTitle(tr("Affido user guide") + (f" — {title}" if title else ""))
        if not self.search_field.text().strip():
            for row in range(self.page_list.count()):
                item = self.page_list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == name:
                    self.page_list.setCurrentItem(item)
                    break

    # --- contents and search

    def _show_contents(self) -> None:
        self.list_label.setText(tr("Contents"))
        self.page_list.clear()
        for page in pages(self.folder):
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.name)
            self.page_list.addItem(item)

    def run_search(self, text: str) -> list[Page]:
        query = text.strip()
        if not query:
            self._show_contents()
            self._source_changed(self.browser.source())
            return []
        found = search(query, self.folder)
        self.page_list.clear()
        for page in found:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.name)
            item.setToolTip(_excerpt(page.text, query))
            self.page_list.addItem(item)
        if not found:
            self.list_label.setText(tr("No page contains “{text}”.").format(text=query))
        elif len(found) == 1:
            self.list_label.setText(tr("1 page contains “{text}”:").format(text=query))
        else:
            self.list_label.setText(tr("{n} pages contain “{text}”:").format(n=len(found),
                                                                               text=query))
        return found

    def _item_chosen(self, item: QListWidgetItem) -> None:
        self.show_page(item.data(Qt.ItemDataRole.UserRole))
        query = self.search_field.text().strip()
        if query:  # show where the words are: all of them together, else the first one
            for words in (query, query.split()[0]):
                self.browser.moveCursor(QTextCursor.MoveOperation.Start)
                if self.browser.find(words):
                    break

    def _open_first_result(self) -> None:
        if self.search_field.text().strip() and self.page_list.count():
            self.page_list.setCurrentRow(0)
            self._item_chosen(self.page_list.item(0))

    def _focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()


def _excerpt(text: str, query: str, width: int = 90) -> str:
    """A short piece of ``text`` around the first word of ``query`` (for the tooltip)."""
    words = fold(query).split()
    folded = fold(text)
    at = folded.find(words[0]) if words else -1
    if at < 0 or len(folded) != len(text):
        return html.escape(text[:width * 2]) + "…"
    start = max(at - width, 0)
    return ("…" if start else "") + html.escape(text[start:at + width]) + "…"


# --- the main window's side: action and F1 everywhere ----------------------------------------

class HelpController(QObject):
    """One help window for a main window; F1 anywhere in Affido opens the right page."""

    def __init__(self, main_window):
        super().__init__(main_window)
        self.main_window = main_window
        self.window: HelpWindow | None = None
        self._owner: QWidget | None = None  # the modal dialog the window is lent to
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def show_help(self, target: str | None = None, over: QWidget | None = None) -> HelpWindow:
        """Open the guide at ``target`` (default: the page of what is shown in the main
        window). While a modal dialog is open the guide is lent to it (a window outside it
        could not be used), and given back when the dialog closes."""
        from shiboken6 import isValid

        if target is None:
            target = page_for_section(self.main_window)
        if self.window is None or not isValid(self.window):
            self.window = HelpWindow(self.main_window)
            self._owner = None
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self.window and modal is not self._owner:
            was_visible = self.window.isVisible()
            self.window.setParent(modal, Qt.WindowType.Window)
            modal.installEventFilter(self)
            self._owner = modal
            if was_visible:
                self.window.show()
        self.window.show_page(target)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def _give_back(self) -> None:
        from shiboken6 import isValid

        owner, self._owner = self._owner, None
        if self.window is None or not isValid(self.window):
            return
        visible = self.window.isVisible()
        self.window.setParent(self.main_window, Qt.WindowType.Window)
        if owner is not None and isValid(owner):
            owner.removeEventFilter(self)
        if visible:
            self.window.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            if (event.key() == Qt.Key.Key_F1
                    and event.modifiers() == Qt.KeyboardModifier.NoModifier
                    and isinstance(watched, QWidget) and self._mine(watched)):
                self.show_help(page_for_widget(watched, self.main_window))
                return True
        elif kind == QEvent.Type.Hide and watched is self._owner and self._owner is not None:
            self._give_back()
        return False

    def _mine(self, widget: QWidget) -> bool:
        """F1 in a window of this main window, or in a window of no main window at all (the
        login, the lock)."""
        from affido_app.ui.main_window import MainWindow

        window = widget.window()
        while window is not None:
            if isinstance(window, MainWindow):
                return window is self.main_window
            parent = window.parentWidget()
            window = parent.window() if parent is not None else None
        return True


def install_help(main_window) -> QAction:
    """Give ``main_window`` the guide: F1 everywhere, and the "Guida" action (F1) for its Help
    menu, which it returns."""
    controller = HelpController(main_window)
    main_window.help_controller = controller
    action = QAction(tr("&User guide"), main_window)
    action.setObjectName("userGuide")
    action.setShortcut(QKeySequence("F1"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: controller.show_help())
    main_window.addAction(action)
    return action
