"""Forms the Monitoring Officer uses to set when councillors may inspect the section 117 book."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from probity.core.forms import GovukForm, clean_date_in_range, date_field, text_field
from probity.registers.book_selectors import closure_day_exists

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class ClockTimeField(forms.CharField):
    """A time of day typed as text on the 24-hour clock, like 09:00 or 17:30."""

    def __init__(self, *, label: str, required_message: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        super().__init__(
            label=label,
            error_messages={
                "required": required_message,
                "max_length": "Enter the time as hours and minutes, like 09:00",
            },
            **kwargs,
        )
        self.widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def clean(self, value: Any) -> dt.time | None:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        match = _TIME.match(str(text).strip())
        if match is None:
            raise ValidationError("Enter the time as hours and minutes, like 09:00")
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError("Enter a real time on the 24-hour clock, like 09:00 or 17:30")
        return dt.time(hour, minute)


class InspectionHoursForm(GovukForm):
    opens = ClockTimeField(
        label="Opening time",
        help_text="Use the 24-hour clock, for example 09:00",
        required_message="Enter the time the book opens",
    )
    closes = ClockTimeField(
        label="Closing time",
        help_text="For example, 17:00. Councillors can look at the book until this time.",
        required_message="Enter the time the book closes",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("opens", field_width=5), Field.text("closes", field_width=5)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", "The closing time must be after the opening time")
        return data


class ClosureDayForm(GovukForm):
    day = date_field("Date the offices are closed", when="future")
    reason = text_field(
        "Reason for closing",
        help_text="For example, a staff training day",
        required_message="Enter why the offices are closed",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("day"), Field.text("reason"))

    def clean_day(self) -> dt.date | None:
        value = clean_date_in_range(
            self.cleaned_data.get("day"),
            label="The date",
            today=self.today,
            allow_future=True,
        )
        if value is None:
            return None
        if value < self.today:
            raise ValidationError("The date must be today or in the future")
        if closure_day_exists(day=value):
            raise ValidationError("The offices are already closed on that date")
        return value
