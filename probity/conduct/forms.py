from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from probity.core.forms import GovukForm


class GiftGuidanceForm(GovukForm):
    gift_guidance = forms.CharField(
        label="Guidance on gifts and hospitality of token value",
        help_text="Officers see this beside the gifts and hospitality form. Write in plain English.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Enter the guidance officers should see",
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("gift_guidance", rows=10))
