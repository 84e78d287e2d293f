from django.urls import path

from probity.cycle import training_views, views

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
    path("training/", training_views.sessions, name="training"),
    path("training/new/", training_views.session_new, name="training_new"),
    path("training/due/", training_views.refresher_due, name="training_due"),
    path("training/due/csv/", training_views.refresher_due_csv, name="training_due_csv"),
    path("training/<int:session_id>/", training_views.session_detail, name="training_session"),
    path(
        "training/<int:session_id>/attendance/<int:attendance_id>/remove/",
        training_views.attendance_remove,
        name="training_attendance_remove",
    ),
    path(
        "training/<int:session_id>/import/",
        training_views.attendance_upload,
        name="training_import",
    ),
    path(
        "training/<int:session_id>/import/<int:import_id>/",
        training_views.attendance_preview,
        name="training_import_preview",
    ),
    path("induction/", training_views.inductions, name="inductions"),
]
