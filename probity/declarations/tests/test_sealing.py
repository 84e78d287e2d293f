"""What is written about a special-category entry stays sealed: stored, audited, emailed, shown."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import models, transaction
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.audit import audit_record
from probity.core.models import AuditEvent, OutgoingEmail
from probity.declarations import sealing, services
from probity.declarations.choices import (
    AdviceOffice,
    DecisionAction,
    DeclarationKind,
    DeclarationStatus,
)
from probity.declarations.models import Decision, Declaration, DeclarationVersion
from probity.declarations.rules import Action
from probity.people.models import Person
from probity.people.selectors import viewer_for_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
SECRET = "Lodge of the Silver Key"
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def viewer(person: Person) -> Any:
    return viewer_for_person(person=person, today=NOW.date())


def declare(person: Person, organisation: str = SECRET) -> Declaration:
    return services.declaration_submit(
        kind=DeclarationKind.CLOSED_ORGANISATION,
        actor=person,
        facts={
            "organisation": organisation,
            "role": f"Warden of the {organisation}",
            "joined_on": "2015-04-01",
            "left_on": None,
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def review(person: Person, declaration: Declaration, **data: str) -> None:
    url = reverse("declarations:review", kwargs={"reference": declaration.reference})
    response = signed_in(person).post(url, data)
    assert response.status_code == 302, response.content.decode()


def every_stored_text() -> Iterator[tuple[str, str, str]]:
    """(model, field, text) for every text, character and JSON value in every table."""
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for field in fields:
            for value in model._default_manager.values_list(field.attname, flat=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value)
                yield model._meta.label, field.name, text


def test_nothing_written_about_a_sealed_entry_is_stored_or_sent_in_plain_text(
    council: Council, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        declaration = declare(council.officer)
        ref = {"reference": declaration.reference}
        # The line manager asks a question, the officer answers it.
        review(
            council.manager,
            declaration,
            decision="request_info",
            comment=f"Is the {SECRET} the one that meets in the town hall?",
        )
        answer = signed_in(council.officer).post(
            reverse("declarations:respond", kwargs=ref),
            {"comment": f"No, the {SECRET} meets in the old mill."},
        )
        assert answer.status_code == 302
        # The manager asks the Monitoring Officer for advice and gets it, then notes the entry.
        review(
            council.manager,
            declaration,
            decision="refer",
            referred_to=AdviceOffice.MONITORING_OFFICER,
            comment=f"Should I know more about the {SECRET}?",
        )
        review(council.mo, declaration, comment=f"No: the {SECRET} is for me to hold.")
        review(council.manager, declaration, decision="note", comment=f"Noted: {SECRET}.")
        review(
            council.mo, declaration, decision="record", comment=f"{SECRET} entered in the register."
        )
        # The officer corrects it and ends it; the Monitoring Officer withdraws it.
        services.declaration_correct(
            actor=council.officer,
            viewer=viewer(council.officer),
            declaration=declaration,
            facts={
                "organisation": f"The {SECRET}",
                "role": "",
                "joined_on": "2015-05-01",
                "left_on": None,
            },
            reason=f"I gave the wrong name for the {SECRET}.",
            now=NOW,
        )
        services.declaration_end(
            actor=council.officer,
            viewer=viewer(council.officer),
            declaration=declaration,
            ends_on=dt.date(2027, 2, 1),
            reason=f"I left the {SECRET}.",
            now=NOW,
        )
        withdrawn = signed_in(council.mo).post(
            reverse("registers:withdraw", kwargs=ref),
            {"comment": f"A duplicate of another {SECRET} entry."},
        )
        assert withdrawn.status_code == 302
        # Everyone who may see it reads it, which is audited too.
        for person in (council.officer, council.manager, council.mo, council.deputy):
            assert signed_in(person).get(reverse("registers:entry", kwargs=ref)).status_code == 200

    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN
    actions = list(
        Decision.objects.filter(declaration=declaration).values_list("action", flat=True)
    )
    assert actions == [
        DecisionAction.INFO_REQUESTED,
        DecisionAction.INFO_PROVIDED,
        DecisionAction.REFERRED,
        DecisionAction.ADVICE_GIVEN,
        DecisionAction.NOTED,
        DecisionAction.RECORDED,
    ]
    assert DeclarationVersion.objects.filter(declaration=declaration).count() == 4
    assert OutgoingEmail.objects.exists() and AuditEvent.objects.exists() and mail.outbox

    leaks = [(model, field) for model, field, text in every_stored_text() if SECRET in text]
    assert leaks == []
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert SECRET not in text
        assert declaration.reference in text
        assert "officer" not in str(message.subject).lower()

    # The sealed texts are still there for those who may read them.
    mo_page = signed_in(council.mo).get(reverse("registers:entry", kwargs=ref)).content.decode()
    assert f"No, the {SECRET} meets in the old mill." in mo_page
    assert f"A duplicate of another {SECRET} entry." in mo_page
    assert f"I gave the wrong name for the {SECRET}." in mo_page
    own_page = signed_in(council.officer).get(reverse("registers:entry", kwargs=ref))
    assert f"No: the {SECRET} is for me to hold." in own_page.content.decode()


def test_audit_events_about_a_sealed_entry_name_the_fields_that_changed(
    council: Council,
) -> None:
    declaration = declare(council.officer)
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.NOTE,
        comment=f"Noted: {SECRET}.",
        now=NOW,
    )
    submitted = AuditEvent.objects.get(action="declaration.submitted")
    noted = AuditEvent.objects.get(action="declaration.noted")
    assert submitted.before is None and noted.before is None
    assert submitted.after is not None and noted.after is not None
    assert submitted.after["sealed"] is True
    assert "version.sealed" in submitted.after["changed"]
    assert "declaration.reference" in submitted.after["changed"]
    assert "decision.sealed_text" in noted.after["changed"]
    assert "decision.comment" not in noted.after["changed"]
    assert set(noted.after) == {"sealed", "changed"}
    assert all(isinstance(name, str) for name in noted.after["changed"])


def test_entries_that_are_not_sealed_keep_plain_comments_and_full_audit_data(
    council: Council,
) -> None:
    declaration = services.declaration_submit(
        kind=DeclarationKind.NIL_RETURN,
        actor=council.officer,
        facts={"occasion": "annual", "confirm": True},
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    assert sealing.decision_fields(declaration, comment="Seen.", conditions="") == {
        "comment": "Seen.",
        "conditions": "",
        "sealed_text": "",
    }
    assert sealing.reason_fields(declaration, "Typo.") == {"change_reason": "Typo."}
    event = AuditEvent.objects.get(action="declaration.submitted")
    assert event.after is not None
    assert event.after["version"]["facts"] == {"occasion": "annual", "confirm": True}


def test_conditions_and_reasons_of_a_sealed_entry_are_encrypted(council: Council) -> None:
    declaration = declare(council.officer)
    fields = sealing.decision_fields(declaration, comment="", conditions=f"Leave the {SECRET}.")
    assert fields["comment"] == fields["conditions"] == ""
    assert SECRET not in fields["sealed_text"]
    decision = Decision(declaration=declaration, sealed_text=fields["sealed_text"])
    shown = sealing.shown_decisions(
        [decision], declaration=declaration, reader=council.officer, may_read=True, now=NOW
    )
    assert shown[0].conditions == f"Leave the {SECRET}."
    assert sealing.reason_fields(declaration, "") == {"change_reason": "", "sealed_reason": ""}
    sealed = sealing.reason_fields(declaration, f"Left the {SECRET}.")
    assert sealed["change_reason"] == "" and SECRET not in sealed["sealed_reason"]
    # The declarant's own reads are not audited; anyone else's are.
    assert not AuditEvent.objects.filter(action="declaration.sealed_text_read").exists()
    sealing.shown_decisions(
        [decision], declaration=declaration, reader=council.mo, may_read=True, now=NOW
    )
    read = AuditEvent.objects.get(action="declaration.sealed_text_read")
    assert read.actor == council.mo.user
    assert read.subject == declaration.reference


@pytest.fixture
def discussed(council: Council) -> Declaration:
    """A sealed entry with a question from the line manager and the officer's answer."""
    declaration = declare(council.officer)
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.REQUEST_INFO,
        comment="When did you join?",
        now=NOW,
    )
    services.declaration_decide(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        action=Action.RESPOND,
        comment=f"I joined the {SECRET} in 2015.",
        now=NOW,
    )
    return declaration


