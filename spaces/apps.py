from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = _("Space register")

    def ready(self):
        from core.cache import watch
        from spaces.models import Space, SpaceImage, SpaceStatusLog

        watch(Space, SpaceImage, SpaceStatusLog)  # public pages show their rows
