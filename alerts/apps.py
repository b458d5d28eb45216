from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mail alerts")

    def ready(self):
        from core.links import register_link

        # /spaces/' "tell me when a space matching this search appears" and the checker's "notify me".
        register_link("alerts-subscribe", "alerts:subscribe")
