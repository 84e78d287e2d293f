"""A large made-up council for benchmarks and load tests (``manage.py generate_council``).

It starts from the demo council, adds people and an organisation around it
(``generate_org``), then makes declarations over ten years up to now, every kind in every
state it can reach. Each declaration's history is played through the same pure rules the
services use (``rules.route``, ``rules.status_after``, ``rules.step_states``, ``routing.assign``
over who held each office on the day, as ``selectors.organisation_for`` reads it), and the rows
are the ones the services would have written: versions, decisions, route steps and who must act
on them, the reference sequences and an audit event for each write, in one keyed hash chain.
Special-category entries are sealed with the services' own helpers.

Rows are made in memory a chunk at a time and written with PostgreSQL ``COPY`` (``bulk_create``
on SQLite, for small councils). The same seed on the same demo council gives the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import heapq
import hmac
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models, transaction

from probity.core import auditchain
from probity.core.audit import audit_event
from probity.core.clock import LONDON
from probity.core.models import AuditChainHead, AuditEvent
from probity.core.search import search_normalise
from probity.declarations import sealing
from probity.declarations.choices import (
    AdviceOffice,
    AssignmentPurpose,
    DecisionAction,
    DeclarationKind,
    DeclarationStatus,
    StepState,
    VersionChange,
)
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Decision,
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    ReferenceSequence,
    RouteStep,
    SearchEntry,
    StepAssignment,
)
from probity.declarations.route_services import _office_of as step_office
from probity.declarations.routing import OfficePeople, Organisation, assign
from probity.declarations.rules import (
    ENDABLE_KINDS,
    KIND_RULE,
    ON_HOLD,
    SPECIAL_CATEGORY_KINDS,
    Action,
    EntryFacts,
    RoutePolicy,
    Step,
    StepKind,
    acting_as_label,
    assignment_actionable,
    available_actions,
    open_steps,
    reference_for,
    route,
    status_after,
    status_from_steps,
    step_for,
    step_states,
)
from probity.declarations.selectors import route_policy
from probity.declarations.services import _version_fields as sealed_version_fields
from probity.demo import bulk, data
from probity.demo import generate_facts as facts
from probity.demo.generate_org import Council, HoldingFact, Member, OrganisationBuilder
from probity.demo.loader import demo_is_loaded, load_demo
from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Office, OfficeHolding, Person, Service
from probity.people.rules import Viewer

K = DeclarationKind
S = DeclarationStatus
UTC = dt.UTC
SOURCE = "generated"
DEFAULT_PEOPLE = 50_000
DEFAULT_DECLARATIONS = 1_000_000
HISTORY_DAYS = 3650
#: Declarations submitted within this many days may still be waiting for someone.
OPEN_DAYS = 200
CHUNK = 20_000
#: Above this many declarations, PostgreSQL foreign keys and indexes are made after the load.
SET_ASIDE_FROM = 50_000
SUBJECT_TO_CODE = frozenset({PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY})

#: How often each kind is declared (per thousand, about).
KIND_WEIGHTS: dict[str, float] = {
    K.GIFT_HOSPITALITY: 540,
    K.PERSONAL_INTEREST: 120,
    K.NIL_RETURN: 100,
    K.OUTSIDE_EMPLOYMENT: 60,
    K.CONTRACTOR_RELATIONSHIP: 40,
    K.STAFF_DECISION: 30,
    K.PLANNING_APPLICATION: 25,
    K.SPONSORSHIP: 20,
    K.CONTRACT_USE: 20,
    K.DISCRETIONARY_SERVICE: 15,
    K.S117_INTEREST: 15,
    K.CLOSED_ORGANISATION: 15,
}
ROLE_WEIGHTS = {"director": 1.5, "head": 2.0, "manager": 1.6, "lead": 1.3, "officer": 1.0}

# Tables of the generated rows -------------------------------------------------------------------

DECLARATION_COLUMNS = (
    "id",
    "reference",
    "kind",
    "declarant_id",
    "submitted_by_id",
    "submitted_at",
    "submission_token",
    "special_category",
    "status",
    "status_changed_at",
    "referred_to",
    "current_version_number",
    "routed_with",
)
VERSION_BASE = (
    "id",
    "declaration_id",
    "number",
    "change",
    "supersedes_id",
    "change_reason",
    "created_by_id",
    "created_at",
    "search_text",
    "is_current",
)
SEARCH_ENTRY_COLUMNS = ("declaration_id", "submitted_at", "text")
GIFT_COLUMNS = (
    *VERSION_BASE,
    "giver_name",
    "giver_type",
    "giver_link",
    "giver_link_detail",
    "category",
    "description",
    "value",
    "value_is_estimate",
    "offered_on",
    "outcome",
    "outcome_reason",
)
INTEREST_COLUMNS = (
    *VERSION_BASE,
    "holder",
    "relative_relationship",
    "interest_type",
    "description",
    "counterparty",
    "starts_on",
    "ends_on",
)
FACTS_COLUMNS = (
    *VERSION_BASE,
    "title",
    "starts_on",
    "ends_on",
    "facts",
    "sealed",
    "sealed_reason",
)
DECISION_COLUMNS = (
    "id",
    "declaration_id",
    "version_number",
    "action",
    "actor_id",
    "acting_as",
    "comment",
    "referred_to",
    "step",
    "conditions",
    "sealed_text",
    "review_on",
    "created_at",
)
STEP_COLUMNS = (
    "id",
    "declaration_id",
    "position",
    "key",
    "label",
    "does",
    "stage",
    "record_label",
    "responsible",
    "office",
    "state",
    "acting_office",
    "passed_over",
    "stranded",
    "waiting_since",
)
ASSIGNMENT_COLUMNS = (
    "id",
    "declaration_id",
    "step_id",
    "person_id",
    "purpose",
    "office",
    "deputy",
    "since",
    "actionable",
)
AUDIT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "subject",
    "summary",
    "before",
    "after",
    "source",
    "seq",
    "prev_hash",
    "hash",
)
#: A new version's own columns; the rest are copied from the version it replaces.
VERSION_OWN = frozenset(
    {
        "id",
        "declaration_id",
        "number",
        "change",
        "supersedes_id",
        "change_reason",
        "sealed_reason",
        "created_by_id",
        "created_at",
        "search_text",
        "is_current",
    }
)
ORGANISATION_TABLES = (get_user_model(), Person, Directorate, Service, Office, OfficeHolding)
BIG_TABLES = (
    Declaration,
    SearchEntry,
    GiftHospitalityVersion,
    InterestVersion,
    DeclarationVersion,
    Decision,
    RouteStep,
    StepAssignment,
    AuditEvent,
)


class GenerateRefused(Exception):
    """The database holds more than the demo council, and ``replace`` was not asked for."""


@dataclass
class Result:
    phases: list[tuple[str, float]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(seconds for _, seconds in self.phases)


Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """Progress nobody reads."""


def has_more_than_demo() -> bool:
    """Whether the database holds people or declarations that are not the demo council's."""
    if not demo_is_loaded():
        return Person.objects.exists() or Declaration.objects.exists()
    demo_usernames = [staff.username for staff in data.STAFF]
    demo_declarations = len(data.GIFTS) + len(data.INTERESTS) + len(data.OTHER_DECLARATIONS)
    return (
        Person.objects.exclude(user__username__in=demo_usernames).exists()
        or Declaration.objects.count() > demo_declarations
    )


