"""PostgreSQL triggers that refuse UPDATE and DELETE on tables whose rows never change.

Used by migrations. On any other database (SQLite) they do nothing: there the audit chain
(``verify_audit``) is what shows a change.
"""

from __future__ import annotations

from typing import Any

FUNCTION = """
CREATE OR REPLACE FUNCTION probity_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never changed or removed (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def _quoted(schema_editor: Any, table: str) -> str:
    return str(schema_editor.quote_name(table))


def protect(schema_editor: Any, tables: tuple[str, ...]) -> None:
    """Create the refusing trigger on each table (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in tables:
        trigger = _quoted(schema_editor, f"{table}_append_only")
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {trigger} ON {_quoted(schema_editor, table)}", params=None
        )
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {_quoted(schema_editor, table)} "
            "FOR EACH ROW EXECUTE FUNCTION probity_refuse_change()",
            params=None,
        )


def unprotect(schema_editor: Any, tables: tuple[str, ...]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        trigger = _quoted(schema_editor, f"{table}_append_only")
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {trigger} ON {_quoted(schema_editor, table)}", params=None
        )
