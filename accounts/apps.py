from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connect the sign-in stamp of session timeouts and the cached user's refresh on change.
        from accounts import sessions, user_cache  # noqa: F401
