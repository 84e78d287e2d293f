"""The generated council's organisation: directorates, services, offices and people.

Added around the demo council: more directorates and services, each service with a Head of
Service office and holder, teams of about ten under line managers, several levels deep, and the
demo ``manager`` persona with a couple of hundred people below them (fewer in a small council).
Some people are contractors or agency staff, and some have left.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Model, Q

from probity.core.clock import LONDON
from probity.demo import data
from probity.demo.bulk import Sink, max_ids, table
from probity.demo.generate_facts import full_name
from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Grade, Office, OfficeHolding, Person, Service

#: Directorates added to the demo's three, in the order they are needed.
DIRECTORATES = (
    "Environment and Neighbourhoods",
    "Growth and Regeneration",
    "Adults and Health",
    "Children and Families",
    "Corporate Services",
)

#: Services added to the demo's nine, in the order they are needed.
SERVICES = (
    "Waste and Recycling", "Street Cleansing", "Parks and Open Spaces", "Highways",
    "Parking Services", "Building Control", "Economic Development", "Regeneration",
    "Property and Estates", "Facilities Management", "ICT", "Digital Services",
    "Customer Services", "Procurement", "Internal Audit", "Corporate Policy", "Communications",
    "Elections and Electoral Registration", "Licensing", "Trading Standards", "Adult Social Care",
    "Children's Social Care", "Education and Skills", "Libraries", "Museums and Heritage",
    "Arts and Events", "Sport and Physical Activity", "Public Health", "Homelessness Prevention",
    "Housing Management", "Housing Repairs", "Community Safety", "Emergency Planning",
    "Transport Planning", "Climate and Sustainability", "Bereavement Services",
    "Registration Services", "Pest Control", "Fleet Management", "Payroll", "Pensions",
    "Insurance and Risk", "Council Tax", "Business Rates", "Planning Policy",
    "Conservation and Design", "Land Charges", "Tourism and Visitor Services", "Markets",
    "Youth Services", "Early Help", "Safeguarding", "Occupational Therapy",
    "Equalities and Inclusion", "Scrutiny", "Coroner's Office Support", "Cemeteries",
    "Allotments", "Flood Risk Management", "Air Quality",
)  # fmt: skip

#: Officers' grades and how common each is.
OFFICER_GRADES = (
    ("Scale A", 8),
    ("Scale B", 14),
    ("Scale C", 22),
    ("Scale D", 22),
    ("Scale E", 18),
    ("Scale F", 10),
    ("Scale G", 6),
)
#: People counted at 50,000 people, scaled down for smaller councils.
FULL_SIZE = 50_000
FULL_SERVICES = 60
FULL_DIRECTORATES = 8
FULL_MANAGER_REPORTS = 200
TEAM = 10  # people a team leader manages, about

ROLE_DIRECTOR = "director"
ROLE_HEAD = "head"
ROLE_MANAGER = "manager"
ROLE_LEAD = "lead"
ROLE_OFFICER = "officer"


@dataclass(slots=True)
class Member:
    """One person of the council, demo or generated, as the generator needs them."""

    id: int
    user_id: int | None
    username: str
    full_name: str
    kind: str
    grade_rank: int | None
    service_id: int | None
    line_manager_id: int | None
    start: dt.date | None
    leaving: dt.date | None
    generated: bool
    role: str = ROLE_OFFICER
    # filled by the organisation: the person's and their line manager's chains
    grade_id: int | None = None
    job_title: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class HoldingFact:
    kind: str
    service_id: int | None
    role: str
    person_id: int
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass
class Council:
    """Everyone and every holding, after the organisation is built."""

    members: dict[int, Member]
    holdings: list[HoldingFact]
    generated_ids: list[int]
    manager_id: int
    services: dict[int, str] = field(default_factory=dict)
    directorates: int = 0
    offices: int = 0


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))
    return kept.lower()


def _scaled(full: int, people: int, *, least: int) -> int:
    return max(least, round(full * people / FULL_SIZE))


class OrganisationBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        people: int,
        today: dt.date,
        sink: Sink,
        next_person_id: int,
        next_user_id: int,
    ) -> None:
        self.rng = rng
        self.total = people
        self.today = today
        self.sink = sink
        self.next_person = next_person_id
        self.next_user = next_user_id
        self.members: dict[int, Member] = {}
        self.usernames: set[str] = set()
        self.grades = dict(Grade.objects.values_list("name", "id"))
        # ids chosen here, not by the database's sequences, so the same seed gives the same rows
        self.next_ids = {
            model: top + 1
            for model, top in max_ids([Directorate, Service, Office, OfficeHolding]).items()
        }
        self.ranks = dict(Grade.objects.values_list("id", "rank"))
        self.new: list[Member] = []

    # --- the demo ------------------------------------------------------------------------------

    def _load_demo(self) -> None:
        user_model = get_user_model()
        usernames = dict(user_model.objects.values_list("id", "username"))
        self.usernames.update(usernames.values())
        for p in Person.objects.order_by("pk"):
            self.members[p.pk] = Member(
                id=p.pk,
                user_id=p.user_id,
                username=usernames.get(p.user_id, "") if p.user_id else "",
                full_name=p.full_name,
                kind=p.kind,
                grade_rank=self.ranks.get(p.grade_id) if p.grade_id else None,
                service_id=p.service_id,
                line_manager_id=p.line_manager_id,
                start=p.start_date,
                leaving=p.leaving_date,
                generated=False,
                grade_id=p.grade_id,
            )

    def _id(self, model: type[Model]) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def _by_username(self, username: str) -> Member:
        for m in self.members.values():
            if m.username == username:
                return m
        raise ValueError(f"The demo council has no {username}: load it first.")

    # --- people --------------------------------------------------------------------------------

    def _days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def _username(self, first: str, last: str) -> str:
        base = f"{_ascii(first)}.{_ascii(last)}"
        name = base
        number = 1
        while name in self.usernames:
            number += 1
            name = f"{base}{number}"
        self.usernames.add(name)
        return name

    def _add(
        self,
        *,
        role: str,
        service_id: int | None,
        manager: Member | None,
        grade: str | None,
        job_title: str,
        kind: str = PersonKind.EMPLOYEE,
        start: dt.date | None = None,
        leaving: dt.date | None = None,
    ) -> Member:
        first, last = full_name(self.rng)
        username = self._username(first, last)
        if start is None:
            if role == ROLE_OFFICER:
                years = min(self.rng.expovariate(1 / 6), 35)
                start = self.today - dt.timedelta(days=max(20, int(years * 365)))
            else:  # in post since well before the ten years of history
                start = self._days_ago(11 * 365, 28 * 365)
        domain = data.EMAIL_DOMAIN
        if kind == PersonKind.CONTRACTOR:
            domain = "contractors.example"
        elif kind == PersonKind.AGENCY:
            domain = "agency-staff.example"
        grade_id = self.grades[grade] if grade else None
        member = Member(
            id=self.next_person,
            user_id=self.next_user,
            username=username,
            full_name=f"{first} {last}",
            kind=kind,
            grade_rank=self.ranks[grade_id] if grade_id else None,
            service_id=service_id,
            line_manager_id=manager.id if manager else None,
            start=start,
            leaving=leaving,
            generated=True,
            role=role,
            grade_id=grade_id,
            job_title=job_title,
            email=f"{username}@{domain}",
            first_name=first,
            last_name=last,
        )
        self.next_person += 1
        self.next_user += 1
        self.members[member.id] = member
        self.new.append(member)
        return member

    def _officer(self, *, service: tuple[int, str], manager: Member) -> Member:
        service_id, name = service
        roll = self.rng.random()
        if roll < 0.04:
            return self._add(
                role=ROLE_OFFICER,
                service_id=service_id,
                manager=manager,
                grade=None,
                job_title=f"{name} Consultant (contractor)",
                kind=PersonKind.CONTRACTOR,
                start=self._days_ago(30, 5 * 365),
            )
        if roll < 0.06:
            return self._add(
                role=ROLE_OFFICER,
                service_id=service_id,
                manager=manager,
                grade=None,
                job_title=f"{name} Officer (agency)",
                kind=PersonKind.AGENCY,
                start=self._days_ago(30, 2 * 365),
            )
        grade = self.rng.choices(
            [g for g, _ in OFFICER_GRADES], weights=[w for _, w in OFFICER_GRADES]
        )[0]
        title = {
            "Scale A": f"{name} Assistant",
            "Scale B": f"{name} Assistant",
            "Scale F": f"Senior {name} Officer",
            "Scale G": f"Principal {name} Officer",
        }.get(grade, f"{name} Officer")
        if roll < 0.09:  # has left: kept, with a leaving date
            leaving = self._days_ago(20, 6 * 365)
            start = leaving - dt.timedelta(days=self.rng.randint(300, 12 * 365))
            return self._add(
                role=ROLE_OFFICER,
                service_id=service_id,
                manager=manager,
                grade=grade,
                job_title=title,
                start=start,
                leaving=leaving,
            )
        return self._add(
            role=ROLE_OFFICER,
            service_id=service_id,
            manager=manager,
            grade=grade,
            job_title=title,
        )

    def _team(
        self,
        *,
        root: Member,
        people: int,
        service: tuple[int, str],
        depth: int,
        through_a_leader: bool = False,
    ) -> None:
        """Put ``people`` people below ``root``: teams of about ten under team leaders, and
        managers above the team leaders when there are more than ten teams.
        ``through_a_leader``: even a small team has a leader between it and ``root``."""
        if people <= 0:
            return
        if people <= TEAM + 2 and not (through_a_leader and people >= 2):
            for _ in range(people):
                self._officer(service=service, manager=root)
            return
        leaders = max(1, math.ceil(people / (TEAM + 1)))
        if leaders <= TEAM:
            shares = _split(people - leaders, leaders)
            for share in shares:
                lead = self._add(
                    role=ROLE_LEAD,
                    service_id=service[0],
                    manager=root,
                    grade=self.rng.choice(("Scale F", "Scale G", "Scale G")),
                    job_title=f"Team Leader, {service[1]}",
                )
                for _ in range(share):
                    self._officer(service=service, manager=lead)
            return
        managers = math.ceil(leaders / 8)
        for share in _split(people - managers, managers):
            manager = self._add(
                role=ROLE_MANAGER,
                service_id=service[0],
                manager=root,
                grade="PO2" if depth == 0 else "PO1",
                job_title=f"{service[1]} Manager"
                if depth == 0
                else f"Senior Team Leader, {service[1]}",
            )
            self._team(root=manager, people=share, service=service, depth=depth + 1)

    # --- the whole organisation ----------------------------------------------------------------

    def build(self) -> Council:
        self._load_demo()
        demo_count = len(self.members)
        to_add = self.total - demo_count
        chief = self._by_username("chief-executive")
        manager = self._by_username("manager")
        n_directorates = min(
            len(DIRECTORATES),
            _scaled(FULL_DIRECTORATES, self.total, least=1) - Directorate.objects.count(),
        )
        n_directorates = max(1, n_directorates)
        existing_services = Service.objects.count()
        n_services = min(
            len(SERVICES), max(1, _scaled(FULL_SERVICES, self.total, least=1) - existing_services)
        )
        manager_reports = _scaled(FULL_MANAGER_REPORTS, self.total, least=5)
        existing_reports = _count_below(manager.id, self.members)
        manager_new = max(4, manager_reports - existing_reports)
        fixed = n_directorates + n_services + manager_new
        least = fixed + 2 * (n_services + existing_services)  # two a service, at least
        if to_add < least:
            raise ValueError(
                f"Too few people: the demo council has {demo_count}; ask for at least "
                f"{demo_count + least}."
            )
        # directorates and their directors
        directors: dict[int, Member] = {}
        for directorate in Directorate.objects.all():
            directors[directorate.pk] = self._director_of(directorate.pk) or chief
        new_directorates = []
        for name in DIRECTORATES[:n_directorates]:
            directorate = Directorate.objects.create(pk=self._id(Directorate), name=name)
            new_directorates.append(directorate)
            directors[directorate.pk] = self._add(
                role=ROLE_DIRECTOR,
                service_id=None,
                manager=chief,
                grade="Director",
                job_title=f"Director of {name}",
            )
        order = [d.pk for d in new_directorates] + sorted(
            pk for pk in directors if pk not in {d.pk for d in new_directorates}
        )
        # services, each with its Head of Service office and holder
        heads: dict[int, Member] = {}
        services: dict[int, str] = dict(Service.objects.values_list("pk", "name"))
        for service_id in services:
            head = self._head_of(service_id)
            if head is not None:
                heads[service_id] = head
        holdings: list[OfficeHolding] = []
        deputy_wanted: list[int] = []
        for index, name in enumerate(SERVICES[:n_services]):
            directorate_id = order[index % len(order)]
            service = Service.objects.create(
                pk=self._id(Service), name=name, directorate_id=directorate_id
            )
            services[service.pk] = name
            head = self._add(
                role=ROLE_HEAD,
                service_id=service.pk,
                manager=directors[directorate_id],
                grade="Head of Service",
                job_title=f"Head of {name}",
            )
            heads[service.pk] = head
            office = Office.objects.create(
                pk=self._id(Office),
                kind=OfficeKind.HEAD_OF_SERVICE,
                service=service,
                title=data.head_of_service_title(name),
            )
            holdings.append(
                OfficeHolding(
                    pk=self._id(OfficeHolding),
                    office=office,
                    person_id=head.id,
                    role=HoldingRole.HOLDER,
                    starts_on=head.start or self.today,
                )
            )
            if index % 3 == 1:
                deputy_wanted.append(service.pk)
        # the demo manager's part of Housing
        housing = (manager.service_id or 0, services.get(manager.service_id or 0, "Housing"))
        self._team(
            root=manager, people=manager_new, service=housing, depth=1, through_a_leader=True
        )
        # everyone else, in services of different sizes
        rest = to_add - len(self.new)
        service_ids = sorted(heads)
        weights = [self.rng.lognormvariate(0, 0.6) for _ in service_ids]
        for service_id, share in zip(service_ids, _shares(rest, weights), strict=True):
            self._team(
                root=heads[service_id],
                people=share,
                service=(service_id, services[service_id]),
                depth=0,
            )
        # deputies for some Heads of Service: a manager of the service
        offices = {o.service_id: o for o in Office.objects.filter(kind=OfficeKind.HEAD_OF_SERVICE)}
        for service_id in deputy_wanted:
            head = heads[service_id]
            deputy = next(
                (
                    m
                    for m in self.new
                    if m.line_manager_id == head.id and m.role in {ROLE_MANAGER, ROLE_LEAD}
                ),
                None,
            )
            if deputy is None or deputy.start is None or head.start is None:
                continue
            holdings.append(
                OfficeHolding(
                    pk=self._id(OfficeHolding),
                    office=offices[service_id],
                    person_id=deputy.id,
                    role=HoldingRole.DEPUTY,
                    starts_on=max(deputy.start, head.start),
                )
            )
        self._write_people()
        OfficeHolding.objects.bulk_create(holdings)
        return Council(
            members=self.members,
            holdings=_holding_facts(),
            generated_ids=[m.id for m in self.new],
            manager_id=manager.id,
            services=services,
            directorates=Directorate.objects.count(),
            offices=Office.objects.count(),
        )

    def _director_of(self, directorate_id: int) -> Member | None:
        """The person most Heads of Service of a directorate report to."""
        head_ids = OfficeHolding.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=self.today),
            office__kind=OfficeKind.HEAD_OF_SERVICE,
            office__service__directorate_id=directorate_id,
            role=HoldingRole.HOLDER,
        ).values_list("person_id", flat=True)
        bosses = Counter(
            self.members[pid].line_manager_id
            for pid in head_ids
            if self.members[pid].line_manager_id is not None
        )
        if not bosses:
            return None
        boss_id = bosses.most_common(1)[0][0]
        return self.members[boss_id] if boss_id is not None else None

    def _head_of(self, service_id: int) -> Member | None:
        holding = (
            OfficeHolding.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.today),
                office__kind=OfficeKind.HEAD_OF_SERVICE,
                office__service_id=service_id,
                role=HoldingRole.HOLDER,
                starts_on__lte=self.today,
            )
            .order_by("starts_on")
            .first()
        )
        return self.members[holding.person_id] if holding is not None else None

    def _write_people(self) -> None:
        user_model = get_user_model()
        users = table(
            user_model,
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ),
        )
        people = table(
            Person,
            (
                "id",
                "user_id",
                "full_name",
                "email",
                "kind",
                "job_title",
                "grade_id",
                "service_id",
                "line_manager_id",
                "start_date",
                "leaving_date",
            ),
        )
        alphabet = string.ascii_letters + string.digits
        user_rows = []
        person_rows = []
        for m in self.new:
            joined = dt.datetime.combine(m.start or self.today, dt.time(9, 0), tzinfo=LONDON)
            unusable = "!" + "".join(self.rng.choice(alphabet) for _ in range(40))
            user_rows.append(
                (
                    m.user_id,
                    unusable,
                    None,
                    False,
                    m.username,
                    m.first_name,
                    m.last_name,
                    m.email,
                    False,
                    m.leaving is None,
                    joined,
                )
            )
            person_rows.append(
                (
                    m.id,
                    m.user_id,
                    m.full_name,
                    m.email,
                    m.kind,
                    m.job_title,
                    m.grade_id,
                    m.service_id,
                    m.line_manager_id,
                    m.start,
                    m.leaving,
                )
            )
        self.sink.write(users, user_rows)
        self.sink.write(people, person_rows)


def _holding_facts() -> list[HoldingFact]:
    return [
        HoldingFact(
            kind=kind,
            service_id=service_id,
            role=role,
            person_id=person_id,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for kind, service_id, role, person_id, starts_on, ends_on in OfficeHolding.objects.values_list(
            "office__kind", "office__service_id", "role", "person_id", "starts_on", "ends_on"
        )
    ]


def _count_below(manager_id: int, members: dict[int, Member]) -> int:
    children: dict[int, list[int]] = {}
    for m in members.values():
        if m.line_manager_id is not None:
            children.setdefault(m.line_manager_id, []).append(m.id)
    seen: set[int] = set()
    stack = list(children.get(manager_id, []))
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stack.extend(children.get(pid, []))
    return len(seen)


def _split(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole shares."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _shares(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
