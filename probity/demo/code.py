"""The demo council's code of conduct, its earlier version, and its councillor-officer protocol.

Written for Probity in its own words. Loaded only through the code's services, step by step, in
date order, so the demo's governance history is one the product could have made.
"""

from __future__ import annotations

import datetime as dt

from probity.conduct import code_services
from probity.conduct.code_selectors import people_asked_to_confirm
from probity.conduct.documents import parse_text
from probity.conduct.models import CodeVersion, DocumentKind, MeetingOutcome
from probity.core.clock import LONDON
from probity.people.models import Person

SOURCE = "demo"
COMMITTEE = "Standards and Governance Committee"

INTRODUCTION = (
    "This code sets out how everyone who works for Example Borough Council is expected to behave, "
    "and what they must tell the council about. Where a section asks you to declare something, "
    "you can do it straight from that section."
)

SECTIONS_V2: dict[str, str] = {
    "about": """1. About this code
1.1 People who live and work in the borough are entitled to expect the highest standards from the council's staff. This code explains those standards and the steps you must take to protect yourself and the council from any suspicion of bias or dishonesty.
1.2 The code sits alongside the law, your contract of employment and the council's other policies. It does not replace them. Where they say more, follow them as well.
1.3 Breaking the code may lead to action under the disciplinary procedure. Some breaches may also be criminal offences.""",
    "who": """2. Who the code applies to
2.1 The code applies to every employee of the council, whatever their grade or hours.
2.2 It applies in the same way to agency workers, consultants and external contractors while they work for the council. Managers who engage them must make sure they know about it.
2.3 Some parts, such as political restrictions on certain posts, matter more to senior staff. Where that is so, the section says so.""",
    "principles": """3. Standards of behaviour
3.1 Everyone who works for the council is expected to follow the seven principles of public life and the council's own values, shown at the start of this code.
3.2 Give the best service you can to everyone, and give honest and impartial advice to councillors and colleagues.
3.3 Do not use your position to gain anything for yourself, your family, your partner or your friends.""",
    "concerns": """4. Raising concerns
4.1 If you think something improper, fraudulent or corrupt is happening, you must report it. Tell your line manager, the Corporate Fraud Manager or the Monitoring Officer.
4.2 Reports are treated in confidence. Nobody will be treated unfairly for raising a concern honestly, even if it turns out to be unfounded.
4.3 You may report without giving your name, although it can then be harder to look into what you report.""",
    "information": """5. Information and confidentiality
5.1 The law gives councillors, auditors, government bodies and the public the right to see much of the council's information. Know the council's rules on releasing information and follow them.
5.2 Never use information you gain at work for your own benefit or anyone else's, during your employment or after it ends, and never pass it to others who might.
5.3 Keep personal information about residents and colleagues safe, and look at it only when your work needs you to.""",
    "politics": """6. Political neutrality
6.1 You serve the council as a whole and every councillor, whichever party they belong to.
6.2 If you advise political groups, do it in a way that keeps your neutrality. The protocol on relations between councillors and officers explains how.
6.3 Some posts are politically restricted by law. If yours is one, your contract says so, and you must not take an active part in party politics.""",
    "relationships": """7. Relationships with councillors, the public and contractors
7.1 Treat councillors with respect and expect the same from them. Avoid a close personal friendship with a councillor that could embarrass either of you or your colleagues.
7.2 Treat everyone who uses the council's services courteously and fairly.
7.3 If you have a business or private relationship with a contractor, or with a firm hoping to become one, tell your line manager and declare it to the Monitoring Officer.
7.4 Award work on merit under the council's contract rules. Show no favour to firms run by your relatives, partner or friends.""",
    "appointments": """8. Appointments and decisions about colleagues
8.1 Appointments must be made on merit alone.
8.2 Do not take part in appointing someone who is a relative, your partner or a close friend. Do not take part in decisions about the discipline, promotion or pay of such a person either.
8.3 Declare the relationship as soon as you know about it, so that someone else can take your place.""",
    "services": """9. Using council services yourself
9.1 Many of us use the council's services. For everyday dealings this causes no difficulty.
9.2 Where a service involves judgement, such as allocating a home or deciding a benefit claim, cases involving staff must be seen to be handled fairly. If you work in such a service, refer any case about yourself or a colleague to senior management and declare it.""",
    "outside": """10. Outside work and business
10.1 You must not take other work or run a business that conflicts with the council's interests or with your duties here.
10.2 If you are at Scale G or above, you need the written consent of both your Head of Service and the HR and Organisational Development Manager before you start any other job, business or paid appointment.
10.3 Below Scale G, tell your line manager about any other job or business before you start it.
10.4 Declare it in every case, so the council can keep its register up to date.""",
    "interests": """11. Personal interests
11.1 Declare any financial or non-financial interest that could conflict with the council's interests. This includes the interests of your close relatives and your partner.
11.2 Examples include owning shares in a firm the council deals with, being a trustee of a charity the council funds, or owning land near a proposed development.
11.3 When an interest ends, record the date it ended. The entry stays on the register.""",
    "closed": """12. Membership of closed organisations
12.1 Declare membership of any organisation that is not open to the public and which asks its members to keep its rules, membership or conduct secret.
12.2 This information is treated as special-category personal data. Only the fewest people possible will see it.""",
    "s117": """13. Money interests in council contracts
13.1 The law (section 117 of the Local Government Act 1972) requires you to give notice in writing of any money interest you have, directly or indirectly, in a contract the council has made or is proposing to make.
13.2 These notices are kept in a book that any councillor may inspect during office hours.""",
    "planning": """14. Your own planning applications
14.1 If you, or someone on your behalf, applies for planning permission, tell the Head of Planning in writing.
14.2 Your application will be decided by the Planning Committee, not by officers.""",
    "gifts": """15. Gifts and hospitality
15.1 Declare every gift or hospitality offered to you because of your work, whether you accept it or turn it down. The only exception is an item of token value, such as a pen or a calendar.
15.2 There is no value below which a gift need not be declared. If you are not sure whether something is of token value, declare it.
15.3 Turn down anything offered by someone who is bidding for council work, has an application before the council, or could gain from a decision you take.
15.4 Never accept cash or anything that could be turned into cash.""",
    "sponsorship": """16. Sponsorship
16.1 Where the council sponsors an event or organisation from which you, your partner or a relative benefit, declare it.
16.2 Where an outside body offers to sponsor council work, the same rules on gifts and impartiality apply.""",
    "contracts": """17. Buying and using council contracts
17.1 Follow the council's contract rules and financial regulations whenever you buy goods or services for the council.
17.2 Do not use a council contract or purchasing arrangement for your own benefit without the prior written approval of the Head of Corporate Finance. If approval is refused, you must not go ahead.""",
    "property": """18. Council property, equipment and social media
18.1 Use council money, property, vehicles and equipment only for council business, unless a council policy allows personal use.
18.2 Take care with what you post online. Do not share council information, and do not post anything that could bring the council into disrepute or suggest you are not impartial.""",
    "declaring": """19. Making and keeping your declarations
19.1 Make your declarations in Probity as soon as something arises, and in any case within 28 days.
19.2 New starters read this code, confirm they have done so, and make their first declarations, or a nil return, within 28 days of starting.
19.3 Every year you are asked to confirm that your declarations are complete. If you have nothing to declare, make a nil return.
19.4 The Monitoring Officer keeps the registers. Failing to declare something may be treated as a breach of this code.""",
}

