"""The grade the policy names as the consent grade cannot be deleted from the people pages."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Council
from probity.conduct.models import CouncilPolicy
from probity.core.audit import audit_chain_check
from probity.people import org_services
from probity.people.choices import OfficeKind
from probity.people.models import Grade
from probity.people.tests.factories import GradeFactory, hold_office, make_person

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


def test_the_consent_grade_is_never_deleted(council: Council) -> None:
    hr = make_person("hr", service=council.planning)
    hold_office(hr, OfficeKind.HR_OD_MANAGER)
    grade = GradeFactory.create(name="Scale G", rank=70)
    CouncilPolicy.objects.create(gift_guidance="Say no to gifts.", consent_grade=grade)
    with pytest.raises(org_services.PeopleChangeRefused, match="other records use it"):
        org_services.org_record_delete(actor=hr, record=grade, now=NOW)
    assert Grade.objects.filter(pk=grade.pk).exists()
    assert audit_chain_check().intact