@pytest.mark.parametrize("page", ["declarations:review", "registers:entry"])
def test_the_line_manager_sees_that_comments_were_made_but_not_what_they_say(
    council: Council, discussed: Declaration, page: str
) -> None:
    url = reverse(page, kwargs={"reference": discussed.reference})
    html = signed_in(council.manager).get(url).content.decode()
    assert SECRET not in html
    assert "When did you join?" not in html  # not even the manager's own question
    assert "Gave more information" in html
    assert html.count("A comment was written.") == 2
    assert not AuditEvent.objects.filter(action="declaration.sealed_text_read").exists()


@pytest.mark.parametrize("page", ["declarations:review", "registers:entry"])
def test_the_monitoring_officer_reads_the_comments_and_the_read_is_audited(
    council: Council, discussed: Declaration, page: str
) -> None:
    url = reverse(page, kwargs={"reference": discussed.reference})
    html = signed_in(council.mo).get(url).content.decode()
    assert f"I joined the {SECRET} in 2015." in html
    assert "When did you join?" in html
    assert "A comment was written." not in html
    read = AuditEvent.objects.get(action="declaration.sealed_text_read")
    assert read.actor == council.mo.user


def test_the_declarant_reads_the_question_without_an_audit_event(
    council: Council, discussed: Declaration
) -> None:
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=discussed,
        action=Action.REQUEST_INFO,
        comment="Which lodge is it?",
        now=NOW,
    )
    url = reverse("declarations:respond", kwargs={"reference": discussed.reference})
    html = signed_in(council.officer).get(url).content.decode()
    assert "Which lodge is it?" in html
    assert not AuditEvent.objects.filter(action="declaration.sealed_text_read").exists()


