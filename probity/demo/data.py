"""What the demo council holds: its organisation, its people and a year of declarations.

Every name, firm and event here is made up. Dates are given relative to the day the demo is
loaded (``days_ago``) so the demo always shows "the last twelve months"; the loader turns them
into real dates and times.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from probity.declarations.choices import (
    AdviceOffice,
    DeclarationKind,
    GiftCategory,
    GiftOutcome,
    GiverLink,
    GiverType,
    InterestHolder,
    InterestType,
)
from probity.declarations.rules import Action
from probity.demo.personas import PERSONAS
from probity.people.choices import HoldingRole, OfficeKind, PersonKind

COUNCIL_NAME = "Example Borough Council"
EMAIL_DOMAIN = "example-borough.gov.uk"
SEED = 2027

# The persona whose existence means the demo is already loaded.
MARKER_USERNAME = "mo"

# ---------------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------------

HOUSING = "Housing Options"
PLANNING = "Planning"
ENV_HEALTH = "Environmental Health"
FINANCE = "Finance"
LEGAL = "Legal and Democratic Services"
HR = "HR and Organisational Development"
REVENUES = "Revenues and Benefits"
LEISURE = "Leisure and Culture"
COMMUNITIES = "Communities and Wellbeing"

DIRECTORATES: dict[str, tuple[str, ...]] = {
    "Place and Communities": (HOUSING, PLANNING, ENV_HEALTH),
    "Resources": (FINANCE, LEGAL, HR, REVENUES),
    "People and Wellbeing": (LEISURE, COMMUNITIES),
}

# Lowest first: a grade's rank is its position in this list, counting from 1.
GRADES: tuple[str, ...] = (
    "Scale A",
    "Scale B",
    "Scale C",
    "Scale D",
    "Scale E",
    "Scale F",
    "Scale G",
    "PO1",
    "PO2",
    "Head of Service",
    "Director",
    "Chief Executive",
)

_PERSONA_NAMES = {p.username: p.full_name for p in PERSONAS}


@dataclass(frozen=True)
class Staff:
    """One person the council knows. ``manager`` is the line manager's username."""

    username: str
    full_name: str
    job_title: str
    service: str | None
    grade: str | None
    manager: str | None
    kind: PersonKind = PersonKind.EMPLOYEE
    email: str = ""
    started_days_ago: int | None = None
    left_days_ago: int | None = None


def _persona(
    username: str,
    job_title: str,
    service: str | None,
    grade: str | None,
    manager: str | None,
    kind: PersonKind = PersonKind.EMPLOYEE,
) -> Staff:
    return Staff(
        username=username,
        full_name=_PERSONA_NAMES[username],
        job_title=job_title,
        service=service,
        grade=grade,
        manager=manager,
        kind=kind,
        email=f"{username}@{EMAIL_DOMAIN}",
    )


HOS = "Head of Service"

STAFF: tuple[Staff, ...] = (
    # Chief Executive and directors
    _persona("chief-executive", "Chief Executive", None, "Chief Executive", None),
    _persona(
        "s151", "Director of Resources (Chief Finance Officer)", None, "Director", "chief-executive"
    ),
    Staff(
        "nadia.brennan",
        "Nadia Brennan",
        "Director of Place and Communities",
        None,
        "Director",
        "chief-executive",
    ),
    Staff(
        "colin.ashworth",
        "Colin Ashworth",
        "Director of People and Wellbeing",
        None,
        "Director",
        "chief-executive",
    ),
    # Housing Options
    _persona("head-of-service", "Head of Housing", HOUSING, HOS, "nadia.brennan"),
    _persona("manager", "Housing Options Team Manager", HOUSING, "PO1", "head-of-service"),
    _persona("officer", "Housing Options Officer", HOUSING, "Scale C", "manager"),
    _persona(
        "contractor",
        "Building Surveyor (contractor)",
        HOUSING,
        None,
        "manager",
        kind=PersonKind.CONTRACTOR,
    ),
    Staff("bethany.cole", "Bethany Cole", "Housing Options Officer", HOUSING, "Scale C", "manager"),
    Staff(
        "imran.qureshi",
        "Imran Qureshi",
        "Senior Housing Options Officer",
        HOUSING,
        "Scale D",
        "manager",
    ),
    Staff(
        "joanne.pritchard",
        "Joanne Pritchard",
        "Housing Support Assistant",
        HOUSING,
        "Scale B",
        "manager",
    ),
    Staff(
        "owain.davies",
        "Owain Davies",
        "Apprentice Housing Assistant",
        HOUSING,
        "Scale A",
        "manager",
        started_days_ago=430,
    ),
    Staff(
        "kevin.marsden",
        "Kevin Marsden",
        "Private Sector Housing Manager",
        HOUSING,
        "PO1",
        "head-of-service",
    ),
    Staff(
        "aisha.begum",
        "Aisha Begum",
        "Private Sector Housing Officer",
        HOUSING,
        "Scale E",
        "kevin.marsden",
    ),
    # Planning
    _persona("head-of-planning", "Head of Planning", PLANNING, HOS, "nadia.brennan"),
    Staff(
        "simon.fletcher",
        "Simon Fletcher",
        "Development Management Manager",
        PLANNING,
        "PO2",
        "head-of-planning",
    ),
    Staff(
        "laura.jenkins",
        "Laura Jenkins",
        "Senior Planning Officer",
        PLANNING,
        "Scale F",
        "simon.fletcher",
    ),
    Staff("rhys.morgan", "Rhys Morgan", "Planning Officer", PLANNING, "Scale E", "simon.fletcher"),
    Staff(
        "hannah.webb",
        "Hannah Webb",
        "Planning Enforcement Officer",
        PLANNING,
        "Scale D",
        "simon.fletcher",
    ),
    Staff(
        "paul.greaves",
        "Paul Greaves",
        "Planning Consultant (contractor)",
        PLANNING,
        None,
        "simon.fletcher",
        kind=PersonKind.CONTRACTOR,
        email="paul@greaves-planning.example",
    ),
    # Environmental Health
    Staff(
        "sunita.rao",
        "Sunita Rao",
        "Head of Environmental Health",
        ENV_HEALTH,
        HOS,
        "nadia.brennan",
    ),
    Staff(
        "declan.murphy",
        "Declan Murphy",
        "Food and Safety Team Leader",
        ENV_HEALTH,
        "PO1",
        "sunita.rao",
    ),
    Staff(
        "chloe.barnes",
        "Chloe Barnes",
        "Environmental Health Officer",
        ENV_HEALTH,
        "Scale F",
        "declan.murphy",
    ),
    Staff(
        "matthew.hale", "Matthew Hale", "Licensing Officer", ENV_HEALTH, "Scale E", "declan.murphy"
    ),
    Staff(
        "zara.hussain", "Zara Hussain", "Technical Officer", ENV_HEALTH, "Scale C", "declan.murphy"
    ),
    # Finance
    _persona("head-of-finance", "Head of Corporate Finance", FINANCE, HOS, "s151"),
    _persona("fraud", "Corporate Fraud Manager", FINANCE, "PO1", "head-of-finance"),
    _persona("auditor", "Senior Internal Auditor", FINANCE, "Scale G", "head-of-finance"),
    Staff(
        "stephen.walsh", "Stephen Walsh", "Procurement Manager", FINANCE, "PO1", "head-of-finance"
    ),
    Staff(
        "natalie.cooper",
        "Natalie Cooper",
        "Procurement Officer",
        FINANCE,
        "Scale E",
        "stephen.walsh",
    ),
    Staff("gemma.lowe", "Gemma Lowe", "Accountant", FINANCE, "Scale F", "head-of-finance"),
    Staff(
        "victor.osei",
        "Victor Osei",
        "Interim Project Accountant (contractor)",
        FINANCE,
        None,
        "head-of-finance",
        kind=PersonKind.CONTRACTOR,
        email="victor.osei@osei-consulting.example",
    ),
    # Legal and Democratic Services
    _persona(
        "mo", "Head of Legal and Democratic Services (Monitoring Officer)", LEGAL, HOS, "s151"
    ),
    _persona("deputy-mo", "Principal Solicitor (Deputy Monitoring Officer)", LEGAL, "PO2", "mo"),
    _persona(
        "governance",
        "Head of Governance (Democratic and Governance Services Manager)",
        LEGAL,
        "PO1",
        "mo",
    ),
    Staff("adam.kershaw", "Adam Kershaw", "Solicitor", LEGAL, "Scale G", "deputy-mo"),
    Staff(
        "megan.lister",
        "Megan Lister",
        "Democratic Services Officer",
        LEGAL,
        "Scale C",
        "governance",
    ),
    Staff(
        "alan.whitcombe",
        "Alan Whitcombe",
        "Head of Legal Services (Monitoring Officer)",
        LEGAL,
        HOS,
        "s151",
        started_days_ago=5200,
        left_days_ago=730,
    ),
    # HR and Organisational Development
    _persona("hr", "HR and Organisational Development Manager", HR, HOS, "s151"),
    Staff("rachel.dunn", "Rachel Dunn", "HR Business Partner", HR, "Scale F", "hr"),
    Staff("liam.oconnor", "Liam O'Connor", "HR Adviser", HR, "Scale C", "rachel.dunn"),
    Staff(
        "sophie.turner", "Sophie Turner", "Learning and Development Officer", HR, "Scale E", "hr"
    ),
    # Revenues and Benefits
    Staff("gareth.pryce", "Gareth Pryce", "Head of Revenues and Benefits", REVENUES, HOS, "s151"),
    Staff(
        "angela.hobbs",
        "Angela Hobbs",
        "Revenues and Benefits Manager",
        REVENUES,
        "PO1",
        "gareth.pryce",
    ),
    Staff(
        "craig.bentley", "Craig Bentley", "Benefits Assessor", REVENUES, "Scale D", "angela.hobbs"
    ),
    Staff(
        "yvonne.clarke",
        "Yvonne Clarke",
        "Customer Services Adviser",
        REVENUES,
        "Scale B",
        "angela.hobbs",
    ),
    Staff(
        "jordan.reid",
        "Jordan Reid",
        "Benefits Assessor (agency)",
        REVENUES,
        None,
        "angela.hobbs",
        kind=PersonKind.AGENCY,
        email="jordan.reid@brightstaff-agency.example",
    ),
    Staff(
        "ruby.ahmed",
        "Ruby Ahmed",
        "Benefits Assessor",
        REVENUES,
        "Scale D",
        "angela.hobbs",
        started_days_ago=75,
    ),
    Staff(
        "paula.sutton",
        "Paula Sutton",
        "Revenues Officer",
        REVENUES,
        "Scale C",
        "angela.hobbs",
        left_days_ago=90,
    ),
    # Leisure and Culture
    Staff(
        "marcus.reed", "Marcus Reed", "Head of Leisure and Culture", LEISURE, HOS, "colin.ashworth"
    ),
    Staff("ellie.hart", "Ellie Hart", "Leisure Centre Manager", LEISURE, "Scale G", "marcus.reed"),
    Staff(
        "dean.foster", "Dean Foster", "Sports Development Officer", LEISURE, "Scale C", "ellie.hart"
    ),
    Staff("kirsty.shaw", "Kirsty Shaw", "Leisure Assistant", LEISURE, "Scale A", "ellie.hart"),
    Staff(
        "amy.patel", "Amy Patel", "Events and Culture Officer", LEISURE, "Scale D", "marcus.reed"
    ),
    # Communities and Wellbeing
    Staff(
        "lorna.fraser",
        "Lorna Fraser",
        "Head of Communities and Wellbeing",
        COMMUNITIES,
        HOS,
        "colin.ashworth",
    ),
    Staff(
        "tariq.mahmood",
        "Tariq Mahmood",
        "Community Safety Manager",
        COMMUNITIES,
        "PO1",
        "lorna.fraser",
    ),
    Staff(
        "jessica.nolan",
        "Jessica Nolan",
        "Community Development Officer",
        COMMUNITIES,
        "Scale D",
        "tariq.mahmood",
    ),
    Staff("ben.hollis", "Ben Hollis", "Grants Officer", COMMUNITIES, "Scale E", "tariq.mahmood"),
    # Councillors: not subject to the code, no service, grade or line manager
    _persona(
        "councillor", "Councillor for Millbrook ward", None, None, None, PersonKind.COUNCILLOR
    ),
    Staff(
        "margaret.thornton",
        "Cllr Margaret Thornton",
        "Councillor for Castle ward",
        None,
        None,
        None,
        kind=PersonKind.COUNCILLOR,
        email=f"cllr.margaret.thornton@{EMAIL_DOMAIN}",
    ),
    Staff(
        "yusuf.adeyemi",
        "Cllr Yusuf Adeyemi",
        "Councillor for Riverside ward",
        None,
        None,
        None,
        kind=PersonKind.COUNCILLOR,
        email=f"cllr.yusuf.adeyemi@{EMAIL_DOMAIN}",
    ),
    # The newest starter: their induction checklist is open (last in the list, so nobody else's
    # employee number changes).
    Staff(
        "leah.morgan",
        "Leah Morgan",
        "Housing Options Officer",
        HOUSING,
        "Scale C",
        "manager",
        started_days_ago=9,
    ),
)

