"""Every URL the project routes, requested by every persona, with the expected answer.

A new URL without a row here fails ``test_every_url_has_a_row``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import Council
from probity.core import clock
from probity.declarations import services
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.demo.personas import DEMO_PASSWORD  # noqa: F401 - personas documented there

PERSONAS = (
    "anonymous",
    "officer",
    "manager",
    "head",
    "mo",
    "deputy",
    "auditor",
    "councillor",
    "stranger",
    "contractor",
)
SIGNED_IN = PERSONAS[1:]
EVERYONE_WHO_DECLARES = (
    "officer",
    "manager",
    "head",
    "mo",
    "deputy",
    "auditor",
    "stranger",
    "contractor",
)
SEES_OFFICERS_ENTRY = ("officer", "manager", "head", "mo", "deputy", "auditor")


@dataclass(frozen=True)
class Row:
    """Expected status per persona; ``default`` for anyone not named."""

    kwargs: Callable[[dict[str, Declaration]], dict[str, str]] = lambda d: {}
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200


def only(
    allowed: tuple[str, ...], *, yes: int = 200, no: int = 403, anonymous: int = 302
) -> dict[str, int]:
    expected = {p: (yes if p in allowed else no) for p in SIGNED_IN}
    expected["anonymous"] = anonymous
    return expected


def entry_action(allowed: tuple[str, ...]) -> dict[str, int]:
    """Allowed: 200; may see but not act: 403; may not see: 404."""
    expected = {
        p: 200 if p in allowed else 403 if p in SEES_OFFICERS_ENTRY else 404 for p in SIGNED_IN
    }
    expected["anonymous"] = 302
    return expected


def gift(d: dict[str, Declaration]) -> dict[str, str]:
    return {"reference": d["gift"].reference}


def interest(d: dict[str, Declaration]) -> dict[str, str]:
    return {"reference": d["interest"].reference}


MATRIX: dict[str, Row] = {
    "home": Row(expect=only(SIGNED_IN, anonymous=200)),
    "healthz": Row(),
    "status": Row(),
    "login": Row(expect={**dict.fromkeys(SIGNED_IN, 302), "anonymous": 200}),
    "logout": Row(default=405),
    "password_reset": Row(),
    "password_reset_done": Row(),
    "password_reset_confirm": Row(kwargs=lambda d: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Row(),
    "declarations:start": Row(expect=only(EVERYONE_WHO_DECLARES)),
    "declarations:declare": Row(
        kwargs=lambda d: {"slug": "gift-or-hospitality"}, expect=only(EVERYONE_WHO_DECLARES)
    ),
    "declarations:check": Row(
        kwargs=lambda d: {"slug": "interest"}, expect=only(EVERYONE_WHO_DECLARES, yes=302)
    ),
    "declarations:confirmation": Row(kwargs=gift, expect=only(("officer",), no=404)),
    "declarations:respond": Row(kwargs=gift, expect=entry_action(())),
    "declarations:correct": Row(kwargs=gift, expect=entry_action(("officer",))),
    "declarations:end": Row(kwargs=interest, expect=entry_action(("officer",))),
    "declarations:mine": Row(expect=only(EVERYONE_WHO_DECLARES)),
    "declarations:review_list": Row(expect=only(("manager", "head", "mo", "deputy"))),
    "declarations:review": Row(kwargs=gift, expect=only(SEES_OFFICERS_ENTRY, no=404)),
    "registers:index": Row(expect=only(EVERYONE_WHO_DECLARES)),
    "registers:list": Row(
        kwargs=lambda d: {"slug": "gifts-and-hospitality"}, expect=only(EVERYONE_WHO_DECLARES)
    ),
    "registers:csv": Row(
        kwargs=lambda d: {"slug": "interests"}, expect=only(EVERYONE_WHO_DECLARES)
    ),
    "registers:entry": Row(kwargs=gift, expect=only(SEES_OFFICERS_ENTRY, no=404)),
    "registers:withdraw": Row(kwargs=gift, expect=entry_action(("officer", "mo", "deputy"))),
    "registers:audit": Row(kwargs=gift, expect=entry_action(("mo", "deputy", "auditor"))),
    "conduct:gift_guidance": Row(expect=only(("mo", "deputy"))),
    "conduct:settings": Row(expect=only(("mo", "deputy"))),
    "conduct:routing": Row(expect=only(("mo", "deputy"))),
}


def _extra_rows() -> dict[str, Row]:
    """Rows kept beside the features they cover: every ``tests/access_rows_*.py`` exports ``ROWS``."""
    import importlib
    import pkgutil

    import tests

    rows: dict[str, Row] = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("access_rows_"):
            rows.update(importlib.import_module(f"tests.{module.name}").ROWS)
    return rows


MATRIX.update(_extra_rows())


def routed_names(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from routed_names(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every URL needs a name: {pattern.pattern}"
            yield f"{prefix}{pattern.name}"


def test_every_url_has_a_row() -> None:
    missing = set(routed_names()) - set(MATRIX)
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    stale = set(MATRIX) - set(routed_names())
    assert not stale, f"These rows name URLs that no longer exist: {sorted(stale)}"


MATRIX_TIME = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)  # a Wednesday, 10:00 in London


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    """Every row is checked at the same moment: a weekday morning, inside office hours."""
    with clock.frozen(MATRIX_TIME):
        yield


@pytest.fixture
def declarations(council: Council) -> dict[str, Declaration]:
    now = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
    return {
        "gift": services.gift_declare(
            actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=now
        ),
        "interest": services.interest_declare(
            actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=now
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(
    name: str, persona: str, council: Council, declarations: dict[str, Declaration]
) -> None:
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(declarations))
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(council, persona).user)
    response = client.get(url)
    expected = row.expect.get(persona, row.default)
    assert response.status_code == expected, (
        f"{persona} GET {url}: {response.status_code}, expected {expected}"
    )
