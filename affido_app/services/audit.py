"""The audit trail: every write, and every read of sensitive content, leaves a row.

Rows hold who, when, what (action, table, id), which person, and a ``detail`` with field names,
statuses or counts: never personal data. They are append-only (database triggers) and chained:
each row's hash covers its content and the previous row's hash, so ``affido check`` detects any
row changed, removed or inserted after the fact.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, event, select, text
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction

#: PostgreSQL advisory lock that serialises appends to the chain
_PG_CHAIN_LOCK = 0x4146_4944  # "AFID"


def audit(
    s: Session,
    actor_id: int | None,
    action: AuditAction,
    entity: str,
    entity_id: int | None = None,
    *,
    elder_id: int | None = None,
    fosterer_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one row to the chain (inside the caller's transaction); returns its id.

    The row is inserted first: on SQLite that takes the write lock (on PostgreSQL an advisory
    lock is taken before, once per transaction: ``s.info`` remembers it), so the row before it
    is settled and nobody else can append until the transaction ends; the insert copies that
    row's hash (``prev_hash``) in the same statement. Its own hash is then filled in.
    """
    if s.get_bind().dialect.name == "postgresql" and _TAIL not in s.info:
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    s.flush()  # pending writes first: on SQLite they take the write lock the chain relies on
    row = _Row(at=utcnow(), user_id=actor_id, action=action, entity=entity,
               entity_id=entity_id, elder_id=elder_id, fosterer_id=fosterer_id,
               detail=_clean(detail))
    # the row before it is the last one: rows are never removed and ids only grow (on
    # PostgreSQL, appends are serialised by the lock above), so the insert reads its hash in the
    # same statement
    row.id, prev = s.execute(_INSERT, {
        "at": row.at, "user_id": actor_id, "action": action, "entity": entity,
        "entity_id": entity_id, "elder_id": elder_id, "fosterer_id": fosterer_id,
        "detail": row.detail,
    }).one()
    digest = row_hash(row, prev)
    s.execute(_SEAL, {"row_id": row.id, "prev_hash": prev, "hash": digest})
    s.info[_TAIL] = (row.id, digest)
    return row.id


_TAIL = "affido.audit_tail"
_T = AuditEvent.__table__
# built once: statements compiled and cached, not rebuilt for every row. The row before the
# new one is the last one (rows are never removed, ids only grow): its hash is read by the
# insert itself, before the new row exists
_INSERT = (_T.insert()
           .values(prev_hash=select(_T.c.hash).order_by(_T.c.id.desc()).limit(1)
                   .scalar_subquery())
           .returning(_T.c.id, _T.c.prev_hash))
_SEAL = (_T.update().where(_T.c.id == bindparam("row_id"))
         .values(prev_hash=bindparam("prev_hash"), hash=bindparam("hash")))


@dataclass
class _Row:
    at: Any
    user_id: int | None
    action: AuditAction
    entity: str
    entity_id: int | None
    elder_id: int | None
    fosterer_id: int | None
    detail: Any
    id: int = 0


@event.listens_for(Session, "after_transaction_end")
def _forget_tail(session: Session, transaction) -> None:
    """The cached last row is only good inside the transaction (and savepoint) that wrote it."""
    session.info.pop(_TAIL, None)


def row_hash(row, prev_hash: str | None) -> str:
    payload = json.dumps(
        [
            row.id, row.at.isoformat(timespec="microseconds"), row.user_id, str(row.action),
            row.entity, row.entity_id, row.elder_id, row.fosterer_id, row.detail, prev_hash,
        ],
        sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def verify_chain(s: Session, *, batch: int = 5000) -> list[str]:
    """Italian descriptions of every break in the chain (empty: intact)."""
    cols = [AuditEvent.id, AuditEvent.at, AuditEvent.user_id, AuditEvent.action,
            AuditEvent.entity, AuditEvent.entity_id, AuditEvent.elder_id, AuditEvent.fosterer_id,
            AuditEvent.detail, AuditEvent.prev_hash, AuditEvent.hash]
    problems: list[str] = []
    prev: str | None = None
    last_id = 0
    while True:
        rows = s.execute(
            select(*cols).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.prev_hash != prev:
                problems.append(
                    "Registro degli accessi: manca o è stata alterata la riga "
                    f"prima della {row.id}."
                )
            elif row.hash != row_hash(row, prev):
                problems.append(f"Registro degli accessi: la riga {row.id} è stata alterata.")
            prev = row.hash
            last_id = row.id
    return problems


def changed_fields(names: Iterable[str]) -> dict[str, Any]:
    return {"fields": sorted(names)}


def _clean(detail: dict[str, Any] | None) -> dict[str, Any] | None:
    if not detail:
        return None
    return json.loads(json.dumps(detail, default=str))
