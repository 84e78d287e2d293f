"""The council's policy settings that the code's rules read."""

from __future__ import annotations

from django.db import models

from probity.people.choices import OfficeKind
from probity.people.models import Grade, Person


class CouncilPolicy(models.Model):
    """Policy values the Monitoring Officer sets. One row; every change is audited."""

    gift_guidance = models.TextField(
        help_text="The council's guidance on gifts and hospitality of token value."
    )
    consent_grade = models.ForeignKey(
        Grade,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Outside employment at or above this grade needs prior consent. Empty: every grade.",
    )
    referral_office = models.CharField(
        max_length=40,
        choices=OfficeKind.choices,
        default=OfficeKind.CHIEF_EXECUTIVE,
        help_text="The senior office that decides cases about staff in discretionary services.",
    )
    office_fallbacks = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where each office's work goes when nobody in it may act. Empty: the defaults.",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "council policy"

    def __str__(self) -> str:
        return "Council policy"


# --- The code itself: versions, sections, principles, governance and confirmations ----------


class DocumentKind(models.TextChoices):
    """The documents the council keeps this way. The value is also the document's web address."""

    CODE = "code", "Officers' code of conduct"
    PROTOCOL = "protocol", "Protocol on relations between councillors and officers"


class VersionStage(models.TextChoices):
    """Mirrors ``probity.conduct.documents.Stage``; only services move a version on."""

    DRAFT = "draft", "Draft"
    WITH_COMMITTEE = "with_committee", "With committee"
    RECOMMENDED = "recommended", "Recommended for adoption"
    RETURNED = "returned", "Sent back for changes"
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    DISCARDED = "discarded", "Discarded"


class CodeVersion(models.Model):
    """One version of a document. Editable while a draft; never changed once sent to committee."""

    document = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.PositiveIntegerField()
    stage = models.CharField(max_length=20, choices=VersionStage.choices, default="draft")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    change_summary = models.TextField(
        blank=True, help_text="What changed from the version before, in plain English."
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_filename = models.CharField(
        max_length=200, blank=True, help_text="The file the text was last imported from."
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    sent_to_committee_at = models.DateTimeField(null=True, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by_body = models.CharField(max_length=150, blank=True)
    takes_effect_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discard_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="code_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(stage="adopted")
                | (
                    models.Q(adopted_on__isnull=False)
                    & models.Q(takes_effect_on__isnull=False)
                    & models.Q(review_due_on__isnull=False)
                ),
                name="code_version_adopted_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()}, version {self.number}"


class CodeSection(models.Model):
    """A numbered section with a heading; names the declaration kinds it creates a duty for."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=10)
    heading = models.CharField(max_length=200)
    declaration_kinds = models.JSONField(
        default=list, blank=True, help_text="DeclarationKind values this section asks for."
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="code_section_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"


class CodeParagraph(models.Model):
    """A sub-paragraph of a section (``12.3``), or unnumbered text under its heading."""

    section = models.ForeignKey(CodeSection, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=12, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["section", "position"]

    def __str__(self) -> str:
        return self.number or f"Paragraph {self.position}"


class PrincipleKind(models.TextChoices):
    NOLAN = "nolan", "Principle of public life"
    VALUE = "value", "Council value"


class CodePrinciple(models.Model):
    """One of the seven principles of public life, or one of the council's own values."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="principles")
    kind = models.CharField(max_length=10, choices=PrincipleKind.choices)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField()

    class Meta:
        ordering = ["version", "kind", "position"]

    def __str__(self) -> str:
        return self.name


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", "Committee"
    ADOPTION = "adoption", "Council or Cabinet"


class MeetingOutcome(models.TextChoices):
    RECOMMENDED = "recommended", "Recommended for adoption"
    DEFERRED = "deferred", "Deferred to a later meeting"
    RETURNED = "returned", "Sent back for changes"
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not_adopted", "Not adopted"


class GovernanceDecision(models.Model):
    """A meeting's decision about a version: a committee's, or full Council's or Cabinet's.

    Only ever inserted: the decisions are the record of how the version was governed.
    """

    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.CharField(max_length=10, choices=MeetingKind.choices)
    body = models.CharField(max_length=150, help_text="The committee, full Council or Cabinet.")
    meeting_date = models.DateField()
    outcome = models.CharField(max_length=20, choices=MeetingOutcome.choices)
    minute_reference = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["version", "meeting_date", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.body}, {self.meeting_date:%d %B %Y}: {self.get_outcome_display()}"


class CodeConfirmation(models.Model):
    """A person confirmed they have read a version. One per person and version; never changed."""

    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="confirmations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="code_confirmations")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="code_confirmation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.version}"


class ConfirmationRequest(models.Model):
    """A person was emailed to ask them to read a version in force. One per person and version."""

    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="code_request_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} asked to read {self.version}"


class CodePdf(models.Model):
    """The PDF of an adopted version, made once from the exact print page and kept.

    A row is only ever added: when the print page of a version changes (its standing moves from
    "not yet in force" to "in force" to "superseded", or a release changes the template), a new
    row is made for the new page. Only the row whose ``html_sha256`` is the digest of the page as
    it would be printed now is ever served.
    """

    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="pdfs")
    html_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 (hex) of the print page the PDF was made from."
    )
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64, help_text="SHA-256 (hex) of the PDF; its ETag.")
    size = models.PositiveIntegerField(help_text="The PDF's length in bytes.")
    rendered_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "rendered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "html_sha256"], name="code_pdf_once"),
        ]

    def __str__(self) -> str:
        return f"PDF of {self.version_id} made {self.rendered_at:%Y-%m-%d %H:%M}"
