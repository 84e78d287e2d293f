"""Every demo persona signs in and walks every page its navigation offers, with axe on each."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from probity.demo.personas import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

# Links followed one level down from each navigation page (the first match of each).
DEEPER = (
    "a[href^='/registers/entries/']",
    "a[href^='/review/GH-'], a[href^='/review/PI-']",
    "a[href^='/declarations/'][href$='/respond/']",
    "a[href^='/declare/']",
    "a[href^='/registers/'][href$='/']",
)
ENTRY_ACTIONS = ("/respond/", "/correct/", "/end/", "/withdraw/", "/audit/", "/review/")


def test_every_persona_walks_their_pages(visitor: Visitor) -> None:
    call_command("load_demo")
    page = visitor.page
    for persona in PERSONAS:
        visitor.sign_in(persona.username, DEMO_PASSWORD)
        nav = [
            a.get_attribute("href") or ""
            for a in page.locator(".govuk-service-navigation__link").all()
        ]
        seen: set[str] = set()
        queue = list(nav)
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            visitor.goto(path)
            if path in nav:  # one level down from each navigation page
                for selector in DEEPER:
                    links = page.locator(f"main {selector}")
                    if links.count():
                        queue.append(urlparse(links.first.get_attribute("href") or "").path)
            if path.startswith("/registers/entries/") and not path.endswith(ENTRY_ACTIONS):
                for link in page.locator("main a").all():
                    target = urlparse(link.get_attribute("href") or "").path
                    if target.endswith(ENTRY_ACTIONS):
                        queue.append(target)
        assert page.locator("h1").count() == 1
        visitor.sign_out()
    assert len(visitor.checked) > 60
