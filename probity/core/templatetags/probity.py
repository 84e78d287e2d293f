"""Template filters for dates, times and money in the forms people in the UK expect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms, template
from django.forms import BoundField

from probity.core.clock import LONDON

register = template.Library()
#: Month names in English whatever the process's locale (a CSV writes a million of these: they
#: are looked up, not formatted by ``strftime``).
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register.filter
def uk_date(value: dt.date | dt.datetime | None) -> str:
    """3 March 2027."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {MONTHS[value.month]} {value.year}"


@register.filter
def uk_datetime(value: dt.datetime | None) -> str:
    """3 March 2027 at 2:05pm (Europe/London)."""
    if value is None or value == "":
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {MONTHS[local.month]} {local.year} at {hour}:{local.minute:02d}{suffix}"


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


@register.filter
def error_links(bound_field: BoundField) -> list[tuple[str, str]]:
    """(element id, message) for each error of a field, pointing at an input that exists.

    Radios, checkboxes and day-month-year dates have no element with the field's own id, so their
    errors link to the first input of the group, as the GOV.UK error summary expects.
    """
    field, widget = bound_field.field, bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        first = f"{bound_field.auto_id}_1"  # crispy-forms-gds numbers choices from 1
    elif isinstance(widget, forms.MultiWidget):
        first = f"{bound_field.auto_id}_0"  # day, month, year
    else:
        first = str(bound_field.auto_id)
    links: list[tuple[str, str]] = []
    seen: set[str] = set()
    if isinstance(field, forms.MultiValueField):
        for index, subfield in enumerate(field.fields):
            for error in getattr(subfield.widget, "errors", []):
                links.append((f"{bound_field.auto_id}_{index}", str(error)))
                seen.add(str(error))
    for error in bound_field.errors:
        if str(error) not in seen:
            links.append((first, str(error)))
    return links


@register.filter
def cooloff_minutes(value: dt.timedelta | None) -> str:
    """A wait in whole minutes: "30 minutes", "1 minute"."""
    if not isinstance(value, dt.timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