def generate_council(
    *,
    people: int = DEFAULT_PEOPLE,
    declarations: int = DEFAULT_DECLARATIONS,
    seed: int = 1,
    now: dt.datetime,
    replace: bool = False,
    progress: Progress = _quiet,
    check_every: int | None = None,
) -> Result:
    """Load the demo council (if it is not there), then add ``people`` people in all and
    ``declarations`` declarations. ``check_every``: put every n-th declaration's actions
    through ``rules.available_actions`` too (default: all of them in a small council)."""
    if people < 1 or declarations < 0:
        raise ValueError("Ask for at least one person, and no negative number of declarations.")
    result = Result()
    clock_start = time.monotonic()

    def phase(name: str, started: float) -> float:
        ended = time.monotonic()
        result.phases.append((name, ended - started))
        progress(f"{name}: {ended - started:.1f} s (total {ended - clock_start:.1f} s)")
        return ended

    started = time.monotonic()
    if replace:
        progress("Emptying the database…")
        call_command("flush", interactive=False, verbosity=0)
        started = phase("empty the database", started)
    elif has_more_than_demo():
        raise GenerateRefused(
            "This database already holds more than the demo council. Use --replace to empty "
            "it and start again."
        )
    if not demo_is_loaded():
        progress("Loading the demo council…")
        load_demo(now=now)
        started = phase("demo council", started)
    if check_every is None:
        check_every = 1 if declarations <= 20_000 else 50
    with transaction.atomic():
        postgres = connection.vendor == "postgresql"
        aside = None
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if declarations >= SET_ASIDE_FROM:
                aside = bulk.set_aside(m._meta.db_table for m in BIG_TABLES)
        sink = bulk.sink_for_connection()
        tops = bulk.max_ids([*BIG_TABLES, Person, get_user_model()])
        progress(f"Building the organisation ({people:,} people in all)…")
        council = OrganisationBuilder(
            rng=random.Random(f"{seed}-organisation"),
            people=people,
            today=now.astimezone(LONDON).date(),
            sink=sink,
            next_person_id=tops[Person] + 1,
            next_user_id=tops[get_user_model()] + 1,
        ).build()
        started = phase("organisation", started)
        progress(f"Making {declarations:,} declarations…")
        engine = _Engine(
            council=council,
            sink=bulk.sink_for_connection(background=True),
            seed=seed,
            now=now,
            tops=tops,
            check_every=check_every,
            progress=progress,
        )
        engine.run(declarations)
        started = phase("declarations", started)
        engine.finish()
        if aside is not None:
            progress("Making the indexes and foreign keys again…")
            bulk.put_back(aside)
        if postgres:
            # Search reads the newest entries in order: keep them in that order on disk, as a
            # council's own entries are (they are written as they are declared).
            with connection.cursor() as cursor:
                cursor.execute("CLUSTER declarations_searchentry USING search_entry_newest")
        bulk.reset_sequences([*BIG_TABLES, *ORGANISATION_TABLES, ReferenceSequence])
        engine.record()
        started = phase("indexes and sequences", started)
    bulk.analyse()
    phase("analyse", started)
    result.counts = counts()
    return result


def counts() -> dict[str, int]:
    """Rows per table of what the generator writes."""
    models_: list[type[models.Model]] = [
        get_user_model(),
        Person,
        *BIG_TABLES,
        ReferenceSequence,
    ]
    return {m._meta.db_table: m._default_manager.count() for m in models_}


# --- who holds each office on a day ------------------------------------------------------------


class _Offices:
    """Who holds and deputises for each office on a day, as ``selectors.organisation_for`` reads
    it (holdings current that day, of people who had not left), worked out once per stretch of
    days in which nothing changes."""

    def __init__(self, holdings: list[HoldingFact], members: dict[int, Member]) -> None:
        self.holdings = holdings
        self.leaving = {m.id: m.leaving for m in members.values() if m.leaving is not None}
        bounds: set[dt.date] = set()
        for h in holdings:
            bounds.add(h.starts_on)
            if h.ends_on is not None:
                bounds.add(h.ends_on + dt.timedelta(days=1))
            if h.person_id in self.leaving:
                bounds.add(self.leaving[h.person_id] + dt.timedelta(days=1))
        self.bounds = sorted(bounds)
        self._offices: dict[tuple[int, int | None], dict[str, OfficePeople]] = {}
        self._held: dict[
            tuple[int, int], tuple[frozenset[str], frozenset[str], frozenset[int]]
        ] = {}

    def _current(self, h: HoldingFact, day: dt.date) -> bool:
        return h.starts_on <= day and (h.ends_on is None or h.ends_on >= day)

    def offices(self, day: dt.date, service_id: int | None) -> dict[str, OfficePeople]:
        key = (bisect.bisect_right(self.bounds, day), service_id)
        found = self._offices.get(key)
        if found is not None:
            return found
        holders: dict[str, set[int]] = {}
        deputies: dict[str, set[int]] = {}
        for h in self.holdings:
            if not self._current(h, day):
                continue
            left = self.leaving.get(h.person_id)
            if left is not None and left < day:
                continue
            if h.kind == OfficeKind.HEAD_OF_SERVICE and h.service_id != service_id:
                continue
            group = holders if h.role == HoldingRole.HOLDER else deputies
            group.setdefault(h.kind, set()).add(h.person_id)
        found = {
            kind: OfficePeople(
                holder_ids=frozenset(holders.get(kind, ())),
                deputy_ids=frozenset(deputies.get(kind, ())),
            )
            for kind in set(holders) | set(deputies)
        }
        self._offices[key] = found
        return found

    def held_by(
        self, person_id: int, day: dt.date
    ) -> tuple[frozenset[str], frozenset[str], frozenset[int]]:
        """(offices held, offices deputised, services headed) as ``viewer_for_person`` sees them."""
        key = (bisect.bisect_right(self.bounds, day), person_id)
        found = self._held.get(key)
        if found is None:
            held: set[str] = set()
            deputised: set[str] = set()
            headed: set[int] = set()
            for h in self.holdings:
                if h.person_id != person_id or not self._current(h, day):
                    continue
                (held if h.role == HoldingRole.HOLDER else deputised).add(h.kind)
                if h.kind == OfficeKind.HEAD_OF_SERVICE and h.service_id is not None:
                    headed.add(h.service_id)
            found = (frozenset(held), frozenset(deputised), frozenset(headed))
            self._held[key] = found
        return found


# --- one declaration's life --------------------------------------------------------------------


@dataclass(slots=True)
class _StepRow:
    id: int
    position: int
    step: Step
    office: str
    state: str = StepState.PENDING
    acting_office: str = ""
    passed_over: list[list[str]] = field(default_factory=list)
    stranded: bool = False
    waiting_since: dt.datetime | None = None


@dataclass(slots=True)
class _Assigned:
    order: int
    person_id: int
    office: str
    deputy: bool
    since: dt.datetime
    step_key: str  # "" for advice


@dataclass(slots=True)
class _Entry:
    values: dict[str, Any]
    person: Member
    kind: str
    sealed: bool
    steps: tuple[Step, ...]
    rows: list[_StepRow]
    plain: dict[str, Any]
    versions: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    act: list[_Assigned] = field(default_factory=list)
    advise: list[_Assigned] = field(default_factory=list)
    order: int = 0
    version_parts: list[Part] = field(default_factory=list)
    snapshot: dict[str, Any] | None = None  # the declaration's last snapshot
    template: str | None = None  # its JSON with marks for the columns that change
    part: Part | None = None  # its snapshot now, with JSON (None: to be made)
    found: _Found | None = None  # what the decisions add up to (None: to be worked out)


@dataclass(frozen=True, slots=True)
class _Found:
    done: frozenset[str]
    refused: frozenset[str]
    consenters: frozenset[int]
    conditional: bool


