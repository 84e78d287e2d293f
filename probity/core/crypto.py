"""Encryption at rest for special-category facts (Fernet, keys from the environment).

``PROBITY_ENCRYPTION_KEY`` holds one or more comma-separated Fernet keys: the first encrypts,
all of them decrypt (so a key can be rotated). A missing or wrong key is an error that says so;
nothing is ever written or shown in its place.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class EncryptionKeyError(ImproperlyConfigured):
    """The encryption key is missing, malformed, or not the one the data was sealed with."""


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.PROBITY_ENCRYPTION_KEY.split(",") if k.strip()]
    if not keys:
        raise EncryptionKeyError(
            "PROBITY_ENCRYPTION_KEY is not set: special-category declarations cannot be stored or read."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise EncryptionKeyError(
            "PROBITY_ENCRYPTION_KEY is not a valid key: each key must be 32 url-safe base64-encoded bytes "
            "(make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)."
        ) from exc


def seal(data: dict[str, Any]) -> str:
    """Encrypt a JSON-safe dict."""
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """Decrypt what ``seal`` wrote, or say clearly that the key does not fit."""
    try:
        data: dict[str, Any] = json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise EncryptionKeyError(
            "This entry cannot be decrypted with PROBITY_ENCRYPTION_KEY: the key is wrong or has been "
            "replaced without keeping the old one. Nothing has been changed."
        ) from exc
    return data


def seal_bytes(data: bytes) -> bytes:
    """Encrypt raw bytes (an attached file)."""
    return _fernet().encrypt(data)


def unseal_bytes(token: bytes) -> bytes:
    """Decrypt what ``seal_bytes`` wrote, or say clearly that the key does not fit."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise EncryptionKeyError(
            "This file cannot be decrypted with PROBITY_ENCRYPTION_KEY: the key is wrong or has "
            "been replaced without keeping the old one."
        ) from exc


def reseal(token: str) -> str | None:
    """``token`` encrypted under the first key, or None when it already is.

    Raises ``EncryptionKeyError`` when no configured key opens it.
    """
    resealed = reseal_bytes(token.encode())
    return None if resealed is None else resealed.decode()


def reseal_bytes(token: bytes) -> bytes | None:
    """As ``reseal``, for what ``seal_bytes`` wrote (a stored file)."""
    fernet = _fernet()  # checks the keys
    first_key = Fernet(settings.PROBITY_ENCRYPTION_KEY.split(",")[0].strip().encode())
    try:
        first_key.decrypt(token)
    except InvalidToken:
        pass
    else:
        return None
    try:
        return fernet.rotate(token)
    except InvalidToken as exc:
        raise EncryptionKeyError(
            "A sealed value cannot be decrypted with any key in PROBITY_ENCRYPTION_KEY: keep the "
            "old key in the list (after the new one) until rotation has finished."
        ) from exc
