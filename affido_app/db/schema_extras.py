"""Schema objects the ORM does not model: full-text search and append-only guards.

These statements belong to revision 0001: a later change to them goes into a new revision with
statements of its own, so that old revisions keep doing what they did.

They are created by the migrations (dialect by dialect) and left out of autogenerate's comparison.

- SQLite: FTS5 tables ``elders_fts`` / ``fosterers_fts`` over ``search_text`` (external content,
  kept in step by triggers), tokenizer ``unicode61 remove_diacritics 2``.
- PostgreSQL: trigram GIN indexes over ``search_text`` (``pg_trgm``). ``search_text`` is already
  lower case without accents, so no ``unaccent`` is needed at query time.
- Both: triggers that refuse UPDATE and DELETE on ``audit_events`` (an UPDATE may only fill the
  hash of a row just written) and on the status event tables.
"""

from __future__ import annotations

from collections.abc import Callable

FTS_TABLES = {"elders": "elders_fts", "fosterers": "fosterers_fts"}
TRGM_INDEXES = {"elders": "ix_elders_search_trgm", "fosterers": "ix_fosterers_search_trgm"}
#: expression indexes made by later revisions (0005: names in lower case, the lists' order)
FOLDED_NAME_INDEXES = {"elders": "ix_elders_name_folded", "fosterers": "ix_fosterers_name_folded"}
APPEND_ONLY_EVENTS = ("elder_events", "fosterer_events", "match_events")

_EXCLUDED_PREFIXES = tuple(FTS_TABLES.values())


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Autogenerate filter: ignore FTS shadow tables and migration-only indexes."""
    if type_ == "table" and name and name.startswith(_EXCLUDED_PREFIXES):
        return False
    return not (type_ == "index" and (name in TRGM_INDEXES.values()
                                      or name in FOLDED_NAME_INDEXES.values()))


def sqlite_statements() -> list[str]:
    out: list[str] = []
    for table, fts in FTS_TABLES.items():
        out += [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    out += [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at "
        "OR NEW.user_id IS NOT OLD.user_id OR NEW.action IS NOT OLD.action "
        "OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id "
        "OR NEW.elder_id IS NOT OLD.elder_id OR NEW.fosterer_id IS NOT OLD.fosterer_id "
        "OR NEW.detail IS NOT OLD.detail "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    ]
    for table in APPEND_ONLY_EVENTS:
        out.append(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END"
        )
    return out


def sqlite_drop_statements() -> list[str]:
    out = [f"DROP TABLE IF EXISTS {fts}" for fts in FTS_TABLES.values()]
    for fts in FTS_TABLES.values():
        out += [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")]
    out += ["DROP TRIGGER IF EXISTS audit_events_no_update",
            "DROP TRIGGER IF EXISTS audit_events_no_delete"]
    out += [f"DROP TRIGGER IF EXISTS {t}_no_update" for t in APPEND_ONLY_EVENTS]
    return out


def postgresql_statements() -> list[str]:
    out = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table, index in TRGM_INDEXES.items():
        out.append(f"CREATE INDEX {index} ON {table} USING gin (search_text gin_trgm_ops)")
    out += [
        """CREATE OR REPLACE FUNCTION affido_audit_guard() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.id = OLD.id AND NEW.at = OLD.at
             AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.action = OLD.action
             AND NEW.entity = OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
             AND NEW.elder_id IS NOT DISTINCT FROM OLD.elder_id
             AND NEW.fosterer_id IS NOT DISTINCT FROM OLD.fosterer_id
             AND NEW.detail::text IS NOT DISTINCT FROM OLD.detail::text THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'audit log is append-only';
        END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER audit_events_guard BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION affido_audit_guard()",
        """CREATE OR REPLACE FUNCTION affido_history_guard() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'status history is append-only'; END $$ LANGUAGE plpgsql""",
    ]
    for table in APPEND_ONLY_EVENTS:
        out.append(
            f"CREATE TRIGGER {table}_guard BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION affido_history_guard()"
        )
    return out


def postgresql_drop_statements() -> list[str]:
    out = [f"DROP INDEX IF EXISTS {index}" for index in TRGM_INDEXES.values()]
    out += ["DROP TRIGGER IF EXISTS audit_events_guard ON audit_events"]
    out += [f"DROP TRIGGER IF EXISTS {t}_guard ON {t}" for t in APPEND_ONLY_EVENTS]
    out += ["DROP FUNCTION IF EXISTS affido_audit_guard()",
            "DROP FUNCTION IF EXISTS affido_history_guard()"]
    return out


def create_extras(execute: Callable[[str], object], dialect: str) -> None:
    for stmt in sqlite_statements() if dialect == "sqlite" else postgresql_statements():
        execute(stmt)


def drop_extras(execute: Callable[[str], object], dialect: str) -> None:
    stmts = sqlite_drop_statements() if dialect == "sqlite" else postgresql_drop_statements()
    for stmt in stmts:
        execute(stmt)
