"""The Monitoring Officer's search across every register and the page per person."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from conftest import Council, signed_in
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.models import (
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    SearchEntry,
)
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.people.models import Person
from probity.people.selectors import viewer_for_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
SEARCH = reverse("registers:search")


def gift(person: Person, **changes: Any) -> Declaration:
    return services.gift_declare(
        actor=person, facts=gift_facts(**changes), submission_token=uuid.uuid4(), now=NOW
    )


def interest(person: Person, **changes: Any) -> Declaration:
    return services.interest_declare(
        actor=person, facts=interest_facts(**changes), submission_token=uuid.uuid4(), now=NOW
    )


def closed_organisation(person: Person) -> Declaration:
    return services.declaration_submit(
        kind=DeclarationKind.CLOSED_ORGANISATION,
        actor=person,
        facts={
            "organisation": "The Order of the Lantern",
            "role": "",
            "joined_on": "2015-04-01",
            "left_on": None,
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def contractor_relationship(person: Person, contractor: str) -> Declaration:
    return services.declaration_submit(
        kind=DeclarationKind.CONTRACTOR_RELATIONSHIP,
        actor=person,
        facts={
            "contractor": contractor,
            "relationship": "private",
            "nature": "My brother is a director.",
            "starts_on": "2019-06-01",
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def found(response: Any) -> set[str]:
    return {row.found.declaration.reference for row in response.context["rows"]}


def test_versions_store_their_search_text_without_accents(council: Council) -> None:
    declaration = interest(council.officer, counterparty="Tŷ Gwyn Housing Co-operative")
    version = InterestVersion.objects.get(declaration=declaration)
    assert version.search_text.startswith(
        f"{declaration.reference.lower()} {council.officer.full_name.lower()} "
        "ty gwyn housing co-operative "
    )
    # What the interest says is searchable too, so a register search needs only this column.
    assert "owns shares in a building firm" in version.search_text


def test_a_correction_writes_the_search_text_of_the_new_version(council: Council) -> None:
    declaration = gift(council.officer, giver_name="Acme Ltd")
    services.declaration_correct(
        actor=council.officer,
        viewer=viewer_for_person(person=council.officer, today=NOW.date()),
        declaration=declaration,
        facts=gift_facts(giver_name="Café Élan"),
        reason="Wrong giver",
        now=NOW,
    )
    first, second = GiftHospitalityVersion.objects.filter(declaration=declaration).order_by(
        "number"
    )
    assert "acme ltd" in first.search_text
    assert "cafe elan" in second.search_text
    assert "acme" not in second.search_text


def test_a_new_version_takes_the_current_flag_and_the_search_entry(council: Council) -> None:
    declaration = gift(council.officer, giver_name="Acme Ltd")
    entry = SearchEntry.objects.get(declaration=declaration)
    assert entry.submitted_at == declaration.submitted_at
    assert "acme ltd" in entry.text
    viewer = viewer_for_person(person=council.officer, today=NOW.date())
    for giver in ("Café Élan", "Brightway Catering"):
        services.declaration_correct(
            actor=council.officer,
            viewer=viewer,
            declaration=declaration,
            facts=gift_facts(giver_name=giver),
            reason="Wrong giver",
            now=NOW,
        )
    declaration.refresh_from_db()
    versions = GiftHospitalityVersion.objects.filter(declaration=declaration).order_by("number")
    assert [v.is_current for v in versions] == [False, False, True]
    assert versions.last().number == declaration.current_version_number  # type: ignore[union-attr]
    entry.refresh_from_db()
    assert "brightway catering" in entry.text
    assert "elan" not in entry.text
    assert entry.submitted_at == declaration.submitted_at  # still when it was first declared
    services.declaration_withdraw(
        actor=council.officer,
        viewer=viewer,
        declaration=declaration,
        reason="Sent by mistake",
        now=NOW,
    )
    assert list(
        GiftHospitalityVersion.objects.filter(declaration=declaration, is_current=True).values_list(
            "number", flat=True
        )
    ) == [4]


def test_a_common_word_is_counted_only_as_far_as_the_cap(
    council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    from probity.core import paging
    from probity.registers import search_views

    monkeypatch.setattr(search_views, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging, "PAGES_AHEAD", 1)
    made = [gift(council.officer, giver_name=f"Harbour Supplies {n}") for n in range(6)]
    client = signed_in(council.mo)
    response = client.get(SEARCH, {"q": "harbour"})
    assert "More than 4 entries match" in response.content.decode()  # two pages counted
    assert "Add words to narrow them." in response.content.decode()
    assert found(response) == {made[5].reference, made[4].reference}  # newest first
    response = client.get(SEARCH, {"q": "harbour", "page": "3"})
    assert found(response) == {made[1].reference, made[0].reference}
    response = client.get(SEARCH, {"q": f"harbour {made[4].reference}"})
    assert "1 entry matches" in response.content.decode()
    assert "Add words" not in response.content.decode()


def test_special_category_details_never_reach_the_search_text(council: Council) -> None:
    declaration = closed_organisation(council.officer)
    version = DeclarationVersion.objects.get(declaration=declaration)
    assert "lantern" not in version.search_text
    response = signed_in(council.mo).get(SEARCH, {"q": "Lantern"})
    assert found(response) == set()


def test_search_ignores_accents_in_either_direction(council: Council) -> None:
    welsh = interest(council.officer, counterparty="Tŷ Gwyn Care Home")
    plain = gift(council.stranger, giver_name="Ty Gwyn Farm Shop")
    gift(council.manager, giver_name="Acme Ltd")
    client = signed_in(council.mo)
    assert found(client.get(SEARCH, {"q": "Ty Gwyn"})) == {welsh.reference, plain.reference}
    assert found(client.get(SEARCH, {"q": "tŷ GWYN"})) == {welsh.reference, plain.reference}
    assert found(client.get(SEARCH, {"q": "gwyn care"})) == {welsh.reference}


def test_search_finds_references_names_and_titles_in_every_register(council: Council) -> None:
    a_gift = gift(council.officer)
    an_interest = interest(council.manager)
    a_relationship = contractor_relationship(council.stranger, "Brightway Catering Ltd")
    client = signed_in(council.deputy)
    assert found(client.get(SEARCH, {"q": a_gift.reference})) == {a_gift.reference}
    assert found(client.get(SEARCH, {"q": council.manager.full_name})) == {an_interest.reference}
    assert found(client.get(SEARCH, {"q": "brightway"})) == {a_relationship.reference}
    assert found(client.get(SEARCH, {"q": "northgate"})) == {an_interest.reference}


def test_search_reads_only_the_current_version(council: Council) -> None:
    declaration = gift(council.officer, giver_name="Old Name Ltd")
    services.declaration_correct(
        actor=council.officer,
        viewer=viewer_for_person(person=council.officer, today=NOW.date()),
        declaration=declaration,
        facts=gift_facts(giver_name="New Name Ltd"),
        reason="Renamed",
        now=NOW,
    )
    client = signed_in(council.mo)
    assert found(client.get(SEARCH, {"q": "old name"})) == set()
    assert found(client.get(SEARCH, {"q": "new name"})) == {declaration.reference}


def test_an_empty_search_shows_only_the_form(council: Council) -> None:
    gift(council.officer)
    response = signed_in(council.mo).get(SEARCH, {"q": "   "})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["page"] is None


@pytest.mark.parametrize("persona", ["officer", "manager", "head", "auditor", "councillor"])
def test_only_the_monitoring_officer_and_deputies_may_search(
    council: Council, persona: str
) -> None:
    gift(council.officer)
    client = signed_in(getattr(council, persona))
    assert client.get(SEARCH, {"q": "acme"}).status_code == 404
    person_page = reverse("registers:person", kwargs={"person_id": council.officer.pk})
    assert client.get(person_page).status_code == 404


def test_search_queries_do_not_grow_with_results(
    council: Council, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(council.mo)
    gift(council.officer, giver_name="Tŷ Gwyn Ltd")
    client.get(SEARCH, {"q": "ty gwyn"})
    for n in range(12):
        gift(council.officer, giver_name=f"Tŷ Gwyn {n}")
        interest(council.stranger, counterparty=f"Tŷ Gwyn Trust {n}")
        contractor_relationship(council.manager, f"Tŷ Gwyn Services {n}")
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "ty gwyn"})
    assert response.context["page"].paginator.count == 37
    assert len(response.context["rows"]) == 25
    second = client.get(SEARCH, {"q": "ty gwyn", "page": "2"})
    assert len(second.context["rows"]) == 12


def test_the_person_page_lists_their_declarations_in_every_register(
    council: Council, django_assert_max_num_queries: Any
) -> None:
    mine = {
        gift(council.officer).reference,
        interest(council.officer).reference,
        contractor_relationship(council.officer, "Brightway").reference,
        closed_organisation(council.officer).reference,
    }
    gift(council.stranger)
    url = reverse("registers:person", kwargs={"person_id": council.officer.pk})
    client = signed_in(council.mo)
    with django_assert_max_num_queries(13):  # 13th: the breach cases about the person
        response = client.get(url)
    assert found(response) == mine
    assert b"Lantern" not in response.content
    assert (
        signed_in(council.mo)
        .get(reverse("registers:person", kwargs={"person_id": 999999}))
        .status_code
        == 404
    )


def test_register_rows_link_to_the_person_page_for_the_monitoring_officer(
    council: Council,
) -> None:
    gift(council.officer)
    gifts = reverse("registers:list", kwargs={"slug": "gifts-and-hospitality"})
    person_page = reverse("registers:person", kwargs={"person_id": council.officer.pk})
    assert person_page in signed_in(council.mo).get(gifts).content.decode()
    assert person_page not in signed_in(council.manager).get(gifts).content.decode()


@pytest.mark.usefixtures("before_append_only")
def test_the_data_migration_fills_search_text_of_older_versions(council: Council) -> None:
    declaration = interest(council.officer, counterparty="Tŷ Gwyn")
    # Written before the column existed: blank it as an old row would be.
    InterestVersion.objects.filter(declaration=declaration).update(search_text="")
    migration = importlib.import_module(
        "probity.declarations.migrations.0009_fill_version_search_text"
    )
    migration.fill(django_apps, None)
    version = InterestVersion.objects.get(declaration=declaration)
    assert version.search_text.endswith("ty gwyn")
    assert declaration.reference.lower() in version.search_text


def test_postgresql_lets_only_the_search_text_of_a_gift_be_rewritten(council: Council) -> None:
    from django.db import DatabaseError, connection, transaction

    from probity.declarations.models import GiftHospitalityVersion

    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    declaration = gift(council.officer, giver_name="Acme Ltd")
    rows = GiftHospitalityVersion.objects.filter(declaration=declaration)
    rows.update(search_text="rewritten")
    assert rows.get().search_text == "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(giver_name="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(search_text="again", description="Changed too")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()


def test_postgresql_lets_only_the_current_flag_of_a_version_be_turned(council: Council) -> None:
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    declaration = gift(council.officer, giver_name="Acme Ltd")
    rows = GiftHospitalityVersion.objects.filter(declaration=declaration)
    rows.update(is_current=False)
    assert rows.get().is_current is False
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(is_current=True, giver_name="Someone else")
    rows.update(is_current=True)
    second = rows.get()
    second.pk = None
    second.number = 2
    second.supersedes = None
    with pytest.raises(DatabaseError), transaction.atomic():
        second.save(force_insert=True)  # a second current version of one declaration
