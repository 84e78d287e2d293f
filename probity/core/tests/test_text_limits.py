"""Text over a limit is refused with a message, never cut silently by the browser."""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import Council, signed_in


def test_the_gift_form_counts_characters_and_has_no_maxlength(council: Council) -> None:
    page = (
        signed_in(council.officer)
        .get(reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"}))
        .content.decode()
    )
    assert " maxlength=" not in page
    assert 'data-module="govuk-character-count" data-maxlength="2000"' in page
    textarea = re.search(r"<textarea[^>]*name=\"description\"[^>]*>", page)
    assert textarea is not None and "govuk-js-character-count" in textarea.group(0)
    assert 'id="id_description-info"' in page


def test_every_kind_form_with_a_textarea_counts_characters(council: Council) -> None:
    client = signed_in(council.officer)
    for slug in ("outside-employment", "contractor-relationship", "interest"):
        page = client.get(reverse("declarations:declare", kwargs={"slug": slug})).content.decode()
        textareas = re.findall(r"<textarea[^>]*>", page)
        assert textareas, slug
        assert all("govuk-js-character-count" in t for t in textareas), slug
        assert " maxlength=" not in page, slug


def test_a_description_over_the_limit_is_refused_not_cut(council: Council) -> None:
    response = signed_in(council.officer).post(
        reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"}),
        {"description": "word " * 4000},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter 2000 characters or fewer" in page
