"""Faults found by an attack on a running copy: each answers as it should, not with a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Council, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_a_bad_host_header_is_a_bad_request(path: str) -> None:
    response = Client(raise_request_exception=False).get(path, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


def test_a_bad_host_header_is_a_bad_request_when_signed_in(council: Council) -> None:
    client = signed_in(council.officer)
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/review/GH-2027-0001%00/",
        "/declarations/GH-2027%00-0001/confirmation/",
        "/registers/entries/GH-2027-0001%00/",
        "/registers/entries/GH-2027-0001%00/audit/",
    ],
)
def test_a_nul_byte_in_a_reference_is_not_found(council: Council, path: str) -> None:
    client = signed_in(council.mo)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
