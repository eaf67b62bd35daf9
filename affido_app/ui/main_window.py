"""The main window: navigation column, sections, global search, menus, status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from affido_app import __version__
from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services import people
from affido_app.ui import settings as keys
from affido_app.ui.documents import document_action, print_period
from affido_app.ui.i18n import LANGUAGES, tr
from affido_app.ui.icons import app_icon, section_icon
from affido_app.ui.widgets.format import italian_date


@dataclass
class Section:
    key: str
    title: str
    icon: str
    factory: Callable[[], QWidget]
    widget: QWidget | None = None


class MainWindow(QMainWindow):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("Affido — Mi affido a te"))
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(720, 480))
        self._record_windows: list[QWidget] = []

        self.sections: list[Section] = self._sections()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setMinimumWidth(170)
        self.nav.setMaximumWidth(260)
        self.stack = QStackedWidget()
        for section in self.sections:
            item = QListWidgetItem(section_icon(section.icon), section.title)
            item.setSizeHint(QSize(160, 38))
            self.nav.addItem(item)
            placeholder = QWidget()
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self.show_section_index)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_search()
        self._build_menus()
        self._build_status_bar()
        ctx.open_record.connect(self.open_record)
        self._restore_layout()

    # --- sections ---

    def _sections(self) -> list[Section]:
        out = [Section("dashboard", tr("Dashboard"), "dashboard", lambda: self._dashboard())]
        if self.ctx.can(Action.READ, Resource.ELDER):
            out.append(Section("elders", tr("Elders"), "elders",
                               lambda: self._registry(PersonKind.ELDER)))
        if self.ctx.can(Action.READ, Resource.FOSTERER):
            out.append(Section("fosterers", tr("Fosterers"), "fosterers",
                               lambda: self._registry(PersonKind.FOSTERER)))
        if self.ctx.can(Action.READ, Resource.MATCH):
            out.append(Section("matches", tr("Matches"), "matches", self._matches))
        if self.ctx.can(Action.READ, Resource.FOSTERER):
            out.append(Section("selection", tr("Selection"), "selection", self._selection))
        if self.ctx.can(Action.READ, Resource.TRAINING):
            out.append(Section("training", tr("Training"), "training", self._training))
        if self.ctx.can(Action.READ, Resource.SUPERVISION):
            out.append(Section("supervision", tr("Supervision"), "supervision",
                               self._supervision))
        if self.ctx.can(Action.READ, Resource.EXPENSE):
            out.append(Section("expenses", tr("Expenses"), "expenses", self._expenses))
        if any(self.ctx.can(Action.READ, r) for r in (Resource.TRAINING, Resource.SUPERVISION,
                                                       Resource.MATCH)):
            out.append(Section("calendar", tr("Calendar"), "calendar", self._calendar))
        return out

    def _matches(self) -> QWidget:
        from affido_app.ui.views.matches import MatchesView

        return MatchesView(self.ctx)

    def _selection(self) -> QWidget:
        from affido_app.ui.views.selection import SelectionView

        view = SelectionView(self.ctx)
        view.open_fosterer.connect(lambda fid: self.open_record("fosterer", fid))
        return view

    def _training(self) -> QWidget:
        from affido_app.ui.views.training import TrainingView

        return TrainingView(self.ctx)

    def _supervision(self) -> QWidget:
        from affido_app.ui.views.supervision import SupervisionView

        return SupervisionView(self.ctx)

    def _expenses(self) -> QWidget:
        from affido_app.ui.views.expenses import ExpensesView

        return ExpensesView(self.ctx)

    def _calendar(self) -> QWidget:
        from affido_app.ui.views.calendar import CalendarView

        view = CalendarView(self.ctx)
        view.open_event.connect(self.open_event)
        return view

    def open_event(self, kind: str, record_id: int) -> None:
        """A calendar event: a training or supervision session."""
        opener = self._event_openers().get(kind)
        if opener is not None:
            opener(record_id)

    def _event_openers(self) -> dict:
        from affido_app.ui.dialogs.supervision_dialog import SupervisionDialog

        def training(session_id: int) -> None:
            from affido_app.services.training import course_of_session
            from affido_app.ui.dialogs.register_dialog import RegisterDialog

            with self.ctx.sessions() as s:
                course_id = course_of_session(s, self.ctx.actor, session_id)
            self.show_section("training").select_course(course_id)
            RegisterDialog.open_register(self, self.ctx, session_id, course_id=course_id)

        return {"supervision": lambda sid: SupervisionDialog.open_session(self, self.ctx, sid),
                "training": training}

    def _dashboard(self) -> QWidget:
        from affido_app.ui.views.dashboard import DashboardView

        view = DashboardView(self.ctx)
        view.show_status.connect(self.show_registry_status)
        if view.supervision is not None:
            view.supervision.show_all.connect(lambda: self.show_section("supervision"))
        return view

    def _registry(self, kind: PersonKind) -> QWidget:
        from affido_app.ui.views.registry import RegistryView

        view = RegistryView(self.ctx, kind)
        view.open_requested.connect(lambda pid, k=kind: self.open_record(k.value, pid))
        view.new_requested.connect(lambda k=kind: self.new_record(k.value))
        return view

    def section_widget(self, key: str) -> QWidget:
        for index, section in enumerate(self.sections):
            if section.key == key:
                if section.widget is None:
                    section.widget = section.factory()
                    old = self.stack.widget(index)
                    self.stack.insertWidget(index, section.widget)
                    self.stack.removeWidget(old)
                    old.deleteLater()
                return section.widget
        raise KeyError(key)

    def show_section(self, key: str) -> QWidget:
        index = next(i for i, s in enumerate(self.sections) if s.key == key)
        widget = self.section_widget(key)
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        self.ctx.settings.set(keys.LAST_SECTION, key)
        return widget

    def export_current_list(self) -> None:
        """File → Export the list (Ctrl+E): the "Export…" of the section shown, if it has one
        and the user may use it."""
        from affido_app.ui.exporting import exportable_view

        view = exportable_view(self.stack.currentWidget())
        if view is None:
            self.statusBar().showMessage(tr("There is no list to export here."), 5000)
            return
        view.export_list()

    def show_section_index(self, index: int) -> None:
        if 0 <= index < len(self.sections):
            self.show_section(self.sections[index].key)

    def show_registry_status(self, kind: str, status: str) -> None:
        key = "elders" if kind == PersonKind.ELDER.value else "fosterers"
        if any(s.key == key for s in self.sections):
            view = self.show_section(key)
            if hasattr(view, "set_status_filter"):
                view.set_status_filter(status)

    # --- records ---

    def open_record(self, kind: str, person_id: int) -> None:
        dialog_cls = self._dialog_class(kind)
        if dialog_cls is None:
            return
        window = self.record_window(kind, person_id)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return
        self.track_record_window(dialog_cls.open_record(self, self.ctx, person_id))

    def record_window(self, kind: str, person_id: int) -> QWidget | None:
        """The open window of that person's record, if any."""
        dialog_cls = self._dialog_class(kind)
        for window in list(self._record_windows):
            if (dialog_cls is not None and isinstance(window, dialog_cls)
                    and getattr(window, "person_id", None) == person_id):
                return window
        return None

    def track_record_window(self, window: QWidget | None) -> None:
        """Count ``window`` among the open records (a record opened elsewhere, e.g. from a
        draft): opening the same record again raises it instead of a second window."""
        if window is not None and window not in self._record_windows:
            self._record_windows.append(window)
            window.destroyed.connect(lambda *_: self._forget(window))

    def _forget(self, window) -> None:
        if window in self._record_windows:
            self._record_windows.remove(window)

    def import_people(self) -> None:
        from affido_app.ui.dialogs.import_wizard import ImportWizard

        ImportWizard.open(self, self.ctx)

    def new_record(self, kind: str) -> None:
        dialog_cls = self._dialog_class(kind)
        if dialog_cls is not None:
            new_id = dialog_cls.create(self, self.ctx)
            if new_id:
                self.open_record(kind, new_id)

    def _dialog_class(self, kind: str):
        if kind == PersonKind.ELDER.value:
            from affido_app.ui.dialogs.elder_dialog import ElderDialog

            return ElderDialog
        if kind == PersonKind.FOSTERER.value:
            from affido_app.ui.dialogs.fosterer_dialog import FostererDialog

            return FostererDialog
        if kind == "match":
            from affido_app.ui.dialogs.match_dialog import MatchDialog

            return MatchDialog
        return None

    # --- global search ---

    def _build_search(self) -> None:
        bar = QToolBar(tr("Search"))
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.search = QLineEdit()
        self.search.setObjectName("globalSearch")
        self.search.setPlaceholderText(tr("Search a person: name, tax code, phone… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(420)
        self._search_model = QStringListModel(self)
        self._search_hits: dict[str, tuple[str, int]] = {}
        completer = QCompleter(self._search_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        completer.activated.connect(self._search_chosen)
        self.search.setCompleter(completer)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_return)
        bar.addWidget(QLabel("  "))
        bar.addWidget(self.search)

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if len(text) < 2:
            self._search_model.setStringList([])
            return
        with self.ctx.sessions() as s:
            hits = people.search_people(s, self.ctx.actor, text, limit=10)
        self._search_hits = {}
        labels = []
        for hit in hits:
            kind = PersonKind(hit["kind"])
            label = tr("{name} — {kind}, {comune}, born {born}").format(
                name=f"{hit['last_name']} {hit['first_name']}", kind=kind.label.lower(),
                comune=hit["comune"] or "", born=italian_date(hit["birth_date"]))
            self._search_hits[label] = (kind.value, hit["id"])
            labels.append(label)
        if not labels:
            labels = [tr("Nobody found for “{text}”").format(text=text)]
        self._search_model.setStringList(labels)
        self.search.completer().complete()

    def _search_chosen(self, label: str) -> None:
        hit = self._search_hits.get(label)
        if hit:
            QTimer.singleShot(0, self.search.clear)
            self.open_record(*hit)

    def _search_return(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if len(self._search_hits) == 1:
            self._search_chosen(next(iter(self._search_hits)))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- menus and status bar ---

    def _action(self, text: str, slot, shortcut=None, enabled: bool = True) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.new_elder_action = self._action(
            tr("New &elder…"), lambda: self.new_record("elder"), QKeySequence.StandardKey.New,
            self.ctx.can(Action.CREATE, Resource.ELDER))
        self.new_fosterer_action = self._action(
            tr("New &fosterer…"), lambda: self.new_record("fosterer"), "Ctrl+Shift+N",
            self.ctx.can(Action.CREATE, Resource.FOSTERER))
        file_menu.addAction(self.new_elder_action)
        file_menu.addAction(self.new_fosterer_action)
        self.import_action = self._action(
            tr("&Import from a spreadsheet…"), self.import_people,
            enabled=self.ctx.can(Action.CREATE, Resource.ELDER)
            or self.ctx.can(Action.CREATE, Resource.FOSTERER))
        self.import_action.setObjectName("importPeople")
        file_menu.addAction(self.import_action)
        self.export_action = self._action(tr("E&xport the list…"), self.export_current_list,
                                          "Ctrl+E")
        self.export_action.setObjectName("exportList")
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.password_action = self._action(tr("Change &password…"), self.change_password)
        self.password_action.setObjectName("changePassword")
        file_menu.addAction(self.password_action)
        self.lock_action = self._action(tr("&Lock now"), lambda: self.ctx.lock_requested.emit(),
                                        "Ctrl+L")
        self.lock_action.setObjectName("lockNow")
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self._action(tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        edit_menu = bar.addMenu(tr("&Edit"))
        self.find_action = self._action(tr("&Find a person"), self.focus_search,
                                        QKeySequence.StandardKey.Find)
        edit_menu.addAction(self.find_action)

        view_menu = bar.addMenu(tr("&View"))
        for index, section in enumerate(self.sections):
            view_menu.addAction(self._action(section.title,
                                             lambda _=False, i=index: self.show_section_index(i),
                                             f"Ctrl+{index + 1}"))
        view_menu.addSeparator()
        view_menu.addAction(self._action(tr("&Refresh"), self.refresh_all,
                                         QKeySequence.StandardKey.Refresh))

        documents_menu = bar.addMenu(tr("&Documents"))
        documents_menu.setObjectName("documentsMenu")
        documents_menu.setToolTipsVisible(True)
        self.activity_report_action = document_action(
            self, self.ctx, tr("&Activity report…"), "activity", self.print_activity_report,
            name="activityReport")
        self.supervision_report_action = document_action(
            self, self.ctx, tr("&Supervision report of a period…"), "supervision",
            self.print_supervision_report, name="supervisionReport")
        documents_menu.addAction(self.activity_report_action)
        documents_menu.addAction(self.supervision_report_action)

        tools = bar.addMenu(tr("&Tools"))
        language = tools.addMenu(tr("Interface &language"))
        current = self.ctx.settings.get(keys.LANGUAGE)
        for code, name in LANGUAGES.items():
            action = self._action(name, lambda _=False, c=code: self.set_language(c))
            action.setCheckable(True)
            action.setChecked(code == current)
            language.addAction(action)

        tools.addSeparator()
        self.km_rate_action = self._action(tr("&Mileage rate…"), self.change_km_rate,
                                           enabled=self.ctx.can(Action.READ, Resource.SETTINGS))
        tools.addAction(self.km_rate_action)
        self.weights_action = self._action(tr("Matching &criteria…"), self.change_weights,
                                           enabled=self.ctx.can(Action.READ, Resource.SETTINGS))
        tools.addAction(self.weights_action)
        self.idle_time_action = self._action(tr("Automatic &lock…"), self.change_idle_time,
                                             enabled=self.ctx.can(Action.READ,
                                                                  Resource.SETTINGS))
        tools.addAction(self.idle_time_action)
        self.letterhead_action = self._action(
            tr("Document &letterhead…"), self.change_letterhead,
            enabled=self.ctx.can(Action.UPDATE, Resource.SETTINGS))
        self.letterhead_action.setObjectName("letterhead")
        if not self.letterhead_action.isEnabled():
            self.letterhead_action.setToolTip(tr("Only an administrator can change the "
                                                 "letterhead."))
        tools.addAction(self.letterhead_action)
        self.server_action = self._action(
            tr("Office se&rver…"), self.change_server,
            enabled=self.ctx.can(Action.UPDATE, Resource.SETTINGS))
        self.server_action.setObjectName("officeServer")
        if not self.server_action.isEnabled():
            self.server_action.setToolTip(tr("Only an administrator can choose the database "
                                             "of this computer."))
        tools.addAction(self.server_action)
        self.backups_action = self._action(
            tr("&Backups…"), self.open_backups,
            enabled=self.ctx.can(Action.READ, Resource.SETTINGS))
        self.backups_action.setObjectName("backups")
        tools.addAction(self.backups_action)
        tools.addSeparator()
        self.staff_action = self._action(tr("&Operators…"), self.open_staff,
                                         enabled=self.ctx.can(Action.UPDATE, Resource.STAFF))
        self.staff_action.setObjectName("staffAccounts")
        if not self.staff_action.isEnabled():
            self.staff_action.setToolTip(tr("Only an administrator can manage the operators' "
                                            "accounts."))
        tools.addAction(self.staff_action)
        self.audit_action = self._action(tr("&Access log…"), self.open_audit_log,
                                         enabled=self.ctx.can(Action.READ, Resource.AUDIT))
        self.audit_action.setObjectName("auditLog")
        if not self.audit_action.isEnabled():
            self.audit_action.setToolTip(tr("Only an administrator can read the access log."))
        tools.addAction(self.audit_action)
        self.anonymisation_action = self._action(
            tr("A&nonymisation and erasure…"), self.open_anonymisation,
            enabled=any(self.ctx.can(Action.DELETE, r) for r in (Resource.ELDER,
                                                                 Resource.FOSTERER)))
        self.anonymisation_action.setObjectName("anonymisation")
        if not self.anonymisation_action.isEnabled():
            self.anonymisation_action.setToolTip(tr("Only an administrator can anonymise or "
                                                    "erase records."))
        tools.addAction(self.anonymisation_action)
        self.statistics_action = self._action(
            tr("&Statistics export…"), self.open_statistics_export,
            enabled=all(self.ctx.can(Action.EXPORT, r) for r in (Resource.ELDER,
                                                                 Resource.FOSTERER,
                                                                 Resource.MATCH)))
        self.statistics_action.setObjectName("statisticsExport")
        if not self.statistics_action.isEnabled():
            self.statistics_action.setToolTip(tr("Your profile does not allow exporting data."))
        tools.addAction(self.statistics_action)
        tools.setToolTipsVisible(True)

        help_menu = bar.addMenu(tr("&Help"))
        from affido_app.ui.help import install_help

        help_menu.addAction(install_help(self))  # Guida (F1): the page of what is on screen
        help_menu.addAction(self._action(tr("&About Affido"), self.about))

    def _build_status_bar(self) -> None:
        role = self.ctx.actor.role.label
        who = self.ctx.actor_name or self.ctx.actor.username
        self.user_label = QLabel(tr("Operator: {name} ({role})").format(name=who, role=role))
        path = self.ctx.db.path
        where = str(path) if path is not None else tr("shared PostgreSQL database")
        self.db_label = QLabel(tr("Database: {where}").format(where=where))
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

    def refresh_all(self) -> None:
        self.ctx.notify({"elders", "fosterers", "matches", "interviews", "training",
                         "supervision", "expenses"})
        self.statusBar().showMessage(tr("Data refreshed"), 3000)

    def set_language(self, code: str) -> None:
        self.ctx.settings.set(keys.LANGUAGE, code)
        QMessageBox.information(
            self, tr("Interface language"),
            tr("The new language will be used the next time Affido starts."))

    def change_km_rate(self) -> None:
        from affido_app.ui.dialogs.km_rate_dialog import KmRateDialog

        KmRateDialog.change(self, self.ctx)

    def change_idle_time(self) -> None:
        from affido_app.ui.dialogs.idle_time_dialog import IdleTimeDialog

        IdleTimeDialog.change(self, self.ctx)

    def change_weights(self) -> None:
        from affido_app.ui.dialogs.weights_dialog import WeightsDialog

        WeightsDialog.change(self, self.ctx)

    def open_audit_log(self):
        """The access log (administrators): one window, raised when already open."""
        from shiboken6 import isValid

        from affido_app.ui.views.audit import AuditWindow

        window = getattr(self, "_audit_window", None)
        if window is not None and isValid(window):
            window.raise_()
            window.activateWindow()
            return window
        self._audit_window = AuditWindow.open_window(self, self.ctx)
        return self._audit_window

    def change_password(self, *, exec: bool = True):
        from affido_app.ui.dialogs.password_dialog import PasswordDialog

        return PasswordDialog.change(self, self.ctx, exec=exec)

    def open_staff(self, *, exec: bool = True):
        """The operators' accounts (administrators only)."""
        from affido_app.ui.dialogs.staff_dialog import StaffDialog

        return StaffDialog.open(self, self.ctx, exec=exec)

    def open_anonymisation(self, *, exec: bool = True):
        from affido_app.ui.dialogs.gdpr_dialogs import AnonymisationDialog

        return AnonymisationDialog.open(self, self.ctx, exec=exec)

    def open_statistics_export(self, *, exec: bool = True):
        from affido_app.ui.dialogs.gdpr_dialogs import StatisticsExportDialog

        return StatisticsExportDialog.open(self, self.ctx, exec=exec)

    def open_backups(self, *, exec: bool = True):
        """Tools → "Backups…": the folder, the copies, a copy now, a restore."""
        from affido_app.ui.dialogs.backup_dialog import BackupDialog

        return BackupDialog.open(self, self.ctx, exec=exec)

    def change_server(self, *, exec: bool = True):
        """Tools → "Office server…": the database this PC opens from the next start."""
        from affido_app.ui.dialogs.server_dialog import ServerDialog

        return ServerDialog.change(self, self.ctx.settings, exec=exec)

    def change_letterhead(self) -> None:
        from affido_app.ui.dialogs.letterhead_dialog import LetterheadDialog

        LetterheadDialog.change(self, self.ctx)

    def print_activity_report(self, *, exec: bool = True):
        return print_period(self, self.ctx, "activity", title=tr("Activity report"),
                            intro=tr("The activity of the project in the period: people, "
                                     "pairs, meetings, trends."), exec=exec)

    def print_supervision_report(self, *, exec: bool = True):
        return print_period(self, self.ctx, "supervision",
                            title=tr("Supervision report of a period"),
                            intro=tr("The meetings held in the period, pair by pair:"),
                            exec=exec)

    def about(self) -> None:
        QMessageBox.about(
            self, tr("About Affido"),
            tr("Affido {version}\nCase management for the “Mi affido a te” daytime foster "
               "care programme.").format(version=__version__) + "\n\n"
            + tr("Coordinates of the comuni: GeoNames (geonames.org), CC BY 4.0."))

    # --- layout persistence ---

    def _restore_layout(self) -> None:
        geometry = self.ctx.settings.get(keys.MAIN_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.ctx.settings.get(keys.MAIN_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        # the splitter is restored once the window has its real size (first show)
        self._pending_splitter = self.ctx.settings.get(keys.splitter_key("main"))
        last = self.ctx.settings.get(keys.LAST_SECTION)
        self.show_section(last if any(s.key == last for s in self.sections) else "dashboard")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending, self._pending_splitter = self._pending_splitter, None
        if pending is not None:  # after the layout has given the splitter its size
            QTimer.singleShot(0, lambda: self._restore_splitter(pending))

    def _restore_splitter(self, state) -> None:
        if state.isEmpty() or not self.splitter.restoreState(state):
            self.splitter.setSizes([200, max(400, self.width() - 200)])

    def save_layout(self) -> None:
        self.ctx.settings.set(keys.MAIN_GEOMETRY, self.saveGeometry())
        self.ctx.settings.set(keys.MAIN_STATE, self.saveState())
        self.ctx.settings.set(keys.splitter_key("main"), self.splitter.saveState())
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for window in list(self._record_windows):
            if not window.close():  # a record with unsaved changes asked to stay open
                event.ignore()
                return
        self.save_layout()
        event.accept()
