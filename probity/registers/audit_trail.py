"""The audit trail of one entry, as people read it.

Audit events keep JSON snapshots of the rows a write touched (``before`` and ``after``). This turns
them into what changed, field by field: field labels from the models (or from the kind's form, for
facts kept as a dict), choice labels instead of stored codes, people's names instead of ids, UK
dates, and no internal ids at all. Fields that did not change are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from probity.core.models import AuditEvent
from probity.core.templatetags.probity import uk_date, uk_datetime
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import Decision, Declaration
from probity.declarations.selectors import version_model
from probity.people.models import Person
from probity.people.selectors import person_names, person_names_for_users

#: Fields that are internal bookkeeping: ids, links between rows, tokens and encrypted text.
HIDDEN = frozenset(
    {
        "id",
        "declaration",
        "supersedes",
        "submission_token",
        "sealed",
        "status_changed_at",
        "created_at",
        "submitted_at",
        "step",  # the route's internal key; "Acting as" says the same in words
        "routed_with",  # shown on the entry as its route
        "sealed_text",
        "sealed_reason",
        "search_text",
    }
)
#: Labels where a model's own field name would be unclear out of context.
LABELS = {
    ("declaration", "kind"): "Kind of declaration",
    ("declaration", "declarant"): "Declared by",
    ("declaration", "current_version_number"): "Current version",
    ("declaration", "referred_to"): "Referred for advice to",
    ("version", "number"): "Version",
    ("version", "change"): "Kind of change",
    ("version", "change_reason"): "Reason for the change",
    ("version", "created_by"): "Version made by",
    ("decision", "action"): "Decision",
    ("decision", "actor"): "Decided by",
    ("decision", "version_number"): "On version",
    ("decision", "referred_to"): "Referred for advice to",
}
GROUPS = ("declaration", "version", "decision")
NONE = "None"
WHAT = {
    "declaration.special_category_read": "Special-category details read",
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TrailEvent:
    at: dt.datetime
    who: str
    what: str
    source: str
    changes: list[Change]

    @property
    def only_new_details(self) -> bool:
        """Nothing was there before (a declaration made, a decision recorded): no Before column."""
        return all(change.before == NONE for change in self.changes)


def _groups(data: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Snapshots by group. A flat snapshot (no groups) is the declaration's own."""
    if not data:
        return {}
    if all(isinstance(value, Mapping) or value is None for value in data.values()):
        return {key: value for key, value in data.items() if isinstance(value, Mapping)}
    return {"declaration": data}


def _model_for(group: str, kind: str) -> type[models.Model] | None:
    if group == "declaration":
        return Declaration
    if group == "version":
        return version_model(kind)
    if group == "decision":
        return Decision
    return None


def _label(group: str, field: models.Field[Any, Any]) -> str:
    label = LABELS.get((group, field.name)) or str(field.verbose_name)
    return label[:1].upper() + label[1:]


class _Formatter:
    def __init__(self, names: Mapping[int, str]) -> None:
        self.names = names

    def value(self, field: models.Field[Any, Any], value: Any) -> str:
        if value is None or value == "":
            return NONE
        if field.is_relation:
            if field.related_model is Person and isinstance(value, int):
                return self.names.get(value, "Someone no longer on record")
            return NONE
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DecimalField):
            return f"£{value}"
        if isinstance(field, models.BooleanField):
            return "Yes" if value else "No"
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            return uk_datetime(dt.datetime.fromisoformat(value))
        if isinstance(field, models.DateField) and isinstance(value, str):
            return uk_date(dt.date.fromisoformat(value))
        return str(value)


def _fact_changes(kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Changes to facts kept as a dict, labelled and shown as the kind's form shows them."""
    spec = BY_KIND.get(kind)
    form_class = spec.form_class if spec else None
    if form_class is None:
        return []
    changes = []
    for name in form_class.base_fields:
        if before.get(name) == after.get(name):
            continue

        def shown(facts: Mapping[str, Any], name: str = name) -> str:
            rows = [row for row in form_class.rows({name: facts.get(name)}) if row.field == name]
            return rows[0].value if rows and facts.get(name) not in (None, "") else NONE

        label = str(form_class.base_fields[name].label or name)
        changes.append(Change(label, shown(before), shown(after)))
    return changes


def _changes(
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    fmt: _Formatter,
) -> list[Change]:
    was, now = _groups(before), _groups(after)
    changes: list[Change] = []
    for group in GROUPS:
        old, new = was.get(group, {}), now.get(group, {})
        model = _model_for(group, kind)
        if model is None or not (old or new):
            continue
        for field in model._meta.concrete_fields:
            if field.name in HIDDEN or old.get(field.name) == new.get(field.name):
                continue
            if field.name == "facts":
                changes.extend(_fact_changes(kind, old.get("facts") or {}, new.get("facts") or {}))
                continue
            label = _label(group, field)
            before_text = fmt.value(field, old.get(field.name)) if old else NONE
            after_text = fmt.value(field, new.get(field.name)) if new else NONE
            if before_text != after_text:
                changes.append(Change(label, before_text, after_text))
    return changes


def _action_words(action: str) -> str:
    """``declaration.info_requested`` -> "Info requested": never the stored code itself."""
    words = action.rsplit(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Change recorded"


def _person_ids(events: Iterable[AuditEvent]) -> set[int]:
    """Ids of people named in snapshots (declared by, decided by ...), for one query."""
    wanted = {"declarant", "submitted_by", "created_by", "actor"}
    found: set[int] = set()
    for event in events:
        for data in (event.before, event.after):
            for snap in _groups(data).values():
                found.update(v for k, v in snap.items() if k in wanted and isinstance(v, int))
    return found


def audit_trail(*, declaration: Declaration, events: Iterable[AuditEvent]) -> list[TrailEvent]:
    """The entry's events, oldest first, in words. Three queries whatever the number of events."""
    events = list(events)
    by_user = person_names_for_users(user_ids={e.actor_id for e in events if e.actor_id})
    fmt = _Formatter(person_names(person_ids=_person_ids(events)))
    trail = []
    for event in events:
        if event.actor_id is None:
            who = event.actor_label or "Probity (automatic)"
        else:
            who = by_user.get(event.actor_id, event.actor_label)
        trail.append(
            TrailEvent(
                at=event.at,
                who=who,
                what=WHAT.get(event.action) or event.summary or _action_words(event.action),
                source=event.source,
                changes=_changes(declaration.kind, event.before, event.after, fmt),
            )
        )
    return trail
