from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EfficiencyConfig(AppConfig):
    name = "efficiency"
    verbose_name = _("亩均 evaluation")
