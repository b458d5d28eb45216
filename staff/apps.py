from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Roles, the staff dashboard and other back-office concerns that span apps."""

    name = "staff"
    verbose_name = _("Back office")
