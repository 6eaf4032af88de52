from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socorg.accounts"
    label = "accounts"
    verbose_name = "账户与角色"

    def ready(self) -> None:
        from socorg.accounts import signals  # noqa: F401  (login/logout/lockout audit)
