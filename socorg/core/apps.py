from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socorg.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from socorg.core import checks, dbfunctions  # noqa: F401  (registers checks and hooks)
