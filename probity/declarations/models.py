"""Declarations: an identity row, a chain of immutable versions, and decisions as their own rows.

A version is never changed once written. A correction, an end or a withdrawal is a new version
pointing at the one it replaces. ``Declaration`` carries only identity and workflow state (its
status and which version is current), both changed by services alone, each change audited.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from probity.declarations.choices import (
    AdviceOffice,
    AssignmentPurpose,
    DecisionAction,
    DeclarationKind,
    DeclarationStatus,
    GiftCategory,
    GiftOutcome,
    GiverLink,
    GiverType,
    InterestHolder,
    InterestType,
    StepState,
    VersionChange,
)
from probity.people.models import Person


class ReferenceSequence(models.Model):
    """The last number issued for a reference prefix in a year (GH-2027-0042)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Declaration(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=40, choices=DeclarationKind.choices)
    declarant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    submission_token = models.UUIDField(
        unique=True, help_text="One per form shown: a form submitted twice makes one declaration."
    )
    special_category = models.BooleanField(default=False)
    status = models.CharField(
        max_length=30, choices=DeclarationStatus.choices, default=DeclarationStatus.SUBMITTED
    )
    status_changed_at = models.DateTimeField()
    referred_to = models.CharField(
        max_length=40, choices=AdviceOffice.choices, blank=True, default=""
    )
    current_version_number = models.PositiveIntegerField(default=1)
    routed_with = models.JSONField(
        default=dict,
        blank=True,
        help_text="The council settings its route was worked out with when it was submitted.",
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            # Serves every register's default order (newest first) and its deep pages.
            models.Index(fields=["kind", "submitted_at", "id"], name="declaration_kind_submitted"),
        ]

    def __str__(self) -> str:
        return self.reference


class VersionBase(models.Model):
    """What every version of every kind records about itself."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    change = models.CharField(max_length=20, choices=VersionChange.choices)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    change_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    search_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Reference, declarant and subject without accents, lower case (see search.py).",
    )
    is_current = models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "Whether this is its declaration's current version: the stored form of "
            "``Declaration.current_version_number``, kept by the services in the same "
            "transaction, so registers and search read one table through partial indexes."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["declaration", "number"]

    def __str__(self) -> str:
        return f"{self.declaration_id} v{self.number}"


class GiftHospitalityVersion(VersionBase):
    giver_name = models.CharField(max_length=200)
    giver_type = models.CharField(max_length=20, choices=GiverType.choices)
    giver_link = models.CharField(max_length=20, choices=GiverLink.choices)
    giver_link_detail = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=20, choices=GiftCategory.choices)
    description = models.TextField()
    value = models.DecimalField(max_digits=9, decimal_places=2)
    value_is_estimate = models.BooleanField(default=False)
    offered_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=GiftOutcome.choices)
    outcome_reason = models.TextField()

    class Meta(VersionBase.Meta):
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="gift_version_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="gift_value_not_negative"),
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(is_current=True), name="gift_one_current"
            ),
        ]
        # Indexes of current versions that serve the register's sort orders (ties broken by
        # declaration). On PostgreSQL they also carry the row's id, so that a page's keys are
        # read from the index alone (migration 0016).
        indexes = [
            models.Index(
                fields=["value", "declaration"],
                condition=Q(is_current=True),
                name="gift_current_by_value",
            ),
            models.Index(
                fields=["offered_on", "declaration"],
                condition=Q(is_current=True),
                name="gift_current_by_offered_on",
            ),
        ]


class InterestVersion(VersionBase):
    holder = models.CharField(max_length=20, choices=InterestHolder.choices)
    relative_relationship = models.CharField(max_length=100, blank=True)
    interest_type = models.CharField(max_length=20, choices=InterestType.choices)
    description = models.TextField()
    counterparty = models.CharField(
        max_length=200, help_text="The organisation or person the interest concerns."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta(VersionBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="interest_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="interest_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(holder="self") | ~Q(relative_relationship=""),
                name="interest_relative_has_relationship",
            ),
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(is_current=True), name="interest_one_current"
            ),
        ]
        indexes = [
            models.Index(
                fields=["starts_on", "declaration"],
                condition=Q(is_current=True),
                name="interest_current_by_starts_on",
            )
        ]


class DeclarationVersion(VersionBase):
    """A version of any kind whose facts are a validated dict (see ``kinds.py``).

    ``title`` and the dates are copied out of the facts so registers can search and sort them.
    Special-category facts are kept only in ``sealed`` (encrypted); ``facts`` is then empty.
    Its change reason is then kept only in ``sealed_reason`` (see ``sealing.py``).
    """

    title = models.CharField(max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    sealed = models.TextField(blank=True)
    sealed_reason = models.TextField(
        blank=True, help_text="The change reason of a special-category entry, encrypted."
    )

    class Meta(VersionBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="declaration_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="declaration_version_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(is_current=True), name="version_one_current"
            ),
        ]
        indexes = [
            models.Index(
                fields=["starts_on", "declaration"],
                condition=Q(is_current=True),
                name="version_current_by_starts_on",
            )
        ]


class SearchEntry(models.Model):
    """What the search of every register reads: one row per declaration, with its current
    version's search text and when it was declared.

    A stored index kept by the services in the same transaction as the version it copies (and
    by the council generator), not register content: its text is rewritten when a new version
    becomes current. On one narrow table the order's index (which carries the text on
    PostgreSQL) and the trigram index of the text both serve a search, so a common word is found
    by reading the newest entries in order and a rare one through the trigram index (ADR 0017).
    """

    declaration = models.OneToOneField(
        Declaration, primary_key=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            models.Index(fields=["submitted_at", "declaration"], name="search_entry_newest"),
        ]

    def __str__(self) -> str:
        return f"search entry of {self.declaration_id}"


class Decision(models.Model):
    """A reviewer's or adviser's act on a declaration (or the declarant's answer).

    On a special-category entry ``comment`` and ``conditions`` are empty and both are kept
    encrypted in ``sealed_text`` (see ``sealing.py``).
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="decisions")
    version_number = models.PositiveIntegerField()
    action = models.CharField(max_length=40, choices=DecisionAction.choices)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    acting_as = models.CharField(max_length=150)
    comment = models.TextField(blank=True)
    referred_to = models.CharField(
        max_length=40, choices=AdviceOffice.choices, blank=True, default=""
    )
    step = models.CharField(
        max_length=40, blank=True, help_text="The step of the route this decision completes."
    )
    conditions = models.TextField(blank=True)
    sealed_text = models.TextField(
        blank=True,
        help_text="The comment and conditions of a special-category entry, encrypted.",
    )
    review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.action}"


