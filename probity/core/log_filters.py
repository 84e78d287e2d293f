"""Logging filters: refused requests are one line, not a traceback; no reporter's address."""

from __future__ import annotations

import logging
import re

from django.conf import settings


class RefusedRequestsOnOneLine(logging.Filter):
    """Drop the traceback from 4xx records (a 403 or 404 is not a fault).

    Django logs refused requests on ``django.request`` with the exception that
    refused them; the console then prints a traceback per page not found, which
    buries the emails the demo prints there. The one-line message stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


_ADDRESS = re.compile(
    r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|(?=[0-9a-fA-F:]*:[0-9a-fA-F:]*:)[0-9a-fA-F:]{2,39})(?![\w.:])"
)
REMOVED = "[address removed]"


class NoAddressesOnPrivatePaths(logging.Filter):
    """No client address in any log line about a path in ``PROBITY_UNLOGGED_ADDRESS_PATHS``.

    Anonymous reporters use those pages. For a record about one of them (its ``request`` has such
    a path, or its message names one), the request object is dropped from the record, so no
    formatter can print its address or headers, and anything shaped like an IPv4 or IPv6 address
    in the message is replaced. Server access logs outside Django (a proxy, gunicorn) need the
    same care: see docs/concerns.md.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        prefixes: tuple[str, ...] = tuple(getattr(settings, "PROBITY_UNLOGGED_ADDRESS_PATHS", ()))
        if not prefixes:
            return True
        request = getattr(record, "request", None)
        path = str(getattr(request, "path", "") or "")
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        if not (path.startswith(prefixes) or any(prefix in message for prefix in prefixes)):
            return True
        if request is not None:
            record.request = None
        record.msg = _ADDRESS.sub(REMOVED, message)
        record.args = ()
        return True
