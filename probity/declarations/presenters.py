"""How a version's facts read to a person: labelled rows for summary lists and tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from probity.core.templatetags.probity import money, uk_date
from probity.declarations.choices import InterestHolder
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)

HIDDEN = "Held by the Monitoring Officer"
#: "Mine" as it reads to someone other than the declarant.
OWN_INTEREST_THIRD_PERSON = "The officer's own"


def interest_whose(version: InterestVersion, *, third_person: bool = False) -> str:
    """Whose interest it is: the declarant's own or a relative's."""
    if version.holder == InterestHolder.RELATIVE:
        return f"A close relative's ({version.relative_relationship})"
    return OWN_INTEREST_THIRD_PERSON if third_person else version.get_holder_display()


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    field: str


def version_rows(
    version: VersionBase, *, facts: dict[str, Any] | None = None, third_person: bool = False
) -> list[Row]:
    """Labelled rows of a version's facts. Sealed facts show only when decrypted ``facts`` are given.

    ``third_person`` words the rows for someone other than the declarant ("Their role").
    """
    if isinstance(version, DeclarationVersion):
        form_class = BY_KIND[version.declaration.kind].form_class
        if form_class is None:
            raise TypeError(f"No form for {version.declaration.kind}")
        if version.sealed and facts is None:
            return [Row("Details", HIDDEN, "")]
        return [
            Row(r.label, r.value, r.field)
            for r in form_class.rows(facts or version.facts, third_person=third_person)
        ]
    if isinstance(version, GiftHospitalityVersion):
        link = version.get_giver_link_display()
        if version.giver_link_detail:
            link = f"{link}: {version.giver_link_detail}"
        value = money(version.value) + (" (estimated)" if version.value_is_estimate else "")
        return [
            Row(
                "Offered by",
                f"{version.giver_name} ({version.get_giver_type_display().lower()})",
                "giver_name",
            ),
            Row("Link to the council", link, "giver_link"),
            Row("Gift or hospitality", version.get_category_display(), "category"),
            Row("What was offered", version.description, "description"),
            Row("Value", value, "value"),
            Row("Date offered", uk_date(version.offered_on), "offered_on"),
            Row("Accepted or declined", version.get_outcome_display(), "outcome"),
            Row("Reason", version.outcome_reason, "outcome_reason"),
        ]
    if isinstance(version, InterestVersion):
        whose = interest_whose(version, third_person=third_person)
        return [
            Row("Whose interest", whose, "holder"),
            Row("Kind of interest", version.get_interest_type_display(), "interest_type"),
            Row("Organisation or person concerned", version.counterparty, "counterparty"),
            Row("Description", version.description, "description"),
            Row("Started", uk_date(version.starts_on), "starts_on"),
            Row("Ended", uk_date(version.ends_on) if version.ends_on else "Continuing", "ends_on"),
        ]
    raise TypeError(f"No presenter for {type(version).__name__}")


def version_summary(version: VersionBase) -> str:
    """One line that names the entry in lists."""
    if isinstance(version, DeclarationVersion):
        return f"{version.declaration.get_kind_display()}: {version.title}"
    if isinstance(version, GiftHospitalityVersion):
        return f"{version.get_category_display()} from {version.giver_name}: {version.description[:80]}"
    if isinstance(version, InterestVersion):
        return f"{version.get_interest_type_display()} interest: {version.counterparty}"
    return str(version)
