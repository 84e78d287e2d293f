"""The migration that starts the audit chain hashes the events already recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from probity.core.audit import audit_chain_check

BEFORE = [("core", "0002_outgoingemail")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_hashed_into_one_intact_chain() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old_event = old_apps.get_model("core", "AuditEvent")
    at = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    for n in range(5):
        old_event.objects.create(
            at=at + dt.timedelta(minutes=n),
            action="thing.done",
            target_type="auth.user",
            target_id=str(n),
            summary=f"Thing {n}",
            after={"n": n},
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaves)
    result = audit_chain_check(batch_size=2)
    assert result.intact, result.message
    assert result.events == 5
