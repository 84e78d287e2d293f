"""Access rows for the Monitoring Officer's list of email not yet sent."""

from __future__ import annotations

from tests.test_access_matrix import SIGNED_IN, Row, only

ROWS = {
    "outbox": Row(expect=only(("mo", "deputy"))),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "outbox_retry": Row(
        kwargs=lambda d: {"email_id": "999999"},
        expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302},
    ),
}
