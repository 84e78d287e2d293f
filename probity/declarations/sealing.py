"""What is written about a special-category entry is kept sealed, like its facts.

A closed-organisation membership is special-category personal data. Its facts are encrypted in
``DeclarationVersion.sealed``; everything written about it is encrypted too:

- a decision's comment and conditions (questions, answers, advice, refusal reasons) go in
  ``Decision.sealed_text``, with ``comment`` and ``conditions`` left empty;
- a version's change reason (correction, end, withdrawal) goes in
  ``DeclarationVersion.sealed_reason``, with ``change_reason`` left empty.

Services call ``decision_fields`` and ``reason_fields`` to turn plain text into the stored
columns, and ``audit_data`` so audit events about a sealed entry name the fields that changed,
never their values. Views call ``shown_decisions`` and ``shown_reasons`` to read the text back:
only viewers who may read the details get it, and every read by someone other than the
declarant is audited.

A special-category form's answers are sealed in the session too, until sent (``draft``).

``SEALED_COLUMNS`` lists every (model, field) holding encrypted text, for key rotation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db import transaction

from probity.core import crypto
from probity.core.audit import JSONValue, audit_record
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import Decision, Declaration, VersionBase
from probity.declarations.rules import SPECIAL_CATEGORY_KINDS
from probity.people.models import Person

SEALED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("declarations.DeclarationVersion", "sealed"),
    ("declarations.DeclarationVersion", "sealed_reason"),
    ("declarations.Decision", "sealed_text"),
)


def is_sealed(declaration: Declaration) -> bool:
    """Whether what is written about this declaration must be encrypted."""
    return declaration.special_category or declaration.kind in SPECIAL_CATEGORY_KINDS


# --- writing ---------------------------------------------------------------------------------


def decision_fields(declaration: Declaration, *, comment: str, conditions: str) -> dict[str, str]:
    """The stored columns of a decision's comment and conditions."""
    if not is_sealed(declaration):
        return {"comment": comment, "conditions": conditions, "sealed_text": ""}
    sealed = (
        crypto.seal({"comment": comment, "conditions": conditions}) if comment or conditions else ""
    )
    return {"comment": "", "conditions": "", "sealed_text": sealed}


def reason_fields(declaration: Declaration, reason: str) -> dict[str, str]:
    """The stored columns of a new version's change reason."""
    if not is_sealed(declaration):
        return {"change_reason": reason}
    return {"change_reason": "", "sealed_reason": crypto.seal({"reason": reason}) if reason else ""}


def _changed(before: Any, after: Any) -> list[str]:
    """Names of the fields that differ, as ``part.field`` for nested snapshots."""
    before = before if isinstance(before, Mapping) else {}
    after = after if isinstance(after, Mapping) else {}
    names: list[str] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, Mapping) or isinstance(new, Mapping):
            names.extend(f"{key}.{name}" for name in _changed(old, new))
        elif old != new and (key in before or new not in (None, "", {}, [])):
            names.append(key)
    return names


class AuditData(TypedDict):
    before: Mapping[str, JSONValue] | None
    after: Mapping[str, JSONValue] | None


def audit_data(
    declaration: Declaration,
    *,
    before: Mapping[str, JSONValue] | None,
    after: Mapping[str, JSONValue] | None,
) -> AuditData:
    """``before`` and ``after`` for an audit event: for a sealed entry, changed field names only."""
    if not is_sealed(declaration):
        return {"before": before, "after": after}
    nested = after is not None and isinstance(after.get("declaration"), Mapping)
    if before and nested and "declaration" not in before:
        before = {"declaration": before}  # a decision's "before" is the declaration alone
    return {"before": None, "after": {"sealed": True, "changed": _changed(before, after)}}


# --- reading ---------------------------------------------------------------------------------


def _record_read(
    *, reader: Person, declaration: Declaration, what: str, now: dt.datetime, source: str
) -> None:
    if reader.pk == declaration.declarant_id:
        return
    with transaction.atomic():
        audit_record(
            actor=reader.user,
            action="declaration.sealed_text_read",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"Special-category {what} read",
            source=source,
        )


class ShownDecision:
    """A decision as one viewer may read it: the stored row, with its text opened or withheld."""

    def __init__(
        self, decision: Decision, *, comment: str, conditions: str, withheld: bool
    ) -> None:
        self._decision = decision
        self.comment = comment
        self.conditions = conditions
        self.withheld = withheld

    def __getattr__(self, name: str) -> Any:
        return getattr(self._decision, name)


def shown_decisions(
    decisions: Sequence[Decision],
    *,
    declaration: Declaration,
    reader: Person,
    may_read: bool,
    now: dt.datetime,
    source: str = "",
) -> list[ShownDecision]:
    """Decisions to show: sealed text opened for those who may read it (a non-declarant's read
    is audited), otherwise withheld with only the fact that something was written."""
    shown: list[ShownDecision] = []
    opened = False
    for d in decisions:
        if not may_read:
            written = bool(d.sealed_text or d.comment or d.conditions)
            shown.append(ShownDecision(d, comment="", conditions="", withheld=written))
        elif not d.sealed_text:
            shown.append(
                ShownDecision(d, comment=d.comment, conditions=d.conditions, withheld=False)
            )
        else:
            text = crypto.unseal(d.sealed_text)
            opened = True
            shown.append(
                ShownDecision(
                    d,
                    comment=str(text.get("comment", "")),
                    conditions=str(text.get("conditions", "")),
                    withheld=False,
                )
            )
    if opened:
        _record_read(
            reader=reader, declaration=declaration, what="comments", now=now, source=source
        )
    return shown


@dataclass(frozen=True)
class ShownReason:
    text: str
    withheld: bool = False


def shown_reasons(
    versions: Sequence[VersionBase],
    *,
    declaration: Declaration,
    reader: Person,
    may_read: bool,
    now: dt.datetime,
    source: str = "",
) -> dict[int, ShownReason]:
    """Each version's change reason by number: opened for those who may read it, else withheld."""
    reasons: dict[int, ShownReason] = {}
    opened = False
    for v in versions:
        token = BY_KIND[declaration.kind].shape.sealed_reason(v)
        if not may_read:
            reasons[v.number] = ShownReason("", withheld=bool(token or v.change_reason))
        elif token:
            reasons[v.number] = ShownReason(str(crypto.unseal(token).get("reason", "")))
            opened = True
        else:
            reasons[v.number] = ShownReason(v.change_reason)
    if opened:
        _record_read(reader=reader, declaration=declaration, what="reasons", now=now, source=source)
    return reasons
