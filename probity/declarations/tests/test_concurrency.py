"""The same declaration sent many times at once is saved once, and no request fails."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.declarations.models import Declaration
from probity.declarations.tests.test_views import INTEREST_FORM, NOW

PARALLEL = 20


@pytest.mark.django_db(transaction=True)
def test_parallel_double_submissions_land_on_the_first_declaration(council: Council) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("The in-memory test database of SQLite is not shared safely between threads.")
    with clock.frozen(NOW):
        client = signed_in(council.officer)
        form_url = reverse("declarations:declare", kwargs={"slug": "interest"})
        check_url = client.post(form_url, INTEREST_FORM)["Location"]
        token = client.get(check_url).context["token"]
        barrier = threading.Barrier(PARALLEL)

        def submit(_: int) -> tuple[int, str]:
            other = Client(raise_request_exception=False)
            other.cookies = client.cookies
            try:
                barrier.wait(timeout=30)
                response = other.post(check_url, {"submission_token": token})
                return response.status_code, response.get("Location", "")
            finally:
                connection.close()

        with ThreadPoolExecutor(PARALLEL) as pool:
            answers = list(pool.map(submit, range(PARALLEL)))
    declaration = Declaration.objects.get()
    confirmation = reverse("declarations:confirmation", kwargs={"reference": declaration.reference})
    assert answers == [(302, confirmation)] * PARALLEL