KINDS: dict[str, tuple[str, ...]] = {
    "relationships": ("contractor_relationship",),
    "appointments": ("staff_decision",),
    "services": ("discretionary_service",),
    "outside": ("outside_employment",),
    "interests": ("personal_interest",),
    "closed": ("closed_organisation",),
    "s117": ("s117_interest",),
    "planning": ("planning_application",),
    "gifts": ("gift_hospitality",),
    "sponsorship": ("sponsorship",),
    "contracts": ("contract_use",),
    "declaring": ("nil_return",),
}

# The earlier version: no section on raising concerns or using council services, a £25 limit on
# gifts, consent for outside work from the line manager only, and nothing on social media.
SECTIONS_V1: dict[str, str] = {
    **{
        key: text
        for key, text in SECTIONS_V2.items()
        if key not in {"concerns", "services", "outside", "gifts", "property", "declaring"}
    },
    "outside": """10. Outside work and business
10.1 You must not take other work or run a business that conflicts with the council's interests or with your duties here.
10.2 Before you start any other job or business, ask your line manager for consent.""",
    "gifts": """15. Gifts and hospitality
15.1 Declare any gift or hospitality you accept because of your work that is worth more than £25.
15.2 Turn down anything offered by someone who is bidding for council work.
15.3 Never accept cash.""",
    "property": """18. Council property and equipment
18.1 Use council money, property, vehicles and equipment only for council business.""",
    "declaring": """19. Making your declarations
19.1 Make your declarations on the paper form available from the Monitoring Officer.
19.2 Failing to declare something may be treated as a breach of this code.""",
}
V1_ORDER = [key for key in SECTIONS_V2 if key in SECTIONS_V1]

VALUES = (
    ("Respect", "We treat residents, councillors and colleagues with courtesy and fairness."),
    ("Openness", "We explain our decisions and admit our mistakes."),
    ("Care for the borough", "We spend public money as carefully as if it were our own."),
)

