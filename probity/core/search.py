"""Text normalised for searching: accents stripped, lower case, single spaces. Pure."""

from __future__ import annotations

import unicodedata


def search_normalise(text: str) -> str:
    """``"Tŷ  Gwyn"`` becomes ``"ty gwyn"``: NFKD, combining marks dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def search_terms(query: str) -> list[str]:
    """The normalised words of a query; every one must appear in a match."""
    return search_normalise(query).split()
