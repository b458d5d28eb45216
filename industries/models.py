from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized, TranslatedModel


class Industry(TranslatedModel):
    """A node of the industry system 一智三新五链, editable by staff.

    智能制造 appears twice on purpose: once as the core (一智) and once as one of the five tracks.
    """

    # The names a spreadsheet may give for an industry, besides its slug.
    SPREADSHEET_NAMES = ("name", "name_en")

    class Category(models.TextChoices):
        CORE = "core", _("Core: intelligent manufacturing")
        NEW = "new", _("Three new industries")
        CHAIN = "chain", _("Five chains")
        SERVICE = "service", _("Producer services")

    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")
    description_i18n = Localized("description")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="industry_unique_name_per_category")]

    def __str__(self):
        return f"{self.name}（{self.get_category_display()}）"
