"""Who may read the dashboards and take part in the annual review."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from probity.oversight.models import AnnualReview
from probity.oversight.rules import REVIEW_OFFICES
from probity.people.rules import Viewer


def review_offices_of(viewer: Viewer) -> dict[str, str]:
    """The review offices this viewer holds ("holder") or deputises for ("deputy") today."""
    holds: dict[str, str] = {}
    for office in REVIEW_OFFICES:
        if office in viewer.office_kinds:
            holds[office] = "holder"
        elif office in viewer.deputy_office_kinds:
            holds[office] = "deputy"
    return holds


def require_council_dashboard(viewer: Viewer) -> None:
    """The whole council's dashboard is the Monitoring Officer's (and a deputy's)."""
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can see the council's dashboard.")


def require_team_dashboard(viewer: Viewer) -> None:
    """A team dashboard is for anyone with people reporting to them."""
    if not viewer.report_ids:
        raise PermissionDenied("Only managers have a team dashboard.")


def require_reviewer(viewer: Viewer) -> None:
    """The annual review is for the Chief Executive, the s151 officer and the Monitoring Officer
    (holders and deputies)."""
    if not review_offices_of(viewer):
        raise PermissionDenied("Only the three reviewing offices take part in the annual review.")


def review_for_viewer(*, review_id: int, viewer: Viewer) -> AnnualReview:
    require_reviewer(viewer)
    review = AnnualReview.objects.filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review.")
    return review
