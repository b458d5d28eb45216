from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zones and service")

    def ready(self):
        from core.cache import watch
        from staff.models import register_public_list
        from zones.models import Platform, ServiceGrid, Zone

        watch(Zone, ServiceGrid, Platform)  # public pages show their rows
        # An officer's public contact lists the zones and grids they look after, each when published.
        register_public_list("zones", "show_zones", lambda profile: [zone.name_i18n for zone in profile.zones.all()])
        register_public_list(
            "grids", "show_grids", lambda profile: [grid.name_i18n for grid in profile.user.service_grids.all()]
        )
