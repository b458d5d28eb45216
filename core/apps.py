from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared utilities without models: localisation helpers, client IP, logging, middleware."""

    name = "core"


class AxesConfig(AxesAppConfig):
    """django-axes with a translatable name in the admin sidebar (the package sets none)."""

    verbose_name = _("Log-in security")
