"""Rotating the encryption key reaches a concern's stored files as well as its text."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from conftest import Council
from probity.concerns import files
from probity.concerns.models import ConcernFile
from probity.concerns.services import Attachment
from probity.concerns.tests.conftest import PDF, reported
from probity.core.crypto import EncryptionKeyError
from probity.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TEXT = b"Minutes of the meeting, 3 March\n"


def rotate() -> str:
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)  # as the command runs: outside any transaction
def test_stored_files_move_to_the_first_key_whole_and_a_second_run_does_nothing(
    council: Council, private_files: Path
) -> None:
    old = settings.PROBITY_ENCRYPTION_KEY
    reported(
        attachments=(
            Attachment("invoice.pdf", PDF, "application/pdf", "pdf"),
            Attachment("minutes.txt", TEXT, "text/plain", "txt"),
        )
    )
    stored = {f.stored_name: f for f in ConcernFile.objects.all()}
    assert len(stored) == 2
    folder = private_files / "concerns"
    (folder / "stale.rotating").write_bytes(b"left by a run that stopped")
    before = {name: (folder / name).read_bytes() for name in stored}
    new = Fernet.generate_key().decode()
    with override_settings(PROBITY_ENCRYPTION_KEY=f"{new},{old}"):
        assert "concerns.ConcernFile: 2 of 2 stored files re-encrypted" in rotate()
        assert "concerns.ConcernFile: 0 of 2 stored files re-encrypted" in rotate()
    assert not (folder / "stale.rotating").exists()
    assert all((folder / name).read_bytes() != before[name] for name in stored)
    with override_settings(PROBITY_ENCRYPTION_KEY=new):  # the old key can go
        assert sorted(files.load(name) for name in stored) == sorted([PDF, TEXT])
    with override_settings(PROBITY_ENCRYPTION_KEY=old), pytest.raises(EncryptionKeyError):
        files.load(next(iter(stored)))
    event = AuditEvent.objects.get(action="encryption.resealed", target_type="concerns.ConcernFile")
    assert event.summary == "Re-encrypted 2 stored files under the first key"
    assert b"invoice" not in b"".join((folder / name).read_bytes() for name in stored)


def test_with_no_folder_yet_there_is_nothing_to_rotate(council: Council) -> None:
    new = Fernet.generate_key().decode()
    with override_settings(PROBITY_ENCRYPTION_KEY=f"{new},{settings.PROBITY_ENCRYPTION_KEY}"):
        assert "concerns.ConcernFile: 0 of 0 stored files re-encrypted" in rotate()