PROTOCOL = """This protocol describes how councillors and officers work together. It applies alongside the officers' code of conduct and the councillors' code.

1. Purpose
1.1 Good local government depends on councillors and officers trusting and respecting each other. This protocol sets out what each can expect of the other.

2. The role of councillors
2.1 Councillors are elected to represent their residents, set the council's policies and hold its decisions to account.
2.2 Councillors do not manage staff. They should raise concerns about an officer's work with the officer's manager, not with the officer in public.

3. The role of officers
3.1 Officers give professional, impartial advice and carry out the council's lawful decisions.
3.2 Officers serve the whole council. They must not be asked to act in a way that favours one party or one councillor.

4. Respect and courtesy
4.1 Councillors and officers treat each other with respect, in meetings, in writing and online.
4.2 Neither should criticise the other in public or on social media. Disagreements are settled through the proper channels.

5. Working with political groups
5.1 Officers may brief political groups on council business when the Chief Executive agrees. The same factual information is available to every group.
5.2 Officers do not attend the parts of group meetings that deal with party matters.

6. Information for councillors
6.1 Councillors may see the information they need to do their job as councillors. Officers will help them find it.
6.2 Confidential information given to a councillor must be kept confidential.

7. Casework for residents
7.1 Councillors may raise residents' cases with officers, who will reply within the council's usual timescales.
7.2 A councillor's involvement must not lead to a resident being treated more or less favourably than anyone else.

8. Personal relationships
8.1 A close personal relationship between a councillor and an officer, such as a family tie or partnership, must be declared to the Monitoring Officer.

9. When things go wrong
9.1 An officer who is concerned about a councillor's behaviour should tell their manager or the Monitoring Officer.
9.2 A councillor who is concerned about an officer's behaviour should tell the officer's manager, the Chief Executive or the Monitoring Officer.
"""


def _text(keys: list[str], sections: dict[str, str], *, renumber: bool) -> str:
    """The sections in order; the earlier version's sections are numbered as it numbered them."""
    parts = [INTRODUCTION]
    for index, key in enumerate(keys, 1):
        text = sections[key]
        if renumber:
            old_number = text.split(".", 1)[0]
            text = "\n".join(
                line.replace(f"{old_number}.", f"{index}.", 1)
                if line.startswith(f"{old_number}.")
                else line
                for line in text.splitlines()
            )
        parts.append(text)
    return "\n\n".join(parts)


def _weekday(day: dt.date) -> dt.date:
    """Councils meet on weekdays: move a weekend day to the Monday after."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(_weekday(day), dt.time(hour, 0), tzinfo=LONDON)


def _keeper_on(day: dt.date, fallback: Person) -> Person:
    """Whoever kept the code on that day (the Monitoring Officer or a deputy then), so that the
    demo's history is made by people who could make it."""
    from probity.people.choices import OfficeKind
    from probity.people.selectors import office_holders

    held = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=_weekday(day), deputies=True)
    return held.first() or fallback


def _version(
    *,
    mo: Person,
    document: str,
    text: str,
    title: str,
    change_summary: str,
    kinds: dict[str, tuple[str, ...]],
    drafted: dt.date,
) -> CodeVersion:
    mo = _keeper_on(drafted, mo)
    version = code_services.draft_start(
        actor=mo, document=document, now=_at(drafted), source=SOURCE
    )
    parsed = parse_text(text)
    if not parsed.ok:  # the demo's own text: a mistake here is a bug
        raise ValueError(f"The demo {document} does not parse: {parsed.errors}")
    version = code_services.draft_update_text(
        actor=mo,
        version=version,
        title=title,
        change_summary=change_summary,
        parsed=parsed,
        now=_at(drafted, 11),
        source=SOURCE,
    )
    for section in version.sections.all():
        wanted = kinds.get(section.heading, ())
        if tuple(section.declaration_kinds) != wanted:
            code_services.section_set_kinds(
                actor=mo, section=section, kinds=wanted, now=_at(drafted, 12), source=SOURCE
            )
    return version


def _heading(text: str) -> str:
    return text.splitlines()[0].split(". ", 1)[1]


