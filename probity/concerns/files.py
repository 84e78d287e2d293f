"""Attached files: checked by their content, encrypted, kept in private storage.

A file is accepted only if its first bytes are those of a PDF, PNG, JPEG, Word (.docx) document or
plain UTF-8 text, and its name's extension agrees. It is encrypted with the deployment's key and
written under ``PROBITY_PRIVATE_FILES_ROOT`` (never under the static files) with a random name;
its original name is kept encrypted in the database. Handlers download it as an attachment.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from probity.core import crypto

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 5

TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "png": ("image/png", ("png",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "text": ("text/plain", ("txt",)),
}
ALLOWED_EXTENSIONS = sorted({ext for _, exts in TYPES.values() for ext in exts})


def detect(data: bytes) -> str:
    """The kind of file ``data`` is, by its content, or "" when it is none we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return ""
        return "docx" if {"[Content_Types].xml", "word/document.xml"} <= names else ""
    if b"\x00" in data:
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return "text"


def extension_of(name: str) -> str:
    return Path(name).suffix.lower().lstrip(".")


def check_upload(upload: UploadedFile) -> tuple[bytes, str, str]:
    """(content, content type, extension) of an acceptable upload, or a ValidationError."""
    name = upload.name or "file"
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(f"{name} must be smaller than 5MB")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(f"{name} must be smaller than 5MB")
    if not data:
        raise ValidationError(f"{name} is empty")
    kind = detect(data)
    extension = extension_of(name)
    if not kind:
        raise ValidationError(f"{name} must be a PDF, PNG, JPEG, Word (.docx) or text file")
    content_type, extensions = TYPES[kind]
    if extension not in extensions:
        raise ValidationError(
            f"{name} is not what its name says: its content is a {kind.upper()} file"
        )
    return data, content_type, extension


def root() -> Path:
    return Path(settings.PROBITY_PRIVATE_FILES_ROOT) / "concerns"


def store(data: bytes) -> str:
    """Encrypt and write ``data``; the stored name, random."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{uuid.uuid4().hex}.bin"
    (folder / stored_name).write_bytes(crypto.seal_bytes(data))
    return stored_name


def load(stored_name: str) -> bytes:
    return crypto.unseal_bytes((root() / Path(stored_name).name).read_bytes())


def remove(stored_name: str) -> None:
    (root() / Path(stored_name).name).unlink(missing_ok=True)
