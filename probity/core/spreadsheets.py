"""Text for CSV files that people open in a spreadsheet program."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def spreadsheet_safe(value: object) -> str:
    """Text a spreadsheet will never run as a formula (OWASP CSV injection guidance)."""
    # Called for cells of a million rows: the common case (text) is kept short.
    if type(value) is str:
        text = value
    elif value is None:
        return ""
    else:
        text = str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text[:1] in FORMULA_FIRST:
        return "'" + text
    return text
