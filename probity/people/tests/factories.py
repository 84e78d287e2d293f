"""Factories for people, services and offices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import User

from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Grade, Office, OfficeHolding, Person, Service


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Directorate {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")
    directorate = factory.SubFactory(DirectorateFactory)


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Grade {n}")
    rank = factory.Sequence(lambda n: n + 100)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda p: p.user.email if p.user else "")
    kind = PersonKind.EMPLOYEE
    job_title = "Officer"
    service = factory.SubFactory(ServiceFactory)
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
    person: Person = PersonFactory(
        user=UserFactory(username=username),
        full_name=kwargs.pop("full_name", username.title()),
        **kwargs,
    )
    return person
