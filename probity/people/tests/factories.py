"""Factories for people, services and offices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password

from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Grade, Office, OfficeHolding, Person, Service
from probity.people.org_services import PersonValues


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = Sequence(lambda n: f"user{n}")
    email = LazyAttribute(lambda u: f"{u.username}@example.org")
    password = Password("correct-horse-battery")


class DirectorateFactory(DjangoModelFactory[Directorate]):
    class Meta:
        model = Directorate
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Directorate {n}")


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Service {n}")
    directorate = SubFactory(DirectorateFactory)


class GradeFactory(DjangoModelFactory[Grade]):
    class Meta:
        model = Grade
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Grade {n}")
    rank = Sequence(lambda n: n + 100)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    user = SubFactory(UserFactory)
    full_name = Sequence(lambda n: f"Person {n}")
    email = LazyAttribute(lambda p: p.user.email if p.user else "")
    kind = PersonKind.EMPLOYEE
    job_title = "Officer"
    service = SubFactory(ServiceFactory)
    start_date = dt.date(2020, 4, 1)


def hold_office(
    person: Person,
    kind: OfficeKind,
    *,
    service: Service | None = None,
    role: HoldingRole = HoldingRole.HOLDER,
    starts_on: dt.date = dt.date(2020, 1, 1),
    ends_on: dt.date | None = None,
) -> OfficeHolding:
    office, _ = Office.objects.get_or_create(
        kind=kind, service=service, defaults={"title": kind.label}
    )
    return OfficeHolding.objects.create(
        office=office, person=person, role=role, starts_on=starts_on, ends_on=ends_on
    )


def make_person(username: str, **kwargs: Any) -> Person:
    return PersonFactory.create(
        user=UserFactory.create(username=username),
        full_name=kwargs.pop("full_name", username.title()),
        **kwargs,
    )


def person_values(person: Person, **changes: object) -> PersonValues:
    base: dict[str, Any] = {
        "employee_number": person.employee_number,
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "grade": person.grade,
        "service": person.service,
        "line_manager": person.line_manager,
        "start_date": person.start_date,
        "kind": person.kind,
    }
    base.update(changes)
    return PersonValues(**base)
