from django.urls import path

from probity.registers import book_views

app_name = "book"

urlpatterns = [
    path("section-117-book/", book_views.inspect, name="inspect"),
    path("settings/office-hours/", book_views.hours, name="hours"),
]
