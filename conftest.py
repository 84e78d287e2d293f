"""Shared fixtures: a small council of personas built with factories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import pytest_django
from django.test import Client

from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Person, Service
from probity.people.tests.factories import ServiceFactory, hold_office, make_person

# The ``oidc_provider`` fixture: a real OpenID Connect provider for the single sign-on tests.
pytest_plugins = ["tests.oidc_provider.fixture"]


@dataclass
class Council:
    housing: Service
    planning: Service
    officer: Person
    manager: Person
    head: Person
    mo: Person
    deputy: Person
    auditor: Person
    councillor: Person
    stranger: Person
    contractor: Person


@pytest.fixture
def council(db: None) -> Council:
    housing = ServiceFactory.create(name="Housing Options")
    planning = ServiceFactory.create(name="Planning")
    head = make_person("head", service=housing, job_title="Head of Housing")
    manager = make_person("manager", service=housing, line_manager=head)
    officer = make_person("officer", service=housing, line_manager=manager)
    contractor = make_person(
        "contractor", service=housing, line_manager=manager, kind=PersonKind.CONTRACTOR
    )
    mo = make_person("mo", service=planning)
    deputy = make_person("deputy", service=planning, line_manager=mo)
    auditor = make_person("auditor", service=planning)
    councillor = make_person("councillor", service=None, kind=PersonKind.COUNCILLOR)
    stranger = make_person("stranger", service=planning)
    hold_office(head, OfficeKind.HEAD_OF_SERVICE, service=housing)
    hold_office(mo, OfficeKind.MONITORING_OFFICER)
    hold_office(deputy, OfficeKind.MONITORING_OFFICER, role=HoldingRole.DEPUTY)
    hold_office(auditor, OfficeKind.AUDITOR)
    return Council(
        housing=housing,
        planning=planning,
        officer=officer,
        manager=manager,
        head=head,
        mo=mo,
        deputy=deputy,
        auditor=auditor,
        councillor=councillor,
        stranger=stranger,
        contractor=contractor,
    )


def signed_in(person: Person) -> Client:
    """A test client signed in as ``person``."""
    assert person.user is not None, f"{person} has no account"
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def before_append_only(db: None) -> None:
    """For tests of data migrations that run before the append-only triggers are created
    (``declarations.0011``, ``core.0004``): lift the PostgreSQL triggers inside the test's own
    transaction, which is rolled back with it. Nothing to do on SQLite."""
    from django.db import connection

    from probity.core.appendonly import unprotect

    if connection.vendor != "postgresql":
        return
    tables = (
        "core_auditevent",
        "declarations_gifthospitalityversion",
        "declarations_interestversion",
        "declarations_declarationversion",
        "declarations_decision",
    )
    with connection.schema_editor(atomic=False) as editor:
        unprotect(editor, tables)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_teardown(
    django_db_setup: None, django_db_blocker: pytest_django.DjangoDbBlocker
) -> Iterator[None]:
    """Before the test database is dropped, end any PostgreSQL session a worker thread left open
    (the parallel-submission test and the browser tests' live server answer from threads), so
    that dropping it never fails on "being accessed by other users"."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
