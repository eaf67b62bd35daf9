"""What every window and view shares: the open database, the acting user, change signals."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from affido_app.db.migrate import Database
from affido_app.domain.permissions import Action, Resource, can
from affido_app.services.context import Actor
from affido_app.ui.settings import Settings


class AppContext(QObject):
    #: areas whose data changed ("elders", "fosterers", "matches", …): views refresh
    changed = Signal(object)
    #: ask the main window to open a record: (kind, id), kind "elder", "fosterer" or "match"
    open_record = Signal(str, int)
    #: lock the application now (the idle lock listens: ui/idle_lock.py)
    lock_requested = Signal()

    def __init__(self, db: Database, actor: Actor, settings: Settings | None = None,
                 actor_name: str = ""):
        super().__init__()
        self.db = db
        self.actor = actor
        self.actor_name = actor_name
        self.settings = settings or Settings()

    def sessions(self):
        """``with ctx.sessions() as s:`` a read-only unit of work (rolled back at the end)."""
        return self.db.sessions()

    def begin(self):
        """``with ctx.begin() as s:`` a unit of work committed at the end."""
        return self.db.sessions.begin()

    def can(self, action: Action, resource: Resource) -> bool:
        return can(self.actor.role, action, resource)

    def notify(self, areas: Iterable[str]) -> None:
        self.changed.emit(frozenset(areas))

    def verify_password(self, password: str) -> bool:
        """Is this the acting user's password? (the idle lock asks it again). A wrong one counts
        as a failed attempt; raises ``LoginRefused`` while the delay after failures runs."""
        from affido_app.services import auth

        with self.begin() as s:
            return auth.verify_password(s, self.actor.id, password)

    def password_verifier(self):
        """:meth:`verify_password` while the acting user has a password; None otherwise
        (databases made before login existed): the idle lock then asks nothing."""
        from affido_app.services import auth

        with self.sessions() as s:
            return self.verify_password if auth.has_password(s, self.actor.id) else None
