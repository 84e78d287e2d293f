from django.urls import path

from probity.people import account_views, feed_views, people_views, views

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
    path("people/", people_views.people, name="people"),
    path("people/add/", people_views.person_add, name="person_add"),
    path("people/not-in-last-hr-file/", people_views.not_in_feed, name="not_in_feed"),
    path("people/<int:person_id>/", people_views.person, name="person"),
    path("people/<int:person_id>/change/", people_views.person_edit, name="person_edit"),
    path("people/<int:person_id>/leaving/", people_views.person_leave, name="person_leave"),
    path("people/organisation/", people_views.organisation, name="organisation"),
    path("people/hr-file/", feed_views.feed_upload, name="feed_upload"),
    path("people/hr-file/<int:feed_id>/", feed_views.feed_preview, name="feed_preview"),
    path("people/hr-file/<int:feed_id>/status/", feed_views.feed_status, name="feed_status"),
    path("people/hr-file/template.<slug:fmt>", feed_views.feed_template, name="feed_template"),
    path("people/organisation/<slug:kind>/add/", people_views.org_add, name="org_add"),
    path(
        "people/organisation/<slug:kind>/<int:record_id>/change/",
        people_views.org_edit,
        name="org_edit",
    ),
    path(
        "people/organisation/<slug:kind>/<int:record_id>/delete/",
        people_views.org_delete,
        name="org_delete",
    ),
    path("settings/sign-in-lockouts/unlock/", account_views.lockout_lift, name="lockout_lift"),
]
