"""A correction that changes nothing is refused, and nobody is emailed about it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.forms import Form, MultiValueField
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.corrections import NothingChanged
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.declarations.tests.test_kinds import NOW, submit
from probity.people.rules import Viewer


def _as_posted(form: Form) -> dict[str, Any]:
    """The form as the browser would send it back untouched."""
    data: dict[str, Any] = {}
    for name, bound in form.fields.items():
        value = form.initial.get(name, bound.initial)
        if isinstance(bound, MultiValueField):
            for i, part in enumerate(bound.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def _declared(council: Council, kind: str) -> Declaration:
    if kind == "gift":
        return services.gift_declare(
            actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
        )
    if kind == "interest":
        return services.interest_declare(
            actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
        )
    return submit(council.officer, kind)


@pytest.mark.parametrize(
    "kind",
    ["gift", "interest", DeclarationKind.OUTSIDE_EMPLOYMENT, DeclarationKind.CLOSED_ORGANISATION],
)
def test_a_correction_that_changes_nothing_is_refused(council: Council, kind: str) -> None:
    declaration = _declared(council, kind)
    versions = declaration.current_version_number
    client = signed_in(council.officer)
    url = reverse("declarations:correct", kwargs={"reference": declaration.reference})
    with clock.frozen(NOW):
        data = _as_posted(client.get(url).context["form"])
        mail.outbox.clear()
        response = client.post(url, {**data, "change_reason": "Checking it again."})

    assert response.status_code == 200
    assert "You have not changed anything" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.current_version_number == versions
    assert mail.outbox == []


def test_a_correction_that_changes_something_is_saved(council: Council) -> None:
    declaration = _declared(council, "gift")
    client = signed_in(council.officer)
    url = reverse("declarations:correct", kwargs={"reference": declaration.reference})
    with clock.frozen(NOW):
        data = _as_posted(client.get(url).context["form"])
        data["description"] = data["description"] + " (two of them)"
        response = client.post(url, {**data, "change_reason": "There were two."})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.current_version_number == 2


def test_the_service_refuses_a_correction_that_changes_nothing(council: Council) -> None:
    declaration = _declared(council, "gift")
    with pytest.raises(NothingChanged):
        services.declaration_correct(
            actor=council.officer,
            viewer=Viewer(person_id=council.officer.pk),
            declaration=declaration,
            facts=gift_facts(),
            reason="Nothing",
            now=NOW,
        )
