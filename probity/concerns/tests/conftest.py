"""Fixtures for concerns: private files in a temporary folder, a clean cache, a fraud manager."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from conftest import Council
from probity.concerns.models import Concern
from probity.concerns.services import Attachment, Report, concern_report
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.tests.factories import hold_office, make_person

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
PASSWORD = "a long reporter password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path) -> Path:
    settings.PROBITY_PRIVATE_FILES_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fraud(council: Council) -> Person:
    person = make_person("fraud", service=council.planning, full_name="Fraud Manager")
    hold_office(person, OfficeKind.FRAUD_MANAGER)
    return person


def report_of(**changes: Any) -> Report:
    values: dict[str, Any] = {
        "kind": "fraud",
        "recipient": "fraud_manager",
        "what": "Invoices paid twice to the same supplier",
        "when": "Most Fridays since March",
        "who": "Someone in accounts payable",
        "anonymous": True,
        "password": PASSWORD,
        "attachments": (),
    }
    values.update(changes)
    return Report(**values)


def reported(signed_in: Person | None = None, **changes: Any) -> tuple[Concern, str]:
    return concern_report(report=report_of(**changes), signed_in=signed_in, now=NOW)


def pdf(name: str = "evidence.pdf") -> Attachment:
    return Attachment(name=name, data=PDF, content_type="application/pdf", extension="pdf")
