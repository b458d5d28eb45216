from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.geojson import outline, validate_boundary
from core.i18n import Localized, TranslatedModel
from core.links import link_url


class ZoneQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("order", "id")

    def with_boundary(self):
        return self.filter(boundary__isnull=False)


class Zone(TranslatedModel):
    """One of the three areas of 北智中居南创; projects, enterprises and space point here."""

    # The names a spreadsheet may give for a zone, besides its slug.
    SPREADSHEET_NAMES = ("name", "name_en", "full_name", "full_name_en")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    full_name = models.CharField(_("full name"), max_length=80, blank=True)
    full_name_en = models.CharField(_("full name (English)"), max_length=160, blank=True)
    positioning = models.CharField(_("positioning"), max_length=200, blank=True)
    positioning_en = models.CharField(_("positioning (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when not published."),
    )
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        validators=[validate_boundary],
        help_text=_(
            "The zone's outline as a GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude (longitude "
            "first), e.g. exported from a GIS or a map-drawing tool; a Feature holding one is accepted too. "
            "Outer rings are turned counter-clockwise for you. Leave empty while no official boundary exists: "
            "only zones with a boundary are published in /data/zones.geojson."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Which officers look after the zone, kept on this side so that staff never names zones. The table
    # is the one staff's migration 0003 made for OfficerProfile.zones (the same two columns).
    officer_profiles = models.ManyToManyField(
        "staff.OfficerProfile",
        verbose_name=_("officers looking after it"),
        blank=True,
        related_name="zones",
        db_table="staff_officerprofile_zones",
    )

    objects = ZoneQuerySet.as_manager()

    name_i18n = Localized("name")
    full_name_i18n = Localized("full_name")
    positioning_i18n = Localized("positioning")
    description_i18n = Localized("description")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_km2__isnull=True) | models.Q(area_km2__gte=0),
                name="zone_area_non_negative",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The zone's page combines several apps, so an app above serves it and registers its URL.
        return link_url("zone-page", self.slug)

    @property
    def boundary_outline(self) -> dict | None:
        """The boundary drawn for a page (core.geojson.outline); None when no boundary is drawn."""
        return outline(self.boundary)


class ServiceGrid(TranslatedModel):
    """One of the five 钱小二 service grids, each looked after by resident officers."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grids",
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officers"),
        blank=True,
        related_name="service_grids",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")
    description_i18n = Localized("description")

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("service grid")
        verbose_name_plural = _("service grids")

    def __str__(self):
        return self.name


class PlatformQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Platform(TranslatedModel):
    """An innovation platform: R&D centre, incubator or accelerator."""

    class Kind(models.TextChoices):
        RD_CENTRE = "rd_centre", _("R&D centre")
        INCUBATOR = "incubator", _("Incubator")
        ACCELERATOR = "accelerator", _("Accelerator")
        OTHER = "other", _("Other platform")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RD_CENTRE)
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
    )
    opened_year = models.PositiveSmallIntegerField(
        _("year opened"), null=True, blank=True, validators=[MinValueValidator(1949)]
    )
    recognition = models.CharField(_("recognition"), max_length=200, blank=True)
    recognition_en = models.CharField(_("recognition (English)"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlatformQuerySet.as_manager()

    name_i18n = Localized("name")
    recognition_i18n = Localized("recognition")
    summary_i18n = Localized("summary")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("innovation platform")
        verbose_name_plural = _("innovation platforms")

    def __str__(self):
        return self.name
