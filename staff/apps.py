from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff people: roles, permission helpers and the admin tools the apps share (the dashboard is in portal)."""

    name = "staff"
    verbose_name = _("Back office")
