"""Register filters: django-filter over the current versions a viewer may see."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.choices import BaseChoiceIterator

from probity.core.search import search_terms
from probity.core.widgets import QuickSelect
from probity.declarations.choices import DeclarationStatus, GiftOutcome, InterestType
from probity.declarations.models import DeclarationVersion, GiftHospitalityVersion, InterestVersion
from probity.people.models import Directorate, Service

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"})


class ReadOnce(BaseChoiceIterator):
    """Choices read when first needed (to check a value or to show the options), then kept for
    the rest of the request: a download that shows no form reads none."""

    def __init__(self, choices: Iterable[Any]) -> None:
        self.choices = choices
        self.read: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self.read is None:
            self.read = list(self.choices)
        return iter(self.read)


def _directorates() -> list[tuple[int, str]]:
    return list(Directorate.objects.order_by("name", "pk").values_list("pk", "name"))


def _services() -> list[tuple[int, str]]:
    return list(Service.objects.order_by("name", "pk").values_list("pk", "name"))


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    # Choices read as plain (id, name) rows once per form: a model choice field reads its options
    # through a server-side cursor, and again to find the one chosen.
    directorate = django_filters.ChoiceFilter(
        widget=QuickSelect,
        field_name="declaration__declarant__service__directorate",
        choices=_directorates,
        label="Directorate",
        empty_label="All directorates",
    )
    service = django_filters.ChoiceFilter(
        widget=QuickSelect,
        field_name="declaration__declarant__service",
        choices=_services,
        label="Service",
        empty_label="All services",
    )
    person = django_filters.CharFilter(
        field_name="declaration__declarant__full_name", lookup_expr="icontains", label="Person"
    )
    status = django_filters.ChoiceFilter(
        widget=QuickSelect,
        field_name="declaration__status",
        choices=DeclarationStatus.choices,
        label="Status",
        empty_label="Any status",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.choices = ReadOnce(cast(Iterable[Any], field.choices))
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "govuk-select"
            elif "class" not in widget.attrs:
                widget.attrs["class"] = "govuk-input"
            widget.attrs.setdefault("id", f"filter-{name}")
            field.max_length = 200  # type: ignore[attr-defined]
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{field.label} must be a real date"

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Entries whose stored search text (reference, person and what the entry says, without
        accents or case) holds every word: a trigram index serves it on PostgreSQL."""
        condition = Q()
        for term in search_terms(value[:200]):
            condition &= Q(search_text__contains=term)
        return queryset.filter(condition)


class GiftRegisterFilter(RegisterFilter):
    outcome = django_filters.ChoiceFilter(
        widget=QuickSelect,
        choices=GiftOutcome.choices,
        label="Accepted or declined",
        empty_label="Either",
    )
    offered_from = django_filters.DateFilter(
        field_name="offered_on", lookup_expr="gte", label="Offered from", widget=DATE_WIDGET
    )
    offered_to = django_filters.DateFilter(
        field_name="offered_on", lookup_expr="lte", label="Offered to", widget=DATE_WIDGET
    )
    value_min = django_filters.NumberFilter(
        field_name="value", lookup_expr="gte", label="Value from (£)", min_value=0
    )
    value_max = django_filters.NumberFilter(
        field_name="value", lookup_expr="lte", label="Value up to (£)", min_value=0
    )

    class Meta:
        model = GiftHospitalityVersion
        fields: list[str] = []


class InterestRegisterFilter(RegisterFilter):
    interest_type = django_filters.ChoiceFilter(
        widget=QuickSelect,
        choices=InterestType.choices,
        label="Kind of interest",
        empty_label="Either",
    )
    started_from = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label="Started from", widget=DATE_WIDGET
    )
    started_to = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label="Started to", widget=DATE_WIDGET
    )

    class Meta:
        model = InterestVersion
        fields: list[str] = []


class FactsRegisterFilter(RegisterFilter):
    started_from = django_filters.DateFilter(
        field_name="starts_on",
        lookup_expr="gte",
        label="From date, on or after",
        widget=DATE_WIDGET,
    )
    started_to = django_filters.DateFilter(
        field_name="starts_on",
        lookup_expr="lte",
        label="From date, on or before",
        widget=DATE_WIDGET,
    )

    class Meta:
        model = DeclarationVersion
        fields: list[str] = []


class ExistenceOnlyRegisterFilter(RegisterFilter):
    """For viewers who may know only that an entry exists: no filter on its dates or details."""

    class Meta:
        model = DeclarationVersion
        fields: list[str] = []
