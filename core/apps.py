from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared utilities without models: localisation helpers, client IP, logging, middleware."""

    name = "core"

    def ready(self):
        from core.cache import connect_signals

        connect_signals()
