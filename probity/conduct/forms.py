from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from probity.core.forms import GovukForm
from probity.people.choices import OfficeKind
from probity.people.models import Grade
from probity.people.rules import LINE_MANAGER, ROUTABLE_OFFICES, fallbacks_valid


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


class RoutingPolicyForm(GovukForm):
    consent_grade = forms.ModelChoiceField(
        label="Lowest grade that needs prior consent for outside employment",
        queryset=Grade.objects.order_by("rank"),
        required=False,
        empty_label="Every grade needs consent",
        help_text="Staff at this grade or above need consent from their Head of Service and the HR and OD Manager before they start. Below it, their line manager is told.",
    )
    referral_office = forms.ChoiceField(
        label="Who decides cases about staff in services that use discretion?",
        choices=[
            (OfficeKind.CHIEF_EXECUTIVE.value, OfficeKind.CHIEF_EXECUTIVE.label),
            (OfficeKind.S151_OFFICER.value, OfficeKind.S151_OFFICER.label),
            (OfficeKind.MONITORING_OFFICER.value, OfficeKind.MONITORING_OFFICER.label),
            (OfficeKind.HR_OD_MANAGER.value, OfficeKind.HR_OD_MANAGER.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who decides these cases"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_grade"].widget.attrs["class"] = "govuk-select"
        self.helper.layout = Layout(
            Field.select("consent_grade"),
            Field.radios("referral_office", legend_size=Size.SMALL),
        )


def _office_label(office: str) -> str:
    return "Line manager" if office == LINE_MANAGER else str(OfficeKind(office).label)


class FallbacksForm(GovukForm):
    """Where each office's work passes when nobody in it may act: one choice per office."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = [LINE_MANAGER, *(str(o) for o in ROUTABLE_OFFICES)]
        for office in offices:
            name = f"fallback_{office}"
            self.fields[name] = forms.ChoiceField(
                label=f"{_office_label(office)}: pass its work to",
                choices=[(str(o), str(o.label)) for o in ROUTABLE_OFFICES if str(o) != office],
                initial=current.get(office, ""),
                error_messages={
                    "required": "Select an office",
                    "invalid_choice": "Select an office",
                },
            )
            self.fields[name].widget.attrs["class"] = "govuk-select"
        self.helper.layout = Layout(*(Field.select(f"fallback_{o}") for o in offices))

    def fallbacks(self) -> dict[str, str]:
        return {
            name.removeprefix("fallback_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("fallback_")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            problem = fallbacks_valid(self.fallbacks())
            if problem:
                raise forms.ValidationError(problem)
        return cleaned
