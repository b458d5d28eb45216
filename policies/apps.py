from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from core.cache import watch
        from policies.models import Condition, Measure, Policy, PolicyAttachment, Theme

        watch(Policy, PolicyAttachment, Measure, Condition, Theme)  # public pages show their rows
