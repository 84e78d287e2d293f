from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from probity.core.forms import LONG_TEXT_LIMIT, GovukForm, date_field, text_field


class FindingForm(GovukForm):
    finding = forms.CharField(
        label="Finding",
        help_text="What the review found. Do not name people: the report goes to committee.",
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the finding",
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )
    action = forms.CharField(
        label="Action",
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the action",
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )
    owner = text_field(
        "Owner of the action",
        help_text="An office or a name, for example Head of Governance.",
        max_length=150,
    )
    due_on = date_field("Action due by", when="future")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("finding"),
            Field.textarea("action"),
            Field.text("owner", field_width=20),
            Field("due_on"),
        )
