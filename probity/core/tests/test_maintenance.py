"""Daily upkeep: expired sessions are cleared."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command

from probity.core import clock

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 2, 0, tzinfo=dt.UTC)


def make_session(expires: dt.datetime) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
    assert store.session_key is not None
    return store.session_key


def test_expired_sessions_are_cleared_and_live_ones_kept() -> None:
    old = make_session(NOW - dt.timedelta(minutes=1))
    live = make_session(NOW + dt.timedelta(hours=1))
    out = StringIO()
    with clock.frozen(NOW):
        call_command("clear_expired_sessions", stdout=out)
    assert "Deleted 1 expired session." in out.getvalue()
    assert not Session.objects.filter(session_key=old).exists()
    assert Session.objects.filter(session_key=live).exists()
