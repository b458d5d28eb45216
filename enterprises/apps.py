from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from core.cache import watch
        from enterprises.models import Enterprise, Recognition, RecognitionType

        watch(Enterprise, Recognition, RecognitionType)  # public pages show their rows
