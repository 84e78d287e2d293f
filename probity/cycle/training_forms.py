"""Forms of training and induction, rendered with GOV.UK markup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from probity.core import clock
from probity.core.forms import (
    DirectorateServiceFilterForm,
    GovukForm,
    choice_field,
    clean_date_in_range,
    date_field,
    long_text_field,
    text_field,
)
from probity.cycle.choices import SessionKind
from probity.people.people_forms import FeedUploadForm


class TrainingSessionForm(GovukForm):
    title = text_field("Title of the session", max_length=150)
    held_on = date_field("Date of the session", help_text="It can be in the future.")
    kind = choice_field(
        "Kind of session", SessionKind.choices, required_message="Select the kind of session"
    )
    notes = long_text_field("Notes (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"),
            Field("held_on"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("notes", rows=3),
        )

    def clean_held_on(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get("held_on"),
            label="The date of the session",
            today=clock.today(),
            allow_future=True,
            earliest=dt.date(2000, 1, 1),
        )


class AttendanceRemoveForm(GovukForm):
    reason = long_text_field(
        "Why are you removing it?",
        help_text="For example, the wrong person was ticked. This is kept in the audit trail.",
        required_message="Enter why you are removing this attendance",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))


class AttendanceUploadForm(FeedUploadForm):
    """The HR file's upload form (same checks on the file), for a file of attendees."""

    file = forms.FileField(
        label="File of attendees",
        help_text=(
            "A CSV or Excel (.xlsx) file with a column employee_number or a column email (or "
            "both), one person a row."
        ),
        error_messages={
            "required": "Select the file of attendees",
            "empty": "The selected file is empty",
        },
    )
    full = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"))


class RefresherFilterForm(DirectorateServiceFilterForm):
    """Who is due a refresher, by directorate and service."""