def test_a_managers_register_of_closed_organisations_shows_no_dates_or_details(
    council: Council,
) -> None:
    declaration = declare(council.officer)
    services.declaration_withdraw(
        actor=council.mo,
        viewer=viewer(council.mo),
        declaration=declaration,
        reason=f"Entered twice: {SECRET}.",
        now=NOW,
    )
    register = reverse("registers:list", kwargs={"slug": "closed-organisations"})
    download = reverse("registers:csv", kwargs={"slug": "closed-organisations"})
    manager = signed_in(council.manager)
    html = manager.get(register).content.decode()
    assert declaration.reference in html
    for hidden in ("1 April 2015", "From", "Until", "From date", SECRET):
        assert hidden not in html
    rows = list(csv.reader(io.StringIO(manager.get(download).getvalue().decode().lstrip("\ufeff"))))
    assert rows[0] == ["Reference", "Person", "Service", "Directorate", "Declared", "Status"]
    assert rows[1][0] == declaration.reference
    assert not any("2015" in cell or SECRET in cell for cell in rows[1])
    entry = reverse("registers:entry", kwargs={"reference": declaration.reference})
    page = manager.get(entry).content.decode()
    assert "The reason is held by the Monitoring Officer." in page
    assert SECRET not in page
    # The Monitoring Officer keeps the full register.
    mo = signed_in(council.mo)
    assert "1 April 2015" in mo.get(register).content.decode()
    assert f"Entered twice: {SECRET}." in mo.get(entry).content.decode()


@pytest.mark.usefixtures("before_append_only")
def test_text_written_before_sealing_is_sealed_by_the_migration(council: Council) -> None:
    migration = importlib.import_module(
        "probity.declarations.migrations.0007_seal_existing_special_category_text"
    )
    declaration = declare(council.officer)
    ordinary = services.declaration_submit(
        kind=DeclarationKind.NIL_RETURN,
        actor=council.officer,
        facts={"occasion": "annual", "confirm": True},
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    for entry in (declaration, ordinary):
        Decision.objects.create(
            declaration=entry,
            version_number=1,
            action=DecisionAction.INFO_REQUESTED,
            actor=council.manager,
            acting_as="Line manager",
            comment=f"Tell me about the {SECRET}.",
            created_at=NOW,
        )
    DeclarationVersion.objects.filter(declaration__in=[declaration, ordinary]).update(
        change_reason=f"Renamed the {SECRET}."
    )
    with transaction.atomic():
        audit_record(
            actor=council.manager.user,
            action="declaration.info_requested",
            target=declaration,
            at=NOW,
            subject=declaration.reference,
            before={"status": "submitted"},
            after={"declaration": {"status": "info_requested"}, "decision": {"comment": SECRET}},
        )
    OutgoingEmail.objects.create(
        to=["officer@example.org"],
        subject=f"Your declaration {declaration.reference}",
        body=f"About the {SECRET}",
        created_at=NOW,
    )

    migration.seal_existing(apps, None)

    leaks = [(model, field) for model, field, text in every_stored_text() if SECRET in text]
    assert leaks == [
        ("declarations.DeclarationVersion", "change_reason"),  # the nil return's, not sealed
        ("declarations.Decision", "comment"),
    ]
    event = AuditEvent.objects.get(action="declaration.info_requested")
    assert event.before is None
    assert event.after == {
        "sealed": True,
        "changed": ["decision.comment", "declaration.status"],
    }
    url = reverse("registers:entry", kwargs={"reference": declaration.reference})
    html = signed_in(council.mo).get(url).content.decode()
    assert f"Tell me about the {SECRET}." in html
    assert f"Renamed the {SECRET}." in html
    migration.seal_existing(apps, None)  # running it again changes nothing
    assert signed_in(council.mo).get(url).content.decode().count(SECRET) == html.count(SECRET)


def test_a_closed_organisation_form_is_kept_sealed_in_the_session_until_sent(
    council: Council,
) -> None:
    client = signed_in(council.officer)
    form = reverse("declarations:declare", kwargs={"slug": "closed-organisation"})
    check = reverse("declarations:check", kwargs={"slug": "closed-organisation"})
    answers = {
        "organisation": SECRET,
        "role": "",
        "joined_on_0": "1",
        "joined_on_1": "4",
        "joined_on_2": "2015",
    }
    assert client.post(form, answers)["Location"] == check
    kept = client.session["probity-draft-closed-organisation"]
    assert SECRET not in json.dumps(kept)
    assert "data" not in kept
    assert SECRET in client.get(check).content.decode()  # the declarant checks their answers
    assert f'value="{SECRET}"' in client.get(form, {"change": "1"}).content.decode()
    response = client.post(check, {"submission_token": kept["token"]})
    assert response.status_code == 302
    declaration = Declaration.objects.get(declarant=council.officer)
    assert declaration.kind == DeclarationKind.CLOSED_ORGANISATION
    assert "probity-draft-closed-organisation" not in client.session
    leaks = [(model, field) for model, field, text in every_stored_text() if SECRET in text]
    assert leaks == []
