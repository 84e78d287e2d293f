"""Change who holds an office from the command line, as a superuser.

For when nobody who may change an office through the pages can do it (for example, the Chief
Executive cannot change the Monitoring Officer's office). The change is made by the same service as
the pages and recorded in the same way, naming the superuser.

    manage.py set_office_holder --as admin --office monitoring_officer --person jo@example.org \
        [--service "Housing Options"] [--starts-on 2027-04-01 --reason "..."]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.core import clock
from probity.people import services
from probity.people.choices import OfficeKind
from probity.people.models import Office, Person


class Command(BaseCommand):
    help = (
        "Make someone the holder of an office from a date, as a superuser. The change is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="Your superuser username.")
        parser.add_argument(
            "--office", required=True, choices=list(OfficeKind.values), help="The office's kind."
        )
        parser.add_argument("--service", default="", help="The service, for a Head of Service.")
        parser.add_argument("--person", required=True, help="The new holder's email address.")
        parser.add_argument(
            "--starts-on", default="", help="First day, YYYY-MM-DD. Today if not given."
        )
        parser.add_argument("--reason", default="", help="Needed when the date is in the past.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}.")
        offices = Office.objects.filter(kind=options["office"])
        if options["service"]:
            offices = offices.filter(service__name=options["service"])
        else:
            offices = offices.filter(service__isnull=True)
        office = offices.first()
        if office is None:
            raise CommandError("No such office. Give --service for an office held per service.")
        people = list(Person.objects.filter(email__iexact=options["person"])[:2])
        if len(people) != 1:
            raise CommandError(f"Expected one person with the email {options['person']!r}.")
        try:
            starts_on = (
                dt.date.fromisoformat(options["starts_on"])
                if options["starts_on"]
                else clock.today()
            )
        except ValueError as exc:
            raise CommandError("Give --starts-on as YYYY-MM-DD.") from exc
        try:
            holding = services.office_holder_change_by_superuser(
                user=user,
                office=office,
                new_holder=people[0],
                starts_on=starts_on,
                reason=options["reason"],
                now=clock.now(),
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Only an active superuser can do this.") from exc
        except services.OfficeChangeRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{holding.person} holds the office of {office.title} from {holding.starts_on:%d %B %Y}."
        )