# ---------------------------------------------------------------------------------------------
# Offices
# ---------------------------------------------------------------------------------------------

OFFICE_TITLES: dict[OfficeKind, str] = {
    OfficeKind.MONITORING_OFFICER: "Monitoring Officer",
    OfficeKind.CHIEF_EXECUTIVE: "Chief Executive (Head of Paid Service)",
    OfficeKind.S151_OFFICER: "Chief Finance Officer (section 151 officer)",
    OfficeKind.HR_OD_MANAGER: "HR and Organisational Development Manager",
    OfficeKind.HEAD_OF_PLANNING: "Head of Planning",
    OfficeKind.HEAD_OF_CORPORATE_FINANCE: "Head of Corporate Finance",
    OfficeKind.FRAUD_MANAGER: "Corporate Fraud Manager",
    OfficeKind.GOVERNANCE_LEAD: "Head of Governance (keeper of the section 117 book)",
    OfficeKind.AUDITOR: "Internal Audit",
}


def head_of_service_title(service: str) -> str:
    return f"Head of Service, {service}"


@dataclass(frozen=True)
class Holding:
    kind: OfficeKind
    holder: str
    service: str | None = None
    role: HoldingRole = HoldingRole.HOLDER
    started_days_ago: int | None = None
    ended_days_ago: int | None = None


# The Monitoring Officer changed two years ago: the old holding stays, ended, as history.
MO_HANDOVER_DAYS_AGO = 730

HOLDINGS: tuple[Holding, ...] = (
    Holding(
        OfficeKind.MONITORING_OFFICER,
        "alan.whitcombe",
        started_days_ago=4300,
        ended_days_ago=MO_HANDOVER_DAYS_AGO,
    ),
    Holding(OfficeKind.MONITORING_OFFICER, "mo", started_days_ago=MO_HANDOVER_DAYS_AGO - 1),
    Holding(OfficeKind.MONITORING_OFFICER, "deputy-mo", role=HoldingRole.DEPUTY),
    Holding(OfficeKind.CHIEF_EXECUTIVE, "chief-executive"),
    Holding(OfficeKind.S151_OFFICER, "s151"),
    Holding(OfficeKind.HEAD_OF_SERVICE, "head-of-service", service=HOUSING),
    Holding(OfficeKind.HEAD_OF_SERVICE, "head-of-planning", service=PLANNING),
    Holding(OfficeKind.HEAD_OF_SERVICE, "sunita.rao", service=ENV_HEALTH),
    Holding(OfficeKind.HEAD_OF_SERVICE, "head-of-finance", service=FINANCE),
    Holding(
        OfficeKind.HEAD_OF_SERVICE,
        "alan.whitcombe",
        service=LEGAL,
        started_days_ago=4300,
        ended_days_ago=MO_HANDOVER_DAYS_AGO,
    ),
    Holding(
        OfficeKind.HEAD_OF_SERVICE,
        "mo",
        service=LEGAL,
        started_days_ago=MO_HANDOVER_DAYS_AGO - 1,
    ),
    Holding(OfficeKind.HEAD_OF_SERVICE, "hr", service=HR),
    Holding(OfficeKind.HEAD_OF_SERVICE, "gareth.pryce", service=REVENUES),
    Holding(OfficeKind.HEAD_OF_SERVICE, "marcus.reed", service=LEISURE),
    Holding(OfficeKind.HEAD_OF_SERVICE, "lorna.fraser", service=COMMUNITIES),
    Holding(OfficeKind.HR_OD_MANAGER, "hr"),
    Holding(OfficeKind.HEAD_OF_PLANNING, "head-of-planning"),
    Holding(OfficeKind.HEAD_OF_CORPORATE_FINANCE, "head-of-finance"),
    Holding(OfficeKind.FRAUD_MANAGER, "fraud"),
    Holding(OfficeKind.GOVERNANCE_LEAD, "governance"),
    Holding(OfficeKind.AUDITOR, "auditor"),
)

