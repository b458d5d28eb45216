from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The machinery shared by the two kinds of case (investors' inquiries, enterprises' service requests).

    Only abstract models and functions: no tables of its own, so each case app keeps its rows.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("cases")
