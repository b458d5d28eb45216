from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustriesConfig(AppConfig):
    name = "industries"
    verbose_name = _("Industry system")

    def ready(self):
        from core.cache import watch
        from industries.models import ChainNode, Industry

        watch(Industry, ChainNode)  # public pages show their rows
