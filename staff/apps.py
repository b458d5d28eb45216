from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff people: roles, permission helpers and the admin tools the apps share (the dashboard is in portal)."""

    name = "staff"
    verbose_name = _("Back office")

    def ready(self):
        from core.cache import watch
        from staff.models import OfficerProfile

        watch(OfficerProfile)  # public pages show their rows