def _kinds_by_heading(sections: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {_heading(text): KINDS[key] for key, text in sections.items() if key in KINDS}


def _govern(
    *,
    mo: Person,
    version: CodeVersion,
    sent: dt.date,
    committee_meetings: list[tuple[dt.date, str, str, str]],
    adopted: dt.date,
    body: str,
    minute: str,
    takes_effect: dt.date,
    review_due: dt.date,
) -> None:
    code_services.draft_send_to_committee(
        actor=_keeper_on(sent, mo), version=version, now=_at(sent), source=SOURCE
    )
    for meeting, outcome, reference, notes in committee_meetings:
        code_services.committee_decision_record(
            actor=_keeper_on(meeting + dt.timedelta(days=1), mo),
            version=version,
            committee=COMMITTEE,
            meeting_date=_weekday(meeting),
            outcome=outcome,
            minute_reference=reference,
            notes=notes,
            now=_at(meeting + dt.timedelta(days=1)),
            source=SOURCE,
        )
    code_services.adoption_record(
        actor=_keeper_on(adopted + dt.timedelta(days=1), mo),
        version=version,
        body=body,
        meeting_date=_weekday(adopted),
        outcome=MeetingOutcome.ADOPTED,
        takes_effect_on=_weekday(takes_effect),
        review_due_on=review_due,
        minute_reference=minute,
        now=_at(adopted + dt.timedelta(days=1)),
        source=SOURCE,
    )


def load_demo_code(*, mo: Person, now: dt.datetime) -> None:
    """The code (two versions), the protocol, their governance, and some confirmations.

    Version 2 came into force about six weeks before ``now``, so officers are being asked to
    confirm they have read it and some already have. The protocol's review falls due within two
    months, so the Monitoring Officer sees a warning.
    """
    today = now.astimezone(LONDON).date()
    days = dt.timedelta

    # Version 1: adopted about five years ago.
    v1_start = today - days(5 * 365 + 90)
    v1 = _version(
        mo=mo,
        document=DocumentKind.CODE,
        text=_text(V1_ORDER, SECTIONS_V1, renumber=True),
        title="Officers' code of conduct",
        change_summary="",
        kinds=_kinds_by_heading(SECTIONS_V1),
        drafted=v1_start,
    )
    code_services.draft_set_values(
        actor=_keeper_on(v1_start, mo),
        version=v1,
        values=VALUES[:2],
        now=_at(v1_start, 13),
        source=SOURCE,
    )
    _govern(
        mo=mo,
        version=v1,
        sent=v1_start + days(14),
        committee_meetings=[
            (v1_start + days(35), MeetingOutcome.RECOMMENDED, "SGC 14/21", ""),
        ],
        adopted=v1_start + days(63),
        body="Full Council",
        minute="C 88/21",
        takes_effect=v1_start + days(77),
        review_due=v1_start + days(77 + 4 * 365),
    )

    # Version 2: the review, deferred once by the committee, adopted by Council.
    v2_start = today - days(200)
    v2 = _version(
        mo=mo,
        document=DocumentKind.CODE,
        text=_text(list(SECTIONS_V2), SECTIONS_V2, renumber=False),
        title="Officers' code of conduct",
        change_summary=(
            "A new section on raising concerns, and one on using council services yourself. "
            "Every gift or hospitality offer is now declared, accepted or not: the £25 limit has "
            "gone. Staff at Scale G and above need consent from their Head of Service and HR for "
            "outside work. New guidance on social media. Declarations are made in Probity."
        ),
        kinds=_kinds_by_heading(SECTIONS_V2),
        drafted=v2_start,
    )
    code_services.draft_set_values(
        actor=_keeper_on(v2_start, mo),
        version=v2,
        values=VALUES,
        now=_at(v2_start, 13),
        source=SOURCE,
    )
    _govern(
        mo=mo,
        version=v2,
        sent=v2_start + days(21),
        committee_meetings=[
            (
                v2_start + days(49),
                MeetingOutcome.DEFERRED,
                "SGC 31/25",
                "The committee asked for the trade unions to be consulted on the gifts section.",
            ),
            (v2_start + days(105), MeetingOutcome.RECOMMENDED, "SGC 44/25", ""),
        ],
        adopted=v2_start + days(140),
        body="Full Council",
        minute="C 112/25",
        takes_effect=v2_start + days(154),
        review_due=v2_start + days(154 + 3 * 365),
    )

    # The councillor-officer protocol: one version, its review due soon.
    p_start = today - days(3 * 365 - 20)
    protocol = _version(
        mo=mo,
        document=DocumentKind.PROTOCOL,
        text=PROTOCOL,
        title="Protocol on relations between councillors and officers",
        change_summary="",
        kinds={},
        drafted=p_start,
    )
    _govern(
        mo=mo,
        version=protocol,
        sent=p_start + days(10),
        committee_meetings=[(p_start + days(30), MeetingOutcome.RECOMMENDED, "SGC 9/23", "")],
        adopted=p_start + days(58),
        body="Full Council",
        minute="C 41/23",
        takes_effect=p_start + days(60),
        review_due=p_start + days(60 + 3 * 365 - 50),
    )

    # About two in three have confirmed they read version 2; the demo officer and contractor
    # have not, so their journey can be tried.
    in_force = today - days(200 - 154)
    people = (
        people_asked_to_confirm(today=today)
        .select_related("user")
        .exclude(user__username__in=["officer", "contractor"])
        .order_by("pk")
    )
    for index, person in enumerate(people):
        if index % 3 == 2:
            continue
        code_services.confirmation_record(
            person=person,
            version=v2,
            now=min(_at(in_force + days(index % 30), 9 + index % 8), now),
            source=SOURCE,
        )
