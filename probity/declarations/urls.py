from django.urls import path

from probity.declarations import views

app_name = "declarations"

urlpatterns = [
    path("declare/", views.start, name="start"),
    path("declare/<slug:slug>/", views.declare, name="declare"),
    path("declare/<slug:slug>/check/", views.check, name="check"),
    path("declarations/<str:reference>/confirmation/", views.confirmation, name="confirmation"),
    path("declarations/<str:reference>/respond/", views.respond, name="respond"),
    path("declarations/<str:reference>/correct/", views.correct, name="correct"),
    path("declarations/<str:reference>/end/", views.end, name="end"),
    path("my-declarations/", views.mine, name="mine"),
    path("review/", views.review_list, name="review_list"),
    path("waiting-for-someone/", views.stranded, name="stranded"),
    path("declarations/<str:reference>/reroute/", views.reroute, name="reroute"),
    path("review/<str:reference>/", views.review, name="review"),
]
