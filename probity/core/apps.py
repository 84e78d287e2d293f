from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "probity.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from probity.core import checks, signin  # noqa: F401 - checks register themselves

        signals.user_logged_in.connect(signin.signed_in, dispatch_uid="probity-signed-in")
        signals.user_logged_out.connect(signin.signed_out, dispatch_uid="probity-signed-out")
        signals.user_login_failed.connect(
            signin.sign_in_failed, dispatch_uid="probity-sign-in-failed"
        )
