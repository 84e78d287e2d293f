"""Access rows for the section 117 book and its opening hours.

The matrix clock stands at Wednesday 3 March 2027, 10:00: inside the default office hours, so the
councillor sees the book. The Monitoring Officer and deputies keep the book and may always see it.
"""

from __future__ import annotations

from tests.test_access_matrix import Row, only

ROWS = {
    "book:inspect": Row(expect=only(("councillor", "mo", "deputy"))),
    "book:hours": Row(expect=only(("mo", "deputy"))),
}
