"""The tables that hold records, by name, for code that reads them without the ORM.

The importer reads every record with the standard library's ``sqlite3`` (on a
thread of its own, before SQLAlchemy is even imported), taking each table's
columns from the database itself.  ``storage.models.RECORD_MODELS`` declares
the same tables in the same order; a test holds the two equal.
"""

from __future__ import annotations

__all__ = ["BOOKKEEPING", "RECORD_TABLES"]

# Parents before children, as RECORD_MODELS.
RECORD_TABLES: tuple[str, ...] = (
    "policy",
    "edition",
    "viewpoint",
    "section",
    "policy_area",
    "initiative",
    "roadmap_cell",
    "body",
    "duty",
    "role",
    "body_member",
    "glossary_term",
)
# Columns every record has that are not its content (Record.BOOKKEEPING).
BOOKKEEPING = frozenset({"id", "revision", "created_at", "updated_at", "updated_by"})
