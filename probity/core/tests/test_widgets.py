"""The quick select writes exactly what Django's own select writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import SimpleTestCase

from probity.core.widgets import QuickSelect, quick

CHOICES: list[Any] = [
    ("", "All services"),
    (1, "Adult Social Care"),
    (2, "Planning & <Building> Control"),
    ("Grouped", [(3, "Legal \u201cServices\u201d"), (4, "Audit")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", 4, "nonsense", [1, 4]])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "govuk-select", "id": "filter-service"}, {"disabled": True}]
)
def test_it_renders_as_djangos_select(value: Any, attrs: dict[str, Any]) -> None:
    django = forms.Select(attrs=attrs, choices=CHOICES).render("service", value)
    ours = QuickSelect(attrs=attrs, choices=CHOICES).render("service", value)
    SimpleTestCase().assertHTMLEqual(ours, django)
    assert "&lt;Building&gt;" in ours and "&amp;" in ours


def test_quick_swaps_only_plain_selects_and_keeps_choices_and_attributes() -> None:
    class Form(forms.Form):
        service = forms.ChoiceField(choices=CHOICES, required=False)
        name = forms.CharField()
        many = forms.MultipleChoiceField(choices=CHOICES[1:3])

    form = Form(data={"service": "2"})
    form.fields["service"].widget.attrs["class"] = "govuk-select"
    for field in form.fields.values():
        quick(field)
    assert isinstance(form.fields["service"].widget, QuickSelect)
    assert not isinstance(form.fields["many"].widget, QuickSelect)
    assert not isinstance(form.fields["name"].widget, QuickSelect)
    html = str(form["service"])
    assert 'class="govuk-select"' in html
    assert '<option value="2" selected>' in html
    cast_field: Any = form.fields["service"]
    cast_field.choices = [("9", "New")]  # later choices reach the swapped widget
    assert '<option value="9">New</option>' in str(form["service"])