def _outcomes(entry: _Entry) -> _Found:
    """What the decisions on the current version add up to (``selectors.outcomes_of``)."""
    if entry.found is None:
        entry.found = _outcomes_of(entry)
    return entry.found


def _outcomes_of(entry: _Entry) -> _Found:
    current = entry.values["current_version_number"]
    done: set[str] = set()
    refused: set[str] = set()
    consenters: set[int] = set()
    conditional = False
    for d in entry.decisions:
        if d["version_number"] != current or not d["step"]:
            continue
        if d["action"] == DecisionAction.REFUSED:
            refused.add(d["step"])
            continue
        done.add(d["step"])
        if d["action"] in (DecisionAction.APPROVED, DecisionAction.APPROVED_WITH_CONDITIONS):
            consenters.add(d["actor_id"])
            conditional = conditional or d["action"] == DecisionAction.APPROVED_WITH_CONDITIONS
    return _Found(frozenset(done), frozenset(refused), frozenset(consenters), conditional)


Script = tuple[str, ...]
#: A snapshot (``core.audit.snapshot``) and its JSON text.
Part = tuple[dict[str, Any], str]


#: JSON as the audit chain's canonical form writes it: sorted keys, no spaces, ASCII.
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
#: One string as JSON, as ``json.dumps`` writes it (ASCII).
_quote = json.encoder.encode_basestring_ascii


#: Marks in a declaration snapshot's JSON where the columns that change go.
_MARKS = {
    name: f"@@{name}@@"
    for name in ("status", "status_changed_at", "referred_to", "current_version_number")
}
_MARKED = {name: _quote(mark) for name, mark in _MARKS.items()}


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _converter(f: Any) -> Callable[[Any], Any] | None:
    """How ``core.audit.snapshot`` turns a field's value into JSON (None: as it is)."""
    if isinstance(f, models.DateField):  # and DateTimeField
        return _iso
    if isinstance(f, models.DecimalField | models.UUIDField):
        return str
    if isinstance(
        f,
        models.JSONField
        | models.BooleanField
        | models.IntegerField
        | models.CharField
        | models.TextField
        | models.ForeignKey
        | models.AutoField,
    ):
        return None
    return _plain


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, bool | int | float | str | list | dict):
        return str(value)
    return value


def _nested(parts: dict[str, Part]) -> str:
    """The JSON of ``{key: snapshot}`` from the snapshots' own JSON, keys sorted."""
    return "{" + ",".join(f"{_quote(key)}:{parts[key][1]}" for key in sorted(parts)) + "}"


def _search_normalise(text: str) -> str:
    """``core.search.search_normalise``, answered at once for plain ASCII text (where it only
    folds case and spaces)."""
    if text.isascii():
        return " ".join(text.lower().split())
    return search_normalise(text)


def scripts_for(
    kind: str, steps: tuple[Step, ...]
) -> tuple[list[tuple[float, Script]], list[tuple[float, Script]]]:
    """(finished, still open) histories a declaration of this route can have, with weights.

    Each is a list of moves played through the rules: "act" takes the first waiting step,
    "act_all" every step in turn, "act_cond_all" the same with conditions on approvals,
    "act:KEY" one step, then "refuse", "ask", "respond", "refer", "advise", "correct", "end",
    "withdraw_own" (the declarant) and "withdraw_mo" (the Monitoring Officer)."""
    if not steps:
        return [(100, ()), (2, ("correct",)), (1, ("withdraw_mo",))], []
    first = open_steps(steps, frozenset())
    note_first = any(s.does == StepKind.NOTE for s in first)
    approvals = [s for s in steps if s.does == StepKind.APPROVE]
    endable = kind in ENDABLE_KINDS
    finished: list[tuple[float, Script]] = [
        (100, ("act_all",)),
        (8, ("ask", "respond", "act_all")),
        (4, ("act_all", "correct", "act_all")),
        (3, ("correct", "act_all")),
        (2, ("withdraw_own",)),
        (1, ("act_all", "withdraw_mo")),
    ]
    still: list[tuple[float, Script]] = [
        (40, ()),
        (10, ("ask",)),
        (4, ("ask", "respond")),
        (4, ("act_all", "correct")),
    ]
    if note_first:
        finished.append((5, ("refer", "advise", "act_all")))
        still.append((6, ("refer",)))
    if endable:
        finished.append((6, ("act_all", "end", "act_all")))
        still.append((5, ("act_all", "end")))
    if approvals:
        finished += [(30, ("act_cond_all",)), (15, ("refuse",))]
        if len(approvals) > 1:
            finished.append((5, ("act", "refuse")))
    if len(steps) > 1:
        still.append((20, ("act",)))
        still.extend((8, (f"act:{s.key}",)) for s in first[1:])
    return finished, still


class _Stop(Exception):
    """A history cannot go on (nobody can act, or it would pass today): it ends where it is."""


_LATE = dt.timedelta(minutes=5)


