"""Access rows for the dashboards, the committee summary and the annual review."""

from __future__ import annotations

from tests.test_access_matrix import Row, only

MO = ("mo", "deputy")
#: People with someone reporting to them (the head manages the manager, the MO the deputy).
MANAGERS = ("manager", "head", "mo")
#: No review exists in the matrix's council: the reviewing offices are told so (404).
REVIEW = {**only(MO, yes=404), "anonymous": 302}


def _review(d: object) -> dict[str, str]:
    return {"review_id": "999999"}


ROWS = {
    "oversight:council": Row(expect=only(MO)),
    "oversight:council_print": Row(expect=only(MO)),
    "oversight:council_csv": Row(kwargs=lambda d: {"slug": "trend"}, expect=only(MO)),
    "oversight:committee": Row(expect=only(MO)),
    "oversight:committee_pdf": Row(expect=only(MO)),
    "oversight:team": Row(expect=only(MANAGERS)),
    "oversight:team_print": Row(expect=only(MANAGERS)),
    "oversight:team_csv": Row(kwargs=lambda d: {"slug": "overdue"}, expect=only(MANAGERS)),
    "oversight:reviews": Row(expect=only(MO)),
    "oversight:review": Row(kwargs=_review, expect=REVIEW),
    "oversight:review_finding": Row(kwargs=_review, expect=REVIEW),
    "oversight:review_sign": Row(kwargs=_review, expect=REVIEW),
    "oversight:review_verify": Row(kwargs=_review, expect=REVIEW),
    "oversight:review_pdf": Row(kwargs=_review, expect=REVIEW),
}
