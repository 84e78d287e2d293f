"""Fifty people sending declarations at the same moment on SQLite: every one is saved.

Runs in a separate process against a SQLite file (the test database lives in memory), with the
project's own database settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, threading
from concurrent.futures import ThreadPoolExecutor
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
call_command("migrate", verbosity=0)
from probity.declarations.models import Declaration
from probity.people.tests.factories import make_person
from probity.declarations.tests.test_views import INTEREST_FORM
PARALLEL = 50
people = [make_person(f"load{n}") for n in range(PARALLEL)]
clients = []
for person in people:
    client = Client(raise_request_exception=False)
    client.force_login(person.user)
    check_url = client.post(reverse("declarations:declare", kwargs={"slug": "interest"}), INTEREST_FORM)["Location"]
    token = client.get(check_url).context["token"]
    clients.append((client, check_url, token))
connection.close()
barrier = threading.Barrier(PARALLEL)
def submit(args):
    client, check_url, token = args
    try:
        barrier.wait(timeout=60)
        return client.post(check_url, {"submission_token": token}).status_code
    finally:
        connection.close()
with ThreadPoolExecutor(PARALLEL) as pool:
    answers = list(pool.map(submit, clients))
print(json.dumps({"answers": answers, "saved": Declaration.objects.count(), "mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}))
"""


def test_fifty_parallel_submissions_all_succeed_on_sqlite(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PROBITY_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "probity.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'load.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["answers"] == [302] * 50, result.stderr[-3000:]
    assert outcome["saved"] == 50
    assert outcome["mode"] == "wal"
