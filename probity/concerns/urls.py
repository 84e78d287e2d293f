from django.urls import path

from probity.concerns import views

app_name = "concerns"

urlpatterns = [
    # Public: anyone, signed in or not. No client address reaches the logs for these paths.
    path("report-a-concern/", views.report, name="report"),
    path("report-a-concern/follow-up/", views.follow_up, name="follow_up"),
    path("report-a-concern/follow-up/case/", views.case, name="case"),
    path("report-a-concern/follow-up/leave/", views.case_sign_out, name="case_sign_out"),
    # Handlers, the receiving office and the Monitoring Officer.
    path("concerns/", views.concern_list, name="list"),
    path("concerns/counts/", views.counts, name="counts"),
    path("concerns/<str:reference>/", views.concern_detail, name="detail"),
    path("concerns/<str:reference>/files/<int:file_id>/", views.concern_file, name="file"),
    path("concerns/<str:reference>/<slug:action>/", views.concern_act, name="act"),
    path("breach-cases/", views.breach_list, name="breach_list"),
    path("breach-cases/new/", views.breach_new, name="breach_new"),
    path("breach-cases/<str:reference>/", views.breach_detail, name="breach_detail"),
    path("breach-cases/<str:reference>/record/", views.breach_update, name="breach_update"),
]
