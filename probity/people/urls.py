from django.urls import path

from probity.people import account_views, views

app_name = "people"

urlpatterns = [
    path("settings/offices/", views.offices, name="offices"),
    path("settings/offices/<int:office_id>/holder/", views.office_holder, name="office_holder"),
    path("settings/offices/<int:office_id>/deputy/", views.office_deputy, name="office_deputy"),
    path(
        "settings/offices/holdings/<int:holding_id>/end/",
        views.holding_end,
        name="holding_end",
    ),
    path("settings/sign-in-lockouts/", account_views.lockouts, name="lockouts"),
    path("settings/sign-in-lockouts/unlock/", account_views.lockout_lift, name="lockout_lift"),
]
