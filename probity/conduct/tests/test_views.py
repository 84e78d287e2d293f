"""The Monitoring Officer edits the gifts guidance; officers see it beside the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("conduct:gift_guidance")


def test_the_monitoring_officer_changes_the_guidance_and_officers_see_it(council: Council) -> None:
    mo = signed_in(council.mo)
    assert mo.post(URL, {"gift_guidance": ""}).status_code == 200  # required
    assert mo.post(URL, {"gift_guidance": "x" * 5001}).status_code == 200  # too long
    response = mo.post(
        URL, {"gift_guidance": "Anything worth more than a cup of coffee: declare it."}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="policy.gift_guidance_updated")
    assert event.actor == council.mo.user
    officer = signed_in(council.officer)
    form = officer.get(reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"}))
    assert "more than a cup of coffee" in form.content.decode()


def test_nobody_else_can_change_it(council: Council) -> None:
    manager = signed_in(council.manager)
    assert manager.post(URL, {"gift_guidance": "Free for all"}).status_code == 403
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()


def test_the_monitoring_officer_sets_the_consent_grade_and_referral_office(
    council: Council,
) -> None:
    from probity.conduct.selectors import policy_current
    from probity.people.models import Grade

    scale_g = Grade.objects.create(name="Scale G", rank=7)
    mo = signed_in(council.mo)
    url = reverse("conduct:routing")
    assert (
        mo.post(url, {"consent_grade": "999", "referral_office": "chief_executive"}).status_code
        == 200
    )
    assert (
        mo.post(url, {"consent_grade": str(scale_g.pk), "referral_office": "nobody"}).status_code
        == 200
    )
    response = mo.post(url, {"consent_grade": str(scale_g.pk), "referral_office": "s151_officer"})
    assert response.status_code == 302
    policy = policy_current()
    assert policy.consent_grade == scale_g
    assert policy.referral_office == "s151_officer"
    assert AuditEvent.objects.filter(action="policy.routing_updated").count() == 1
    assert "Scale G and above" in mo.get(reverse("conduct:settings")).content.decode()
    assert (
        signed_in(council.officer).post(url, {"referral_office": "s151_officer"}).status_code == 403
    )
