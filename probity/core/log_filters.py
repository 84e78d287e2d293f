"""Logging filters: refused requests are one line, not a traceback."""

from __future__ import annotations

import logging


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