# ---------------------------------------------------------------------------------------------
# Council policy
# ---------------------------------------------------------------------------------------------

POLICY_DAYS_AGO = 395

# Outside employment at or above this grade needs the Head of Service's and HR's prior consent.
CONSENT_GRADE = "Scale G"
# Cases about staff in services that use discretion go to this office.
REFERRAL_OFFICE = OfficeKind.CHIEF_EXECUTIVE

GIFT_GUIDANCE = (
    "Declare every gift and every offer of hospitality that comes to you because of your work "
    "for the council, whether you accept it or say no. Offers you turn down belong in the "
    "register too: they show it is complete, and they protect you if anyone asks later.\n\n"
    "We do not set a money limit. You need not declare something of token value, such as a "
    "branded pen, a calendar or a cup of coffee at a meeting, but token value is a matter of "
    "judgement, not of price. A small voucher from someone waiting for your decision is not "
    "token value.\n\n"
    "If you are not sure, declare it. It takes a few minutes, and your line manager or the "
    "Monitoring Officer will tell you if anything more is needed."
)

# ---------------------------------------------------------------------------------------------
# A year of declarations
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing that happens to a declaration, ``after_days`` after the step before it.

    The actor is worked out from the rules (whoever the route's open step names, the adviser,
    the declarant or the Monitoring Officer) unless ``actor`` names someone.
    """

    action: Action
    after_days: int
    comment: str = ""
    referred_to: str = ""
    actor: str = ""
    changes: tuple[tuple[str, str | Decimal], ...] = ()
    ended_days_before: int = 0
    same_as: str = ""
    conditions: str = ""
    review_after_days: int | None = None


def note(after: int, comment: str = "", *, actor: str = "") -> Step:
    return Step(Action.NOTE, after, comment, actor=actor)


def ask(after: int, comment: str) -> Step:
    return Step(Action.REQUEST_INFO, after, comment)


def respond(after: int, comment: str) -> Step:
    return Step(Action.RESPOND, after, comment)


def refer(after: int, to: AdviceOffice, comment: str) -> Step:
    return Step(Action.REFER, after, comment, referred_to=to)


def advise(after: int, comment: str) -> Step:
    return Step(Action.ADVISE, after, comment)


def record(
    after: int, comment: str = "Recorded in the register of interests.", *, actor: str = ""
) -> Step:
    return Step(Action.RECORD, after, comment, actor=actor)


def approve(
    after: int,
    comment: str = "",
    *,
    conditions: str = "",
    review_after_days: int | None = None,
    actor: str = "",
) -> Step:
    return Step(
        Action.APPROVE,
        after,
        comment,
        actor=actor,
        conditions=conditions,
        review_after_days=review_after_days,
    )


def refuse(after: int, reason: str, *, actor: str = "") -> Step:
    return Step(Action.REFUSE, after, reason, actor=actor)


def withdraw(after: int, reason: str, *, same_as: str = "") -> Step:
    return Step(Action.WITHDRAW, after, reason, same_as=same_as)


def correct(after: int, reason: str, **changes: str | Decimal) -> Step:
    return Step(Action.CORRECT, after, reason, changes=tuple(changes.items()))


def end(after: int, reason: str, *, ended_days_before: int) -> Step:
    return Step(Action.END, after, reason, ended_days_before=ended_days_before)


@dataclass(frozen=True)
class GiftPlan:
    declarant: str
    days_ago: int
    category: GiftCategory
    outcome: GiftOutcome
    giver_name: str
    giver_type: GiverType
    giver_link: GiverLink
    giver_link_detail: str
    description: str
    value: Decimal
    value_is_estimate: bool
    outcome_reason: str
    steps: tuple[Step, ...] = ()
    key: str = ""


@dataclass(frozen=True)
class InterestPlan:
    declarant: str
    days_ago: int
    holder: InterestHolder
    relative_relationship: str
    interest_type: InterestType
    description: str
    counterparty: str
    starts_days_before: int
    ends_days_after: int | None = None
    steps: tuple[Step, ...] = ()
    key: str = ""


GIFT = GiftCategory.GIFT
HOSPITALITY = GiftCategory.HOSPITALITY
ACCEPTED = GiftOutcome.ACCEPTED
DECLINED = GiftOutcome.DECLINED
ORG = GiverType.ORGANISATION
PERSON = GiverType.PERSON
TO_HOS = AdviceOffice.HEAD_OF_SERVICE
TO_MO = AdviceOffice.MONITORING_OFFICER


def gift(
    declarant: str,
    days_ago: int,
    category: GiftCategory,
    outcome: GiftOutcome,
    giver: tuple[str, GiverType, GiverLink, str],
    description: str,
    value: str,
    outcome_reason: str,
    *steps: Step,
    estimate: bool = False,
    key: str = "",
) -> GiftPlan:
    giver_name, giver_type, link, link_detail = giver
    return GiftPlan(
        declarant=declarant,
        days_ago=days_ago,
        category=category,
        outcome=outcome,
        giver_name=giver_name,
        giver_type=giver_type,
        giver_link=link,
        giver_link_detail=link_detail,
        description=description,
        value=Decimal(value),
        value_is_estimate=estimate,
        outcome_reason=outcome_reason,
        steps=steps,
        key=key,
    )


GIFTS: tuple[GiftPlan, ...] = (
    # --- The officer persona (Priya Shah, Housing Options) ---
    gift(
        "officer",
        301,
        GIFT,
        DECLINED,
        (
            "Riverside Lettings Ltd",
            ORG,
            GiverLink.CONTRACTOR,
            "Provides temporary accommodation the council books",
        ),
        "Bottle of wine and a tin of biscuits, left at reception for me at Christmas.",
        "25",
        "I book placements with this company every week, so I asked reception to return it.",
        note(3, "Thank you. Returning it was the right call."),
        estimate=True,
    ),
    gift(
        "officer",
        198,
        GIFT,
        ACCEPTED,
        ("The family of a household I helped", PERSON, GiverLink.OTHER, "Former homeless case"),
        "Box of chocolates from a tenant's family after they moved into their new home.",
        "8",
        "A small thank-you after the case had closed; I shared it with the team.",
        ask(2, "Thanks for declaring this. Was the case still open when they gave it to you?"),
        respond(1, "No, the case closed the week before. The chocolates went in the team kitchen."),
        note(2, "Noted. Token value and shared with the team, so nothing more to do."),
        estimate=True,
    ),
    gift(
        "officer",
        12,
        GIFT,
        ACCEPTED,
        ("A homeless applicant", PERSON, GiverLink.APPLICANT, "Has an open homeless application"),
        "Gift voucher for a high-street shop, in a thank-you card.",
        "30",
        "I did not want to upset the applicant by handing it back at the desk.",
        ask(
            3,
            "Thank you for declaring this. Our guidance is that we do not keep vouchers, and the "
            "applicant's case is still open. Do you still have the voucher, and is £30 its face "
            "value? Then we can agree how to return it.",
        ),
    ),
    gift(
        "officer",
        5,
        HOSPITALITY,
        ACCEPTED,
        ("North Vale Housing Association", ORG, GiverLink.PARTNER, "Housing partner"),
        "Buffet lunch at the regional homelessness forum the association hosted.",
        "18",
        "Lunch was provided for every delegate at a working event I attended for the council.",
        estimate=True,
    ),
    # --- The contractor persona (Mark Ellis) ---
    gift(
        "contractor",
        243,
        GIFT,
        DECLINED,
        ("Hillcrest Roofing Ltd", ORG, GiverLink.CONTRACTOR, "On the housing repairs framework"),
        "Bottle of whisky offered at Christmas by a roofing firm whose work I inspect.",
        "35",
        "I sign off this firm's repairs, so I declined it on the spot.",
        note(4, "Noted, thank you Mark."),
        estimate=True,
    ),
    gift(
        "contractor",
        9,
        GIFT,
        ACCEPTED,
        ("DryWall Damp Solutions", ORG, GiverLink.BIDDER, "Bidding for the damp survey contract"),
        "Branded fleece jacket handed out at a product demonstration.",
        "40",
        "Everyone at the demonstration was given one; I have not worn it.",
        estimate=True,
    ),
    # --- Housing Options ---
    gift(
        "manager",
        137,
        HOSPITALITY,
        ACCEPTED,
        ("Safe Haven Housing Charity", ORG, GiverLink.PARTNER, "Runs the council's night shelter"),
        "Lunch at a homelessness prevention workshop the charity hosted.",
        "15",
        "A working lunch at a workshop I attended for the council.",
        note(2, "Noted, thanks Tom."),
        estimate=True,
    ),
    gift(
        "bethany.cole",
        152,
        GIFT,
        ACCEPTED,
        ("A resident", PERSON, GiverLink.APPLICANT, "Asked for a review of a housing decision"),
        "Bouquet of flowers after a housing review was decided.",
        "20",
        "Brought to the office after the review had been decided; it would have been unkind to refuse.",
        note(2),
        estimate=True,
    ),
    gift(
        "bethany.cole",
        61,
        HOSPITALITY,
        ACCEPTED,
        ("Homefinder Systems Ltd", ORG, GiverLink.CONTRACTOR, "Supplies our housing software"),
        "Lunch at a supplier's conference for users of our housing register software.",
        "25",
        "Lunch was part of a training day I attended for work.",
        note(3),
        estimate=True,
        key="bethany-lunch",
    ),
    gift(
        "bethany.cole",
        60,
        HOSPITALITY,
        ACCEPTED,
        ("Homefinder Systems Ltd", ORG, GiverLink.CONTRACTOR, "Supplies our housing software"),
        "Lunch at the software user conference.",
        "25",
        "Part of a training day.",
        withdraw(
            6,
            "Declared twice by mistake: {other} records the same lunch. This copy stays on record, "
            "marked withdrawn.",
            same_as="bethany-lunch",
        ),
        estimate=True,
    ),
    gift(
        "imran.qureshi",
        88,
        HOSPITALITY,
        ACCEPTED,
        ("Meadowbank Homes Trust", ORG, GiverLink.PARTNER, "Housing association partner"),
        "Two tickets to the trust's annual charity ball, for me and a guest.",
        "150",
        "The trust asked for someone from the council to attend and say a few words.",
        refer(
            2,
            TO_HOS,
            "This is above what I would usually see, and includes a guest. Grace, are you happy "
            "for Imran to go on the council's behalf?",
        ),
        advise(
            3,
            "Fine to attend as the council's representative: the trust is a partner, not a "
            "supplier. Please go alone rather than take the guest ticket.",
        ),
        note(1, "Noted with the Head of Housing's advice: attend alone."),
    ),
    gift(
        "joanne.pritchard",
        4,
        GIFT,
        ACCEPTED,
        ("A tenant's family", PERSON, GiverLink.NONE, ""),
        "Tin of biscuits from a tenant's family, left for the whole team.",
        "6",
        "A small thank-you shared with the team.",
        estimate=True,
    ),
    gift(
        "kevin.marsden",
        181,
        GIFT,
        DECLINED,
        ("Castlegate Letting Agents", ORG, GiverLink.APPLICANT, "Applying for landlord licences"),
        "Christmas hamper sent to my home address.",
        "60",
        "The agency has licence applications with my team; I sent the hamper back with a letter.",
        note(5, "Noted. Good to have the letter on file too."),
        estimate=True,
    ),
    gift(
        "aisha.begum",
        101,
        HOSPITALITY,
        DECLINED,
        ("A private landlord", PERSON, GiverLink.APPLICANT, "Licence application being assessed"),
        "Invitation to dinner at a local restaurant.",
        "45",
        "I was assessing the landlord's licence application at the time.",
        note(2),
        estimate=True,
    ),
    gift(
        "owain.davies",
        33,
        GIFT,
        ACCEPTED,
        ("A resident", PERSON, GiverLink.NONE, ""),
        "Small box of chocolates from a resident I helped fill in a form.",
        "5",
        "Token thank-you; I was not sure, so I declared it.",
        note(2, "Thanks Owain, that is the right instinct."),
        estimate=True,
    ),
    gift(
        "head-of-service",
        212,
        HOSPITALITY,
        ACCEPTED,
        ("Brightwater Developments plc", ORG, GiverLink.BIDDER, "Affordable housing scheme bid"),
        "A place at the regional housing awards dinner, at the developer's table.",
        "120",
        "The awards are a sector event and several partners will be there.",
        refer(
            3,
            TO_MO,
            "Brightwater are in talks with us about the riverside scheme. Please advise whether "
            "Grace should accept.",
        ),
        advise(
            4,
            "Please do not sit at a bidder's table while the scheme is being negotiated. If the "
            "council wants to be there, we should pay for our own place.",
        ),
        correct(
            2,
            "Changed to declined after the Monitoring Officer's advice.",
            outcome=DECLINED,
            outcome_reason="Declined after advice: the developer is negotiating a scheme with us.",
        ),
        note(1, "Noted: declined after advice."),
        estimate=True,
    ),
    # --- Planning ---
    gift(
        "laura.jenkins",
        318,
        GIFT,
        DECLINED,
        ("A planning applicant", PERSON, GiverLink.APPLICANT, "Householder application"),
        "Bottle of champagne after planning permission was granted.",
        "40",
        "Applicants must not give gifts to the officer who dealt with their case.",
        note(2),
        estimate=True,
    ),
    gift(
        "rhys.morgan",
        268,
        HOSPITALITY,
        DECLINED,
        ("Hollins Estate", ORG, GiverLink.APPLICANT, "Promoting a housing site in the local plan"),
        "Offer of a day's shooting with lunch on the estate.",
        "250",
        "The estate is promoting a site I am assessing.",
        refer(1, TO_HOS, "Declined, but Ruth should know this offer was made."),
        advise(2, "Thank you. Right to decline. I will mention it to the agent."),
        note(1),
        estimate=True,
    ),
    gift(
        "hannah.webb",
        46,
        HOSPITALITY,
        ACCEPTED,
        ("A site owner", PERSON, GiverLink.OTHER, "Subject of an enforcement investigation"),
        "Coffee and a slice of cake during a site visit.",
        "6",
        "Offered at the kitchen table while I went through the case.",
        ask(2, "Was the investigation still open when you visited?"),
        respond(1, "Yes, it was a first visit. I should have said no and will do next time."),
        note(1, "Noted. Token value, but good to be careful on enforcement visits."),
        estimate=True,
    ),
    gift(
        "simon.fletcher",
        131,
        HOSPITALITY,
        ACCEPTED,
        ("Aldgate Planning Associates", ORG, GiverLink.OTHER, "Agent for several applicants"),
        "Sandwich lunch after a pre-application meeting at the agent's office.",
        "22",
        "The meeting ran through lunch and sandwiches were brought in for everyone.",
        note(3),
    ),
    gift(
        "paul.greaves",
        76,
        GIFT,
        ACCEPTED,
        ("Linden Architects", ORG, GiverLink.APPLICANT, "Submits applications to the council"),
        "Calendar and pen set sent at New Year.",
        "12",
        "Sent to every planning consultant they work with.",
        note(5),
        estimate=True,
    ),
    gift(
        "head-of-planning",
        161,
        HOSPITALITY,
        ACCEPTED,
        ("County Planning Officers' Society", ORG, GiverLink.PARTNER, "Professional body"),
        "Dinner after speaking at the society's spring conference.",
        "55",
        "I was a speaker; the dinner was for speakers and committee members.",
        note(2),
    ),
    # --- Environmental Health ---
    gift(
        "chloe.barnes",
        229,
        HOSPITALITY,
        DECLINED,
        ("The Old Mill Restaurant", ORG, GiverLink.OTHER, "Food business I inspect"),
        "Free meal for two offered after a food hygiene inspection.",
        "30",
        "I had just inspected the business.",
        note(2),
        estimate=True,
    ),
    gift(
        "matthew.hale",
        190,
        GIFT,
        DECLINED,
        ("Parkfield Festival Ltd", ORG, GiverLink.APPLICANT, "Applied for a premises licence"),
        "Two weekend tickets to the summer music festival.",
        "180",
        "The organiser's licence application was with me.",
        note(1),
    ),
    gift(
        "matthew.hale",
        14,
        GIFT,
        DECLINED,
        ("The Crown and Anchor", ORG, GiverLink.APPLICANT, "Premises licence under review"),
        "Case of beer offered after a licence review hearing.",
        "28",
        "The pub's licence is under review.",
        estimate=True,
    ),
    gift(
        "zara.hussain",
        111,
        GIFT,
        ACCEPTED,
        ("Serenity Beauty Rooms", ORG, GiverLink.APPLICANT, "Registered for skin piercing"),
        "Hand cream gift set.",
        "15",
        "Given to me as I left after the registration visit.",
        ask(2, "Had the registration been granted by then? Please say what happened to the set."),
        respond(2, "It had been granted the week before. The set went to the staff raffle."),
        note(1),
        estimate=True,
    ),
    gift(
        "declan.murphy",
        85,
        HOSPITALITY,
        ACCEPTED,
        ("SafeServe Training Ltd", ORG, GiverLink.CONTRACTOR, "Provides food safety courses"),
        "Lunch at a food safety training day run by a supplier.",
        "15",
        "Lunch was included for everyone on the course.",
        note(3),
        estimate=True,
    ),
    # --- Finance ---
    gift(
        "stephen.walsh",
        23,
        HOSPITALITY,
        ACCEPTED,
        ("Greenway Waste Services", ORG, GiverLink.BIDDER, "Bidding for the waste contract"),
        "Corporate hospitality at the races, with lunch and drinks in a private box.",
        "400",
        "Accepted for now, as the invitation came through a trade body; I will not go if advised "
        "against it.",
        refer(
            2,
            TO_MO,
            "Greenway are bidding in the live waste collection tender. Please advise whether "
            "Stephen should attend.",
        ),
        estimate=True,
    ),
    gift(
        "natalie.cooper",
        252,
        GIFT,
        ACCEPTED,
        ("Office Supplies Direct", ORG, GiverLink.CONTRACTOR, "Stationery supplier"),
        "Desk diary and notebook.",
        "10",
        "Token items sent to the procurement team each year.",
        note(3),
        estimate=True,
    ),
    gift(
        "natalie.cooper",
        36,
        HOSPITALITY,
        DECLINED,
        ("Ledgerline Software", ORG, GiverLink.BIDDER, "Bidding for the finance system"),
        "Dinner invitation after a product demonstration.",
        "80",
        "The company is bidding in a tender I am running.",
        note(2),
        estimate=True,
    ),
    gift(
        "head-of-finance",
        279,
        HOSPITALITY,
        ACCEPTED,
        ("Harbour Treasury Advisers", ORG, GiverLink.CONTRACTOR, "Our treasury advisers"),
        "Afternoon tea at a treasury management seminar.",
        "20",
        "Refreshments at a seminar I attended for work.",
        note(6),
        estimate=True,
    ),
    gift(
        "fraud",
        66,
        GIFT,
        DECLINED,
        ("A member of the public", PERSON, GiverLink.NONE, ""),
        "Hand-knitted scarf offered by a resident whose report I investigated.",
        "25",
        "Kind, but I cannot accept gifts from people involved in an investigation.",
        note(2),
        estimate=True,
    ),
    gift(
        "auditor",
        171,
        HOSPITALITY,
        ACCEPTED,
        ("Moorcroft Audit LLP", ORG, GiverLink.CONTRACTOR, "The council's external auditor"),
        "Lunch at an internal audit networking group the firm hosts.",
        "20",
        "A working lunch at a networking event for public sector auditors.",
        note(2),
        estimate=True,
    ),
    gift(
        "victor.osei",
        52,
        HOSPITALITY,
        DECLINED,
        ("Ledgerline Software", ORG, GiverLink.CONTRACTOR, "Supplies the payroll system"),
        "Ticket to a rugby international, with hospitality.",
        "120",
        "The supplier's contract is up for renewal.",
        note(3),
        estimate=True,
    ),
    # --- Legal and Democratic Services ---
    gift(
        "adam.kershaw",
        122,
        GIFT,
        ACCEPTED,
        ("Fenwick Chambers", ORG, GiverLink.CONTRACTOR, "Barristers the council instructs"),
        "Bottle of wine at Christmas.",
        "15",
        "Sent to every solicitor who instructs the chambers.",
        note(2),
        estimate=True,
    ),
    gift(
        "mo",
        221,
        HOSPITALITY,
        ACCEPTED,
        ("Regional Monitoring Officers' Group", ORG, GiverLink.PARTNER, "Professional network"),
        "Dinner after the group's annual meeting.",
        "40",
        "Paid for by the host council for every member attending.",
        note(3),
        estimate=True,
    ),
    # --- HR and OD ---
    gift(
        "liam.oconnor",
        82,
        GIFT,
        DECLINED,
        ("Peak Recruitment", ORG, GiverLink.CONTRACTOR, "Supplies temporary staff"),
        "Gift card offered after a recruitment campaign.",
        "30",
        "The agency is one of our suppliers.",
        note(2),
        correct(
            10,
            "The gift card was for £50, not £30. I found the covering letter.",
            value=Decimal("50"),
        ),
        note(1, "Noted with the corrected value."),
    ),
    gift(
        "rachel.dunn",
        8,
        HOSPITALITY,
        ACCEPTED,
        ("WellWork Occupational Health", ORG, GiverLink.BIDDER, "Bidding for the OH contract"),
        "Lunch with the provider's account director.",
        "30",
        "We discussed how the current service works; I paid for my own coffee.",
        estimate=True,
    ),
    # --- Revenues and Benefits ---
    gift(
        "craig.bentley",
        206,
        GIFT,
        ACCEPTED,
        ("A benefits claimant", PERSON, GiverLink.APPLICANT, "Benefit claim decided"),
        "Box of chocolates after an appeal was decided.",
        "7",
        "Given after the decision, as a thank-you; shared with the team.",
        note(2),
        estimate=True,
    ),
    gift(
        "jordan.reid",
        41,
        GIFT,
        DECLINED,
        ("A private landlord", PERSON, GiverLink.APPLICANT, "Receives housing benefit payments"),
        "Takeaway voucher offered after a query was resolved.",
        "20",
        "The landlord has a claim with us.",
        note(3),
    ),
    gift(
        "paula.sutton",
        262,
        GIFT,
        DECLINED,
        ("Northgate Collections", ORG, GiverLink.CONTRACTOR, "Debt recovery agent"),
        "Christmas hamper.",
        "75",
        "The agency works for the council on council tax arrears.",
        note(2),
        estimate=True,
    ),
    # --- Leisure and Culture ---
    gift(
        "ellie.hart",
        176,
        HOSPITALITY,
        ACCEPTED,
        ("ActiveKit Ltd", ORG, GiverLink.BIDDER, "Bidding to supply gym equipment"),
        "Equipment demonstration day with lunch.",
        "35",
        "The demonstration was part of the tender evaluation.",
        note(2, "Noted. Please do not accept anything further while the tender is open."),
        estimate=True,
    ),
    gift(
        "amy.patel",
        57,
        HOSPITALITY,
        DECLINED,
        ("Starline Promotions", ORG, GiverLink.APPLICANT, "Hires the council's theatre"),
        "Backstage passes and dinner for two at a concert.",
        "90",
        "I negotiate the promoter's hire of the theatre.",
        note(3),
        estimate=True,
    ),
    # --- Communities and Wellbeing ---
    gift(
        "jessica.nolan",
        18,
        HOSPITALITY,
        ACCEPTED,
        ("Borough Community Trust", ORG, GiverLink.PARTNER, "Partner charity"),
        "Ticket to the trust's charity gala dinner.",
        "60",
        "Invited to present the community awards on the council's behalf.",
    ),
    gift(
        "ben.hollis",
        126,
        GIFT,
        DECLINED,
        ("Eastfield Allotment Society", ORG, GiverLink.APPLICANT, "Received a council grant"),
        "Hamper of produce from the allotments.",
        "45",
        "The society had just had a grant I assessed.",
        note(2),
        estimate=True,
    ),
    # --- Chief officers ---
    gift(
        "chief-executive",
        189,
        HOSPITALITY,
        ACCEPTED,
        ("Summit Public Sector Consulting", ORG, GiverLink.CONTRACTOR, "Advises on transformation"),
        "Dinner at the firm's reception during the national local government conference.",
        "65",
        "A conference reception attended by many council leaders.",
        note(3),
        estimate=True,
    ),
    gift(
        "chief-executive",
        16,
        GIFT,
        ACCEPTED,
        ("Twin town delegation", ORG, GiverLink.OTHER, "Civic twinning link"),
        "Framed print of the twin town's harbour, presented at a civic visit.",
        "80",
        "A civic gift to the council: it will hang in the town hall, not in my office.",
        estimate=True,
    ),
    gift(
        "s151",
        146,
        HOSPITALITY,
        DECLINED,
        ("Castle Bank plc", ORG, GiverLink.CONTRACTOR, "The council's bankers"),
        "Hospitality box at a county cricket match.",
        "200",
        "Our banking contract is being re-tendered this year.",
        note(2),
        estimate=True,
    ),
)


def interest(
    declarant: str,
    days_ago: int,
    holder: tuple[InterestHolder, str],
    interest_type: InterestType,
    description: str,
    counterparty: str,
    starts_days_before: int,
    *steps: Step,
    ends_days_after: int | None = None,
    key: str = "",
) -> InterestPlan:
    who, relationship = holder
    return InterestPlan(
        declarant=declarant,
        days_ago=days_ago,
        holder=who,
        relative_relationship=relationship,
        interest_type=interest_type,
        description=description,
        counterparty=counterparty,
        starts_days_before=starts_days_before,
        ends_days_after=ends_days_after,
        steps=steps,
        key=key,
    )


MINE = (InterestHolder.SELF, "")
FINANCIAL = InterestType.FINANCIAL
NON_FINANCIAL = InterestType.NON_FINANCIAL


def relative(relationship: str) -> tuple[InterestHolder, str]:
    return (InterestHolder.RELATIVE, relationship)


INTERESTS: tuple[InterestPlan, ...] = (
    # --- The officer persona ---
    interest(
        "officer",
        332,
        relative("Husband"),
        FINANCIAL,
        "My husband is a director and shareholder of a lettings agency in the borough. The "
        "council sometimes places households in homes it manages.",
        "Hartwell Property Lettings Ltd",
        2400,
        note(3, "Noted. Priya will not deal with placements into Hartwell homes."),
        record(6),
    ),
    interest(
        "officer",
        281,
        MINE,
        NON_FINANCIAL,
        "I am a volunteer trustee of a food bank that takes referrals from my team.",
        "Borough Food Bank",
        900,
        note(4),
        record(5),
        correct(
            252,
            "I gave the charity's old name; it merged with another charity and is now the Borough "
            "Food Partnership.",
            description="I am a volunteer trustee of a food charity that takes referrals from my "
            "team.",
            counterparty="Borough Food Partnership",
        ),
    ),
    interest(
        "officer",
        309,
        MINE,
        FINANCIAL,
        "I own a half share, with my brother, of a flat in the borough that we let to tenants.",
        "Flat 3, 12 Station Road (let privately)",
        1500,
        note(2),
        record(7),
        end(205, "We sold the flat; the sale completed last week.", ended_days_before=6),
        note(2, "Noted: interest ended."),
        record(4, "End date recorded. The entry stays in the register as ended."),
    ),
    # --- The contractor persona ---
    interest(
        "contractor",
        29,
        MINE,
        FINANCIAL,
        "I own a surveying company that also bids for small council survey jobs.",
        "Ellis Surveying Ltd",
        3000,
        refer(
            3,
            TO_HOS,
            "Mark's own firm bids for council survey work. Grace, please advise how we keep his "
            "contract work separate from any bids his company makes.",
        ),
    ),
    # --- Housing Options ---
    interest(
        "imran.qureshi",
        7,
        relative("Wife"),
        FINANCIAL,
        "My wife works as a support worker for a charity the council funds for homelessness "
        "outreach.",
        "Street Reach Outreach",
        400,
    ),
    interest(
        "joanne.pritchard",
        110,
        relative("Mother"),
        NON_FINANCIAL,
        "My mother is on the council's housing register, waiting for a home.",
        "Housing register application",
        200,
        refer(
            2,
            TO_MO,
            "Joanne works on the team that handles allocations. Please advise on keeping her "
            "mother's case away from her.",
        ),
        advise(
            3,
            "Joanne must not see or work on her mother's application. The Private Sector Housing "
            "team will manage it, and the case is marked restricted.",
        ),
        note(1, "Noted with the Monitoring Officer's advice."),
        record(2),
    ),
    interest(
        "bethany.cole",
        140,
        MINE,
        NON_FINANCIAL,
        "I am a member of the borough tenants' federation.",
        "Borough Tenants' Federation",
        700,
        note(2),
        withdraw(
            9,
            "Not an interest the code asks for: the federation is open to every council tenant "
            "and Bethany holds no office in it. The entry is kept, marked withdrawn.",
        ),
    ),
    # --- Planning ---
    interest(
        "laura.jenkins",
        47,
        relative("Partner"),
        NON_FINANCIAL,
        "My partner is an elected member of a parish council that comments on planning "
        "applications I handle.",
        "Millbrook Parish Council",
        600,
        note(5, "Noted. Laura will not handle applications in Millbrook parish."),
    ),
    interest(
        "rhys.morgan",
        214,
        MINE,
        NON_FINANCIAL,
        "I am on the committee of the local civic society, which comments on planning "
        "applications.",
        "Borough Civic Society",
        1200,
        note(3),
        record(5),
    ),
    interest(
        "head-of-planning",
        255,
        MINE,
        FINANCIAL,
        "I own my home, which backs on to a site proposed for housing in the draft local plan.",
        "Land east of Orchard Lane (draft allocation)",
        4000,
        note(4, "Noted. Ruth will take no part in decisions on this allocation."),
        record(6, actor="deputy-mo"),
    ),
    # --- Environmental Health ---
    interest(
        "declan.murphy",
        233,
        relative("Daughter"),
        FINANCIAL,
        "My daughter owns a café in the borough which my team inspects.",
        "The Corner Cup café",
        800,
        note(2, "Noted. Declan's inspections of the café will go to another team leader."),
        record(8),
    ),
    interest(
        "chloe.barnes",
        150,
        MINE,
        NON_FINANCIAL,
        "Until recently I sat on the committee of a residents' association that campaigned about "
        "noise from a licensed venue.",
        "Westbrook Residents' Association",
        900,
        note(1),
        record(3),
        ends_days_after=-20,
    ),
    # --- Finance ---
    interest(
        "stephen.walsh",
        300,
        relative("Brother-in-law"),
        FINANCIAL,
        "My brother-in-law is sales director of a firm on the council's IT framework.",
        "Northpoint IT Services Ltd",
        1800,
        note(2, "Noted. Stephen will not evaluate bids from Northpoint."),
        record(3),
    ),
    interest(
        "natalie.cooper",
        120,
        MINE,
        NON_FINANCIAL,
        "I am a volunteer director of a credit union until its next annual meeting.",
        "Borough Credit Union",
        500,
        note(3),
        record(4),
        ends_days_after=250,
    ),
    interest(
        "gemma.lowe",
        230,
        relative("Partner"),
        FINANCIAL,
        "My partner and I run a holiday let in the borough.",
        "Holiday let, Quay Street",
        1000,
        note(2),
        record(3),
        correct(
            180,
            "The business is in my name too, so it is my interest as well as my partner's.",
            holder=InterestHolder.SELF,
            relative_relationship="",
            description="My partner and I jointly own and run a holiday let in the borough.",
        ),
        note(2),
    ),
    # --- Legal and Democratic Services ---
    interest(
        "adam.kershaw",
        26,
        MINE,
        NON_FINANCIAL,
        "I am a trustee of a law centre that receives a council grant.",
        "Borough Law Centre",
        700,
        note(4),
    ),
    interest(
        "governance",
        170,
        MINE,
        NON_FINANCIAL,
        "I am the volunteer treasurer of an amateur theatre group that hires the council's "
        "theatre.",
        "Riverside Players",
        1400,
        note(3),
        record(3, actor="deputy-mo"),
    ),
    interest(
        "mo",
        200,
        relative("Son"),
        FINANCIAL,
        "My son is a trainee solicitor at a firm on the council's legal panel.",
        "Carter Bland Solicitors LLP",
        300,
        note(3, "Noted. Work for the panel firm will be allocated by the Deputy."),
        record(4),
    ),
    # --- HR and OD ---
    interest(
        "rachel.dunn",
        190,
        relative("Husband"),
        FINANCIAL,
        "My husband is a partner in a recruitment agency that supplies temporary staff to the "
        "council.",
        "Peak Recruitment",
        2000,
        note(3),
        record(2),
    ),
    # --- Revenues and Benefits ---
    interest(
        "angela.hobbs",
        165,
        MINE,
        FINANCIAL,
        "I let a flat in the borough; tenants could claim housing benefit.",
        "Flat 1, 40 Mill Lane (let privately)",
        2500,
        ask(2, "Is the flat let to anyone receiving housing benefit at the moment?"),
        respond(3, "Yes, the current tenant receives it. I have never dealt with their claim."),
        note(1, "Noted. The claim is flagged so Angela's team does not handle it."),
        record(4),
    ),
    # --- Leisure and Culture ---
    interest(
        "ellie.hart",
        300,
        MINE,
        FINANCIAL,
        "I hold shares in a sports equipment company that supplies leisure centres.",
        "ActiveKit Ltd",
        1100,
        note(2),
        record(5),
        end(
            270,
            "I sold the shares: the company is bidding in our gym equipment tender.",
            ended_days_before=10,
        ),
        note(3, "Noted: shares sold."),
    ),
    # --- Communities and Wellbeing ---
    interest(
        "tariq.mahmood",
        240,
        MINE,
        NON_FINANCIAL,
        "I am a governor of a primary school in the borough.",
        "St Anne's Primary School",
        600,
        note(2),
        record(3),
        ends_days_after=400,
    ),
    # --- Chief officers ---
    interest(
        "chief-executive",
        280,
        MINE,
        NON_FINANCIAL,
        "I am an unpaid trustee of a regional arts charity that the council funds.",
        "Vale Arts Trust",
        1300,
        note(
            5, "Noted. Funding decisions for the trust will be taken without the Chief Executive."
        ),
        record(2, actor="deputy-mo"),
    ),
)


# ---------------------------------------------------------------------------------------------
# Every other kind of declaration
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayOffset:
    """A date in a plan's facts: this many days after the day it is declared (negative: before)."""

    days: int


