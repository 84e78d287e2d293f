"""Every declaration kind the code requires: its form, the duty it meets and its register.

Gifts and personal interests have typed version tables (their registers filter on value and
dates). Every other kind keeps its facts as a validated dict in ``DeclarationVersion``: the form
below is the schema, and it also renders the facts back for people to read.

Each ``KindSpec`` carries a ``shape``: how its versions are stored, read back, summarised,
turned into form data and shown in its register. Callers ask the shape of
``BY_KIND[declaration.kind]`` and never branch on the version's class. The pure rules of a
kind (prefix, route, flags) are its ``KindRule`` in ``rules.py``; see docs/adr/0009.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.text import Truncator

from probity.core.clock import LONDON
from probity.core.forms import (
    GovukForm,
    choice_field,
    clean_date_in_range,
    date_field,
    long_text_field,
    text_field,
)
from probity.core.spreadsheets import spreadsheet_safe
from probity.core.templatetags.probity import money, uk_date, uk_datetime
from probity.declarations.choices import DeclarationKind as K
from probity.declarations.choices import InterestHolder
from probity.declarations.consents import (
    attach_consents,
    consent_of,
    consent_of_rows,
    consent_rows,
)
from probity.declarations.facts import GiftFacts, InterestFacts
from probity.declarations.forms import GiftForm, InterestForm
from probity.declarations.models import (
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class FactRow:
    label: str
    value: str
    field: str


class FactsForm(GovukForm):
    """A kind's questions. Subclasses list their fields; the layout follows field order."""

    title_field: str = ""
    starts_field: str = ""
    ends_field: str = ""
    future_start_allowed: bool = False
    #: How a question reads to someone other than the declarant (a reviewer, the register):
    #: "Your role" becomes "Their role". Fields not named keep their label.
    third_person_labels: ClassVar[dict[str, str]] = {}
    #: Answers that speak as the declarant ("I made it"), in the third person, by field.
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {}

    def __init__(self, *args: Any, today: dt.date, correcting: bool = False, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["change_reason"] = long_text_field(
                "What have you corrected, and why?",
                required_message="Say what you have corrected and why",
            )
        layout = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                layout.append(Field.radios(name, legend_size=Size.SMALL))
            elif isinstance(field.widget, forms.Textarea):
                layout.append(Field.textarea(name, rows=4))
            elif isinstance(field.widget, forms.CheckboxInput):
                layout.append(Field.checkbox(name))
            elif isinstance(field.widget, forms.TextInput):
                layout.append(Field.text(name))
            else:
                layout.append(Field(name))
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, dt.date):
                label = str(self.fields[name].label or name)
                allow_future = (
                    self.future_start_allowed
                    if name == self.starts_field
                    else name == self.ends_field
                )
                try:
                    data[name] = clean_date_in_range(
                        value, label=label, today=self.today, allow_future=allow_future
                    )
                except ValidationError as error:
                    self.add_error(name, error)
        starts = data.get(self.starts_field) if self.starts_field else None
        ends = data.get(self.ends_field) if self.ends_field else None
        if starts and ends and ends < starts:
            self.add_error(
                self.ends_field, "The end date must be the same as or after the start date"
            )
        return data

    def facts(self) -> dict[str, Any]:
        """The answers as a JSON-safe dict (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for name in self.fields:
            if name == "change_reason":
                continue
            value = self.cleaned_data.get(name)
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    @classmethod
    def initial_from(cls, facts: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            value = facts.get(name)
            if value and isinstance(field, forms.MultiValueField):
                value = dt.date.fromisoformat(value)
            initial[name] = value
        return initial

    @classmethod
    def rows(cls, facts: dict[str, Any], *, third_person: bool = False) -> list[FactRow]:
        """The answers as labelled rows: as the declarant wrote them, or (``third_person``) as
        they read to someone else."""
        rows = []
        for name, field in cls.base_fields.items():
            value = facts.get(name)
            if isinstance(field, forms.ChoiceField):
                choices = dict(field.choices)  # type: ignore[arg-type]
                if third_person:
                    choices.update(cls.third_person_choices.get(name, {}))
                text = str(choices.get(value, value or "")) if value else ""
            elif isinstance(field, forms.MultiValueField):
                text = uk_date(dt.date.fromisoformat(value)) if value else ""
            elif isinstance(field, forms.BooleanField):
                text = "Yes" if value else "No"
            else:
                text = str(value or "")
            if text or field.required:
                label = str(field.label)
                if third_person:
                    label = cls.third_person_labels.get(name, label)
                rows.append(FactRow(label, text or "Not given", name))
        return rows

    @classmethod
    def dates(cls, facts: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
        def read(name: str) -> dt.date | None:
            value = facts.get(name) if name else None
            return dt.date.fromisoformat(value) if value else None

        return read(cls.starts_field), read(cls.ends_field)

    @classmethod
    def title_of(cls, facts: dict[str, Any]) -> str:
        field = cls.base_fields[cls.title_field]
        value = facts.get(cls.title_field, "")
        if isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
        return str(value)[:200]


def _require_if(
    form: forms.Form, data: dict[str, Any], *, when: str, equals: str, field: str, message: str
) -> None:
    if data.get(when) == equals and not data.get(field):
        form.add_error(field, message)


class ClosedOrganisationForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "role": "Their role or position in it",
        "joined_on": "Date they joined",
        "left_on": "Date they left",
    }
    title_field = "organisation"
    starts_field = "joined_on"
    ends_field = "left_on"

    organisation = text_field(
        "Name of the organisation", required_message="Enter the name of the organisation"
    )
    role = text_field(
        "Your role or position in it",
        required=False,
        help_text="Leave blank if you are an ordinary member.",
    )
    joined_on = date_field("Date you joined")
    left_on = date_field(
        "Date you left (optional)",
        required=False,
        help_text="Leave blank if you are still a member.",
    )


class ContractorRelationshipForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {"nature": "The relationship"}
    title_field = "contractor"
    starts_field = "starts_on"

    contractor = text_field(
        "Name of the contractor or potential contractor",
        required_message="Enter the name of the contractor",
    )
    relationship = choice_field(
        "Is the relationship a business or a private one?",
        [("business", "Business"), ("private", "Private (family or friendship)")],
        required_message="Select whether the relationship is business or private",
    )
    nature = long_text_field(
        "Describe the relationship",
        help_text="For example 'my brother owns the company' or 'I used to work for them'.",
        required_message="Describe the relationship",
    )
    starts_on = date_field("Date the relationship started (approximately)")


class OutsideEmploymentForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "role": "Their role",
        "could_conflict": "Could it conflict with their council work?",
    }
    title_field = "employer"
    starts_field = "starts_on"
    future_start_allowed = True

    employer = text_field("Employer or business", required_message="Enter the employer or business")
    role = text_field("Your role", required_message="Enter your role")
    hours = text_field(
        "Hours",
        max_length=100,
        help_text="For example '8 hours a week, evenings and weekends'.",
        required_message="Enter the hours you will work",
    )
    starts_on = date_field("Date it starts or started", when="future")
    could_conflict = choice_field(
        "Could it conflict with your council work?",
        YES_NO,
        required_message="Select whether it could conflict with your council work",
        help_text="For example if the business works for the council, or serves people your team deals with.",
    )
    conflict_detail = long_text_field("How could it conflict?", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _require_if(
            self,
            data,
            when="could_conflict",
            equals="yes",
            field="conflict_detail",
            message="Say how it could conflict",
        )
        return data


class PlanningApplicationForm(FactsForm):
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {
        "made_by": {"me": "The officer", "for_me": "Someone else, for the officer"}
    }
    title_field = "application_reference"

    application_reference = text_field(
        "Planning application reference",
        max_length=60,
        help_text="As shown on the application, for example 27/0123/FUL. Write 'not yet' if you do not have one.",
        required_message="Enter the application reference",
    )
    site = long_text_field("Address of the site", required_message="Enter the address of the site")
    made_by = choice_field(
        "Who made the application?",
        [("me", "I made it"), ("for_me", "Someone made it for me")],
        required_message="Select who made the application",
    )
    description = long_text_field(
        "What is the application for?", required_message="Say what the application is for"
    )


class DiscretionaryServiceForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "description": "The case and the officer's connection to it"
    }
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {"about": {"me": "The officer"}}
    title_field = "area"

    area = choice_field(
        "Which service is the case in?",
        [
            ("tenancy", "Tenancy allocation or housing"),
            ("benefits", "Benefits or council tax support"),
            ("council_tax", "Council tax discounts or relief"),
            ("grants", "Grants or loans"),
            ("other", "Another service where officers use discretion"),
        ],
        required_message="Select the service",
    )
    about = choice_field(
        "Who is the case about?",
        [("me", "Me"), ("colleague", "Another council officer")],
        required_message="Select who the case is about",
    )
    colleague = text_field("Name of the other officer", required=False)
    description = long_text_field(
        "Describe the case and your connection to it",
        required_message="Describe the case",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _require_if(
            self,
            data,
            when="about",
            equals="colleague",
            field="colleague",
            message="Enter the name of the other officer",
        )
        return data


class ContractUseForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "intended_use": "What the officer wants to use it for"
    }
    title_field = "contract"

    contract = text_field(
        "Which council contract or buying arrangement?",
        required_message="Enter the contract or arrangement",
    )
    supplier = text_field("Supplier", required_message="Enter the supplier")
    intended_use = long_text_field(
        "What do you want to use it for?",
        help_text="For example 'buying a laptop for home at the council's discounted price'.",
        required_message="Say what you want to use it for",
    )


class SponsorshipForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "beneficiary_detail": "Name of their partner or relative"
    }
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {
        "beneficiary": {
            "me": "The officer",
            "partner": "The officer's partner",
            "relative": "A relative of the officer",
        }
    }
    title_field = "activity"
    starts_field = "starts_on"
    ends_field = "ends_on"

    activity = text_field(
        "Event or activity the council sponsors", required_message="Enter the event or activity"
    )
    beneficiary = choice_field(
        "Who benefits?",
        [("me", "Me"), ("partner", "My partner"), ("relative", "A relative")],
        required_message="Select who benefits",
    )
    beneficiary_detail = text_field("Name of your partner or relative", required=False)
    benefit = long_text_field("How do they benefit?", required_message="Say how they benefit")
    starts_on = date_field("Date it started")
    ends_on = date_field("Date it ends (optional)", required=False, when="future")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("beneficiary") in {"partner", "relative"} and not data.get(
            "beneficiary_detail"
        ):
            self.add_error("beneficiary_detail", "Enter the name of your partner or relative")
        return data


class S117InterestForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "interest_type": "Is their interest direct or indirect?",
        "nature": "Their interest in money terms",
        "starts_on": "Date they became aware of the interest",
    }
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {
        "interest_type": {
            "direct": "Direct: the officer is a party to it",
            "indirect": "Indirect: through a company, partner or someone the officer is "
            "connected with",
        }
    }
    title_field = "contract"
    starts_field = "starts_on"

    contract = text_field(
        "Which contract, or proposed contract?",
        required_message="Enter the contract or proposed contract",
    )
    interest_type = choice_field(
        "Is your interest direct or indirect?",
        [
            ("direct", "Direct: I am a party to it"),
            ("indirect", "Indirect: through a company, partner or someone I am connected with"),
        ],
        required_message="Select whether your interest is direct or indirect",
    )
    nature = long_text_field(
        "Describe your interest in money terms", required_message="Describe your interest"
    )
    starts_on = date_field("Date you became aware of the interest")


class StaffDecisionForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "connection": "How they are related to or close to them",
        "detail": "Anything else for the manager",
    }
    title_field = "decision"

    decision = choice_field(
        "What is being decided?",
        [
            ("appointment", "An appointment (a job applicant)"),
            ("discipline", "A disciplinary matter"),
            ("promotion", "A promotion"),
            ("pay", "Pay or grading"),
            ("other", "Another decision about a colleague"),
        ],
        required_message="Select what is being decided",
    )
    person = text_field(
        "Name of the applicant or colleague",
        required_message="Enter the name of the applicant or colleague",
    )
    connection = text_field(
        "How are you related to or close to them?",
        help_text="For example 'my cousin' or 'a close friend'.",
        required_message="Say how you are connected to them",
    )
    detail = long_text_field("Anything else your manager should know (optional)", required=False)


class NilReturnForm(FactsForm):
    third_person_labels: ClassVar[dict[str, str]] = {
        "occasion": "When the return was made",
        "confirm": "Confirmed they have nothing to declare under the code of conduct",
    }
    third_person_choices: ClassVar[dict[str, dict[str, str]]] = {
        "occasion": {"induction": "When they started"}
    }
    title_field = "occasion"

    occasion = choice_field(
        "When are you making this return?",
        [
            ("induction", "When I started"),
            ("annual", "For the annual return"),
            ("other", "At another time"),
        ],
        required_message="Select when you are making this return",
    )
    confirm = forms.BooleanField(
        label="I confirm I have nothing to declare under the code of conduct",
        error_messages={"required": "Confirm that you have nothing to declare"},
    )


#: What a kind's form returns: typed facts for the typed tables, a dict for the others.
Facts = GiftFacts | InterestFacts | dict[str, Any]
AnyForm = GiftForm | InterestForm | FactsForm
#: Shown in place of special-category facts to anyone not reading them.
HIDDEN = "Held by the Monitoring Officer"
#: "Mine" as it reads to someone other than the declarant.
OWN_INTEREST_THIRD_PERSON = "The officer's own"


@dataclass(frozen=True)
class CsvCell:
    """How a CSV column reads from plain value rows rather than from versions: the fields it
    needs (paths from the version, as ``values_list`` takes them, or names of its
    ``annotations``) and a pure function turning their raw values into the cell's text. No
    function means the one raw value is the text (``None`` reads as empty)."""

    fields: tuple[str, ...]
    text: Callable[..., object] | None = None
    annotations: tuple[tuple[str, Any], ...] = ()
    #: The text is written only from dates, numbers and words of our own, never from what
    #: people typed: it can never start a formula, so the CSV need not disarm it.
    safe: bool = False
    #: The texts ``text`` gives for the usual values of the one field, for the CSV to look up
    #: without calling it (it is still called for any other value, or an empty text).
    labels: dict[object, str] | None = None


@dataclass(frozen=True)
class Column:
    """A column of a register table or its CSV: a label, how to read it from a version, and
    the field it sorts on (none if it does not sort). ``csv`` reads the same text from plain
    value rows, for the streamed CSV (see ``CsvCell``)."""

    label: str
    value: Callable[[Any], object]
    sort: str = ""
    numeric: bool = False
    csv: CsvCell | None = None


def raw(path: str, *, safe: bool = False) -> CsvCell:
    """A cell that is the field's value as it is (``safe``: see ``CsvCell.safe``)."""
    return CsvCell((path,), safe=safe)


