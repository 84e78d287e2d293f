from django.urls import path

from probity.conduct import views

app_name = "conduct"

urlpatterns = [
    path("settings/gift-guidance/", views.gift_guidance, name="gift_guidance"),
]