def days_before(days: int) -> DayOffset:
    return DayOffset(-days)


def days_after(days: int) -> DayOffset:
    return DayOffset(days)


# A fact as the kind's form would receive it. "{yy}" in text becomes the two-digit year.
Fact = str | bool | DayOffset | None


@dataclass(frozen=True)
class FactsPlan:
    """A declaration of a kind whose facts are its form's answers (see ``declarations.kinds``)."""

    kind: DeclarationKind
    declarant: str
    days_ago: int
    facts: tuple[tuple[str, Fact], ...]
    steps: tuple[Step, ...] = ()
    key: str = ""


def declare(
    kind: DeclarationKind,
    declarant: str,
    days_ago: int,
    facts: dict[str, Fact],
    *steps: Step,
    key: str = "",
) -> FactsPlan:
    return FactsPlan(kind, declarant, days_ago, tuple(facts.items()), steps, key)


K = DeclarationKind

CLOSED_ORGANISATIONS: tuple[FactsPlan, ...] = (
    # The manager sees only that Priya has declared something; the details are sealed.
    declare(
        K.CLOSED_ORGANISATION,
        "officer",
        250,
        {
            "organisation": "The Vale Fellowship of the Oak",
            "joined_on": days_before(6 * 365),
        },
        note(
            2,
            "Noted that Priya has made a declaration. The details are with the Monitoring Officer.",
        ),
        record(
            5,
            "Details recorded. The fellowship has no dealings with Housing Options; no further "
            "action.",
        ),
    ),
    declare(
        K.CLOSED_ORGANISATION,
        "declan.murphy",
        60,
        {
            "organisation": "Castle Lodge No. 4127",
            "role": "Junior Warden",
            "joined_on": days_before(12 * 365),
        },
        note(3),
    ),
)

