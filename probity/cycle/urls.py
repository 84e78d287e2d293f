from django.urls import path

from probity.cycle import views

app_name = "cycle"

urlpatterns = [
    path("annual-round/", views.rounds, name="rounds"),
    path("annual-round/open/", views.open_round, name="open"),
    path("annual-round/<int:round_id>/", views.detail, name="detail"),
    path("annual-round/<int:round_id>/team/", views.team, name="team"),
    path("annual-round/<int:round_id>/close/", views.close, name="close"),
    path("my-return/<int:round_id>/", views.mine, name="mine"),
    path("my-return/<int:round_id>/confirm/", views.confirm, name="confirm"),
    path("my-return/<int:round_id>/nil-return/", views.nil_return, name="nil_return"),
    path(
        "my-return/<int:round_id>/interests/<str:reference>/",
        views.review_interest,
        name="review_interest",
    ),
    path("settings/annual-round/", views.settings_page, name="settings"),
]
