"""PostgreSQL triggers that refuse UPDATE and DELETE on tables whose rows never change.

Used by migrations. On any other database (SQLite) they do nothing: there the audit chain
(``verify_audit``) is what shows a change.
"""

from __future__ import annotations

from typing import Any

FUNCTION = """
CREATE OR REPLACE FUNCTION probity_refuse_change() RETURNS trigger AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    i integer;
BEGIN
    -- The trigger's arguments name columns that may be rewritten (an encrypted value re-sealed
    -- under a new key); an UPDATE that changes nothing else is let through.
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        FOR i IN 0 .. TG_NARGS - 1 LOOP
            old_row := old_row - TG_ARGV[i];
            new_row := new_row - TG_ARGV[i];
        END LOOP;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'rows of % are never changed or removed (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def _arguments(table: str, rewritable: dict[str, tuple[str, ...]] | None) -> str:
    columns = (rewritable or {}).get(table, ())
    for column in columns:
        if not column.isidentifier():
            raise ValueError(f"Not a column name: {column!r}")
    return ", ".join(f"'{column}'" for column in columns)


def _quoted(schema_editor: Any, table: str) -> str:
    return str(schema_editor.quote_name(table))


def protect(
    schema_editor: Any,
    tables: tuple[str, ...],
    *,
    rewritable: dict[str, tuple[str, ...]] | None = None,
) -> None:
    """Create the refusing trigger on each table (PostgreSQL only). ``rewritable`` names, per
    table, columns an UPDATE may change when it changes nothing else."""
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
            f"FOR EACH ROW EXECUTE FUNCTION probity_refuse_change({_arguments(table, rewritable)})",
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
