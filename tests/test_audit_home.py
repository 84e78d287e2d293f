"""The Monitoring Officer sees the last audit chain check on the home page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import Council, signed_in
from probity.core.models import AuditCheck


@pytest.mark.django_db
def test_the_monitoring_officer_sees_the_last_audit_check(council: Council) -> None:
    page = signed_in(council.mo).get("/").content.decode()
    assert "has not been checked yet" in page
    call_command("verify_audit", verbosity=0)
    page = signed_in(council.mo).get("/").content.decode()
    assert "no audit event has been changed, removed or added" in page


@pytest.mark.django_db
def test_a_broken_chain_is_a_warning_on_the_home_page(council: Council) -> None:
    call_command("verify_audit", verbosity=0)
    AuditCheck.objects.filter(pk=1).update(intact=False, message="audit chain broken at event 3")
    page = signed_in(council.mo).get("/").content.decode()
    assert "found a problem: audit chain broken at event 3" in page
    assert "govuk-warning-text" in page


@pytest.mark.django_db
def test_other_people_do_not_see_the_audit_check(council: Council) -> None:
    call_command("verify_audit", verbosity=0)
    page = signed_in(council.officer).get("/").content.decode()
    assert "Audit trail check" not in page
