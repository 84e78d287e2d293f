"""Answers kept in the session between a declaration's form and its "check your answers" page.

Only the form's own fields are kept, within a size limit; the answers of a special-category kind
(membership of a closed organisation) are kept encrypted, never as plain text in the session.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.http import QueryDict

from probity.core import crypto
from probity.declarations.rules import SPECIAL_CATEGORY_KINDS

MAX_DRAFT_BYTES = 32 * 1024


class DraftTooLarge(Exception):
    """The answers are larger than any real declaration's."""


def _field_names(form: forms.BaseForm) -> set[str]:
    """The names a form posts: each field's own, and its parts' (a date's day, month, year)."""
    names: set[str] = set()
    for bound in form:
        names.add(bound.html_name)
        for index, _ in enumerate(getattr(bound.field.widget, "widgets", ())):
            names.add(f"{bound.html_name}_{index}")
    return names


def draft_answers(form: forms.BaseForm, data: QueryDict) -> dict[str, list[str]]:
    """The posted answers that belong to the form, or ``DraftTooLarge``."""
    names = _field_names(form)
    answers = {key: values for key, values in data.lists() if key in names}
    if len(json.dumps(answers).encode()) > MAX_DRAFT_BYTES:
        raise DraftTooLarge
    return answers


def draft_store(
    session: SessionBase, *, key: str, kind: str, token: str, answers: dict[str, list[str]]
) -> None:
    if kind in SPECIAL_CATEGORY_KINDS:
        session[key] = {"token": token, "sealed": crypto.seal({"answers": answers})}
    else:
        session[key] = {"token": token, "data": answers}


def draft_load(session: SessionBase, *, key: str) -> dict[str, Any] | None:
    """The draft as ``{"token": ..., "data": ...}`` (decrypted if it was sealed), or None."""
    draft = session.get(key)
    if not isinstance(draft, dict) or "token" not in draft:
        return None
    if "sealed" in draft:
        try:
            answers = crypto.unseal(draft["sealed"])["answers"]
        except crypto.EncryptionKeyError:
            return None
        return {"token": draft["token"], "data": answers}
    return {"token": draft["token"], "data": draft.get("data", {})}
