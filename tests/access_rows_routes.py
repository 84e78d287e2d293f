"""Access rows for the pages that keep routes and "who must act" true."""

from __future__ import annotations

from tests.test_access_matrix import Row, entry_action, gift, only

ROWS = {
    "conduct:fallbacks": Row(expect=only(("mo", "deputy"))),
    "declarations:stranded": Row(expect=only(("mo", "deputy"))),
    # the gift waits for the line manager's note, so the Monitoring Officer may re-route it
    "declarations:reroute": Row(kwargs=gift, expect=entry_action(("mo", "deputy"))),
}
