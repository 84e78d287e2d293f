"""Access rows for the sign-in lockouts page: only the Monitoring Officer and deputies."""

from __future__ import annotations

from tests.test_access_matrix import SIGNED_IN, Row, only

ROWS = {
    "people:lockouts": Row(expect=only(("mo", "deputy"))),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "people:lockout_lift": Row(expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302}),
}
