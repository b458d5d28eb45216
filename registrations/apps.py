from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Event registrations")

    def ready(self):
        try:
            from news.views import EventDetailView
        except ImportError:  # the news app's public pages are not installed yet: no event page to add to
            return
        from registrations.views import event_block

        EventDetailView.add_related("registration", event_block, "registrations/includes/event_block.html")