def date_cell(path: str) -> CsvCell:
    """A cell with the field's date written out (3 March 2027), empty if none."""
    return CsvCell((path,), _uk_date_cached, safe=True)


#: ``uk_date`` remembered: a register's dates repeat (a few thousand days in ten years).
_uk_date_cached = lru_cache(maxsize=8192)(uk_date)


#: ``uk_datetime``'s words in PostgreSQL's ``to_char`` of the London time (its month names are
#: English whatever the server's language: only the ``TM`` prefix would translate them).
UK_DATETIME_TO_CHAR = 'FMDD FMMonth YYYY "at" FMHH12:MIam'


class _MomentText(Cast):
    """A moment as text for ``_uk_datetime_of_text``: on PostgreSQL already written in London
    time as ``uk_datetime`` writes it (the database does it for every row faster than Python
    can), elsewhere cast to ISO 8601 text."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, TextField())

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"to_char(({sql}) AT TIME ZONE '{LONDON.key}', '{UK_DATETIME_TO_CHAR}')",
            params,
        )


def _uk_datetime_of_text(text: str | None) -> str:
    """``uk_datetime`` of a moment as the database gives it: written already (PostgreSQL, see
    ``_MomentText``), or ISO 8601, in UTC where it has no offset (``2027-03-03 14:05:09.5+00``,
    or SQLite's ``2027-03-03 14:05:09.5``)."""
    if not text:
        return ""
    if text[4:5] != "-":  # "3 March 2027 at 2:05pm", never ISO's "2027-"
        return text
    if text.endswith("+00") or not ("+" in text[11:] or "-" in text[11:]):
        # In UTC: the hour's words, worked out once an hour, around the minutes.
        start, end = _uk_hour(text[:13])
        if start:
            return f"{start}:{text[14:16]}{end}"
    value = dt.datetime.fromisoformat(text)
    return uk_datetime(value if value.tzinfo else value.replace(tzinfo=dt.UTC))


@lru_cache(maxsize=4096)
def _uk_hour(utc_hour: str) -> tuple[str, str]:
    """For an hour in UTC (``2027-03-03 14``): what ``uk_datetime`` writes before and after
    the minutes of any moment in it (empty where London is not a whole number of hours away)."""
    moment = dt.datetime.fromisoformat(utc_hour + ":00:00+00:00")
    offset = moment.astimezone(LONDON).utcoffset()
    if offset is None or offset % dt.timedelta(hours=1):
        return "", ""
    start, minutes = uk_datetime(moment).rsplit(":", 1)
    return start, minutes[2:]


def datetime_cell(path: str) -> CsvCell:
    """A cell with the field's moment written out in London time (3 March 2027 at 2:05pm).

    The field is read as text, written out by PostgreSQL or in ISO 8601 elsewhere (UTC where the
    database gives no offset): reading it as an aware datetime costs more than all the other
    cells of a row together."""
    name = "csv_text_of_" + path
    return CsvCell((name,), _uk_datetime_of_text, ((name, _MomentText(path)),), safe=True)


def display_cell(model: type[Any], path: str) -> CsvCell:
    """A cell with the label of the field's choice, as ``get_<field>_display`` reads it."""
    field = model._meta.get_field(path.rsplit("__", 1)[-1])
    labels = {value: str(label) for value, label in field.flatchoices}
    if any(spreadsheet_safe(label) != label for label in labels.values()):
        raise ValueError(f"A label of {path} would be changed in a CSV.")

    def label(value: object) -> str:
        # A value with no label (none should be stored) is written as it is, disarmed.
        return labels[value] if value in labels else spreadsheet_safe(value)

    return CsvCell((path,), label, safe=True, labels=dict(labels))


def yes_no(value: object) -> str:
    return "Yes" if value else "No"


class KindShape:
    """How one kind's versions are stored and shown. Two implementations: ``TypedShape`` over
    a typed version table (gifts, interests) and ``FactsShape`` over a facts dict (the rest)."""

    #: Which register filter the registers use: "gift", "interest" or "facts".
    filter: str = "facts"
    default_sort: str = "-declaration__submitted_at"
    model: type[VersionBase] = DeclarationVersion

    @property
    def form(self) -> type[AnyForm]:
        raise NotImplementedError

    def rows(
        self, version: Any, *, facts: dict[str, Any] | None = None, third_person: bool = False
    ) -> list[FactRow]:
        """Labelled rows of a version's facts; ``third_person`` words them for someone else.
        Sealed facts show only when their decrypted ``facts`` are given."""
        raise NotImplementedError

    def preview_rows(self, facts: Facts) -> list[FactRow]:
        """The rows of answers not yet saved, as the declarant checks them."""
        raise NotImplementedError

    def summary(self, version: Any) -> str:
        """One line that names the entry in lists."""
        raise NotImplementedError

    def initial(self, version: Any, facts: dict[str, Any] | None = None) -> dict[str, Any]:
        """The form's starting data for correcting a version (``facts`` if unsealed)."""
        raise NotImplementedError

    def sealed_text(self, version: Any) -> str:
        """The version's encrypted facts; empty unless they are kept sealed."""
        return ""

    def sealed_reason(self, version: Any) -> str:
        """The version's encrypted change reason; empty unless it is kept sealed."""
        return ""

    def search_parts(self, version: Any) -> list[str]:
        """What, beyond reference and declarant, the entry may be found by in search."""
        return [version.title]

    def subject(self, version: Any) -> str:
        """What the entry is about, in a search result."""
        return str(version.title)

    def dates_text(self, version: Any) -> str:
        """The entry's dates, in a search result."""
        starts_on, ends_on = version.starts_on, version.ends_on
        if starts_on and ends_on:
            return f"{uk_date(starts_on)} to {uk_date(ends_on)}"
        if starts_on:
            return f"From {uk_date(starts_on)}"
        if ends_on:
            return f"Until {uk_date(ends_on)}"
        return ""

    def is_sealed(self, version: Any) -> bool:
        """Whether the version's facts are kept encrypted."""
        return bool(self.sealed_text(version))

    def version_fields(self, facts: Facts) -> dict[str, Any]:
        """The plain columns a new version stores for these facts (before any sealing)."""
        raise NotImplementedError

    def facts_of(self, version: Any) -> dict[str, Any] | None:
        """A copy of a version's unsealed facts dict; none for the typed tables, whose
        columns a new version copies as they are."""
        return None

    def ended_facts(self, facts: dict[str, Any], ends_on: dt.date) -> dict[str, Any]:
        """A facts dict with its end date set (kinds without one keep their facts)."""
        return facts

    def columns(self) -> list[Column]:
        """The kind's own columns in its register table, between the common ones."""
        raise NotImplementedError

    def csv_columns(self) -> list[Column]:
        """The kind's own columns in its register's CSV, between the common ones."""
        raise NotImplementedError

    def prepare(self, versions: list[Any]) -> None:
        """Read what the columns need beyond the versions, for a page of rows at once."""


def _details(shape: KindShape) -> Callable[[Any], str]:
    def details(v: Any) -> str:
        if shape.is_sealed(v):
            return HIDDEN
        return "; ".join(f"{row.label}: {row.value}" for row in shape.rows(v, third_person=True))

    return details


def _details_cell(form_class: type[FactsForm]) -> CsvCell:
    """``_details`` of a facts kind, from the version's sealed text and facts."""

    def details(sealed: str, facts: dict[str, Any]) -> str:
        if sealed:
            return HIDDEN
        return "; ".join(
            f"{row.label}: {row.value}" for row in form_class.rows(facts, third_person=True)
        )

    return CsvCell(("sealed", "facts"), details)


class FactsShape(KindShape):
    """A kind whose facts are a dict in ``DeclarationVersion``, read through its form."""

    def __init__(self, form_class: type[FactsForm]) -> None:
        self.form_class = form_class

    @property
    def form(self) -> type[AnyForm]:
        return self.form_class

    def rows(
        self, version: Any, *, facts: dict[str, Any] | None = None, third_person: bool = False
    ) -> list[FactRow]:
        if version.sealed and facts is None:
            return [FactRow("Details", HIDDEN, "")]
        return self.form_class.rows(facts or version.facts, third_person=third_person)

    def preview_rows(self, facts: Facts) -> list[FactRow]:
        if not isinstance(facts, dict):
            raise TypeError("These facts are for a different kind of declaration.")
        return self.form_class.rows(facts)

    def summary(self, version: Any) -> str:
        return f"{version.declaration.get_kind_display()}: {version.title}"

    def initial(self, version: Any, facts: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.form_class.initial_from(facts if facts is not None else version.facts)

    def sealed_text(self, version: Any) -> str:
        return str(version.sealed)

    def sealed_reason(self, version: Any) -> str:
        return str(version.sealed_reason)

    def facts_of(self, version: Any) -> dict[str, Any] | None:
        return dict(version.facts)

    def version_fields(self, facts: Facts) -> dict[str, Any]:
        if not isinstance(facts, dict):
            raise TypeError("These facts are for a different kind of declaration.")
        starts_on, ends_on = self.form_class.dates(facts)
        return {
            "title": self.form_class.title_of(facts),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "facts": facts,
            "sealed": "",
        }

    def ended_facts(self, facts: dict[str, Any], ends_on: dt.date) -> dict[str, Any]:
        if self.form_class.ends_field:
            return {**facts, self.form_class.ends_field: ends_on.isoformat()}
        return facts

    def columns(self) -> list[Column]:
        return [
            Column("What", lambda v: v.title, "title", csv=raw("title")),
            Column("From", lambda v: uk_date(v.starts_on), "starts_on", csv=date_cell("starts_on")),
            Column("Until", lambda v: uk_date(v.ends_on), "ends_on", csv=date_cell("ends_on")),
        ]

    def csv_columns(self) -> list[Column]:
        return [
            *self.columns(),
            Column("Details", _details(self), csv=_details_cell(self.form_class)),
        ]


class ConsentFactsShape(FactsShape):
    """A facts kind whose register shows the conditions and review date of its consent."""

    def columns(self) -> list[Column]:
        consent = (("consent_rows", consent_rows()),)
        return [
            Column("Employer or business", lambda v: v.title, "title", csv=raw("title")),
            Column(
                "Role",
                lambda v: v.facts.get("role", ""),
                csv=CsvCell(("facts",), lambda facts: facts.get("role", "")),
            ),
            Column("From", lambda v: uk_date(v.starts_on), "starts_on", csv=date_cell("starts_on")),
            Column(
                "Conditions",
                lambda v: consent_of(v).conditions or "None",
                csv=CsvCell(
                    ("consent_rows",),
                    lambda rows: consent_of_rows(rows).conditions or "None",
                    consent,
                ),
            ),
            Column(
                "Review date",
                lambda v: uk_date(consent_of(v).review_on) or "None set",
                csv=CsvCell(
                    ("consent_rows",),
                    lambda rows: uk_date(consent_of_rows(rows).review_on) or "None set",
                    consent,
                ),
            ),
        ]

    def csv_columns(self) -> list[Column]:
        columns = self.columns()
        return [
            *columns[:2],
            Column("Until", lambda v: uk_date(v.ends_on), csv=date_cell("ends_on")),
            Column("Details", _details(self), csv=_details_cell(self.form_class)),
            *columns[2:],
        ]

    def prepare(self, versions: list[Any]) -> None:
        attach_consents(versions)


class TypedShape(KindShape):
    """A kind with its own version table; its typed facts are the table's columns."""

    facts_class: type[GiftFacts] | type[InterestFacts]
    form_class: type[GiftForm] | type[InterestForm]

    @property
    def form(self) -> type[AnyForm]:
        return self.form_class

    def preview_rows(self, facts: Facts) -> list[FactRow]:
        return self.rows(self.model(**self.version_fields(facts)))

    def initial(self, version: Any, facts: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            name: getattr(version, name)
            for name in self.form_class.base_fields
            if hasattr(version, name)
        }

    def version_fields(self, facts: Facts) -> dict[str, Any]:
        if isinstance(facts, dict) or not isinstance(facts, self.facts_class):
            raise TypeError("These facts are for a different kind of declaration.")
        return facts.as_fields()


class GiftShape(TypedShape):
    filter = "gift"
    default_sort = "-offered_on"
    model = GiftHospitalityVersion
    facts_class = GiftFacts
    form_class = GiftForm

    def rows(
        self, version: Any, *, facts: dict[str, Any] | None = None, third_person: bool = False
    ) -> list[FactRow]:
        link = version.get_giver_link_display()
        if version.giver_link_detail:
            link = f"{link}: {version.giver_link_detail}"
        value = money(version.value) + (" (estimated)" if version.value_is_estimate else "")
        return [
            FactRow(
                "Offered by",
                f"{version.giver_name} ({version.get_giver_type_display().lower()})",
                "giver_name",
            ),
            FactRow("Link to the council", link, "giver_link"),
            FactRow("Gift or hospitality", version.get_category_display(), "category"),
            FactRow("What was offered", version.description, "description"),
            FactRow("Value", value, "value"),
            FactRow("Date offered", uk_date(version.offered_on), "offered_on"),
            FactRow("Accepted or declined", version.get_outcome_display(), "outcome"),
            FactRow("Reason", version.outcome_reason, "outcome_reason"),
        ]

    def summary(self, version: Any) -> str:
        return (
            f"{version.get_category_display()} from {version.giver_name}: "
            f"{version.description[:80]}"
        )

    def search_parts(self, version: Any) -> list[str]:
        return [version.giver_name, version.description, version.outcome_reason]

    def subject(self, version: Any) -> str:
        return f"{version.get_category_display()} from {version.giver_name}"

    def dates_text(self, version: Any) -> str:
        return f"Offered {uk_date(version.offered_on)}"

    def columns(self) -> list[Column]:
        model = GiftHospitalityVersion
        return [
            Column("Offered by", lambda v: v.giver_name, "giver_name", csv=raw("giver_name")),
            Column(
                "Gift or hospitality",
                lambda v: v.get_category_display(),
                "category",
                csv=display_cell(model, "category"),
            ),
            Column("What was offered", lambda v: Truncator(v.description).chars(120)),
            Column(
                "Value",
                lambda v: v.value,
                "value",
                numeric=True,
                # Never negative (a constraint of the table): its text starts with a digit.
                csv=raw("value", safe=True),
            ),
            Column(
                "Date offered",
                lambda v: uk_date(v.offered_on),
                "offered_on",
                csv=date_cell("offered_on"),
            ),
            Column(
                "Accepted or declined",
                lambda v: v.get_outcome_display(),
                "outcome",
                csv=display_cell(model, "outcome"),
            ),
        ]

    def csv_columns(self) -> list[Column]:
        columns = self.columns()
        model = GiftHospitalityVersion
        return [
            Column(
                "Giver's link to the council",
                lambda v: v.get_giver_link_display(),
                csv=display_cell(model, "giver_link"),
            ),
            Column("Link details", lambda v: v.giver_link_detail, csv=raw("giver_link_detail")),
            *columns[0:2],
            Column("What was offered", lambda v: v.description, csv=raw("description")),
            columns[3],
            Column(
                "Value is an estimate",
                lambda v: "Yes" if v.value_is_estimate else "No",
                csv=CsvCell(
                    ("value_is_estimate",), yes_no, safe=True, labels={True: "Yes", False: "No"}
                ),
            ),
            *columns[4:6],
            Column("Reason", lambda v: v.outcome_reason, csv=raw("outcome_reason")),
        ]


def interest_whose(version: Any, *, third_person: bool = False) -> str:
    """Whose interest it is: the declarant's own or a relative's."""
    if version.holder == InterestHolder.RELATIVE:
        return f"A close relative's ({version.relative_relationship})"
    return OWN_INTEREST_THIRD_PERSON if third_person else str(version.get_holder_display())


class InterestShape(TypedShape):
    filter = "interest"
    default_sort = "-starts_on"
    model = InterestVersion
    facts_class = InterestFacts
    form_class = InterestForm

    def rows(
        self, version: Any, *, facts: dict[str, Any] | None = None, third_person: bool = False
    ) -> list[FactRow]:
        ended = uk_date(version.ends_on) if version.ends_on else "Continuing"
        return [
            FactRow("Whose interest", interest_whose(version, third_person=third_person), "holder"),
            FactRow("Kind of interest", version.get_interest_type_display(), "interest_type"),
            FactRow("Organisation or person concerned", version.counterparty, "counterparty"),
            FactRow("Description", version.description, "description"),
            FactRow("Started", uk_date(version.starts_on), "starts_on"),
            FactRow("Ended", ended, "ends_on"),
        ]

    def summary(self, version: Any) -> str:
        return f"{version.get_interest_type_display()} interest: {version.counterparty}"

    def search_parts(self, version: Any) -> list[str]:
        return [version.counterparty, version.description, version.relative_relationship]

    def subject(self, version: Any) -> str:
        return f"{version.get_interest_type_display()}: {version.counterparty}"

    def columns(self) -> list[Column]:
        return [
            Column(
                "Whose",
                lambda v: _whose(v.holder, v.relative_relationship),
                "holder",
                csv=CsvCell(("holder", "relative_relationship"), _whose),
            ),
            Column(
                "Kind",
                lambda v: v.get_interest_type_display(),
                "interest_type",
                csv=display_cell(InterestVersion, "interest_type"),
            ),
            Column("Concerns", lambda v: v.counterparty, "counterparty", csv=raw("counterparty")),
            Column(
                "Started", lambda v: uk_date(v.starts_on), "starts_on", csv=date_cell("starts_on")
            ),
            Column(
                "Ended",
                lambda v: _ended(v.ends_on),
                "ends_on",
                csv=CsvCell(("ends_on",), _ended, safe=True),
            ),
        ]

    def csv_columns(self) -> list[Column]:
        columns = self.columns()
        return [
            *columns[:3],
            Column("Description", lambda v: v.description, csv=raw("description")),
            *columns[3:],
        ]


def _whose(holder: str, relative_relationship: str) -> str:
    if holder == "self":
        return OWN_INTEREST_THIRD_PERSON
    return f"Relative ({relative_relationship})"


def _ended(ends_on: dt.date | None) -> str:
    return uk_date(ends_on) if ends_on else "Continuing"


@dataclass(frozen=True)
class KindSpec:
    kind: str
    slug: str
    title: str
    question: str
    duty: str
    register_slug: str
    register_title: str
    shape: KindShape

    @property
    def form_class(self) -> type[FactsForm] | None:
        """The facts form of a kind kept as a dict (none for the typed tables)."""
        return self.shape.form_class if isinstance(self.shape, FactsShape) else None


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        K.GIFT_HOSPITALITY,
        "gift-or-hospitality",
        "Declare a gift or hospitality offer",
        "Someone offered me a gift, a meal, tickets or an event because of my work (accepted or not)",
        "Declare every gift or hospitality you are offered because of your work, whether you accept it or not.",
        "gifts-and-hospitality",
        "Gifts and hospitality register",
        GiftShape(),
    ),
    KindSpec(
        K.PERSONAL_INTEREST,
        "interest",
        "Declare a personal interest",
        "I or a close relative have an interest that could conflict with the council's",
        "Declare financial and non-financial interests, yours or a close relative's, that could conflict with the council's interests.",
        "interests",
        "Register of interests",
        InterestShape(),
    ),
    KindSpec(
        K.CLOSED_ORGANISATION,
        "closed-organisation",
        "Declare membership of a closed organisation",
        "I belong to an organisation that keeps its rules, membership or conduct secret",
        "Declare membership of any organisation that is not open to the public and asks its members to keep its rules, membership or conduct secret.",
        "closed-organisations",
        "Register of interests: closed organisations",
        FactsShape(ClosedOrganisationForm),
    ),
    KindSpec(
        K.CONTRACTOR_RELATIONSHIP,
        "contractor-relationship",
        "Declare a relationship with a contractor",
        "I have a business or private relationship with a contractor or a possible contractor",
        "Tell your line manager, and the Monitoring Officer in writing, about any business or private relationship with a contractor or possible contractor.",
        "contractor-relationships",
        "Register of interests: contractor relationships",
        FactsShape(ContractorRelationshipForm),
    ),
    KindSpec(
        K.OUTSIDE_EMPLOYMENT,
        "outside-employment",
        "Declare outside employment or a business",
        "I have, or want to take, another job, business or appointment",
        "Declare any other job, business or appointment. At senior grades you need consent before you start.",
        "outside-employment",
        "Outside employment register",
        ConsentFactsShape(OutsideEmploymentForm),
    ),
    KindSpec(
        K.PLANNING_APPLICATION,
        "planning-application",
        "Declare your own planning application",
        "I have made a planning application, or one has been made for me",
        "Tell the Head of Planning in writing about any planning application you make or that is made for you; it is decided by the Planning Committee.",
        "planning-notices",
        "Planning notices register",
        FactsShape(PlanningApplicationForm),
    ),
    KindSpec(
        K.DISCRETIONARY_SERVICE,
        "discretionary-service",
        "Declare a case in a council service that uses discretion",
        "A case about me, or another officer, is in a service where officers use discretion",
        "Cases about officers in services such as housing allocation or benefits are decided by senior management, away from the officer and their team.",
        "referrals",
        "Referrals register",
        FactsShape(DiscretionaryServiceForm),
    ),
    KindSpec(
        K.CONTRACT_USE,
        "contract-use",
        "Ask to use a council contract personally",
        "I want to use a council contract or buying arrangement for myself",
        "You must have written approval from the Head of Corporate Finance before using a council contract for yourself.",
        "approvals",
        "Approvals register",
        FactsShape(ContractUseForm),
    ),
    KindSpec(
        K.SPONSORSHIP,
        "sponsorship",
        "Declare a sponsorship interest",
        "The council sponsors something that benefits me, my partner or a relative",
        "Declare any council sponsorship from which you, your partner or a relative benefit.",
        "sponsorship",
        "Register of interests: sponsorship",
        FactsShape(SponsorshipForm),
    ),
    KindSpec(
        K.S117_INTEREST,
        "contract-interest",
        "Give notice of a money interest in a contract (section 117)",
        "I have a money interest, direct or indirect, in a contract the council has made or proposes",
        "Section 117 of the Local Government Act 1972 requires written notice of any direct or indirect pecuniary interest in a council contract.",
        "section-117-book",
        "Section 117 book",
        FactsShape(S117InterestForm),
    ),
    KindSpec(
        K.STAFF_DECISION,
        "staff-decision",
        "Declare a conflict in a staff decision",
        "I am related or close to a job applicant, or to a colleague whose discipline, promotion or pay is being decided",
        "Declare any relationship with a job applicant or a colleague about whom a decision is being made; you will be taken off that decision.",
        "staff-decisions",
        "Register of interests: staff decisions",
        FactsShape(StaffDecisionForm),
    ),
    KindSpec(
        K.NIL_RETURN,
        "nil-return",
        "Make a nil return",
        "I have nothing to declare",
        "When asked at induction or in the annual round, confirm that you have nothing to declare.",
        "nil-returns",
        "Nil returns",
        FactsShape(NilReturnForm),
    ),
)

BY_KIND: dict[str, KindSpec] = {spec.kind: spec for spec in KINDS}
BY_SLUG: dict[str, KindSpec] = {spec.slug: spec for spec in KINDS}
BY_REGISTER: dict[str, KindSpec] = {spec.register_slug: spec for spec in KINDS}


def declare_links() -> dict[str, tuple[str, str]]:
    """Each kind's form title and address, for the code's "Declare under this section" links."""
    from django.urls import reverse

    return {
        spec.kind: (spec.title, reverse("declarations:declare", kwargs={"slug": spec.slug}))
        for spec in KINDS
    }
