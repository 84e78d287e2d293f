"""Template filters for dates, times and money in the forms people in the UK expect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from probity.core.clock import LONDON

register = template.Library()


@register.filter
def uk_date(value: dt.date | dt.datetime | None) -> str:
    """3 March 2027."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


@register.filter
def uk_datetime(value: dt.datetime | None) -> str:
    """3 March 2027 at 2:05pm (Europe/London)."""
    if value is None or value == "":
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{suffix}"


@register.filter
def money(value: Decimal | int | float | None) -> str:
    """£1,234.50 (or £12 for whole pounds)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded: str = params.urlencode()
    return f"?{encoded}" if encoded else "?"
