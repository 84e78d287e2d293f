"""The search normaliser: accents, case and spacing never stop a match."""

from __future__ import annotations

import pytest

from probity.core.search import search_normalise, search_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tŷ Gwyn", "ty gwyn"),
        ("Ty Gwyn", "ty gwyn"),
        ("  Café   Zoë ", "cafe zoe"),
        ("ŴŶÂ", "wya"),
        ("GH-2027-0042", "gh-2027-0042"),
        ("STRASSE Straße", "strasse strasse"),
        ("ﬁne print", "fine print"),
        ("", ""),
    ],
)
def test_search_normalise_strips_accents_and_case(text: str, expected: str) -> None:
    assert search_normalise(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Tŷ  Gwyn", ["ty", "gwyn"]), ("   ", []), ("gh-2027", ["gh-2027"])],
)
def test_search_terms_are_normalised_words(query: str, expected: list[str]) -> None:
    assert search_terms(query) == expected
