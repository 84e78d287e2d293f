"""Form helpers shared by every app: GOV.UK layout, clean text, money and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 2000
MAX_MONEY = Decimal("1000000")


class GovukForm(forms.Form):
    """A form rendered with GOV.UK markup; subclasses set ``self.helper.layout``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_show_errors = True
        self.helper.disable_csrf = True


def text_field(
    label: str, *, required: bool = True, help_text: str = "", **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=kw.pop("max_length", TEXT_LIMIT),
        help_text=help_text,
        strip=True,
        error_messages={
            "required": kw.pop(
                "required_message", f"Enter {label[0].lower()}{label[1:]}".rstrip("?")
            ),
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
        **kw,
    )


def long_text_field(
    label: str, *, required: bool = True, help_text: str = "", required_message: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        error_messages={
            "required": required_message or f"Enter {label[0].lower()}{label[1:]}".rstrip("?"),
            "max_length": "Enter %(limit_value)d characters or fewer",
        },
    )


def choice_field(
    label: str, choices: Any, *, required_message: str, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
    )


def date_field(label: str, *, required: bool = True, help_text: str = "") -> DateInputField:
    field = DateInputField(label=label, required=required, help_text=help_text)
    field.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}".rstrip("?")
    field.error_messages["incomplete"] = f"{label} must include a day, month and year"
    return field


def clean_date_in_range(
    value: dt.date | None,
    *,
    label: str,
    today: dt.date,
    allow_future: bool = False,
    earliest: dt.date = dt.date(1950, 1, 1),
) -> dt.date | None:
    if value is None:
        return None
    if not allow_future and value > today:
        raise ValidationError(f"{label} must be today or in the past")
    if value < earliest:
        raise ValidationError(f"{label} must be after {earliest.year - 1}")
    if value.year > today.year + 50:
        raise ValidationError(f"{label} must be a real date")
    return value


class MoneyField(forms.CharField):
    """Pounds and pence typed as text (GOV.UK asks for a text input with a £ prefix)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        cleaned = str(text).replace("£", "").replace(",", "").strip()
        try:
            amount = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValidationError(
                "Enter the value as an amount in pounds, like 25 or 12.50"
            ) from exc
        if not amount.is_finite():
            raise ValidationError("Enter the value as an amount in pounds, like 25 or 12.50")
        if amount < 0:
            raise ValidationError("The value cannot be less than £0")
        if amount > MAX_MONEY:
            raise ValidationError("The value must be £1,000,000 or less")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(
                "Enter the value in pounds and pence, with no more than 2 decimal places"
            )
        return amount.quantize(Decimal("0.01"))
