"""Background work of the people app: applying a large HR file."""

from __future__ import annotations

from django.contrib.auth.models import User
from django_tasks import task

from probity.core import clock
from probity.people.feed_services import feed_run
from probity.people.models import Person


@task()
def apply_hr_file(feed_id: int, user_id: int | None) -> bool:
    """Apply a confirmed HR file; the page shows its progress while this runs."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    actor = Person.objects.filter(user_id=user_id).first() if user_id else None
    return feed_run(feed_id=feed_id, user=user, actor=actor, now=clock.now())
