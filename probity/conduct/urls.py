from django.urls import path

from probity.conduct import views

app_name = "conduct"

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
    path("settings/gift-guidance/", views.gift_guidance, name="gift_guidance"),
    path("settings/routing/", views.routing, name="routing"),
    path("settings/fallbacks/", views.fallbacks, name="fallbacks"),
]
