"""A kind of declaration has one home: its ``KindRule`` (pure rules) and its ``KindSpec`` (form,
shape, register). Everything else that knows about kinds is read from those two tables.

See docs/adr/0009-one-home-per-kind.md for what adding a thirteenth kind takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import pytest

from probity.core.forms import date_field, text_field
from probity.declarations import rules
from probity.declarations.choices import DeclarationKind
from probity.declarations.kinds import (
    BY_KIND,
    BY_REGISTER,
    BY_SLUG,
    KINDS,
    FactsForm,
    FactsShape,
    KindSpec,
)
from probity.declarations.models import Declaration, DeclarationVersion
from probity.declarations.rules import (
    KIND_RULE,
    KIND_RULES,
    LM_NOTES,
    KindRule,
    RoutePolicy,
)
from probity.declarations.selectors import version_model
from probity.declarations.views import NeedForm
from probity.people.models import Person
from probity.registers.filters import FactsRegisterFilter
from probity.registers.views import (
    COMMON_END,
    COMMON_START,
    CSV_EXTRA_START,
    REGISTERS,
    _register_for,
)

POLICIES = [RoutePolicy(consent_grade_rank=5), RoutePolicy(consent_grade_rank=1)]
RANKS = [None, 0, 1, 5, 9]


def _labels(columns: list[Any]) -> list[str]:
    return [c.label for c in columns]


def test_every_kind_has_exactly_one_rule_and_one_spec() -> None:
    assert Counter(r.kind for r in KIND_RULES) == Counter(DeclarationKind.values)
    assert Counter(s.kind for s in KINDS) == Counter(DeclarationKind.values)


def test_the_rule_registries_are_read_from_the_rule_table() -> None:
    assert {r.kind: r.prefix for r in KIND_RULES} == rules.REFERENCE_PREFIXES
    assert {r.kind for r in KIND_RULES if r.special} == rules.SPECIAL_CATEGORY_KINDS
    assert {r.kind for r in KIND_RULES if r.confidential} == rules.CONFIDENTIAL_KINDS
    assert {r.kind for r in KIND_RULES if r.endable} == rules.ENDABLE_KINDS
    for rule in KIND_RULES:
        for policy in POLICIES:
            for rank in RANKS:
                assert rules.route(kind=rule.kind, grade_rank=rank, policy=policy) == rule.route(
                    rank, policy
                )


def test_an_unknown_kind_has_no_route() -> None:
    with pytest.raises(ValueError, match="No route"):
        rules.route(kind="no_such_kind", grade_rank=None, policy=POLICIES[0])


def test_the_spec_registries_are_read_from_the_spec_table() -> None:
    assert {s.kind: s for s in KINDS} == BY_KIND
    assert {s.slug: s for s in KINDS} == BY_SLUG
    assert {s.register_slug: s for s in KINDS} == BY_REGISTER
    assert set(REGISTERS) == {s.register_slug for s in KINDS}
    assert [slug for slug, _ in NeedForm.base_fields["need"].choices] == [  # type: ignore[attr-defined]
        s.slug for s in KINDS
    ]
    for spec in KINDS:
        register = REGISTERS[spec.register_slug]
        assert register.kind == spec.kind
        assert version_model(spec.kind) is spec.shape.model
        assert _labels(register.columns) == _labels(
            [*COMMON_START, *spec.shape.columns(), *COMMON_END]
        )
        assert _labels(register.csv_columns)[-1] == "Version"


class LibraryCardForm(FactsForm):
    """A made-up kind, only for this test: a council library card held for someone else."""

    third_person_labels: ClassVar[dict[str, str]] = {"holder": "Whose card they hold"}
    title_field = "holder"
    starts_field = "starts_on"

    holder = text_field("Whose card do you hold?", required_message="Enter whose card you hold")
    starts_on = date_field("Date you started holding it")


THIRTEENTH_RULE = KindRule("library_card", "LC", lambda rank, policy: (LM_NOTES,), endable=True)
THIRTEENTH_SPEC = KindSpec(
    "library_card",
    "library-card",
    "Declare a library card you hold for someone else",
    "I hold a library card for someone else",
    "Declare any library card you hold for someone else.",
    "library-cards",
    "Library cards register",
    FactsShape(LibraryCardForm),
)


def test_a_thirteenth_kind_works_from_its_rule_and_its_spec_alone() -> None:
    """Everything a page, a service or a register asks of a kind, asked of a made-up kind that
    exists only as one rule entry and one spec entry (no migration: nothing is saved)."""
    assert THIRTEENTH_RULE.kind not in KIND_RULE
    assert THIRTEENTH_RULE.route(None, POLICIES[0]) == (LM_NOTES,)

    shape = THIRTEENTH_SPEC.shape
    form = shape.form(
        {"holder": "My neighbour", "starts_on_0": "1", "starts_on_1": "3", "starts_on_2": "2026"},
        today=dt.date(2026, 6, 1),
    )
    assert form.is_valid(), form.errors
    facts = form.facts()
    assert [(r.label, r.value) for r in shape.preview_rows(facts)] == [
        ("Whose card do you hold?", "My neighbour"),
        ("Date you started holding it", "1 March 2026"),
    ]
    fields = shape.version_fields(facts)
    assert fields["title"] == "My neighbour"
    assert fields["starts_on"] == dt.date(2026, 3, 1)

    declaration = Declaration(
        kind=THIRTEENTH_SPEC.kind,
        reference="LC-2026-0001",
        declarant=Person(full_name="Ada Reader"),
        status="submitted",
    )
    version = DeclarationVersion(declaration=declaration, number=1, **fields)
    assert [r.label for r in shape.rows(version, third_person=True)] == [
        "Whose card they hold",
        "Date you started holding it",
    ]
    assert shape.summary(version).endswith(": My neighbour")
    assert shape.initial(version)["starts_on"] == dt.date(2026, 3, 1)
    assert shape.search_parts(version) == ["My neighbour"]
    assert shape.dates_text(version) == "From 1 March 2026"

    register = _register_for(THIRTEENTH_SPEC)
    assert register.filter_class is FactsRegisterFilter
    assert register.title == "Library cards register"
    assert [str(c.value(version)) for c in register.columns] == [
        "LC-2026-0001",
        "Ada Reader",
        "",
        "My neighbour",
        "1 March 2026",
        "",
        declaration.get_status_display(),
    ]
    expected = [*COMMON_START, *CSV_EXTRA_START, *shape.csv_columns(), *COMMON_END]
    assert _labels(register.csv_columns) == [*_labels(expected), "Version"]


#: Code outside the two homes that still names one kind. Each is extra behaviour for that one
#: kind; a new kind takes the general path through all of them and needs none edited.
KNOWN_KIND_MENTIONS = {
    # gift_submit and interest_submit: typed entry points for the two typed tables.
    # interest_end: the interest-only name kept for callers of the older service.
    "probity/declarations/services.py": 3,
    # The gift form shows the council's guidance on token value beside it.
    "probity/declarations/views.py": 1,
    # The dashboard's red flag is about gifts, its reconfirmation figure about interests (typed
    # and facts tables), and its trend groups nil returns apart.
    "probity/oversight/selectors.py": 4,
}
HOMES = {
    "probity/declarations/choices.py",
    "probity/declarations/rules.py",
    "probity/declarations/kinds.py",
}
KIND_MENTION = re.compile(
    r"DeclarationKind\.[A-Z_]+|\bK\.[A-Z_]+"
    r"|isinstance\([^)]*(GiftHospitalityVersion|InterestVersion|DeclarationVersion)"
)


def test_no_other_module_branches_on_one_kind_or_a_version_class() -> None:
    root = Path(__file__).resolve().parents[3]
    found: dict[str, int] = {}
    for path in sorted((root / "probity").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in HOMES or re.search(r"/(tests|migrations|demo)/", name):
            continue
        count = len(KIND_MENTION.findall(path.read_text()))
        if count:
            found[name] = count
    assert found == KNOWN_KIND_MENTIONS
