from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zones and service")

    def ready(self):
        from core.cache import watch
        from zones.models import Platform, ServiceGrid, Zone

        watch(Zone, ServiceGrid, Platform)  # public pages show their rows
