"""Access rows for single sign-on and the emergency sign-in page.

The matrix runs with single sign-on off, as a council without it does: its two pages do not
exist then. ``tests/test_sso.py`` asks the same URLs with it on."""

from __future__ import annotations

from tests.test_access_matrix import PERSONAS, SIGNED_IN, Row

ROWS = {
    "sso_start": Row(expect=dict.fromkeys(PERSONAS, 404)),
    "sso_callback": Row(expect=dict.fromkeys(PERSONAS, 404)),
    # Signed-in visitors are sent on to the home page.
    "emergency_sign_in": Row(expect={**dict.fromkeys(SIGNED_IN, 302), "anonymous": 200}),
}
