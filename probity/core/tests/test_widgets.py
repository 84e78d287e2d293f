"""The quick select writes exactly what Django's own select writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import SimpleTestCase

from probity.core.widgets import QuickSelect

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
