"""Access rows for the annual round: the Monitoring Officer's pages, each person's return and a
manager's team view. A round for everyone is opened for the rows that name one."""

from __future__ import annotations

import datetime as dt

from probity.core import clock
from probity.cycle.choices import PopulationScope
from probity.cycle.models import Round
from probity.cycle.rules import Population
from probity.cycle.services import round_open
from probity.declarations.models import Declaration
from probity.people.choices import OfficeKind
from probity.people.selectors import office_holders
from tests.test_access_matrix import EVERYONE_WHO_DECLARES, SIGNED_IN, Row, only


def _round_id(d: dict[str, Declaration]) -> str:
    round = Round.objects.order_by("pk").first()
    if round is None:
        today = clock.today()
        mo = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today).get()
        round = round_open(
            actor=mo,
            title="Annual return",
            deadline=today + dt.timedelta(days=30),
            population=Population(PopulationScope.EVERYONE),
            now=clock.now(),
        )
    return str(round.pk)


def _round(d: dict[str, Declaration]) -> dict[str, str]:
    return {"round_id": _round_id(d)}


def _interest(d: dict[str, Declaration]) -> dict[str, str]:
    return {"round_id": _round_id(d), "reference": d["interest"].reference}


def _session_id() -> str:
    from probity.cycle.choices import SessionKind
    from probity.cycle.models import TrainingSession
    from probity.cycle.training_services import training_session_create

    session = TrainingSession.objects.order_by("pk").first()
    if session is None:
        today = clock.today()
        mo = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today).get()
        session = training_session_create(
            actor=mo, title="Induction", held_on=today, kind=SessionKind.INDUCTION, now=clock.now()
        )
    return str(session.pk)


def _session(d: dict[str, Declaration]) -> dict[str, str]:
    return {"session_id": _session_id()}


def _attendance(d: dict[str, Declaration]) -> dict[str, str]:
    from probity.cycle.models import Attendance, TrainingSession
    from probity.cycle.training_services import attendance_record

    session_id = _session_id()
    attendance = Attendance.objects.filter(session_id=int(session_id)).order_by("pk").first()
    if attendance is None:
        session = TrainingSession.objects.get(pk=session_id)
        attendance_record(
            actor=session.created_by,
            session=session,
            person_ids=[session.created_by.pk],
            now=clock.now(),
        )
        attendance = Attendance.objects.get(session_id=int(session_id))
    return {"session_id": session_id, "attendance_id": str(attendance.pk)}


def _import(d: dict[str, Declaration]) -> dict[str, str]:
    from probity.cycle.models import AttendanceImport, TrainingSession
    from probity.cycle.training_services import attendance_import_receive

    session_id = _session_id()
    record = AttendanceImport.objects.order_by("pk").first()
    if record is None:
        session = TrainingSession.objects.get(pk=session_id)
        record, _ = attendance_import_receive(
            actor=session.created_by,
            session=session,
            filename="a.csv",
            data=b"email\r\n",
            now=clock.now(),
        )
    return {"session_id": session_id, "import_id": str(record.pk)}


KEEPERS = ("mo", "deputy")
#: People with reports or a service to head: the manager, the Head of Service and the MO (the
#: deputy reports to the MO).
TEAM = ("manager", "head", "mo", "deputy")

ROWS = {
    "cycle:rounds": Row(expect=only(KEEPERS)),
    "cycle:open": Row(expect=only(KEEPERS)),
    "cycle:settings": Row(expect=only(KEEPERS)),
    "cycle:detail": Row(kwargs=_round, expect=only(KEEPERS, no=404)),
    "cycle:team": Row(kwargs=_round, expect=only(TEAM, no=404)),
    # GET is the confirmation page; closing is a POST from it.
    "cycle:close": Row(kwargs=_round, expect=only(KEEPERS, no=404)),
    "cycle:mine": Row(kwargs=_round, expect=only(EVERYONE_WHO_DECLARES, no=404)),
    "cycle:nil_return": Row(kwargs=_round, expect=only(EVERYONE_WHO_DECLARES, no=404)),
    # Only the officer has the interest; anyone else is told it does not exist.
    "cycle:review_interest": Row(kwargs=_interest, expect=only(("officer",), no=404)),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "cycle:confirm": Row(kwargs=_round, expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302}),
    # Training: whoever keeps the people records (HR and OD, the Monitoring Officer and deputies).
    "cycle:training": Row(expect=only(KEEPERS)),
    "cycle:training_new": Row(expect=only(KEEPERS)),
    "cycle:training_due": Row(expect=only(KEEPERS)),
    "cycle:training_due_csv": Row(expect=only(KEEPERS)),
    "cycle:training_session": Row(kwargs=_session, expect=only(KEEPERS)),
    "cycle:training_import": Row(kwargs=_session, expect=only(KEEPERS)),
    # GET is the confirmation page with the reason; removing is a POST from it.
    "cycle:training_attendance_remove": Row(kwargs=_attendance, expect=only(KEEPERS)),
    "cycle:training_import_preview": Row(kwargs=_import, expect=only(KEEPERS)),
    # Open inductions: the keepers, and anyone with people reporting to them (their team's).
    "cycle:inductions": Row(expect=only(("manager", "head", "mo", "deputy"))),
}
