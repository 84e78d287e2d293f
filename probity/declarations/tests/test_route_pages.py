"""The pages that keep routes right: where offices pass their work, the list of steps nobody can
take, and re-routing an open declaration on purpose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.conduct.selectors import policy_current
from probity.core.models import AuditEvent
from probity.declarations.choices import DeclarationKind
from probity.declarations.models import RouteStep
from probity.declarations.tests.test_kinds import submit
from probity.people.choices import OfficeKind
from probity.people.models import OfficeHolding
from probity.people.rules import DEFAULT_FALLBACKS, LINE_MANAGER, ROUTABLE_OFFICES

pytestmark = pytest.mark.django_db


def _answers(changes: Mapping[str, str] | None = None) -> dict[str, str]:
    answers = {f"fallback_{office}": target for office, target in DEFAULT_FALLBACKS.items()}
    for office in ROUTABLE_OFFICES:
        answers.setdefault(f"fallback_{office}", OfficeKind.MONITORING_OFFICER)
    answers.update({f"fallback_{k}": v for k, v in (changes or {}).items()})
    return answers


def test_a_loop_that_never_reaches_a_person_is_refused(council: Council) -> None:
    url = reverse("conduct:fallbacks")
    response = signed_in(council.mo).post(
        url,
        _answers(
            {
                OfficeKind.HEAD_OF_PLANNING: OfficeKind.FRAUD_MANAGER,
                OfficeKind.FRAUD_MANAGER: OfficeKind.HEAD_OF_PLANNING,
            }
        ),
    )
    assert response.status_code == 200
    assert "must be able to reach the Monitoring Officer" in response.content.decode()
    assert not AuditEvent.objects.filter(action="policy.fallbacks_updated").exists()


def test_the_monitoring_officer_changes_where_work_passes(council: Council) -> None:
    response = signed_in(council.mo).post(
        reverse("conduct:fallbacks"),
        _answers(
            {
                str(OfficeKind.HEAD_OF_SERVICE): str(OfficeKind.HR_OD_MANAGER),
                LINE_MANAGER: str(OfficeKind.CHIEF_EXECUTIVE),
            }
        ),
    )
    assert response.status_code == 302
    saved = policy_current().office_fallbacks
    assert saved[OfficeKind.HEAD_OF_SERVICE] == OfficeKind.HR_OD_MANAGER
    assert AuditEvent.objects.filter(action="policy.fallbacks_updated").count() == 1


def test_stranded_steps_are_listed_for_the_monitoring_officer(council: Council) -> None:
    OfficeHolding.objects.filter(office__kind=OfficeKind.MONITORING_OFFICER).update(
        ends_on=dt.date(2026, 1, 1)
    )
    planner = council.stranger
    declaration = submit(planner, DeclarationKind.CONTRACT_USE)
    assert RouteStep.objects.get(declaration=declaration).stranded
    OfficeHolding.objects.filter(office__kind=OfficeKind.MONITORING_OFFICER).update(ends_on=None)
    page = signed_in(council.mo).get(reverse("declarations:stranded")).content.decode()
    assert declaration.reference in page


def test_re_routing_needs_a_reason_and_then_follows_todays_settings(council: Council) -> None:
    declaration = submit(council.officer, DeclarationKind.CONTRACTOR_RELATIONSHIP)
    url = reverse("declarations:reroute", kwargs={"reference": declaration.reference})
    mo = signed_in(council.mo)
    empty = mo.post(url, {"comment": " "})
    assert empty.status_code == 200
    assert "Enter reason for re-routing" in empty.content.decode()
    done = mo.post(url, {"comment": "The Monitoring Officer's office changed hands."})
    assert done.status_code == 302
    assert AuditEvent.objects.filter(action="declaration.rerouted").count() == 1
    assert signed_in(council.officer).get(url).status_code == 403
