from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from probity import outbox, views
from probity.conduct import code_urls
from probity.core import views as core_views
from probity.declarations.kinds import declare_links
from probity.people import account_views, sso_views

handler400 = "probity.core.views.bad_request"
handler403 = "probity.core.views.permission_denied"
handler404 = "probity.core.views.page_not_found"
handler500 = "probity.core.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("status/", core_views.status, name="status"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso_views.SignOutView.as_view(), name="logout"),
    path(
        "accounts/login/emergency/",
        sso_views.EmergencySignInView.as_view(),
        name="emergency_sign_in",
    ),
    path("accounts/sso/start/", sso_views.SsoStartView.as_view(), name="sso_start"),
    path("accounts/sso/callback/", sso_views.SsoCallbackView.as_view(), name="sso_callback"),
    path(
        "accounts/password-reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("probity.declarations.urls")),
    path("registers/", include("probity.registers.urls")),
    path("", include("probity.conduct.urls")),
    path("", include("probity.people.urls")),
    path("", include("probity.registers.book_urls")),
    path("", include(code_urls.urls(declare_links=declare_links))),
    path("", include("probity.concerns.urls")),
    path("", include("probity.oversight.urls")),
    path("", include("probity.cycle.urls")),
    path("settings/email/", outbox.outbox, name="outbox"),
    path("settings/email/<int:email_id>/retry/", outbox.outbox_retry, name="outbox_retry"),
]

if settings.PROBITY_BENCH:
    from probity.registers import bench_views

    urlpatterns += [
        path("bench/bare/", bench_views.bare, name="bench_bare"),
        path("bench/ceiling/", bench_views.ceiling, name="bench_ceiling"),
    ]
