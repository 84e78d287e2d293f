"""Form helpers shared by every app: GOV.UK layout, clean text, money and dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, cast

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from probity.core import clock
from probity.core.widgets import QuickSelect

TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 2000
MAX_MONEY = Decimal("1000000")


def _layout_fields(layout: Any) -> Iterator[Any]:
    """Every layout object in ``layout``, depth first."""
    for item in getattr(layout, "fields", []):
        if not isinstance(item, str):
            yield item
            yield from _layout_fields(item)


class GovukFormHelper(FormHelper):  # type: ignore[misc]
    """Renders every limited textarea with the GOV.UK character count component."""

    def render_layout(self, form: forms.Form, context: Any, template_pack: Any = None) -> Any:
        if self.layout is not None:
            for item in _layout_fields(self.layout):
                if not isinstance(item, Field) or len(item.fields) != 1:
                    continue
                name = item.fields[0]
                field = form.fields.get(name) if isinstance(name, str) else None
                limit = getattr(field, "max_length", None)
                if field is None or not isinstance(field.widget, forms.Textarea) or not limit:
                    continue
                item.context["max_characters"] = limit
                classes = item.attrs.get("class", "").split()
                if "govuk-js-character-count" not in classes:
                    item.attrs["class"] = " ".join([*classes, "govuk-js-character-count"])
                # crispy-forms-gds adds "<id>-info" to this, and fails if it is missing.
                item.attrs.setdefault("aria-describedby", "")
        if template_pack is None:
            return super().render_layout(form, context)
        return super().render_layout(form, context, template_pack=template_pack)


def no_silent_cutting(form: forms.BaseForm) -> None:
    """Drop the ``maxlength`` attribute, which cuts pasted text without a word.

    The limit stays on the field: text over it is refused with an error message, and
    textareas show a GOV.UK character count as people type.
    """
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class GovukForm(forms.Form):
    """A form rendered with GOV.UK markup; subclasses set ``self.helper.layout``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_silent_cutting(self)
        self.helper = GovukFormHelper()
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


def count_field(
    label: str, *, unit: str, low: int, high: int, help_text: str = ""
) -> forms.IntegerField:
    """A whole number of ``unit`` (days, years) from ``low`` to ``high``, typed in a box that
    brings up a number pad, with errors that say the range."""
    out_of_range = f"Enter a number of {unit} from {low} to {high}"
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the number of {unit}",
            "invalid": f"Enter a whole number of {unit}",
            "min_value": out_of_range,
            "max_value": out_of_range,
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


DateHint = Literal["past", "future"]


def date_example(when: DateHint, today: dt.date) -> str:
    """A date the field accepts, written the way it is typed: "3 10 2026"."""
    example = today - dt.timedelta(days=60) if when == "past" else today + dt.timedelta(days=60)
    return f"For example, {example.day} {example.month} {example.year}"


def _example_today(when: DateHint, more: str) -> str:
    example = date_example(when, clock.today())
    return f"{example}. {more}" if more else example


_lazy_example = lazy(_example_today, str)


class GovukDateField(DateInputField):  # type: ignore[misc]
    """Day, month and year boxes answering every input with a GOV.UK error message.

    Missing parts: "Date offered must include a month". Letters, impossible days and
    absurd numbers: "Date offered must be a real date". Never Python's own wording, and
    never a crash (a year of twenty digits overflows ``datetime.date``).
    """

    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, required: bool = True, help_text: Any = "") -> None:
        super().__init__(label=label, required=required, help_text=help_text)
        self.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}".rstrip("?")
        self.error_messages["invalid"] = f"{label} must be a real date"

    def clean(self, value: Any) -> dt.date | None:
        if self.disabled and not isinstance(value, list):
            value = self.widget.decompress(value)
        if value is not None and not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        given = [str(v or "").strip() for v in list(value or [])[:3]]
        given += [""] * (3 - len(given))
        if not any(given):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        label = str(self.label)
        missing = [part for part, text in zip(self.PARTS, given, strict=True) if not text]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not all(re.fullmatch(r"[0-9]{1,4}", text) for text in given):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(text) for text in given)
        if len(given[2]) != 4:
            raise ValidationError(
                f"The year in {label[0].lower()}{label[1:]} must include 4 numbers", code="invalid"
            )
        try:
            date = dt.date(year, month, day)
        except (ValueError, OverflowError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        self.validate(date)
        self.run_validators(date)
        return date


def date_field(
    label: str, *, required: bool = True, help_text: str = "", when: DateHint = "past"
) -> GovukDateField:
    """A GOV.UK date input whose hint starts with an example date the field accepts:
    one in the past for ``when="past"``, one in the future for ``when="future"``
    (worked out from today's date each time the form is shown)."""
    return GovukDateField(label=label, required=required, help_text=_lazy_example(when, help_text))


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


class DirectorateServiceFilterForm(forms.Form):
    """A list's filter by directorate and service, as GOV.UK selects. The choices (id, name) are
    given by the view, read once; subclasses add their own filters."""

    directorate = forms.TypedChoiceField(
        label="Directorate", coerce=int, required=False, widget=QuickSelect
    )
    service = forms.TypedChoiceField(
        label="Service", coerce=int, required=False, widget=QuickSelect
    )

    def __init__(
        self,
        *args: Any,
        directorates: list[tuple[int, str]],
        services: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["directorate"]).choices = [
            ("", "All directorates"),
            *directorates,
        ]
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", "All services"), *services]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"
