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


class DatasetChange(models.Model):
    """One day's changes to one published dataset: how many rows were added, changed and removed.

    Counts only, written by the daily job (api/changes.py); what the rows were is not kept. The first
    run for a dataset is its baseline: it records how many rows there were and no change. A day
    without a row had no change. Read by the catalogue (the datasets' ``dct:modified``) and the
    dictionary pages (/data/<dataset>/).
    """

    dataset = models.SlugField(_("dataset"), max_length=40)
    day = models.DateField(_("day"))
    added = models.PositiveIntegerField(_("rows added"), default=0)
    changed = models.PositiveIntegerField(_("rows changed"), default=0)
    removed = models.PositiveIntegerField(_("rows removed"), default=0)
    rows = models.PositiveIntegerField(_("rows after the day"), default=0)
    is_baseline = models.BooleanField(_("baseline"), default=False)

    class Meta:
        ordering = ["dataset", "-day"]
        verbose_name = _("dataset change")
        verbose_name_plural = _("dataset changes")
        constraints = [models.UniqueConstraint(fields=["dataset", "day"], name="dataset_change_one_per_day")]

    def __str__(self):
        return f"{self.dataset} {self.day}: +{self.added} ~{self.changed} -{self.removed}"


class DatasetRowDigest(models.Model):
    """A published row as the change log last saw it: its key and a digest of how it was published.

    Private bookkeeping of the daily job (api/changes.py): never shown, never in the page cache's
    watch list.
    """

    dataset = models.SlugField(_("dataset"), max_length=40)
    key = models.CharField(_("row key"), max_length=64)
    digest = models.CharField(_("digest"), max_length=32)

    class Meta:
        verbose_name = _("published row digest")
        verbose_name_plural = _("published row digests")
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="dataset_row_digest_unique")]

    def __str__(self):
        return f"{self.dataset}/{self.key}"