CONTRACTOR_RELATIONSHIPS: tuple[FactsPlan, ...] = (
    # Written notice and the line manager's note happen in parallel: here the notice comes first.
    declare(
        K.CONTRACTOR_RELATIONSHIP,
        "natalie.cooper",
        215,
        {
            "contractor": "Greenfield Facilities Ltd",
            "relationship": "private",
            "nature": "My sister is the office manager at Greenfield Facilities, which holds the "
            "council's office cleaning contract. The contract will be re-tendered next year and I "
            "work on procurement.",
            "starts_on": days_before(3 * 365),
        },
        record(1, "Written notice received and placed on the file."),
        note(
            3,
            "Noted. Natalie will take no part in the cleaning re-tender; Gemma Lowe will evaluate "
            "the bids with me.",
        ),
    ),
    declare(
        K.CONTRACTOR_RELATIONSHIP,
        "kevin.marsden",
        95,
        {
            "contractor": "Hallam Building Repairs Ltd",
            "relationship": "business",
            "nature": "I worked for Hallam for six years before I joined the council and still "
            "have a small pension with them. They are on the approved list for disabled "
            "facilities grant works, which my team commissions.",
            "starts_on": days_before(9 * 365),
        },
        note(4, "Noted. Grant works quoted by Hallam will be checked by Aisha Begum, not Kevin."),
    ),
    declare(
        K.CONTRACTOR_RELATIONSHIP,
        "matthew.hale",
        12,
        {
            "contractor": "Vale Cars Ltd",
            "relationship": "private",
            "nature": "My partner's father owns Vale Cars, a taxi firm that holds council "
            "licences and is bidding for the school transport contract. I process taxi licence "
            "applications.",
            "starts_on": days_before(4 * 365),
        },
    ),
)

