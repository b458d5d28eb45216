from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared utilities without models: localisation helpers, client IP, logging, middleware."""

    name = "core"
