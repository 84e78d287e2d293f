"""Forms HR and the Monitoring Officer use for people, directorates, services, grades and the HR
file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from probity.core import clock
from probity.core.forms import GovukForm, clean_date_in_range, date_field, text_field
from probity.people.models import Directorate, Grade, Person, Service

KIND_CHOICES = (
    ("employee", "Employee"),
    ("contractor", "External contractor"),
    ("agency", "Agency worker"),
)


def _model_choice(
    queryset: Any, label: str, *, required: bool, message: str, empty: str
) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        queryset=queryset,
        label=label,
        required=required,
        empty_label=empty,
        error_messages={"required": message, "invalid_choice": f"{message} from the list"},
    )


class PersonForm(GovukForm):
    employee_number = text_field(
        "Employee number",
        required=False,
        max_length=40,
        help_text="The number HR's system knows them by. Leave empty if they have none.",
    )
    full_name = text_field("Full name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    job_title = text_field("Job title", required=False, max_length=150)
    grade = _model_choice(
        Grade.objects.all(),
        "Grade",
        required=False,
        message="Select a grade",
        empty="No grade",
    )
    service = _model_choice(
        Service.objects.select_related("directorate"),
        "Service",
        required=False,
        message="Select a service",
        empty="No service",
    )
    line_manager_number = text_field(
        "Line manager's employee number",
        required=False,
        max_length=40,
        help_text="Leave empty if they have no line manager.",
    )
    start_date = date_field("Start date", required=False)
    kind = forms.ChoiceField(
        label="Works for the council as",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they work for the council"},
    )

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper.layout = Layout(
            Field.text("employee_number", field_width=10),
            Field.text("full_name"),
            Field.text("email"),
            Field.text("job_title"),
            Field.select("grade"),
            Field.select("service"),
            Field.text("line_manager_number", field_width=10),
            Field("start_date"),
            Field.radios("kind", legend_size="s"),
        )

    def clean_employee_number(self) -> str | None:
        value = str(self.cleaned_data.get("employee_number") or "").strip()
        return value or None

    def clean_start_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("start_date")
        return clean_date_in_range(
            value, label="Start date", today=clock.today(), allow_future=True
        )

    def clean_line_manager_number(self) -> Person | None:
        number = str(self.cleaned_data.get("line_manager_number") or "").strip()
        if not number:
            return None
        manager = (
            Person.objects.select_related("line_manager").filter(employee_number=number).first()
        )
        if manager is None:
            raise ValidationError("Nobody has this employee number")
        if self.person is not None and manager.pk == self.person.pk:
            raise ValidationError("Someone cannot be their own line manager")
        return manager


class LeavingForm(GovukForm):
    leaving_date = date_field("Last day at the council", when="future")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaving_date"].error_messages["required"] = "Enter their last day"
        self.helper.layout = Layout(Field("leaving_date"))

    def clean_leaving_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("leaving_date")
        return clean_date_in_range(
            value, label="Last day at the council", today=clock.today(), allow_future=True
        )


class DirectorateForm(GovukForm):
    name = text_field("Name of the directorate", max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("name"))


class ServiceForm(GovukForm):
    name = text_field("Name of the service", max_length=120)
    directorate = _model_choice(
        Directorate.objects.all(),
        "Directorate",
        required=True,
        message="Select the directorate",
        empty="Select a directorate",
    )
    head_title = text_field(
        "Name of its Head of Service office",
        required=False,
        max_length=150,
        help_text="Leave empty for 'Head of' and the service's name. Who holds it is set under Offices.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"), Field.select("directorate"), Field.text("head_title")
        )


class GradeForm(GovukForm):
    name = text_field("Name of the grade", max_length=60)
    rank = forms.IntegerField(
        label="Rank",
        min_value=1,
        max_value=32767,
        help_text="A higher rank is more senior. The consent grade means that grade and above.",
        error_messages={
            "required": "Enter the rank",
            "invalid": "Enter the rank as a whole number, like 7",
            "min_value": "The rank must be 1 or more",
            "max_value": "The rank must be 32767 or less",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name", field_width=20), Field.text("rank", field_width=4)
        )


class FeedUploadForm(GovukForm):
    file = forms.FileField(
        label="HR file",
        help_text="A CSV or Excel (.xlsx) file with the columns of the template.",
        error_messages={
            "required": "Select the HR file",
            "empty": "The selected file is empty",
        },
    )
    full = forms.BooleanField(
        label="This file lists everyone HR employs",
        required=False,
        help_text=(
            "People missing from a full file are not removed: they are listed for you to confirm "
            "whether they have left."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"), Field.checkbox("full"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        name = str(getattr(upload, "name", "")).lower()
        if upload is not None and not name.endswith((".csv", ".xlsx")):
            raise ValidationError("The selected file must be a CSV or an Excel (.xlsx) file")
        if upload is not None and upload.size > 50 * 1024 * 1024:
            raise ValidationError("The selected file must be smaller than 50 MB")
        return upload


class PeopleSearchForm(forms.Form):
    """The list's filters, read from the query string (never an error page)."""

    q = forms.CharField(required=False, max_length=100)
    service = forms.ModelChoiceField(queryset=Service.objects.all(), required=False)
    kind = forms.ChoiceField(choices=(("", "Any"), *KIND_CHOICES), required=False)
    status = forms.ChoiceField(
        choices=(
            ("current", "Working here"),
            ("left", "Left"),
            ("not_in_feed", "Not in the last HR file"),
            ("all", "Everyone"),
        ),
        required=False,
    )