_NO_CONFLICT: dict[str, Fact] = {"could_conflict": "no"}

OUTSIDE_EMPLOYMENT: tuple[FactsPlan, ...] = (
    # PO1 in Housing Options: both consents, each with conditions and a review in a year.
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "kevin.marsden",
        300,
        {
            "employer": "Vale College",
            "role": "Part-time lecturer, housing law evening class",
            "hours": "3 hours a week, Tuesday evenings in term time",
            "starts_on": days_after(40),
            **_NO_CONFLICT,
        },
        approve(
            3,
            "A good use of Kevin's experience.",
            conditions="Teach only outside council working hours. Do not use council cases in "
            "teaching, even without names. Do not advise students about their own housing "
            "applications.",
            review_after_days=365,
        ),
        approve(
            4,
            "Consent given.",
            conditions="Your total working hours must stay within 48 a week. Tell us if the "
            "course moves to daytime.",
            review_after_days=365,
        ),
    ),
    # Refused by HR, then a new request for something else, approved by both.
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "manager",
        230,
        {
            "employer": "Riverside Lettings Ltd",
            "role": "Weekend lettings negotiator",
            "hours": "Saturdays, 9am to 1pm",
            "starts_on": days_after(30),
            "could_conflict": "yes",
            "conflict_detail": "Riverside lets homes to some of the households my team helps into "
            "private renting.",
        },
        refuse(
            5,
            "Refused. Riverside Lettings takes part in the council's private renting access "
            "scheme and offers hospitality to the Housing Options team. The manager of that team "
            "cannot also work for them, whatever the hours.",
            actor="hr",
        ),
    ),
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "manager",
        190,
        {
            "employer": "Reilly's Garden Centre",
            "role": "Bookkeeper for the family business",
            "hours": "About 4 hours a month, in the evenings",
            "starts_on": days_after(14),
            **_NO_CONFLICT,
        },
        approve(2, "Consent given. No link with Housing Options."),
        approve(3, "Consent given. Tell us if the garden centre starts to supply the council."),
    ),
    # Scale G in Leisure: the Head of Service has consented; HR has yet to.
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "ellie.hart",
        20,
        {
            "employer": "Peak Fitness Studio",
            "role": "Freelance spin instructor",
            "hours": "Two classes a week, Sunday mornings and Wednesday evenings",
            "starts_on": days_after(30),
            "could_conflict": "yes",
            "conflict_detail": "Peak Fitness is a private gym in the borough that competes with "
            "our leisure centres for members.",
        },
        approve(
            4,
            "Content, provided Ellie keeps out of pricing and promotions that affect Peak Fitness.",
            conditions="No part in decisions on membership prices or promotions. Do not use "
            "council member lists or contacts.",
            review_after_days=180,
        ),
    ),
    # Below the consent grade: the line manager is told.
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "officer",
        160,
        {
            "employer": "Millbrook Community Café",
            "role": "Café assistant",
            "hours": "Saturdays, 8am to 2pm",
            "starts_on": days_before(10),
            **_NO_CONFLICT,
        },
        note(2, "Noted. No conflict with Priya's work."),
    ),
    # Scale G in Legal: waiting for both consents (the Monitoring Officer heads the service).
    declare(
        K.OUTSIDE_EMPLOYMENT,
        "adam.kershaw",
        9,
        {
            "employer": "HM Courts and Tribunals Service",
            "role": "Fee-paid tribunal judge, social security appeals",
            "hours": "Up to 20 sitting days a year, taken as annual or unpaid leave",
            "starts_on": days_after(90),
            "could_conflict": "yes",
            "conflict_detail": "Some appeals come from this council's benefit decisions. I would "
            "ask not to be listed for them.",
        },
    ),
)

