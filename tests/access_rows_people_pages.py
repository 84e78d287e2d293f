"""Access rows for the people pages: HR and OD and the Monitoring Officer (and their deputies).

Nobody in the matrix's council holds the HR and OD office, so only the Monitoring Officer and the
deputy are let in; the people tests check an HR holder separately."""

from __future__ import annotations

from probity.people.models import Directorate, Person
from tests.test_access_matrix import SIGNED_IN, Row, only

KEEPERS = ("mo", "deputy")


def _officer(d: object) -> dict[str, str]:
    person = Person.objects.get(user__username="officer")
    return {"person_id": str(person.pk)}


def _directorate(d: object) -> dict[str, str]:
    directorate = Directorate.objects.order_by("pk").first()
    assert directorate is not None, "The council fixture creates directorates"
    return {"kind": "directorate", "record_id": str(directorate.pk)}


ROWS = {
    "people:people": Row(expect=only(KEEPERS)),
    "people:person_add": Row(expect=only(KEEPERS)),
    "people:not_in_feed": Row(expect=only(KEEPERS)),
    "people:person": Row(kwargs=_officer, expect=only(KEEPERS)),
    "people:person_edit": Row(kwargs=_officer, expect=only(KEEPERS)),
    "people:person_leave": Row(kwargs=_officer, expect=only(KEEPERS)),
    "people:organisation": Row(expect=only(KEEPERS)),
    "people:org_add": Row(kwargs=lambda d: {"kind": "grade"}, expect=only(KEEPERS)),
    "people:org_edit": Row(kwargs=_directorate, expect=only(KEEPERS)),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "people:org_delete": Row(
        kwargs=_directorate, expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302}
    ),
}


def _feed(d: object) -> dict[str, str]:
    import datetime as dt

    from probity.people.models import FeedImport

    feed = FeedImport.objects.create(
        created_at=dt.datetime(2027, 3, 3, 9, 0, tzinfo=dt.UTC), filename="hr.csv", digest="x"
    )
    return {"feed_id": str(feed.pk)}


ROWS.update(
    {
        "people:feed_upload": Row(expect=only(KEEPERS)),
        "people:feed_preview": Row(kwargs=_feed, expect=only(KEEPERS)),
        # A file still waiting for confirmation: its status page sends you to the preview.
        "people:feed_status": Row(kwargs=_feed, expect=only(KEEPERS, yes=302)),
        "people:feed_template": Row(kwargs=lambda d: {"fmt": "xlsx"}, expect=only(KEEPERS)),
    }
)
