"""Forms of the yearly cycle, rendered with GOV.UK markup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from probity.core import clock
from probity.core.forms import (
    GovukForm,
    choice_field,
    count_field,
    date_field,
    long_text_field,
    text_field,
)
from probity.cycle.choices import PopulationScope, ReviewOutcome
from probity.cycle.rules import Population
from probity.cycle.schedule import escalation_days_problem, reminder_days_problem
from probity.people.models import Grade, Service


class RoundOpenForm(GovukForm):
    title = text_field(
        "Title of the round", help_text="People see this in their email and on their home page."
    )
    deadline = date_field("Deadline", when="future")
    scope = choice_field(
        "Who is asked to make a return?",
        PopulationScope.choices,
        required_message="Select who is asked to make a return",
    )
    min_grade = forms.ModelChoiceField(
        label="Lowest grade (only for staff at or above a grade)",
        queryset=Grade.objects.order_by("rank"),
        required=False,
    )
    services = forms.ModelMultipleChoiceField(
        label="Services (only for staff in chosen services)",
        queryset=Service.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"),
            Field("deadline"),
            Field.radios("scope", legend_size=Size.SMALL),
            Field.select("min_grade"),
            Field.checkboxes("services", legend_size=Size.SMALL),
        )

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline <= clock.today():
            raise forms.ValidationError("The deadline must be after today")
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope == PopulationScope.GRADE_AND_ABOVE and not data.get("min_grade"):
            self.add_error("min_grade", "Select the lowest grade the round is for")
        if scope == PopulationScope.SERVICES and not data.get("services"):
            self.add_error("services", "Select at least one service")
        return data

    def population(self) -> Population:
        data = self.cleaned_data
        scope = PopulationScope(data["scope"])
        grade = data.get("min_grade")
        services = data.get("services") or []
        return Population(
            scope=scope,
            min_grade_rank=grade.rank
            if grade and scope == PopulationScope.GRADE_AND_ABOVE
            else None,
            service_ids=frozenset(s.pk for s in services)
            if scope == PopulationScope.SERVICES
            else frozenset(),
        )


class InterestReviewForm(GovukForm):
    outcome = choice_field(
        "Is this interest still current?",
        [
            (ReviewOutcome.CURRENT, "Yes, it is still current"),
            (ReviewOutcome.ENDED, "No, it has ended"),
        ],
        required_message="Select whether it is still current",
    )
    ends_on = date_field(
        "Date it ended", required=False, help_text="Only if it has ended.", when="past"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM), Field("ends_on")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == ReviewOutcome.ENDED:
            ends_on = data.get("ends_on")
            if ends_on is None and "ends_on" not in self.errors:
                self.add_error("ends_on", "Enter the date it ended")
            elif ends_on is not None and ends_on > clock.today():
                self.add_error("ends_on", "The date it ended must be today or in the past")
        return data


def _days(value: str) -> list[int]:
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if not all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
        raise forms.ValidationError("Enter whole numbers of days, separated by commas")
    return [int(p) for p in parts]


class CycleSettingsForm(GovukForm):
    reminder_days = text_field(
        "Days before the deadline to send reminders",
        help_text="Whole numbers separated by commas, for example 30, 14, 7, 3, 1",
    )
    escalation_days = text_field(
        "Days after the deadline to tell the line manager, Head of Service and Monitoring Officer",
        help_text="Three whole numbers separated by commas, for example 1, 7, 14",
    )
    refresher_years = count_field(
        "Years after which staff are due refresher training", unit="years", low=1, high=10
    )
    induction_days = count_field(
        "Days a new starter has to complete their induction",
        unit="days",
        low=7,
        high=180,
        help_text="Counted from their start date. Checklists already given keep their deadline.",
    )
    induction_officer_days = count_field(
        "Days between telling the line manager and the Monitoring Officer of an overdue induction",
        unit="days",
        low=1,
        high=90,
        help_text=(
            "The line manager is told the day after the deadline; the Monitoring Officer this "
            "many days later. People with no line manager are reported to the Monitoring Officer "
            "straight away."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("reminder_days"),
            Field.text("escalation_days"),
            Field.text("refresher_years", field_width=4),
            Field.text("induction_days", field_width=4),
            Field.text("induction_officer_days", field_width=4),
        )

    def clean_reminder_days(self) -> list[int]:
        days = _days(self.cleaned_data["reminder_days"])
        problem = reminder_days_problem(days)
        if problem:
            raise forms.ValidationError(problem)
        return days

    def clean_escalation_days(self) -> list[int]:
        days = _days(self.cleaned_data["escalation_days"])
        problem = escalation_days_problem(days)
        if problem:
            raise forms.ValidationError(problem)
        return days


class RoundCloseForm(GovukForm):
    """Closing a round; before the deadline the reason is required (the service checks it too)."""

    reason = long_text_field(
        "Why are you closing the round before its deadline?",
        required=False,
        help_text="This is kept with the round and shown on its page.",
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        layout = [Field.textarea("reason", rows=4)] if needs_reason else []
        if not needs_reason:
            del self.fields["reason"]
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.needs_reason and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why you are closing the round before its deadline")
        return data
