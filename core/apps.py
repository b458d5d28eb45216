from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared utilities: localisation, client IP, logging, middleware, the spreadsheet module (its job table)."""

    name = "core"
    verbose_name = _("Spreadsheets and shared tools")
    default = True  # apps.py holds two configs; "core" in INSTALLED_APPS means this one

    def ready(self):
        from django.core import checks

        from core.admin_guard import check_history_admins
        from core.directory import connect_search_signals

        checks.register(check_history_admins, checks.Tags.admin)
        connect_search_signals()


class AxesConfig(AxesAppConfig):
    """django-axes with a translatable name in the admin sidebar (the package sets none)."""

    verbose_name = _("Log-in security")
