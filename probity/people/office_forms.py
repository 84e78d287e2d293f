"""Forms the Monitoring Officer uses to change who holds an office and who deputises."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.db.models import QuerySet

from probity.core.forms import GovukDateField, GovukForm, clean_date_in_range, date_field
from probity.people.models import Person


def _date(label: str, *, required_message: str, help_text: str = "") -> GovukDateField:
    field = date_field(label, when="future", help_text=help_text)
    field.error_messages["required"] = required_message
    return field


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A select of people, each shown with their job title so namesakes can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        return f"{person.full_name}, {person.job_title}" if person.job_title else person.full_name


def _person_field(label: str, *, required_message: str) -> PersonChoiceField:
    return PersonChoiceField(
        queryset=Person.objects.none(),
        label=label,
        empty_label="Select a person",
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message} from the list",
        },
    )


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason for a date in the past",
        help_text=(
            "Only needed if the date is before today. Say why the change must count from then. "
            "It is kept in the record of changes."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class _OfficeForm(GovukForm):
    date_name = ""
    date_label = ""

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def _clean_date(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get(self.date_name),
            label=self.date_label,
            today=self.today,
            allow_future=True,
            earliest=dt.date(2000, 1, 1),
        )


class OfficeHolderForm(_OfficeForm):
    date_name = "starts_on"
    date_label = "The start date"

    new_holder = _person_field(
        "Who will hold the office?", required_message="Select who will hold the office"
    )
    starts_on = _date(
        "Date they take over",
        required_message="Enter the date they take over",
        help_text="The current holder keeps the office until the day before.",
    )
    reason = _reason_field()

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["new_holder"]).queryset = people
        self.helper.layout = Layout(
            Field.select("new_holder"), Field("starts_on"), Field.textarea("reason")
        )

    def clean_starts_on(self) -> dt.date | None:
        return self._clean_date()


class OfficeDeputyForm(_OfficeForm):
    date_name = "starts_on"
    date_label = "The start date"

    deputy = _person_field("Who will be a deputy?", required_message="Select who will be a deputy")
    starts_on = _date(
        "Date they start as deputy", required_message="Enter the date they start as deputy"
    )
    reason = _reason_field()

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["deputy"]).queryset = people
        self.helper.layout = Layout(
            Field.select("deputy"), Field("starts_on"), Field.textarea("reason")
        )

    def clean_starts_on(self) -> dt.date | None:
        return self._clean_date()


class HoldingEndForm(_OfficeForm):
    date_name = "ends_on"
    date_label = "The last day"

    ends_on = _date("Last day as deputy", required_message="Enter their last day as deputy")
    reason = _reason_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("ends_on"), Field.textarea("reason"))

    def clean_ends_on(self) -> dt.date | None:
        return self._clean_date()
