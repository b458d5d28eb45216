from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal content")

    def ready(self):
        from core.cache import watch
        from portal import related
        from portal.models import Indicator, IndustryOfficer, NewsLink, PageBlock, SiteSettings

        watch(Indicator, IndustryOfficer, NewsLink, PageBlock, SiteSettings)  # public pages show their rows
        related.register()
