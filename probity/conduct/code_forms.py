"""Forms for drafting, governing and confirming the code."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from probity.conduct import documents
from probity.conduct.code_services import ADOPTION_OUTCOMES, COMMITTEE_OUTCOMES
from probity.conduct.documents import DECLARATION_KINDS, ParsedDocument
from probity.conduct.docx_import import ImportFileError, ImportResult, read_upload
from probity.conduct.models import MeetingOutcome
from probity.core.forms import (
    DirectorateServiceFilterForm,
    GovukForm,
    choice_field,
    clean_date_in_range,
    date_field,
    long_text_field,
    text_field,
)
from probity.core.widgets import QuickSelect

TEXT_HELP = (
    "Start each section on its own line with its number and heading, like '1. Introduction'. "
    "Number each paragraph under it, like '1.1'. Leave a blank line between paragraphs, and "
    "start a bullet point with a dash."
)
CODE_TEXT_LIMIT = 200_000


class DraftTextForm(GovukForm):
    title = text_field("Title", max_length=200)
    change_summary = long_text_field(
        "What has changed from the version before?",
        required=False,
        help_text="Shown with the version so readers know what is new. Leave empty for a first version.",
    )
    text = forms.CharField(
        label="Text of the code",
        help_text=TEXT_HELP,
        max_length=CODE_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "true"}),
        strip=False,
        error_messages={
            "required": "Enter the text, starting with the first numbered section",
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: ParsedDocument | None = None
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("change_summary", rows=4),
            Field.textarea("text", rows=30),
        )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError("Enter the text, starting with the first numbered section")
        parsed = documents.parse_text(text)
        if not parsed.ok:
            raise ValidationError([_sentence(e) for e in parsed.errors[:10]])
        self.parsed = parsed
        return text


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


class DraftImportForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        help_text=(
            "A Word document (.docx) or a text file (.txt), smaller than 5MB. Numbered headings, "
            "or paragraphs in a Heading style, become the sections. The text you upload replaces "
            "the draft's text."
        ),
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".docx,.txt"}),
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.result: ImportResult | None = None
        self.helper.layout = Layout(Field("file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            content = upload.read(5 * 1024 * 1024 + 1)
            result = read_upload(name=upload.name or "", content=content)
        except ImportFileError as error:
            raise ValidationError(str(error)) from error
        if not result.parsed.ok:
            raise ValidationError(
                ["The selected file could not be split into sections:"]
                + [_sentence(e) for e in result.parsed.errors[:10]]
            )
        self.result = result
        return upload


class ValuesForm(GovukForm):
    values = forms.CharField(
        label="The council's values",
        help_text="One value a line: its name, a colon, then what it means. For example, 'Respect: we treat everyone fairly and courteously'.",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": "Enter %(limit_value)d characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed_values: tuple[tuple[str, str], ...] = ()
        self.helper.layout = Layout(Field.textarea("values", rows=8))

    def clean_values(self) -> str:
        text: str = self.cleaned_data["values"]
        values, errors = documents.values_from_text(text)
        if errors:
            raise ValidationError(list(errors[:10]))
        self.parsed_values = values
        return text


class SectionDutiesForm(GovukForm):
    kinds = forms.MultipleChoiceField(
        label="Which declarations does this section ask for?",
        help_text="Select all that apply. The published code shows a link to each form beside the section.",
        choices=list(DECLARATION_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select declarations from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.checkboxes("kinds", legend_size=Size.MEDIUM))


def _date_not_future(form: GovukForm, name: str, label: str, today: dt.date) -> None:
    value = form.cleaned_data.get(name)
    try:
        form.cleaned_data[name] = clean_date_in_range(
            value, label=label, today=today, earliest=dt.date(1990, 1, 1)
        )
    except ValidationError as error:
        form.add_error(name, error)


class CommitteeDecisionForm(GovukForm):
    committee = text_field(
        "Name of the committee",
        max_length=150,
        help_text="For example, Standards Committee, or Audit and Governance Committee.",
    )
    meeting_date = date_field("Date of the meeting")
    outcome = choice_field(
        "What did the committee decide?",
        [(o.value, o.label) for o in COMMITTEE_OUTCOMES],
        required_message="Select what the committee decided",
    )
    minute_reference = text_field("Minute reference (optional)", required=False, max_length=100)
    notes = long_text_field("Notes (optional)", required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("committee"),
            Field("meeting_date"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.text("minute_reference", field_width=10),
            Field.textarea("notes", rows=4),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _date_not_future(self, "meeting_date", "The date of the meeting", self.today)
        return data


ADOPTION_BODIES = [("Full Council", "Full Council"), ("Cabinet", "Cabinet")]


class AdoptionForm(GovukForm):
    body = choice_field(
        "Who made the decision?", ADOPTION_BODIES, required_message="Select who made the decision"
    )
    meeting_date = date_field("Date of the meeting")
    outcome = choice_field(
        "What did they decide?",
        [(o.value, o.label) for o in ADOPTION_OUTCOMES],
        required_message="Select whether the version was adopted",
    )
    takes_effect_on = date_field(
        "Date it takes effect",
        required=False,
        when="future",
        help_text="Only if adopted. Everyone the code applies to is asked to confirm they have read it from this date.",
    )
    review_due_on = date_field(
        "Date its review is due",
        required=False,
        when="future",
        help_text="Only if adopted. Councils usually review their code every 2 to 4 years.",
    )
    minute_reference = text_field("Minute reference (optional)", required=False, max_length=100)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("body", legend_size=Size.SMALL, inline=True),
            Field("meeting_date"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field("takes_effect_on"),
            Field("review_due_on"),
            Field.text("minute_reference", field_width=10),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _date_not_future(self, "meeting_date", "The date of the meeting", self.today)
        meeting = data.get("meeting_date")
        if data.get("outcome") == MeetingOutcome.ADOPTED:
            takes_effect = data.get("takes_effect_on")
            review = data.get("review_due_on")
            if takes_effect is None and "takes_effect_on" not in self.errors:
                self.add_error("takes_effect_on", "Enter the date the version takes effect")
            elif takes_effect is not None and meeting is not None and takes_effect < meeting:
                self.add_error(
                    "takes_effect_on",
                    "The date it takes effect must be the same as or after the meeting",
                )
            elif takes_effect is not None and takes_effect.year > self.today.year + 5:
                self.add_error("takes_effect_on", "The date it takes effect must be a real date")
            if review is None and "review_due_on" not in self.errors:
                self.add_error("review_due_on", "Enter the date its review is due")
            elif review is not None and takes_effect is not None and review <= takes_effect:
                self.add_error(
                    "review_due_on", "The review must be due after the date it takes effect"
                )
            elif review is not None and review.year > self.today.year + 20:
                self.add_error("review_due_on", "The date its review is due must be a real date")
        return data


class ConfirmReadForm(GovukForm):
    confirm = forms.BooleanField(
        label="I have read this version of the code and I will follow it",
        error_messages={"required": "Confirm that you have read the code"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.checkbox("confirm"))


class DiscardDraftForm(GovukForm):
    reason = long_text_field(
        "Why are you discarding this draft?",
        help_text="Kept with the draft, which stays in the list of versions marked discarded.",
        required_message="Enter why you are discarding this draft",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=4))


class CompareForm(forms.Form):
    """The two versions to compare, chosen from the adopted ones (no GOV.UK helper: a GET form)."""

    old = forms.TypedChoiceField(label="Older version", coerce=int)
    new = forms.TypedChoiceField(label="Newer version", coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        for name in ("old", "new"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Select a version from the list"
            field.error_messages["required"] = "Select a version"
            field.widget.attrs["class"] = "govuk-select"


class ConfirmationFilterForm(DirectorateServiceFilterForm):
    status = forms.ChoiceField(
        label="Read or not",
        required=False,
        widget=QuickSelect,
        choices=[
            ("", "Everyone"),
            ("outstanding", "Not yet confirmed"),
            ("confirmed", "Confirmed"),
        ],
    )
