from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from idp import views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("testing/control/", views.control),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
