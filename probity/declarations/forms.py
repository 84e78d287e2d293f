"""Declaration and review forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from probity.core.forms import (
    GovukForm,
    MoneyField,
    choice_field,
    clean_date_in_range,
    date_field,
    long_text_field,
    text_field,
)
from probity.declarations.choices import (
    AdviceOffice,
    GiftCategory,
    GiftOutcome,
    GiverLink,
    GiverType,
    InterestHolder,
    InterestType,
)
from probity.declarations.facts import GiftFacts, InterestFacts
from probity.declarations.rules import Action


class DatedForm(GovukForm):
    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)


class CorrectionMixin:
    """Adds a 'why are you changing this' question when an entry is corrected."""

    fields: dict[str, forms.Field]

    def add_change_reason(self) -> None:
        self.fields["change_reason"] = long_text_field(
            "What have you corrected, and why?",
            required_message="Say what you have corrected and why",
        )


class GiftForm(CorrectionMixin, DatedForm):
    giver_type = choice_field(
        "Who made the offer?", GiverType.choices, required_message="Select who made the offer"
    )
    giver_name = text_field(
        "Name of the person or organisation",
        required_message="Enter the name of the person or organisation who made the offer",
    )
    giver_link = choice_field(
        "What is their link to the council?",
        GiverLink.choices,
        required_message="Select their link to the council",
    )
    giver_link_detail = text_field(
        "Tell us more about their link to the council",
        required=False,
        help_text="For example the contract, tender or application. Required if you chose 'Other link'.",
    )
    category = choice_field(
        "Was it a gift or hospitality?",
        GiftCategory.choices,
        required_message="Select whether it was a gift or hospitality",
    )
    description = long_text_field(
        "What was offered?",
        help_text="For example 'two tickets to a football match' or 'a bottle of wine'.",
        required_message="Describe what was offered",
    )
    value = MoneyField(
        label="What was it worth, in pounds?",
        help_text="If you do not know, give your best estimate and tick the box below.",
        error_messages={"required": "Enter what it was worth, or your best estimate"},
    )
    value_is_estimate = forms.BooleanField(label="This value is an estimate", required=False)
    offered_on = date_field("Date it was offered")
    outcome = choice_field(
        "Did you accept or decline it?",
        GiftOutcome.choices,
        required_message="Select whether you accepted or declined it",
    )
    outcome_reason = long_text_field(
        "Why did you accept or decline it?",
        required_message="Say why you accepted or declined it",
    )

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        layout: list[Any] = [
            Fieldset(
                Field.radios("giver_type", legend_size=Size.SMALL, inline=True),
                Field.text("giver_name"),
                Field.radios("giver_link", legend_size=Size.SMALL),
                Field.text("giver_link_detail"),
                legend="Who offered it",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("category", legend_size=Size.SMALL, inline=True),
                Field.textarea("description", rows=3),
                Field.text("value", field_width=10),
                Field.checkbox("value_is_estimate", small=True),
                Field("offered_on"),
                legend="What was offered",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("outcome", legend_size=Size.SMALL, inline=True),
                Field.textarea("outcome_reason", rows=3),
                legend="What you did",
                legend_size=Size.MEDIUM,
            ),
        ]
        if correcting:
            self.add_change_reason()
            layout.append(Field.textarea("change_reason", rows=3))
        self.helper.layout = Layout(*layout)

    def clean_offered_on(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get("offered_on"), label="The date it was offered", today=self.today
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("giver_link") == GiverLink.OTHER and not data.get("giver_link_detail"):
            self.add_error("giver_link_detail", "Tell us what their link to the council is")
        return data

    def facts(self) -> GiftFacts:
        d = self.cleaned_data
        return GiftFacts(
            giver_name=d["giver_name"],
            giver_type=d["giver_type"],
            giver_link=d["giver_link"],
            giver_link_detail=d.get("giver_link_detail", ""),
            category=d["category"],
            description=d["description"],
            value=d["value"],
            value_is_estimate=bool(d.get("value_is_estimate")),
            offered_on=d["offered_on"],
            outcome=d["outcome"],
            outcome_reason=d["outcome_reason"],
        )


class InterestForm(CorrectionMixin, DatedForm):
    holder = choice_field(
        "Whose interest is it?",
        InterestHolder.choices,
        required_message="Select whose interest it is",
    )
    relative_relationship = text_field(
        "How are they related to you?",
        required=False,
        max_length=100,
        help_text="For example spouse, partner, parent, child or sibling. Required if the interest is a relative's.",
    )
    interest_type = choice_field(
        "What kind of interest is it?",
        InterestType.choices,
        required_message="Select whether the interest is financial or non-financial",
        help_text="Financial: shares, property, a business or a paid role. Non-financial: for example trustee of a charity or member of a campaign group.",
    )
    counterparty = text_field(
        "Which organisation or person does it concern?",
        required_message="Enter the organisation or person the interest concerns",
    )
    description = long_text_field(
        "Describe the interest",
        help_text="Say what it is and how it could conflict with the council's interests.",
        required_message="Describe the interest",
    )
    starts_on = date_field("Date the interest started")
    ends_on = date_field(
        "Date the interest ended or will end (optional)",
        required=False,
        when="future",
        help_text="Leave blank if it is continuing.",
    )

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = [
            Field.radios("holder", legend_size=Size.SMALL),
            Field.text("relative_relationship", field_width=20),
            Field.radios("interest_type", legend_size=Size.SMALL),
            Field.text("counterparty"),
            Field.textarea("description", rows=4),
            Field("starts_on"),
            Field("ends_on"),
        ]
        if correcting:
            self.add_change_reason()
            layout.append(Field.textarea("change_reason", rows=3))
        self.helper.layout = Layout(*layout)

    def clean_starts_on(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get("starts_on"), label="The start date", today=self.today
        )

    def clean_ends_on(self) -> dt.date | None:
        return clean_date_in_range(
            self.cleaned_data.get("ends_on"),
            label="The end date",
            today=self.today,
            allow_future=True,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("holder") == InterestHolder.RELATIVE and not data.get("relative_relationship"):
            self.add_error("relative_relationship", "Say how the person is related to you")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data

    def facts(self) -> InterestFacts:
        d = self.cleaned_data
        holder = d["holder"]
        return InterestFacts(
            holder=holder,
            relative_relationship=d.get("relative_relationship", "")
            if holder == InterestHolder.RELATIVE
            else "",
            interest_type=d["interest_type"],
            description=d["description"],
            counterparty=d["counterparty"],
            starts_on=d["starts_on"],
            ends_on=d.get("ends_on"),
        )


class EndInterestForm(DatedForm):
    ends_on = date_field("Date it ended")
    change_reason = long_text_field(
        "Anything else the reviewer should know (optional)", required=False
    )

    def __init__(self, *args: Any, starts_on: dt.date | None, **kwargs: Any) -> None:
        self.starts_on = starts_on
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("ends_on"), Field.textarea("change_reason", rows=3))

    def clean_ends_on(self) -> dt.date | None:
        value = clean_date_in_range(
            self.cleaned_data.get("ends_on"), label="The end date", today=self.today
        )
        if value is not None and self.starts_on is not None and value < self.starts_on:
            raise ValidationError("The end date must be the same as or after the date it started")
        return value


REVIEW_CHOICES = [
    (Action.NOTE.value, "Note it: nothing more is needed"),
    (Action.REQUEST_INFO.value, "Ask the officer for more information"),
    (Action.REFER.value, "Refer it for advice"),
]


class ReviewForm(GovukForm):
    decision = choice_field(
        "What do you want to do?", REVIEW_CHOICES, required_message="Select what you want to do"
    )
    referred_to = forms.ChoiceField(
        label="Who should advise? (if you are referring it)",
        choices=AdviceOffice.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = long_text_field(
        "Comment",
        required=False,
        help_text="Needed when you ask for information or refer it. The officer sees comments.",
    )

    def __init__(self, *args: Any, sealed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sealed:  # special-category: only the Monitoring Officer may be asked (ADR 8)
            field = self.fields["referred_to"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [
                (AdviceOffice.MONITORING_OFFICER.value, AdviceOffice.MONITORING_OFFICER.label)
            ]
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.radios("referred_to", legend_size=Size.SMALL),
            Field.textarea("comment", rows=4),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision in {Action.REQUEST_INFO, Action.REFER} and not data.get("comment"):
            self.add_error(
                "comment",
                "Say what information you need"
                if decision == Action.REQUEST_INFO
                else "Say what you want advice on",
            )
        if decision == Action.REFER and not data.get("referred_to"):
            self.add_error("referred_to", "Select who should advise")
        return data


class CommentForm(GovukForm):
    comment = long_text_field("Your comment", required_message="Enter your comment")

    def __init__(self, *args: Any, label: str = "", hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["comment"].label = label
            self.fields["comment"].error_messages["required"] = (
                f"Enter {label[0].lower()}{label[1:]}"
            )
        self.fields["comment"].help_text = hint
        self.helper.layout = Layout(Field.textarea("comment", rows=5, label_size=Size.SMALL))


class RecordForm(GovukForm):
    decision = choice_field(
        "What do you want to do?",
        [
            ("record", "Record it"),
            (Action.REQUEST_INFO.value, "Ask the officer for more information"),
        ],
        required_message="Select what you want to do",
    )
    comment = long_text_field("Note for the record", required=False)

    def __init__(
        self,
        *args: Any,
        record_label: str = "Record it",
        comment_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.comment_required = comment_required
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)  # noqa: S101
        decision.choices = [
            ("record", record_label),
            (Action.REQUEST_INFO.value, "Ask the officer for more information"),
        ]
        self.fields["comment"].label = (
            "What was decided" if comment_required else "Note for the record (optional)"
        )
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("comment", rows=3)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == Action.REQUEST_INFO and not data.get("comment"):
            self.add_error("comment", "Say what information you need")
        elif decision == "record" and self.comment_required and not data.get("comment"):
            self.add_error("comment", "Say what was decided")
        return data


APPROVAL_CHOICES = [
    (Action.APPROVE.value, "Approve"),
    ("approve_with_conditions", "Approve with conditions"),
    (Action.REFUSE.value, "Refuse"),
    (Action.REQUEST_INFO.value, "Ask the officer for more information"),
]


class ApprovalForm(DatedForm):
    decision = choice_field(
        "What is your decision?", APPROVAL_CHOICES, required_message="Select your decision"
    )
    conditions = long_text_field(
        "Conditions (if you approve with conditions)",
        required=False,
        help_text="For example 'no work for anyone who has an application before the council'.",
    )
    review_on = date_field("Date to review the consent (optional)", required=False, when="future")
    comment = long_text_field(
        "Reason or comment",
        required=False,
        help_text="Needed when you refuse or ask for information. The officer sees it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("conditions", rows=3),
            Field("review_on"),
            Field.textarea("comment", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == "approve_with_conditions" and not data.get("conditions"):
            self.add_error("conditions", "Enter the conditions of the approval")
        if decision == Action.REFUSE and not data.get("comment"):
            self.add_error("comment", "Give the reason for refusing")
        if decision == Action.REQUEST_INFO and not data.get("comment"):
            self.add_error("comment", "Say what information you need")
        review_on = data.get("review_on")
        if review_on is not None and review_on <= self.today:
            self.add_error("review_on", "The review date must be in the future")
        return data
