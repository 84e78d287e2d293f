"""Every table in the product scrolls inside its own labelled region, so that at 375 px a wide
table never widens the page, and a keyboard user can reach the region to scroll it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "probity"
REGION = re.compile(
    r'<div class="[^"]*\bapp-table-scroll\b[^"]*" role="region" aria-label="[^"]+" tabindex="0">\s*$'
)


def _tables() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if "<table" in line:
                before = next((b for b in reversed(lines[:number]) if b.strip()), "")
                found.append((str(path.relative_to(ROOT)), number + 1, before.strip()))
    return found


def test_every_table_is_inside_a_labelled_scrolling_region() -> None:
    tables = _tables()
    assert len(tables) > 30  # the templates were found
    assert [t for t in tables if not REGION.search(t[2])] == []