PLANNING_APPLICATIONS: tuple[FactsPlan, ...] = (
    declare(
        K.PLANNING_APPLICATION,
        "rhys.morgan",
        180,
        {
            "application_reference": "not yet",
            "site": "27 Orchard Close, Millbrook",
            "made_by": "for_me",
            "description": "A single-storey rear extension and a dropped kerb. My architect is "
            "submitting it.",
        },
        record(
            3,
            "Routed to the Planning Committee. Rhys has no access to the case file, and the case "
            "officer comes from outside his team.",
        ),
        correct(
            20,
            "The application now has a reference.",
            application_reference="{yy}/0456/HOU",
        ),
        record(2, "Reference noted. The application stays with the Planning Committee."),
    ),
    declare(
        K.PLANNING_APPLICATION,
        "craig.bentley",
        15,
        {
            "application_reference": "{yy}/0871/HOU",
            "site": "14 Beech Road, Castle ward",
            "made_by": "me",
            "description": "A loft conversion with a rear dormer.",
        },
    ),
)

DISCRETIONARY_SERVICES: tuple[FactsPlan, ...] = (
    declare(
        K.DISCRETIONARY_SERVICE,
        "yvonne.clarke",
        110,
        {
            "area": "benefits",
            "about": "me",
            "description": "I have applied for council tax support after my hours were cut. My "
            "own team in Revenues and Benefits would normally assess the claim.",
        },
        record(
            6,
            "Outcome: assessed by Kingsford District Council under our shared-service "
            "arrangement, and checked by me. Support was awarded under the normal scheme rules. "
            "The claim is restricted so that Yvonne's team cannot open it.",
        ),
    ),
    declare(
        K.DISCRETIONARY_SERVICE,
        "bethany.cole",
        25,
        {
            "area": "tenancy",
            "about": "colleague",
            "colleague": "Dean Foster",
            "description": "An application to the housing register from Dean Foster, who works "
            "in Leisure, has come to our team. I know him socially and have not opened it.",
        },
    ),
)