class RouteStep(models.Model):
    """One step of a declaration's route, fixed when it was submitted, and where it stands.

    Services keep ``state``, ``acting_office`` and ``stranded`` true in the same transaction as
    every decision, correction, withdrawal, re-route or change of office holder.
    """

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="route_steps"
    )
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    does = models.CharField(max_length=10)
    stage = models.PositiveSmallIntegerField(default=1)
    record_label = models.CharField(max_length=200, blank=True)
    responsible = models.CharField(max_length=40, help_text="Who the route names.")
    office = models.CharField(
        max_length=40, help_text="The office addressed, or line_manager (referral office resolved)."
    )
    state = models.CharField(max_length=20, choices=StepState.choices, default=StepState.PENDING)
    acting_office = models.CharField(
        max_length=40, blank=True, help_text="The office that acts after any fallback."
    )
    passed_over = models.JSONField(default=list, blank=True)
    stranded = models.BooleanField(default=False)
    waiting_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["declaration", "position"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "key"], name="route_step_unique")
        ]
        indexes = [
            models.Index(
                fields=["waiting_since"],
                condition=Q(stranded=True, state="waiting"),
                name="route_step_stranded",
            ),
            # The dashboards count waiting steps by the office that must act, and by age.
            models.Index(
                fields=["acting_office", "waiting_since"],
                condition=Q(state="waiting"),
                name="route_step_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.key} ({self.state})"


class StepAssignment(models.Model):
    """A person who may act on a waiting step (or advise on a referral) now: who must act, stored."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="assignments"
    )
    step = models.ForeignKey(
        RouteStep, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=10, choices=AssignmentPurpose.choices)
    office = models.CharField(max_length=40)
    deputy = models.BooleanField(default=False)
    since = models.DateTimeField()
    #: In the person's queue now (``rules.assignment_actionable`` of the declaration's status):
    #: kept by ``steps_sync`` in the same transaction as the status, so a queue and its count
    #: read this table's partial index alone.
    actionable = models.BooleanField(default=True)

    class Meta:
        ordering = ["since", "id"]
        indexes = [
            models.Index(
                fields=["person", "since", "id"],
                name="assignment_queue",
                condition=models.Q(actionable=True),
            ),
            models.Index(fields=["declaration", "person"], name="assignment_declaration_person"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} → {self.person_id} ({self.purpose})"
