from django.db import models
from django.utils.translation import gettext_lazy as _

CC_BY_4 = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


class CatalogueSettings(models.Model):
    """The open-data catalogue's staff-editable settings (one row): the licence every dataset carries."""

    licence_name = models.CharField(_("licence"), max_length=100, default=CC_BY_4[0])
    licence_url = models.URLField(_("licence URL"), default=CC_BY_4[1])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("open-data settings")
        verbose_name_plural = _("open-data settings")

    def __str__(self):
        return str(_("Open-data licence: %(name)s") % {"name": self.licence_name})

    @classmethod
    def current(cls) -> "CatalogueSettings":
        """The saved settings, or the defaults (CC BY 4.0) until staff save some."""
        return cls.objects.order_by("id").first() or cls()
