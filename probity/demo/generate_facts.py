"""Made-up names, firms and declaration facts for the generated council (pure: rng in, values out).

Every fact a generated declaration carries has the shape its kind's form returns (see
``declarations.kinds``): the same keys, choice values the form offers and dates as ISO strings, so
that the form would accept it back. The test of the generator puts a sample through the forms.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from probity.declarations.choices import (
    DeclarationKind,
    GiftCategory,
    GiftOutcome,
    GiverLink,
    GiverType,
    InterestHolder,
    InterestType,
)

K = DeclarationKind

FIRST_NAMES = (
    "Aaliyah", "Adam", "Aisha", "Alex", "Alice", "Amir", "Amy", "Andrew", "Anna", "Arjun",
    "Ben", "Bethan", "Callum", "Carys", "Charlotte", "Chloe", "Chris", "Claire", "Connor", "Daisy",
    "Daniel", "David", "Deborah", "Dylan", "Eleanor", "Elif", "Ella", "Emeka", "Emily", "Emma",
    "Ethan", "Fatima", "Finn", "Georgia", "Gemma", "Grace", "Hamza", "Hannah", "Harry", "Helen",
    "Ian", "Imogen", "Isaac", "Jack", "Jade", "James", "Jasmine", "Jennifer", "John", "Joseph",
    "Julie", "Kate", "Kieran", "Kwame", "Laura", "Leah", "Lewis", "Liam", "Lily", "Lucy",
    "Maria", "Mark", "Martin", "Megan", "Michael", "Mohammed", "Naomi", "Nathan", "Niamh", "Nicola",
    "Oliver", "Olivia", "Owen", "Patrick", "Paul", "Priya", "Rachel", "Rebecca", "Rhys", "Richard",
    "Robert", "Rosie", "Ryan", "Sam", "Samira", "Sarah", "Sean", "Sian", "Simon", "Sophie",
    "Stephen", "Stuart", "Tariq", "Thomas", "Tom", "Usman", "Victoria", "William", "Yasmin", "Zoe",
)  # fmt: skip

LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Ali", "Allen", "Armstrong", "Atkinson", "Bailey", "Baker",
    "Barker", "Bell", "Bennett", "Bradley", "Brooks", "Brown", "Butler", "Campbell", "Carter",
    "Chapman", "Clarke", "Collins", "Cook", "Cooper", "Cox", "Davies", "Dawson", "Dixon", "Doherty",
    "Edwards", "Ellis", "Evans", "Fisher", "Fleming", "Ford", "Foster", "Fox", "Gibson", "Gill",
    "Graham", "Grant", "Gray", "Green", "Griffiths", "Hall", "Harris", "Harrison", "Hayes", "Hill",
    "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly",
    "Khan", "King", "Knight", "Lee", "Lewis", "Lloyd", "Marshall", "Martin", "Mason", "Matthews",
    "Mills", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nelson", "Nguyen",
    "Obi", "Owen", "Palmer", "Parker", "Patel", "Pearce", "Phillips", "Powell", "Price", "Reid",
    "Richards", "Roberts", "Robinson", "Rogers", "Rose", "Russell", "Saunders", "Scott", "Shaw",
    "Singh", "Smith", "Stevens", "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker",
    "Ward", "Watson", "Webb", "White", "Williams", "Wilson", "Wood", "Wright", "Young",
)  # fmt: skip

_FIRM_STEMS = (
    "Northgate", "Riverside", "Castlebrook", "Meridian", "Oakwood", "Harbourside", "Summit",
    "Beacon", "Kestrel", "Pennine", "Severnvale", "Ashford", "Greenfield", "Millbrook", "Westbury",
    "Hollins", "Carrick", "Falconer", "Linden", "Marlow", "Brackley", "Elmstead", "Fernhill",
    "Glenmore", "Hawthorn", "Ivybridge", "Juniper", "Kingsmead", "Larkspur", "Moorland",
)  # fmt: skip
_FIRM_KINDS = (
    "Construction Ltd", "Facilities Management Ltd", "Consulting LLP", "IT Solutions Ltd",
    "Catering Ltd", "Property Group", "Housing Association", "Legal LLP", "Engineering Ltd",
    "Security Services Ltd", "Cleaning Services Ltd", "Software Ltd", "Recruitment Ltd",
    "Architects", "Surveyors LLP", "Waste Services Ltd", "Highways Ltd", "Energy Ltd",
    "Care Services Ltd", "Print and Design Ltd",
)  # fmt: skip

GIFTS = (
    ("A bottle of wine at Christmas", 15, 40),
    ("A hamper of local produce", 30, 90),
    ("A shopping voucher", 10, 50),
    ("A box of chocolates for the team", 8, 25),
    ("Two theatre tickets", 40, 120),
    ("A branded fleece jacket", 20, 45),
    ("A book about the history of the town", 12, 30),
    ("A bouquet of flowers", 20, 60),
    ("Two tickets to a football match", 50, 180),
    ("A desk clock engraved with the firm's name", 25, 70),
)
HOSPITALITY = (
    ("Lunch after a site meeting", 12, 35),
    ("Dinner at a supplier's annual awards evening", 60, 150),
    ("A place at a charity golf day", 80, 250),
    ("Drinks reception at a trade conference", 15, 40),
    ("Two nights in a hotel for a conference", 180, 420),
    ("Breakfast briefing with sandwiches", 8, 20),
    ("A seat in a hospitality box at a rugby match", 150, 450),
    ("Evening meal with the project team", 30, 80),
    ("Tickets to a summer concert with hospitality", 70, 200),
    ("A table at a business awards dinner", 90, 300),
)
ACCEPTED_REASONS = (
    "Small value, and nothing about the giver is waiting for a decision from me.",
    "Shared with the whole team.",
    "Part of a conference I went to for work, agreed with my manager beforehand.",
    "Turning it down would have caused offence; the value is modest.",
    "A working lunch where the meeting ran on; nothing lavish.",
)
DECLINED_REASONS = (
    "The firm is bidding for a contract I am involved in.",
    "Too generous for someone in a public role to accept.",
    "The giver has an application with my team.",
    "We do not accept vouchers or anything that can be spent like cash.",
    "Not appropriate while a procurement is running.",
)
INTERESTS = (
    "Holds shares in a firm that supplies the council",
    "Unpaid trustee of a local charity that receives council grants",
    "Member of the board of a housing association working in the borough",
    "Owns a rental property in the borough",
    "Volunteer governor at a local school",
    "Partner in a family business that bids for council work",
    "Member of a residents' association that comments on planning applications",
)
RELATIVES = ("Spouse", "Partner", "Brother", "Sister", "Mother", "Father", "Son", "Daughter")
ORGANISATIONS = (
    "Ancient Order of the Silver Key",
    "The Lodge of the Three Rivers",
    "Fraternal Society of St Aldric",
    "The Meridian Circle",
    "Order of the Western Gate",
)
EMPLOYMENT = (
    ("Weekend bar work", "Bar staff", "10 hours a week, weekends"),
    ("Private tutoring", "Tutor", "4 hours a week, evenings"),
    ("Own photography business", "Photographer", "Occasional weekends"),
    ("Part-time lecturing at the college", "Associate lecturer", "One evening a week"),
    ("Non-executive director of a social enterprise", "Director", "One day a month"),
    ("Retained firefighter", "Firefighter", "On call, evenings and weekends"),
    ("Freelance bookkeeping", "Bookkeeper", "6 hours a week"),
)
SITES = (
    "Single-storey rear extension",
    "Loft conversion with rear dormer",
    "Detached garage",
    "Change of use of outbuilding to a home office",
    "Two-storey side extension",
)
STREETS = (
    "Station Road",
    "Church Lane",
    "Mill Street",
    "Park Avenue",
    "Victoria Road",
    "The Green",
)
CONTRACTS = (
    "Corporate mobile phone contract",
    "Staff cycle-to-work scheme supplier",
    "Office furniture framework",
    "Laptop and tablet buying framework",
    "Home energy efficiency scheme",
)
ACTIVITIES = (
    "The borough's summer festival",
    "A youth football league",
    "The town's Christmas lights switch-on",
    "A community arts trail",
    "A charity fun run",
)
S117_CONTRACTS = (
    "Grounds maintenance contract",
    "Building repairs framework",
    "Temporary accommodation block booking",
    "Catering at the civic centre",
    "IT support services contract",
)

NOTE_COMMENTS = (
    "",
    "",
    "",
    "Noted, thank you.",
    "Fine to keep; thanks for declaring it.",
    "Noted. Please tell me if anything changes.",
)
QUESTIONS = (
    "Please say roughly what it was worth.",
    "Who else from the council was there?",
    "Is the firm bidding for any work your team is involved in?",
    "When did this start? Please add the date.",
)
ANSWERS = (
    "About £30 a head, as far as I can tell.",
    "Two colleagues from the procurement team.",
    "Not that I know of; I have checked with the contracts team.",
    "It started in the spring; I have put the date in.",
)
REFERRALS = (
    "I would like a second view before noting this.",
    "Please advise whether this needs anything more than noting.",
    "Not sure about this one: could you advise?",
)
ADVICE = (
    "Fine to note; there is no conflict with current work.",
    "Note it, and keep the officer away from the tender evaluation.",
    "Nothing further needed.",
)
RECORD_COMMENTS = ("", "", "Entered in the register.", "Recorded.")
CONDITIONS = (
    "Not in council working hours, and no work for anyone who deals with the council.",
    "No use of council equipment or information; tell us if the hours change.",
    "Step back from any decision involving the business.",
)
REFUSALS = (
    "The business works for the council, and the conflict cannot be managed.",
    "The hours would clash with your council duties.",
    "Using the contract this way is not allowed under our purchasing rules.",
)
CORRECTIONS = (
    "I gave the wrong date.",
    "I had the value wrong.",
    "Added a detail my manager asked for.",
)
ENDINGS = (
    "I have stepped down.",
    "This came to an end.",
    "It no longer applies.",
)
WITHDRAWALS_OWN = ("Made by mistake.", "I sent this twice.")
WITHDRAWALS_MO = ("A duplicate of another entry.", "Entered against the wrong person.")


def full_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def firm(rng: random.Random) -> str:
    return f"{rng.choice(_FIRM_STEMS)} {rng.choice(_FIRM_KINDS)}"


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _earlier(rng: random.Random, on: dt.date, *, most: int, least: int = 0) -> dt.date:
    return on - dt.timedelta(days=rng.randint(least, most))


def gift_facts(rng: random.Random, *, on: dt.date) -> dict[str, Any]:
    """A gift or hospitality offer made on or shortly before ``on`` (typed columns)."""
    hospitality = rng.random() < 0.55
    description, low, high = rng.choice(HOSPITALITY if hospitality else GIFTS)
    by_person = rng.random() < 0.15
    giver = f"{' '.join(full_name(rng))}" if by_person else firm(rng)
    link = rng.choices(
        (
            GiverLink.CONTRACTOR,
            GiverLink.BIDDER,
            GiverLink.APPLICANT,
            GiverLink.PARTNER,
            GiverLink.NONE,
            GiverLink.OTHER,
        ),
        weights=(35, 10, 10, 20, 15, 10),
    )[0]
    detail = ""
    if link == GiverLink.OTHER:
        detail = rng.choice(("Former supplier", "Trade body we belong to", "Sponsor of an event"))
    elif link == GiverLink.BIDDER:
        detail = rng.choice(("Waste collection tender", "Repairs framework", "IT support tender"))
    accepted = rng.random() < 0.55
    pounds = rng.randint(low, high)
    value = Decimal(pounds) + Decimal(rng.choice((0, 0, 0, 50, 99))) / 100
    return {
        "giver_name": giver,
        "giver_type": GiverType.PERSON if by_person else GiverType.ORGANISATION,
        "giver_link": str(link),
        "giver_link_detail": detail,
        "category": GiftCategory.HOSPITALITY if hospitality else GiftCategory.GIFT,
        "description": description,
        "value": value.quantize(Decimal("0.01")),
        "value_is_estimate": rng.random() < 0.4,
        "offered_on": _earlier(rng, on, most=14),
        "outcome": GiftOutcome.ACCEPTED if accepted else GiftOutcome.DECLINED,
        "outcome_reason": rng.choice(ACCEPTED_REASONS if accepted else DECLINED_REASONS),
    }


def interest_facts(rng: random.Random, *, on: dt.date) -> dict[str, Any]:
    """A personal interest, the declarant's own or a relative's (typed columns)."""
    relative = rng.random() < 0.25
    return {
        "holder": InterestHolder.RELATIVE if relative else InterestHolder.SELF,
        "relative_relationship": rng.choice(RELATIVES) if relative else "",
        "interest_type": InterestType.FINANCIAL
        if rng.random() < 0.6
        else InterestType.NON_FINANCIAL,
        "description": rng.choice(INTERESTS),
        "counterparty": firm(rng),
        "starts_on": _earlier(rng, on, most=5 * 365),
        "ends_on": None,
    }


def facts_for(kind: str, rng: random.Random, *, on: dt.date) -> dict[str, Any]:
    """The answers of a kind kept as a facts dict, as its form returns them on ``on``."""
    if kind == K.CLOSED_ORGANISATION:
        return {
            "organisation": rng.choice(ORGANISATIONS),
            "role": rng.choice(("", "", "Treasurer", "Secretary")),
            "joined_on": _iso(_earlier(rng, on, most=20 * 365)),
            "left_on": None,
        }
    if kind == K.CONTRACTOR_RELATIONSHIP:
        business = rng.random() < 0.5
        return {
            "contractor": firm(rng),
            "relationship": "business" if business else "private",
            "nature": rng.choice(
                ("I used to work for them.", "I hold a few shares in the firm.")
                if business
                else ("My brother owns the company.", "A close friend is a director there.")
            ),
            "starts_on": _iso(_earlier(rng, on, most=10 * 365)),
        }
    if kind == K.OUTSIDE_EMPLOYMENT:
        employer, role, hours = rng.choice(EMPLOYMENT)
        conflict = rng.random() < 0.15
        return {
            "employer": employer,
            "role": role,
            "hours": hours,
            "starts_on": _iso(on + dt.timedelta(days=rng.randint(-60, 45))),
            "could_conflict": "yes" if conflict else "no",
            "conflict_detail": "The business sometimes works for local landlords."
            if conflict
            else "",
        }
    if kind == K.PLANNING_APPLICATION:
        return {
            "application_reference": f"{on.year % 100:02d}/{rng.randint(1, 2999):04d}/"
            f"{rng.choice(('FUL', 'HOU', 'LBC'))}",
            "site": f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
            "made_by": "me" if rng.random() < 0.8 else "for_me",
            "description": rng.choice(SITES),
        }
    if kind == K.DISCRETIONARY_SERVICE:
        colleague = rng.random() < 0.2
        return {
            "area": rng.choice(("tenancy", "benefits", "council_tax", "grants", "other")),
            "about": "colleague" if colleague else "me",
            "colleague": " ".join(full_name(rng)) if colleague else "",
            "description": rng.choice(
                (
                    "An application for a council tenancy.",
                    "A claim for council tax support.",
                    "A request for a discretionary housing payment.",
                )
            ),
        }
    if kind == K.CONTRACT_USE:
        return {
            "contract": rng.choice(CONTRACTS),
            "supplier": firm(rng),
            "intended_use": rng.choice(
                (
                    "Buying a laptop for home at the discounted price.",
                    "A phone contract for my family at the council's rate.",
                    "Solar panels for my house through the scheme.",
                )
            ),
        }
    if kind == K.SPONSORSHIP:
        beneficiary = rng.choice(("me", "partner", "relative"))
        return {
            "activity": rng.choice(ACTIVITIES),
            "beneficiary": beneficiary,
            "beneficiary_detail": "" if beneficiary == "me" else " ".join(full_name(rng)),
            "benefit": rng.choice(
                (
                    "Paid to organise it.",
                    "Their business supplies the event.",
                    "A stall fee waived.",
                )
            ),
            "starts_on": _iso(_earlier(rng, on, most=2 * 365)),
            "ends_on": None,
        }
    if kind == K.S117_INTEREST:
        return {
            "contract": rng.choice(S117_CONTRACTS),
            "interest_type": rng.choice(("direct", "indirect")),
            "nature": rng.choice(
                (
                    "My partner is a shareholder in the contractor.",
                    "I own a small stake in the firm.",
                    "My brother is paid a commission on the contract.",
                )
            ),
            "starts_on": _iso(_earlier(rng, on, most=90)),
        }
    if kind == K.STAFF_DECISION:
        return {
            "decision": rng.choice(("appointment", "discipline", "promotion", "pay", "other")),
            "person": " ".join(full_name(rng)),
            "connection": rng.choice(("My cousin", "A close friend", "My partner's sister")),
            "detail": "",
        }
    if kind == K.NIL_RETURN:
        return {"occasion": rng.choice(("annual", "annual", "other")), "confirm": True}
    raise ValueError(f"No made-up facts for {kind}")


def corrected(kind: str, facts: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same answers with one thing put right, as a correction would send them."""
    changed = dict(facts)
    if kind == K.GIFT_HOSPITALITY:
        changed["value"] = (facts["value"] + Decimal(rng.randint(5, 40))).quantize(Decimal("0.01"))
    elif kind == K.PERSONAL_INTEREST:
        changed["description"] = f"{facts['description']} (corrected)"
    elif kind == K.NIL_RETURN:
        changed["occasion"] = "other" if facts["occasion"] == "annual" else "annual"
    else:
        for name in ("nature", "description", "benefit", "intended_use", "connection", "role"):
            if name in changed:
                changed[name] = f"{changed[name] or 'Member'} (corrected)"
                break
    return changed
