"""Rotating the encryption key: every sealed value re-encrypted under the new key, resumably."""

from __future__ import annotations

import datetime as dt
import uuid
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from conftest import Council
from probity.core import crypto
from probity.core.models import AuditEvent
from probity.core.sealing import sealed_fields
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.models import DeclarationVersion

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
FACTS = {"organisation": "The Order of the Lantern", "role": "", "joined_on": "2015-04-01"}


def submit_closed(council: Council, count: int) -> None:
    for n in range(count):
        services.declaration_submit(
            kind=DeclarationKind.CLOSED_ORGANISATION,
            actor=council.officer,
            facts={**FACTS, "organisation": f"Lodge {n}", "left_on": None},
            submission_token=uuid.uuid4(),
            now=NOW,
        )


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_encryption_key", "--batch-size", "2", *args, stdout=out)
    return out.getvalue()


def test_declaration_versions_are_registered_as_sealed() -> None:
    assert ("declarations.DeclarationVersion", "sealed") in sealed_fields()


def test_every_sealed_value_moves_to_the_first_key_and_a_second_run_does_nothing(
    council: Council,
) -> None:
    old = settings.PROBITY_ENCRYPTION_KEY
    submit_closed(council, 5)
    new = Fernet.generate_key().decode()
    with override_settings(PROBITY_ENCRYPTION_KEY=f"{new},{old}"):
        assert "5 of 5 sealed values re-encrypted" in rotate()
        assert "0 of 5 sealed values re-encrypted" in rotate()
    with override_settings(PROBITY_ENCRYPTION_KEY=new):
        names = sorted(
            crypto.unseal(v.sealed)["organisation"] for v in DeclarationVersion.objects.all()
        )
    assert names == [f"Lodge {n}" for n in range(5)]
    events = AuditEvent.objects.filter(action="encryption.resealed")
    assert events.count() == 3  # batches of 2, 2 and 1
    assert not any("Lodge" in e.summary for e in events)


def test_a_run_that_stopped_part_way_finishes_the_rest(council: Council) -> None:
    old = settings.PROBITY_ENCRYPTION_KEY
    submit_closed(council, 3)
    new = Fernet.generate_key().decode()
    first = DeclarationVersion.objects.order_by("pk").first()
    assert first is not None
    with override_settings(PROBITY_ENCRYPTION_KEY=f"{new},{old}"):
        DeclarationVersion.objects.filter(pk=first.pk).update(sealed=crypto.reseal(first.sealed))
        assert "2 of 3 sealed values re-encrypted" in rotate()


def test_rotation_without_the_old_key_stops_with_a_clear_error(council: Council) -> None:
    submit_closed(council, 1)
    with (
        override_settings(PROBITY_ENCRYPTION_KEY=Fernet.generate_key().decode()),
        pytest.raises(CommandError, match="keep the old key"),
    ):
        rotate()


def test_postgresql_lets_only_the_sealed_value_of_a_version_be_rewritten(council: Council) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    submit_closed(council, 1)
    version = DeclarationVersion.objects.get()
    DeclarationVersion.objects.filter(pk=version.pk).update(sealed=crypto.seal({"x": 1}))
    with pytest.raises(DatabaseError), transaction.atomic():
        DeclarationVersion.objects.filter(pk=version.pk).update(title="Changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        DeclarationVersion.objects.filter(pk=version.pk).delete()
