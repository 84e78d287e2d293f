"""Forms for reporting a concern, following it up, handling it, and breach cases."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
)
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from probity.concerns import files
from probity.concerns.choices import (
    BreachOutcome,
    ConcernKind,
    ConcernOutcome,
    ConcernStatus,
    DisciplinaryResult,
    Recipient,
)
from probity.concerns.services import Attachment
from probity.core.forms import (
    GovukForm,
    choice_field,
    clean_date_in_range,
    date_field,
    text_field,
)
from probity.people.models import Person

REPORT_LIMIT = 5000


def report_text(
    label: str, *, help_text: str = "", required: bool = True, rows: int = 6
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REPORT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}".rstrip("?"),
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to ``files.MAX_FILES`` files, each checked by its content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "class": "govuk-file-upload",
                "accept": ",".join(f".{e}" for e in files.ALLOWED_EXTENSIONS),
            }
        )

    def clean(self, data: Any, initial: Any = None) -> tuple[Attachment, ...]:
        uploads: list[UploadedFile] = [
            u for u in (data if isinstance(data, list | tuple) else [data]) if u
        ]
        if len(uploads) > files.MAX_FILES:
            raise ValidationError(f"Select {files.MAX_FILES} files or fewer")
        attachments: list[Attachment] = []
        errors: list[str] = []
        for upload in uploads:
            try:
                content, content_type, extension = files.check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            attachments.append(
                Attachment(
                    name=upload.name or f"file.{extension}",
                    data=content,
                    content_type=content_type,
                    extension=extension,
                )
            )
        if errors:
            raise ValidationError(errors)
        return tuple(attachments)


def check_password_strength(password: str) -> None:
    for validator in (
        MinimumLengthValidator(10),
        CommonPasswordValidator(),
        NumericPasswordValidator(),
    ):
        validator.validate(password)


YES_NO = [("no", "No, report anonymously"), ("yes", "Yes, give my name")]


class ReportForm(GovukForm):
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    named = choice_field(
        "Do you want to give your name?",
        YES_NO,
        required_message="Choose whether to give your name",
        help_text=(
            "If you report anonymously, nothing that could identify you is kept: not your name, "
            "your account, your computer's address or your browser. It may be harder to look into "
            "what you report, because nobody can ask you face to face."
        ),
    )
    name = text_field("Your name", required=False, help_text="Only if you give your name.")
    contact = text_field(
        "Your email address or phone number",
        required=False,
        help_text="Only if you give your name. We send a confirmation to an email address.",
    )
    recipient = choice_field(
        "Who should receive your concern?",
        Recipient.choices,
        required_message="Choose who should receive your concern",
    )
    kind = choice_field(
        "What is your concern about?",
        ConcernKind.choices,
        required_message="Choose what your concern is about",
    )
    what = report_text(
        "What happened?",
        help_text="Say what you saw or know, in as much detail as you can. Do not include your own "
        "name if you are reporting anonymously.",
    )
    when = text_field(
        "When did it happen?",
        help_text="A date, dates or a rough time, such as 'most Fridays since last March'.",
    )
    who = report_text(
        "Who was involved?",
        help_text="Names, job titles, companies. Leave this empty if you do not know.",
        required=False,
        rows=3,
    )
    attachments = FilesField(
        label="Attach files (optional)",
        help_text="Up to 5 files, each smaller than 5MB: PDF, PNG, JPEG, Word (.docx) or text. "
        "Files can carry hidden details such as an author's name: check them before you attach them.",
    )
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. With this password and the case key we give you, you can "
        "come back to read questions and answer them.",
        error_messages={"required": "Choose a password"},
        max_length=200,
    )
    password_again = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
        max_length=200,
    )

    def __init__(self, *args: Any, signed_in: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        # A new token for each form shown: the same form sent twice records one concern.
        self.fields["submission_token"].initial = uuid.uuid4()
        choices = [c for c in Recipient.choices if c[0] != Recipient.LINE_MANAGER]
        if signed_in is not None and signed_in.line_manager_id:
            choices = list(Recipient.choices)
            self.fields["recipient"].help_text = (
                f"Your line manager is {signed_in.line_manager}. You can only choose your line "
                "manager if you give your name."
            )
        cast(forms.ChoiceField, self.fields["recipient"]).choices = choices
        identity: list[Any] = [Field.radios("named", legend_size=Size.MEDIUM)]
        if signed_in is None:
            identity += [Field.text("name"), Field.text("contact")]
        else:
            del self.fields["name"]
            del self.fields["contact"]
            self.fields["named"].help_text = (
                f"If you give your name, your report is linked to your account ({signed_in}). "
                + str(self.fields["named"].help_text)
            )
        self.helper.layout = Layout(
            Field("submission_token"),
            *identity,
            Field.radios("recipient", legend_size=Size.MEDIUM),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.textarea("what", rows=6),
            Field.text("when"),
            Field.textarea("who", rows=3),
            Field("attachments"),
            Fieldset(
                Field.text("password"),
                Field.text("password_again"),
                legend="Your password for following up",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        check_password_strength(password)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("named") == "yes"
        if data.get("password") and data.get("password_again") not in (None, data.get("password")):
            self.add_error("password_again", "The passwords do not match")
        if not named and data.get("recipient") == Recipient.LINE_MANAGER:
            self.add_error(
                "recipient",
                "To send your concern to your line manager, give your name; or choose the "
                "Corporate Fraud Manager or the Monitoring Officer",
            )
        if self.signed_in is None:
            if named and not data.get("name"):
                self.add_error("name", "Enter your name, or choose to report anonymously")
            if not named and (data.get("name") or data.get("contact")):
                self.add_error(
                    "name",
                    "You chose to report anonymously: remove your name and contact details, or "
                    "choose to give your name",
                )
        return data


class FollowUpForm(GovukForm):
    key = text_field(
        "Case key",
        max_length=100,
        help_text="The long code you were given when you reported your concern.",
        required_message="Enter your case key",
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
        max_length=200,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper.layout = Layout(Field.text("key"), Field.text("password"))


class ReplyForm(GovukForm):
    text = report_text("Your message")
    attachments = FilesField(
        label="Attach files (optional)",
        help_text="Up to 5 files, each smaller than 5MB: PDF, PNG, JPEG, Word (.docx) or text.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("text", rows=5), Field("attachments"))


class TextForm(GovukForm):
    text = report_text("Text")

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
        self.helper.layout = Layout(Field.textarea("text", rows=4))


class EvidenceForm(GovukForm):
    attachments = FilesField(
        label="Add evidence",
        help_text="Up to 5 files, each smaller than 5MB: PDF, PNG, JPEG, Word (.docx) or text.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].required = True
        self.fields["attachments"].error_messages["required"] = "Select a file to add"
        self.helper.layout = Layout(Field("attachments"))

    def clean_attachments(self) -> tuple[Attachment, ...]:
        found: tuple[Attachment, ...] = self.cleaned_data["attachments"]
        if not found:
            raise ValidationError("Select a file to add")
        return found


class PersonChoiceForm(GovukForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Person",
        error_messages={"required": "Choose a person", "invalid_choice": "Choose a person"},
    )

    def __init__(self, *args: Any, label: str, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Person], self.fields["person"]).queryset = people
        self.fields["person"].label = label
        self.helper.layout = Layout(Field("person"))


class StatusForm(GovukForm):
    status = choice_field(
        "Status", ConcernStatus.choices, required_message="Choose the concern's status"
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "No outcome yet"), *ConcernOutcome.choices],
        required=False,
        help_text="Needed to close the concern.",
    )
    reasons = report_text(
        "Reasons for the outcome", required=False, rows=4, help_text="Needed to close the concern."
    )
    retain_until = date_field(
        "Keep the concern until",
        required=False,
        when="future",
        help_text="After this date its content is erased, leaving only its reference, kind, dates "
        "and outcome. Needed to close the concern.",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field("outcome"),
            Field.textarea("reasons", rows=4),
            Field("retain_until"),
        )

    def clean_retain_until(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get("retain_until"),
            label="Keep the concern until",
            today=self.today,
            allow_future=True,
        )


class BreachOpenForm(GovukForm):
    allegation = report_text(
        "What is the suspected breach?",
        help_text="What the person did or did not do, and which part of the code it concerns.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("allegation", rows=5))


class BreachRecordForm(GovukForm):
    investigation_started_on = date_field("Investigation started", required=False)
    investigation = report_text("Investigation notes", required=False, rows=5)
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "No outcome yet"), *BreachOutcome.choices], required=False
    )
    outcome_on = date_field("Date of the outcome", required=False)
    reasons = report_text("Reasons for the outcome", required=False, rows=4)
    result = forms.ChoiceField(
        label="Disciplinary result",
        choices=[("", "No result yet"), *DisciplinaryResult.choices],
        required=False,
        help_text="Only after a referral to the disciplinary procedure.",
    )
    result_on = date_field("Date of the disciplinary result", required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper.layout = Layout(
            Field("investigation_started_on"),
            Field.textarea("investigation", rows=5),
            Field("outcome"),
            Field("outcome_on"),
            Field.textarea("reasons", rows=4),
            Field("result"),
            Field("result_on"),
        )

    def _date(self, name: str, label: str) -> dt.date | None:
        return clean_date_in_range(self.cleaned_data.get(name), label=label, today=self.today)

    def clean_investigation_started_on(self) -> dt.date | None:
        return self._date("investigation_started_on", "Investigation started")

    def clean_outcome_on(self) -> dt.date | None:
        return self._date("outcome_on", "Date of the outcome")

    def clean_result_on(self) -> dt.date | None:
        return self._date("result_on", "Date of the disciplinary result")