class _Engine:
    def __init__(
        self,
        *,
        council: Council,
        sink: bulk.Sink,
        seed: int,
        now: dt.datetime,
        tops: dict[Any, int],
        check_every: int,
        progress: Progress,
    ) -> None:
        self.council = council
        self.members = council.members
        self.sink = sink
        self.seed = seed
        self.now = now.astimezone(UTC)
        self.today = now.astimezone(LONDON).date()
        self.check_every = check_every
        self.progress = progress
        self.rng = random.Random(f"{seed}-declarations")
        self.policy: RoutePolicy = route_policy()
        self.routed_with = json.dumps(self.policy.as_record())
        self.offices = _Offices(council.holdings, council.members)
        self.next_id = {model: top + 1 for model, top in tops.items()}
        self.tables = {
            Declaration: bulk.table(Declaration, DECLARATION_COLUMNS),
            SearchEntry: bulk.table(SearchEntry, SEARCH_ENTRY_COLUMNS),
            GiftHospitalityVersion: bulk.table(GiftHospitalityVersion, GIFT_COLUMNS),
            InterestVersion: bulk.table(InterestVersion, INTEREST_COLUMNS),
            DeclarationVersion: bulk.table(DeclarationVersion, FACTS_COLUMNS),
            Decision: bulk.table(Decision, DECISION_COLUMNS),
            RouteStep: bulk.table(RouteStep, STEP_COLUMNS),
            StepAssignment: bulk.table(StepAssignment, ASSIGNMENT_COLUMNS),
            AuditEvent: bulk.table(AuditEvent, AUDIT_COLUMNS),
        }
        self.snap_fields = {
            model: [
                (f.name, f.attname, f.get_default(), _converter(f))
                for f in model._meta.concrete_fields
            ]
            for model in (
                Declaration,
                GiftHospitalityVersion,
                InterestVersion,
                DeclarationVersion,
                Decision,
            )
        }
        self.rows: dict[Any, list[tuple[Any, ...]]] = {model: [] for model in self.tables}
        self.routes: dict[tuple[str, int | None], tuple[Step, ...]] = {}
        self.scripts: dict[tuple[str, int | None], tuple[Any, Any]] = {}
        self.sequences = {
            (s.prefix, s.year): s.last_number for s in ReferenceSequence.objects.all()
        }
        self.sequences_before = dict(self.sequences)
        self.sealed_stub = Declaration(kind=K.CLOSED_ORGANISATION, special_category=True)
        self.plain_stub = Declaration(kind=K.GIFT_HOSPITALITY, special_category=False)
        self.target_type = Declaration._meta.label_lower
        # the audit chain, continued from its head
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        self.seq = head.last_seq if head else 0
        self.prev_hash = head.last_hash if head else ""
        self.audit_key = settings.PROBITY_AUDIT_KEY.encode()
        self.pending: list[tuple[dt.datetime, int, tuple[Any, ...]]] = []
        self.counter = 0
        self.checked_hashes = 0
        self.made = 0
        self.usernames = {m.id: m.username for m in self.members.values()}
        self.users = {m.id: m.user_id for m in self.members.values()}
        mo_holders = [h for h in council.holdings if h.kind == OfficeKind.MONITORING_OFFICER]
        self.mo_holdings = sorted(
            mo_holders, key=lambda h: (h.role != HoldingRole.HOLDER, h.starts_on)
        )

    # --- ids, rows and the audit chain -------------------------------------------------------

    def _id(self, model: Any) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return int(value)

    def _snap(self, model: Any, values: dict[str, Any]) -> Part:
        """``core.audit.snapshot`` of the row these values make, with its JSON."""
        out: dict[str, Any] = {}
        get = values.get
        for name, attname, default, convert in self.snap_fields[model]:
            value = get(attname, default)
            if convert is not None and value is not None:
                value = convert(value)
            out[name] = value
        return out, _dumps(out)

    def _declaration_part(self, entry: _Entry) -> Part:
        """The declaration's snapshot now. Only its workflow columns change after it is
        submitted, so its JSON is the first snapshot's with those four values put in."""
        if entry.part is None:
            values = entry.values
            if entry.template is None:
                snapshot, _ = self._snap(Declaration, values)
                entry.template = _dumps({**snapshot, **_MARKS})
            else:
                snapshot = {
                    **(entry.snapshot or {}),
                    "status": values["status"],
                    "status_changed_at": values["status_changed_at"].isoformat(),
                    "referred_to": values["referred_to"],
                    "current_version_number": values["current_version_number"],
                }
            text = (
                entry.template.replace(_MARKED["status"], _quote(snapshot["status"]))
                .replace(_MARKED["status_changed_at"], _quote(snapshot["status_changed_at"]))
                .replace(_MARKED["referred_to"], _quote(snapshot["referred_to"]))
                .replace(_MARKED["current_version_number"], str(snapshot["current_version_number"]))
            )
            entry.part = (snapshot, text)
            entry.snapshot = snapshot
        return entry.part

    def _audit(
        self,
        entry: _Entry,
        *,
        at: dt.datetime,
        actor: Member,
        action: str,
        summary: str,
        before: Part | dict[str, Part] | None,
        after: dict[str, Part],
    ) -> None:
        """An audit event as the service writes it (``sealing.audit_data`` for sealed entries),
        held until its turn in the chain comes. Snapshots come with their JSON, made once."""
        if entry.sealed:
            plain_before: Any = None
            if isinstance(before, dict):
                plain_before = {key: part[0] for key, part in before.items()}
            elif before is not None:
                plain_before = before[0]
            shown = sealing.audit_data(
                self.sealed_stub,
                before=plain_before,
                after={key: part[0] for key, part in after.items()},
            )
            before_json = _dumps(shown["before"]) if shown["before"] is not None else None
            after_json = _dumps(shown["after"]) if shown["after"] is not None else None
        else:
            if isinstance(before, dict):
                before_json = _nested(before)
            else:
                before_json = before[1] if before is not None else None
            after_json = _nested(after)
        self.counter += 1
        heapq.heappush(
            self.pending,
            (
                at,
                self.counter,
                (
                    self.users[actor.id],
                    self.usernames[actor.id],
                    action,
                    str(entry.values["id"]),
                    entry.values["reference"],
                    summary[:300],
                    before_json,
                    after_json,
                ),
            ),
        )

    def _emit(self, until: dt.datetime | None) -> None:
        """Chain and write the held audit events that happened before ``until`` (all: None)."""
        rows = self.rows[AuditEvent]
        pending = self.pending
        dumps = _quote
        key = self.audit_key
        source = dumps(SOURCE)
        target_type = dumps(self.target_type)
        while pending and (until is None or pending[0][0] < until):
            at, _, (actor_id, label, action, target_id, subject, summary, before, after) = (
                heapq.heappop(pending)
            )
            self.seq += 1
            seq = self.seq
            canonical = (
                f'{{"action":{dumps(action)},"actor_id":{"null" if actor_id is None else actor_id},'
                f'"actor_label":{dumps(label)},"after":{after or "null"},'
                f'"at":"{at.isoformat(timespec="microseconds")}","before":{before or "null"},'
                f'"seq":{seq},"source":{source},"subject":{dumps(subject)},'
                f'"summary":{dumps(summary)},"target_id":{dumps(target_id)},'
                f'"target_type":{target_type}}}'
            )
            if self.checked_hashes < 50:  # the hand-made canonical form is the chain's own
                self.checked_hashes += 1
                fields = {
                    "seq": seq,
                    "at": at,
                    "actor_id": actor_id,
                    "actor_label": label,
                    "action": action,
                    "target_type": self.target_type,
                    "target_id": target_id,
                    "subject": subject,
                    "summary": summary,
                    "before": json.loads(before) if before else None,
                    "after": json.loads(after) if after else None,
                    "source": SOURCE,
                }
                if auditchain.canonical(fields) != canonical.encode():
                    raise RuntimeError("Generated audit events would not verify.")
            digest = hmac.new(
                key, canonical.encode() + b"|" + self.prev_hash.encode(), hashlib.sha256
            ).hexdigest()
            rows.append(
                (
                    self._id(AuditEvent),
                    at,
                    actor_id,
                    label,
                    action,
                    self.target_type,
                    target_id,
                    subject,
                    summary,
                    before,
                    after,
                    SOURCE,
                    seq,
                    self.prev_hash,
                    digest,
                )
            )
            self.prev_hash = digest

    def _flush(self) -> None:
        for model, rows in self.rows.items():
            self.sink.write(self.tables[model], rows)
            rows.clear()

    # --- the plan: who declares what, when -----------------------------------------------------

    def _windows(self) -> tuple[list[int], list[int], list[int], list[float]]:
        """Declarants (generated people subject to the code) with the days they could declare
        on (as ordinals) and how likely each is to declare."""
        first_day = (self.today - dt.timedelta(days=HISTORY_DAYS)).toordinal()
        last_day = self.today.toordinal()
        ids: list[int] = []
        lows: list[int] = []
        highs: list[int] = []
        weights: list[float] = []
        for pid in self.council.generated_ids:
            m = self.members[pid]
            if m.kind not in SUBJECT_TO_CODE or m.start is None:
                continue
            low = max(m.start.toordinal() + 1, first_day)
            manager = self.members.get(m.line_manager_id) if m.line_manager_id else None
            if manager is not None and manager.start is not None:
                low = max(low, manager.start.toordinal() + 1)
            high = last_day
            if m.leaving is not None:
                high = min(high, m.leaving.toordinal() - 60)
            if high < low:
                continue
            ids.append(pid)
            lows.append(low)
            highs.append(high)
            weights.append((high - low + 1) * ROLE_WEIGHTS.get(m.role, 1.0))
        if not ids:
            raise ValueError("Nobody could have made a declaration.")
        return ids, lows, highs, weights

    def _moment(self, day: int) -> dt.datetime:
        """A time in working hours on a day (a weekend moved to a weekday), before now."""
        on = dt.date.fromordinal(day)
        if on.weekday() >= 5 and self.rng.random() < 0.9:  # to the Monday, or the Friday before
            monday = on + dt.timedelta(days=7 - on.weekday())
            on = monday if monday < self.today else on - dt.timedelta(days=on.weekday() - 4)
        minutes = 8 * 60 + int(self.rng.random() * 600)
        local = dt.datetime.combine(on, dt.time(minutes // 60, minutes % 60), tzinfo=LONDON)
        at = local.astimezone(UTC).replace(microsecond=self.rng.randrange(1_000_000))
        if at >= self.now - _LATE:
            at = self.now - dt.timedelta(minutes=10 + self.rng.randint(0, 600))
        return at

    def _route(self, kind: str, rank: int | None) -> tuple[Step, ...]:
        key = (kind, rank)
        found = self.routes.get(key)
        if found is None:
            found = route(kind=kind, grade_rank=rank, policy=self.policy)
            self.routes[key] = found
        return found

    def _scripts(self, kind: str, rank: int | None) -> tuple[Any, Any]:
        key = (kind, rank)
        found = self.scripts.get(key)
        if found is None:
            finished, still = scripts_for(kind, self._route(kind, rank))
            found = (
                ([s for _, s in finished], _cumulative(finished)),
                ([s for _, s in still], _cumulative(still)),
            )
            self.scripts[key] = found
        return found

    def _forced(
        self, ids: list[int], lows: list[int], highs: list[int]
    ) -> list[tuple[dt.datetime, int, str, Script]]:
        """One declaration of every history each kind can have, so that every kind appears in
        every state it can reach, even in a small council; and some waiting for the demo
        ``manager`` persona."""
        rng = self.rng
        last = self.today.toordinal()
        consent = self.policy.consent_grade_rank
        present = [i for i in range(len(ids)) if highs[i] >= last - 30 and lows[i] <= last - 300]
        if not present:
            return []
        forced: list[tuple[dt.datetime, int, str, Script]] = []
        for kind in KIND_WEIGHTS:
            for senior in (False, True) if kind == K.OUTSIDE_EMPLOYMENT else (None,):
                chosen = [
                    i
                    for i in present
                    if senior is None
                    or (
                        ((self.members[ids[i]].grade_rank or 0) >= consent) == senior
                        and self.members[ids[i]].grade_rank is not None
                    )
                ]
                if not chosen:
                    continue
                rank = self.members[ids[chosen[0]]].grade_rank
                (finished, _), (still, _) = self._scripts(kind, rank)
                for script in finished:
                    i = rng.choice(chosen)
                    day = rng.randint(max(lows[i], last - 2500), last - 300)
                    forced.append((self._moment(day), ids[i], kind, script))
                for script in still:
                    i = rng.choice(chosen)
                    forced.append(
                        (self._moment(rng.randint(last - 20, last - 1)), ids[i], kind, script)
                    )
        reports = [
            ids[i]
            for i in present
            if self.members[ids[i]].line_manager_id == self.council.manager_id
        ]
        for pid in reports[:3]:
            forced.append(
                (self._moment(rng.randint(last - 10, last - 1)), pid, K.GIFT_HOSPITALITY, ())
            )
        return forced

    def run(self, total: int) -> None:
        rng = self.rng
        ids, lows, highs, weights = self._windows()
        forced = self._forced(ids, lows, highs) if total >= 4 * 150 else []
        forced = forced[: total // 2]
        free = total - len(forced)
        kinds = list(KIND_WEIGHTS)
        chosen_kinds = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds], k=free)
        chosen_people = rng.choices(range(len(ids)), cum_weights=_running(weights), k=free)
        plan: list[tuple[dt.datetime, int, str, Script | None]] = [
            (
                self._moment(lows[i] + int(rng.random() * (highs[i] - lows[i] + 1))),
                ids[i],
                kind,
                None,
            )
            for i, kind in zip(chosen_people, chosen_kinds, strict=True)
        ]
        plan.extend(forced)
        plan.sort(key=lambda item: (item[0], item[1]))
        del chosen_kinds, chosen_people
        started = time.monotonic()
        for start in range(0, len(plan), CHUNK):
            chunk = plan[start : start + CHUNK]
            for at, pid, kind, script in chunk:
                self._declaration(at, self.members[pid], kind, script)
            following = plan[start + CHUNK][0] if start + CHUNK < len(plan) else None
            self._emit(following)
            self._flush()
            done = min(start + CHUNK, len(plan))
            rate = done / max(time.monotonic() - started, 1e-9)
            self.progress(f"  {done:,} of {len(plan):,} declarations ({rate:,.0f} a second)")
        self._emit(None)
        self._flush()
        self.sink.close()

    def finish(self) -> None:
        """Move the reference sequences and the chain head on, and say what was done."""
        existing = {(s.prefix, s.year): s for s in ReferenceSequence.objects.all()}
        next_id = bulk.max_ids([ReferenceSequence])[ReferenceSequence] + 1
        new = []
        for (prefix, year), number in sorted(self.sequences.items()):
            sequence = existing.get((prefix, year))
            if sequence is None:
                new.append(
                    ReferenceSequence(pk=next_id, prefix=prefix, year=year, last_number=number)
                )
                next_id += 1
            elif sequence.last_number != number:
                sequence.last_number = number
                sequence.save(update_fields=["last_number"])
        ReferenceSequence.objects.bulk_create(new)
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"last_seq": self.seq, "last_hash": self.prev_hash}
        )

    def record(self) -> None:
        """One more event at the end of the chain, through the audit service: what was made."""
        audit_event(
            action="demo.council_generated",
            target_type="people.person",
            at=self.now,
            summary=(
                f"Made-up council generated for load tests: {len(self.council.generated_ids):,} "
                f"people and {self.made:,} declarations added (seed {self.seed})"
            ),
            source=SOURCE,
        )

    # --- playing one declaration's history -----------------------------------------------------

    def _declaration(
        self, at: dt.datetime, person: Member, kind: str, script: Script | None
    ) -> None:
        rng = self.rng
        rank = person.grade_rank
        steps = self._route(kind, rank)
        if script is None:
            (finished, finished_weights), (still, still_weights) = self._scripts(kind, rank)
            age = (self.now - at).days
            open_chance = 0.6 * (1 - age / OPEN_DAYS) if still and person.leaving is None else 0
            if open_chance > 0 and rng.random() < open_chance:
                script = rng.choices(still, cum_weights=still_weights)[0]
            else:
                script = rng.choices(finished, cum_weights=finished_weights)[0]
        entry = self._submit(at, person, kind, steps)
        check = self.made % self.check_every == 0
        self.made += 1
        try:
            for move in script:
                at = self._play(entry, move, at, check)
        except _Stop:
            pass
        self._write(entry)

    def _later(self, at: dt.datetime, mean_hours: float) -> dt.datetime:
        hours = max(0.25, self.rng.expovariate(1 / mean_hours))
        later = at + dt.timedelta(hours=hours)
        if later >= self.now - _LATE:
            raise _Stop
        return later

    def _play(self, entry: _Entry, move: str, at: dt.datetime, check: bool) -> dt.datetime:
        if move == "act_all" or move == "act_cond_all":
            while entry.values["status"] not in (S.REFUSED, S.WITHDRAWN, *ON_HOLD):
                waiting = open_steps(entry.steps, _outcomes(entry).done)
                if not waiting:
                    break
                at = self._later(at, 48)
                self._step(entry, waiting[0], at, check, conditions=move == "act_cond_all")
            return at
        if move == "act" or move.startswith("act:"):
            waiting = open_steps(entry.steps, _outcomes(entry).done)
            if move != "act":
                waiting = tuple(s for s in waiting if s.key == move[4:])
            if not waiting or entry.values["status"] in ON_HOLD:
                return at
            at = self._later(at, 48)
            self._step(entry, waiting[0], at, check)
            return at
        if move == "refuse":
            approvals = [
                s
                for s in open_steps(entry.steps, _outcomes(entry).done)
                if s.does == StepKind.APPROVE
            ]
            if not approvals:
                return at
            at = self._later(at, 72)
            actor, _ = self._actor_for(entry, approvals[0].key)
            self._decide(
                entry,
                Action.REFUSE,
                actor,
                at,
                check,
                step=approvals[0],
                comment=self.rng.choice(facts.REFUSALS),
            )
            return at
        if move == "ask":
            if entry.values["status"] in ON_HOLD:
                return at
            waiting = open_steps(entry.steps, _outcomes(entry).done)
            if not waiting:
                return at
            at = self._later(at, 24)
            actor, _ = self._actor_for(entry, waiting[0].key)
            self._decide(
                entry,
                Action.REQUEST_INFO,
                actor,
                at,
                check,
                comment=self.rng.choice(facts.QUESTIONS),
            )
            return at
        if move == "respond":
            if entry.values["status"] != S.INFO_REQUESTED:
                return at
            at = self._later(at, 48)
            self._decide(
                entry,
                Action.RESPOND,
                entry.person,
                at,
                check,
                comment=self.rng.choice(facts.ANSWERS),
            )
            return at
        if move == "refer":
            if entry.values["status"] in ON_HOLD:
                return at
            noting = [
                s for s in open_steps(entry.steps, _outcomes(entry).done) if s.does == StepKind.NOTE
            ]
            if not noting:
                return at
            at = self._later(at, 24)
            actor, _ = self._actor_for(entry, noting[0].key)
            to = (
                AdviceOffice.MONITORING_OFFICER
                if entry.sealed or self.rng.random() < 0.3
                else AdviceOffice.HEAD_OF_SERVICE
            )
            self._decide(
                entry,
                Action.REFER,
                actor,
                at,
                check,
                comment=self.rng.choice(facts.REFERRALS),
                referred_to=to,
            )
            return at
        if move == "advise":
            if entry.values["status"] != S.REFERRED:
                return at
            if not entry.advise:
                raise _Stop
            at = self._later(at, 72)
            actor = self.members[entry.advise[0].person_id]
            self._decide(
                entry, Action.ADVISE, actor, at, check, comment=self.rng.choice(facts.ADVICE)
            )
            return at
        if move in ("correct", "end"):
            if entry.values["status"] in (S.REFUSED, S.WITHDRAWN):
                return at
            if move == "end" and (entry.kind not in ENDABLE_KINDS or _ended(entry)):
                return at
            at = self._later(at, 24 * (30 if move == "correct" else 300))
            if move == "correct":
                self._correct(entry, at, check)
            else:
                self._end(entry, at, check)
            return at
        if move == "withdraw_own":
            if entry.values["status"] != S.SUBMITTED or not entry.steps or _outcomes(entry).done:
                return at
            at = self._later(at, 3)
            self._new_version(
                entry,
                Action.WITHDRAW,
                VersionChange.WITHDRAWAL,
                None,
                self.rng.choice(facts.WITHDRAWALS_OWN),
                entry.person,
                at,
                check,
            )
            return at
        if move == "withdraw_mo":
            if entry.values["status"] == S.WITHDRAWN:
                return at
            at = self._later(at, 24 * 20)
            mo = self._monitoring_officer(entry, at)
            self._new_version(
                entry,
                Action.WITHDRAW,
                VersionChange.WITHDRAWAL,
                None,
                self.rng.choice(facts.WITHDRAWALS_MO),
                mo,
                at,
                check,
            )
            return at
        raise ValueError(f"Unknown move {move}")

    def _monitoring_officer(self, entry: _Entry, at: dt.datetime) -> Member:
        day = at.astimezone(LONDON).date()
        for h in self.mo_holdings:
            current = h.starts_on <= day and (h.ends_on is None or h.ends_on >= day)
            if current and h.person_id != entry.person.id:
                return self.members[h.person_id]
        raise _Stop

    def _actor_for(self, entry: _Entry, key: str) -> tuple[Member, _Assigned]:
        """Someone assigned to act on a step now (the first assigned, more often than not)."""
        people = sorted((a for a in entry.act if a.step_key == key), key=lambda a: a.order)
        if not people:
            raise _Stop
        chosen = (
            people[0] if len(people) == 1 or self.rng.random() < 0.8 else self.rng.choice(people)
        )
        return self.members[chosen.person_id], chosen

    # --- the services' writes, in memory -------------------------------------------------------

    def _version_values(self, kind: str, plain: dict[str, Any]) -> dict[str, Any]:
        """The columns a version stores for these facts, sealed as the services seal them."""
        if kind in (K.GIFT_HOSPITALITY, K.PERSONAL_INTEREST):
            return dict(plain)
        return sealed_version_fields(kind, plain)

    def _search_text(self, entry: _Entry, values: dict[str, Any]) -> str:
        """``search.version_search_text`` of a version with these columns."""
        parts = [
            entry.values["reference"],
            entry.person.full_name,
            *BY_KIND[entry.kind].shape.search_parts(SimpleNamespace(**values)),
        ]
        return _search_normalise(" ".join(p for p in parts if p))

    def _version_model(self, kind: str) -> Any:
        return BY_KIND[kind].shape.model

    def _submit(
        self, at: dt.datetime, person: Member, kind: str, steps: tuple[Step, ...]
    ) -> _Entry:
        rng = self.rng
        on = at.astimezone(LONDON).date()
        if kind == K.GIFT_HOSPITALITY:
            plain = facts.gift_facts(rng, on=on)
        elif kind == K.PERSONAL_INTEREST:
            plain = facts.interest_facts(rng, on=on)
        else:
            plain = facts.facts_for(kind, rng, on=on)
            if kind == K.NIL_RETURN and (on - (person.start or on)).days < 60:
                plain["occasion"] = "induction"
        year = on.year
        prefix = KIND_RULE[kind].prefix
        number = self.sequences.get((prefix, year), 0) + 1
        self.sequences[(prefix, year)] = number
        declaration_id = self._id(Declaration)
        values: dict[str, Any] = {
            "id": declaration_id,
            "reference": reference_for(kind=kind, year=year, number=number),
            "kind": kind,
            "declarant_id": person.id,
            "submitted_by_id": person.id,
            "submitted_at": at,
            "submission_token": uuid.UUID(int=rng.getrandbits(128), version=4),
            "special_category": kind in SPECIAL_CATEGORY_KINDS,
            "status": status_from_steps(steps=steps, done=frozenset(), refused=False),
            "status_changed_at": at,
            "referred_to": "",
            "current_version_number": 1,
            "routed_with": self.policy.as_record(),
        }
        rows = [
            _StepRow(
                id=self._id(RouteStep),
                position=position,
                step=step,
                office=step_office(step.responsible, self.policy),
            )
            for position, step in enumerate(steps)
        ]
        entry = _Entry(
            values=values,
            person=person,
            kind=kind,
            sealed=kind in SPECIAL_CATEGORY_KINDS,
            steps=steps,
            rows=rows,
            plain=plain,
        )
        model = self._version_model(kind)
        version = self._version_values(kind, plain)
        version.update(
            id=self._id(model),
            declaration_id=declaration_id,
            number=1,
            change=VersionChange.ORIGINAL,
            supersedes_id=None,
            change_reason="",
            created_by_id=person.id,
            created_at=at,
            is_current=True,
        )
        if model is DeclarationVersion:
            version["sealed_reason"] = ""
        version["search_text"] = self._search_text(entry, version)
        entry.versions.append(version)
        entry.version_parts.append(self._snap(model, version))
        self._audit(
            entry,
            at=at,
            actor=person,
            action="declaration.submitted",
            summary=f"{K(kind).label} declared",
            before=None,
            after={
                "declaration": self._declaration_part(entry),
                "version": entry.version_parts[-1],
            },
        )
        self._sync(entry, at, reassign=False)
        return entry

    def _acting_as(self, entry: _Entry, actor: Member, action: Action, step_key: str) -> str:
        """``services._acting_as``: the capacity read from the assignment that lets them act."""
        if action == Action.RESPOND:
            return "Declarant"
        if action == Action.ADVISE:
            mine = [a for a in entry.advise if a.person_id == actor.id]
        else:
            mine = [
                a
                for a in entry.act
                if a.person_id == actor.id and (not step_key or a.step_key == step_key)
            ]
        if not mine:
            return "Reviewer"
        found = min(mine, key=lambda a: a.order)
        if action == Action.ADVISE:
            responsible = entry.values["referred_to"]
        else:
            responsible = next(r.office for r in entry.rows if r.step.key == found.step_key)
        return acting_as_label(office=found.office, deputy=found.deputy, responsible=responsible)

    def _step(
        self, entry: _Entry, step: Step, at: dt.datetime, check: bool, *, conditions: bool = False
    ) -> None:
        actor, _ = self._actor_for(entry, step.key)
        rng = self.rng
        if step.does == StepKind.NOTE:
            self._decide(
                entry,
                Action.NOTE,
                actor,
                at,
                check,
                step=step,
                comment=rng.choice(facts.NOTE_COMMENTS),
            )
        elif step.does == StepKind.RECORD:
            self._decide(
                entry,
                Action.RECORD,
                actor,
                at,
                check,
                step=step,
                comment=rng.choice(facts.RECORD_COMMENTS),
            )
        else:
            self._decide(
                entry,
                Action.APPROVE,
                actor,
                at,
                check,
                step=step,
                comment="",
                conditions=rng.choice(facts.CONDITIONS) if conditions else "",
                review_on=(
                    at.astimezone(LONDON).date() + dt.timedelta(days=365)
                    if conditions and rng.random() < 0.5
                    else None
                ),
            )

    def _viewer(self, person: Member, at: dt.datetime) -> Viewer:
        held, deputised, headed = self.offices.held_by(person.id, at.astimezone(LONDON).date())
        return Viewer(
            person_id=person.id,
            is_subject_to_code=person.kind in SUBJECT_TO_CODE,
            is_councillor=person.kind == PersonKind.COUNCILLOR,
            office_kinds=held,
            deputy_office_kinds=deputised,
            headed_service_ids=headed,
        )

    def _entry_facts(self, entry: _Entry) -> EntryFacts:
        found = _outcomes(entry)
        acting: dict[str, set[int]] = {}
        for a in entry.act:
            acting.setdefault(a.step_key, set()).add(a.person_id)
        advisers = frozenset(a.person_id for a in entry.advise)
        values = entry.values
        return EntryFacts(
            kind=entry.kind,
            status=values["status"],
            declarant_id=entry.person.id,
            declarant_line_manager_id=entry.person.line_manager_id,
            declarant_service_id=entry.person.service_id,
            referred_to=values["referred_to"],
            ended=_ended(entry),
            steps=entry.steps,
            done=found.done,
            referral_office=self.policy.referral_office,
            assignees={key: frozenset(ids) for key, ids in acting.items()},
            adviser_ids=advisers,
            involved_ids=frozenset(
                {pid for ids in acting.values() for pid in ids}
                | advisers
                | {d["actor_id"] for d in entry.decisions}
            ),
            consenter_ids=found.consenters,
        )

    def _check(
        self, entry: _Entry, actor: Member, action: Action, at: dt.datetime, step: Step | None
    ) -> None:
        """The rules let this person take this action now (the services' own check)."""
        viewer = self._viewer(actor, at)
        known = self._entry_facts(entry)
        if action not in available_actions(viewer, known) or (
            step is not None and step_for(viewer, known, action).key != step.key
        ):
            raise RuntimeError(
                f"Generated history broke the rules: {actor.username} cannot {action} "
                f"{entry.values['reference']} ({entry.values['status']})."
            )

    def _decide(
        self,
        entry: _Entry,
        action: Action,
        actor: Member,
        at: dt.datetime,
        check: bool,
        *,
        step: Step | None = None,
        comment: str = "",
        conditions: str = "",
        referred_to: str = "",
        review_on: dt.date | None = None,
    ) -> None:
        """``services.declaration_decide``."""
        if check:
            self._check(entry, actor, action, at, step)
        values = entry.values
        decision_action = {
            Action.NOTE: DecisionAction.NOTED,
            Action.APPROVE: DecisionAction.APPROVED,
            Action.REFUSE: DecisionAction.REFUSED,
            Action.RECORD: DecisionAction.RECORDED,
            Action.REQUEST_INFO: DecisionAction.INFO_REQUESTED,
            Action.REFER: DecisionAction.REFERRED,
            Action.ADVISE: DecisionAction.ADVICE_GIVEN,
            Action.RESPOND: DecisionAction.INFO_PROVIDED,
        }[action]
        if action == Action.APPROVE and conditions.strip():
            decision_action = DecisionAction.APPROVED_WITH_CONDITIONS
        decision: dict[str, Any] = {
            "id": self._id(Decision),
            "declaration_id": values["id"],
            "version_number": values["current_version_number"],
            "action": decision_action,
            "actor_id": actor.id,
            "acting_as": self._acting_as(entry, actor, action, step.key if step else ""),
            **sealing.decision_fields(
                self.sealed_stub if entry.sealed else self.plain_stub,
                comment=comment,
                conditions=conditions if action == Action.APPROVE else "",
            ),
            "referred_to": referred_to if action == Action.REFER else "",
            "step": step.key if step else "",
            "review_on": review_on if action == Action.APPROVE else None,
            "created_at": at,
        }
        entry.decisions.append(decision)
        entry.found = None
        found = _outcomes(entry)
        new_status = status_after(
            action=action,
            kind=entry.kind,
            status=values["status"],
            steps=entry.steps,
            done=found.done,
            refused=bool(found.refused),
            conditional=found.conditional,
        )
        before = self._declaration_part(entry)
        values["status"] = new_status
        values["referred_to"] = referred_to if action == Action.REFER else ""
        values["status_changed_at"] = at
        entry.part = None
        self._audit(
            entry,
            at=at,
            actor=actor,
            action=f"declaration.{decision_action}",
            summary=f"{DecisionAction(decision_action).label} ({decision['acting_as']})",
            before=before,
            after={
                "declaration": self._declaration_part(entry),
                "decision": self._snap(Decision, decision),
            },
        )
        self._sync(entry, at, reassign=False)

    def _correct(self, entry: _Entry, at: dt.datetime, check: bool) -> None:
        """``services.declaration_correct``."""
        entry.plain = facts.corrected(entry.kind, entry.plain, self.rng)
        self._new_version(
            entry,
            Action.CORRECT,
            VersionChange.CORRECTION,
            self._version_values(entry.kind, entry.plain),
            self.rng.choice(facts.CORRECTIONS),
            entry.person,
            at,
            check,
        )

    def _end(self, entry: _Entry, at: dt.datetime, check: bool) -> None:
        """``services.declaration_end``."""
        on = at.astimezone(LONDON).date()
        current = entry.versions[-1]
        starts_on = current.get("starts_on") or on - dt.timedelta(days=365)
        if isinstance(starts_on, str):
            starts_on = dt.date.fromisoformat(starts_on)
        if starts_on >= on:
            ends_on = starts_on
        else:
            ends_on = starts_on + dt.timedelta(days=self.rng.randint(0, (on - starts_on).days))
        if entry.kind == K.PERSONAL_INTEREST:
            entry.plain = {**entry.plain, "ends_on": ends_on}
            fields: dict[str, Any] = {"ends_on": ends_on}
        else:
            entry.plain = BY_KIND[entry.kind].shape.ended_facts(entry.plain, ends_on)
            fields = self._version_values(entry.kind, entry.plain)
            fields["ends_on"] = ends_on
        self._new_version(
            entry,
            Action.END,
            VersionChange.ENDED,
            fields,
            self.rng.choice(facts.ENDINGS),
            entry.person,
            at,
            check,
        )

    def _new_version(
        self,
        entry: _Entry,
        action: Action,
        change: VersionChange,
        fields: dict[str, Any] | None,
        reason: str,
        actor: Member,
        at: dt.datetime,
        check: bool,
    ) -> None:
        """``services._new_version``: a correction, an end or a withdrawal."""
        if check:
            self._check(entry, actor, action, at, None)
        values = entry.values
        new_status = status_after(
            action=action, kind=entry.kind, status=values["status"], steps=entry.steps
        )
        current = entry.versions[-1]
        model = self._version_model(entry.kind)
        version = {k: v for k, v in current.items() if k not in VERSION_OWN}
        version.update(fields or {})
        version.update(
            id=self._id(model),
            declaration_id=values["id"],
            number=current["number"] + 1,
            change=change,
            supersedes_id=current["id"],
            created_by_id=actor.id,
            created_at=at,
            is_current=True,
            **sealing.reason_fields(self.sealed_stub if entry.sealed else self.plain_stub, reason),
        )
        if model is DeclarationVersion:
            version.setdefault("sealed_reason", "")
        version.setdefault("change_reason", "")
        version["search_text"] = self._search_text(entry, version)
        before = {
            "declaration": self._declaration_part(entry),
            "version": entry.version_parts[-1],
        }
        current["is_current"] = False  # as the services flag only the newest version
        entry.versions.append(version)
        entry.version_parts.append(self._snap(model, version))
        values["current_version_number"] = version["number"]
        values["status"] = new_status
        values["referred_to"] = ""
        values["status_changed_at"] = at
        entry.part = None
        entry.found = None
        self._audit(
            entry,
            at=at,
            actor=actor,
            action=f"declaration.{change}",
            summary=f"Version {version['number']}: {VersionChange(change).label}",
            before=before,
            after={
                "declaration": self._declaration_part(entry),
                "version": entry.version_parts[-1],
            },
        )
        self._sync(entry, at, reassign=True)

    # --- route_services.steps_sync, in memory --------------------------------------------------

    def _organisation(self, entry: _Entry, at: dt.datetime) -> Organisation:
        person = entry.person
        return Organisation(
            declarant_id=person.id,
            line_manager_id=person.line_manager_id,
            offices=self.offices.offices(at.astimezone(LONDON).date(), person.service_id),
            fallbacks=self.policy.fallbacks,
        )

    def _sync(self, entry: _Entry, at: dt.datetime, *, reassign: bool) -> None:
        found = _outcomes(entry)
        states = step_states(
            steps=entry.steps,
            done=found.done,
            refused=found.refused,
            withdrawn=entry.values["status"] == S.WITHDRAWN,
        )
        org: Organisation | None = None
        existing: dict[str, set[int]] = {}
        for a in entry.act:
            existing.setdefault(a.step_key, set()).add(a.person_id)
        taken = set(found.consenters)
        for row in entry.rows:
            key = row.step.key
            state = states[key]
            was_waiting = row.state == StepState.WAITING
            row.state = state
            if state != StepState.WAITING:
                entry.act = [a for a in entry.act if a.step_key != key]
                row.stranded = False
                row.waiting_since = None
                continue
            approval = row.step.does == StepKind.APPROVE
            excluded = frozenset(taken) if approval else frozenset()
            if was_waiting and not reassign and key in existing:
                if approval:
                    taken.update(existing[key])
                continue
            if org is None:
                org = self._organisation(entry, at)
            assignment = assign(row.office, org, excluded=excluded)
            before = existing.get(key, set())
            if not was_waiting:
                row.waiting_since = at
            if not was_waiting or assignment.person_ids != before or reassign:
                entry.act = [a for a in entry.act if a.step_key != key]
                for chosen in assignment.assignees:
                    entry.order += 1
                    entry.act.append(
                        _Assigned(
                            entry.order, chosen.person_id, chosen.office, chosen.deputy, at, key
                        )
                    )
            if approval:
                taken.update(assignment.person_ids)
            row.acting_office = assignment.office
            row.passed_over = [list(p) for p in assignment.passed_over]
            row.stranded = assignment.stranded
        # _sync_advice
        values = entry.values
        if values["status"] != S.REFERRED or not values["referred_to"]:
            entry.advise = []
            return
        if org is None:
            org = self._organisation(entry, at)
        advice = assign(values["referred_to"], org)
        if advice.person_ids == {a.person_id for a in entry.advise}:
            return
        entry.advise = []
        for adviser in advice.assignees:
            entry.order += 1
            entry.advise.append(
                _Assigned(entry.order, adviser.person_id, adviser.office, adviser.deputy, at, "")
            )

    # --- rows ----------------------------------------------------------------------------------

    def _write(self, entry: _Entry) -> None:
        values = entry.values
        declaration_id = values["id"]
        self.rows[Declaration].append(
            (
                declaration_id,
                values["reference"],
                values["kind"],
                values["declarant_id"],
                values["submitted_by_id"],
                values["submitted_at"],
                values["submission_token"],
                values["special_category"],
                values["status"],
                values["status_changed_at"],
                values["referred_to"],
                values["current_version_number"],
                self.routed_with,
            )
        )
        self.rows[SearchEntry].append(
            (declaration_id, values["submitted_at"], entry.versions[-1]["search_text"])
        )
        model = self._version_model(entry.kind)
        columns = self.tables[model].attnames[: len(_COLUMNS_OF[model])]
        version_rows = self.rows[model]
        for version in entry.versions:
            row = [version[c] for c in columns]
            if model is DeclarationVersion:
                row[columns.index("facts")] = json.dumps(version["facts"])
            version_rows.append(tuple(row))
        decision_rows = self.rows[Decision]
        for d in entry.decisions:
            decision_rows.append(tuple(d[c] for c in DECISION_COLUMNS))
        step_ids = {}
        step_rows = self.rows[RouteStep]
        for r in entry.rows:
            step_ids[r.step.key] = r.id
            s = r.step
            step_rows.append(
                (
                    r.id,
                    declaration_id,
                    r.position,
                    s.key,
                    s.label,
                    str(s.does),
                    s.stage,
                    s.record_label,
                    str(s.responsible),
                    r.office,
                    str(r.state),
                    r.acting_office,
                    json.dumps(r.passed_over),
                    r.stranded,
                    r.waiting_since,
                )
            )
        assignment_rows = self.rows[StepAssignment]
        status = entry.values["status"]
        for a in sorted([*entry.act, *entry.advise], key=lambda a: a.order):
            purpose = AssignmentPurpose.ACT if a.step_key else AssignmentPurpose.ADVISE
            assignment_rows.append(
                (
                    self._id(StepAssignment),
                    declaration_id,
                    step_ids[a.step_key] if a.step_key else None,
                    a.person_id,
                    purpose,
                    a.office,
                    a.deputy,
                    a.since,
                    assignment_actionable(purpose=purpose, status=status),
                )
            )


_COLUMNS_OF = {
    GiftHospitalityVersion: GIFT_COLUMNS,
    InterestVersion: INTEREST_COLUMNS,
    DeclarationVersion: FACTS_COLUMNS,
}


def _ended(entry: _Entry) -> bool:
    return entry.versions[-1].get("ends_on") is not None


def _running(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


def _cumulative(weighted: list[tuple[float, Script]]) -> list[float]:
    return _running([w for w, _ in weighted])


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