CONTRACT_USES: tuple[FactsPlan, ...] = (
    declare(
        K.CONTRACT_USE,
        "sophie.turner",
        270,
        {
            "contract": "Corporate IT hardware framework",
            "supplier": "Northpoint IT Services Ltd",
            "intended_use": "Buying a laptop for my son's college course at the framework "
            "price, paid for myself.",
        },
        approve(
            5,
            "Approved in writing.",
            conditions="Order through the supplier's staff purchase page, in your own name and "
            "with your own card. Do not quote a council order number.",
        ),
    ),
    declare(
        K.CONTRACT_USE,
        "dean.foster",
        130,
        {
            "contract": "Leisure equipment supply contract",
            "supplier": "ActiveKit Ltd",
            "intended_use": "Buying a rowing machine for home at the council's trade price.",
        },
        refuse(
            4,
            "Refused. The contract does not allow personal purchases, and a discount from a "
            "supplier bidding in our gym equipment tender is a benefit the code does not allow.",
        ),
    ),
    declare(
        K.CONTRACT_USE,
        "zara.hussain",
        8,
        {
            "contract": "Pest control services contract",
            "supplier": "Vale Pest Solutions",
            "intended_use": "A wasp nest treatment at my home at the contract rate rather than "
            "the public price.",
        },
    ),
)

SPONSORSHIPS: tuple[FactsPlan, ...] = (
    declare(
        K.SPONSORSHIP,
        "amy.patel",
        240,
        {
            "activity": "Borough Summer Fun Run",
            "beneficiary": "partner",
            "beneficiary_detail": "Sam Okoye",
            "benefit": "Sam is the paid coach of Millbrook Harriers, the running club that "
            "organises the fun run with £1,500 of council sponsorship.",
            "starts_on": days_before(20),
            "ends_on": days_after(60),
        },
        note(3, "Noted. Marcus Reed manages the sponsorship agreement, not Amy."),
    ),
    declare(
        K.SPONSORSHIP,
        "jessica.nolan",
        150,
        {
            "activity": "Millbrook Youth Arts Festival",
            "beneficiary": "relative",
            "beneficiary_detail": "Luke Nolan (my brother)",
            "benefit": "Luke's company, Stagecraft Hire, supplies the staging and is paid from "
            "the council's sponsorship of the festival.",
            "starts_on": days_before(30),
        },
        note(2, "Noted. Jessica will not sign off festival invoices."),
        end(
            100,
            "The festival is over and the sponsorship agreement has ended.",
            ended_days_before=5,
        ),
    ),
)

S117_INTERESTS: tuple[FactsPlan, ...] = (
    declare(
        K.S117_INTEREST,
        "ben.hollis",
        260,
        {
            "contract": "Youth outreach services contract (proposed)",
            "interest_type": "indirect",
            "nature": "My partner is a paid director of Brightpath CIC, which is bidding for the "
            "contract. Part of her salary would come from it.",
            "starts_on": days_before(3),
        },
        record(2, "Entered in the section 117 book."),
    ),
    declare(
        K.S117_INTEREST,
        "tariq.mahmood",
        200,
        {
            "contract": "Lease of a lock-up garage on Station Road (proposed)",
            "interest_type": "direct",
            "nature": "The council proposes to rent a garage I own, at £900 a year, to store CCTV "
            "equipment.",
            "starts_on": days_before(1),
        },
        record(
            3,
            "Entered in the section 117 book. The lease will be agreed by the Director, not Tariq.",
        ),
    ),
    declare(
        K.S117_INTEREST,
        "gareth.pryce",
        6,
        {
            "contract": "Council tax bill printing and mailing contract (tender)",
            "interest_type": "indirect",
            "nature": "My wife holds about 3% of the shares in Vale Print and Mail Ltd, which has "
            "bid. Its dividends depend on its profits.",
            "starts_on": days_before(2),
        },
    ),
)

STAFF_DECISIONS: tuple[FactsPlan, ...] = (
    declare(
        K.STAFF_DECISION,
        "rachel.dunn",
        120,
        {
            "decision": "appointment",
            "person": "Ciara Dunn",
            "connection": "My niece",
            "detail": "Ciara has applied for the HR Assistant post. I was due to shortlist and "
            "sit on the panel.",
        },
        record(
            1,
            "Taken off the decision by Martin Hughes, her line manager: Sophie Turner shortlists "
            "and sits on the panel instead, and Rachel cannot see the applications.",
        ),
    ),
    declare(
        K.STAFF_DECISION,
        "simon.fletcher",
        4,
        {
            "decision": "promotion",
            "person": "Hannah Webb",
            "connection": "A close friend; our families go on holiday together",
            "detail": "Hannah has applied for the senior enforcement post and I was to chair the "
            "panel.",
        },
    ),
)


def nil_return(declarant: str, days_ago: int, occasion: str = "annual") -> FactsPlan:
    return declare(K.NIL_RETURN, declarant, days_ago, {"occasion": occasion, "confirm": True})


NIL_RETURNS: tuple[FactsPlan, ...] = (
    # The annual round, last spring
    nil_return("nadia.brennan", 344),
    nil_return("colin.ashworth", 343),
    nil_return("sunita.rao", 342),
    nil_return("deputy-mo", 341),
    nil_return("megan.lister", 340),
    nil_return("marcus.reed", 339),
    nil_return("kirsty.shaw", 338),
    nil_return("lorna.fraser", 337),
    nil_return("yvonne.clarke", 336),
    # A new starter
    nil_return("ruby.ahmed", 72, "induction"),
)

OTHER_DECLARATIONS: tuple[FactsPlan, ...] = (
    *CLOSED_ORGANISATIONS,
    *CONTRACTOR_RELATIONSHIPS,
    *OUTSIDE_EMPLOYMENT,
    *PLANNING_APPLICATIONS,
    *DISCRETIONARY_SERVICES,
    *CONTRACT_USES,
    *SPONSORSHIPS,
    *S117_INTERESTS,
    *STAFF_DECISIONS,
    *NIL_RETURNS,
)
