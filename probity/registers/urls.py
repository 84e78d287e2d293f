from django.urls import path

from probity.registers import search_views, views

app_name = "registers"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", search_views.search, name="search"),
    path("people/<int:person_id>/", search_views.person, name="person"),
    path("entries/<str:reference>/", views.entry, name="entry"),
    path("entries/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("entries/<str:reference>/audit/", views.audit, name="audit"),
    path("<slug:slug>/", views.register_list, name="list"),
    path("<slug:slug>/download.csv", views.register_csv, name="csv"),
]
