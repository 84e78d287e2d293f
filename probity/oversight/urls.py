from django.urls import path

from probity.oversight import views

app_name = "oversight"

urlpatterns = [
    path("dashboard/", views.council, name="council"),
    path("dashboard/print/", views.council_print, name="council_print"),
    path("dashboard/<slug:slug>.csv", views.council_csv, name="council_csv"),
    path("dashboard/committee/", views.committee, name="committee"),
    path("dashboard/committee.pdf", views.committee_pdf, name="committee_pdf"),
    path("team-dashboard/", views.team, name="team"),
    path("team-dashboard/print/", views.team_print, name="team_print"),
    path("team-dashboard/<slug:slug>.csv", views.team_csv, name="team_csv"),
    path("annual-review/", views.reviews, name="reviews"),
    path("annual-review/<int:review_id>/", views.review, name="review"),
    path("annual-review/<int:review_id>/finding/", views.review_finding, name="review_finding"),
    path("annual-review/<int:review_id>/sign/", views.review_sign, name="review_sign"),
    path("annual-review/<int:review_id>/verify/", views.review_verify, name="review_verify"),
    path("annual-review/<int:review_id>/report.pdf", views.review_pdf, name="review_pdf"),
]
