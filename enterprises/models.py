import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.directory import NAME_EN, DirectoryQuerySet, Searchable
from core.figures import real_or_sample_totals
from core.i18n import Localized, TranslatedModel
from core.search import SearchTokensField
from core.validators import normalise_credit_code, validate_credit_code

PUBLISHED = models.Q(is_published=True)


def validate_not_future_year(year: int):
    if year is not None and year > datetime.date.today().year:
        raise ValidationError(_("The year %(year)s lies in the future."), params={"year": year})


class RecognitionType(TranslatedModel):
    """An honour an enterprise can hold (高新技术企业, 隐形冠军…), kept as an editable table."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("recognition type")
        verbose_name_plural = _("recognition types")

    def __str__(self):
        return self.name


class EnterpriseQuerySet(DirectoryQuerySet):
    def listed(self):
        return self.filter(listing_status=Enterprise.ListingStatus.LISTED)

    def totals(self) -> dict:
        """One query: how many enterprises and how many listed, over the real rows, or the samples
        when none is real (core.figures)."""
        return real_or_sample_totals(
            self,
            count=models.Count("id"),
            listed=models.Count("id", filter=models.Q(listing_status=Enterprise.ListingStatus.LISTED)),
        )


class Enterprise(Searchable, TranslatedModel):
    """A company located in the zone."""

    SEARCH_FIELDS = ("name", "name_en", "short_name", "summary", "summary_en")
    SEARCH_LABELS = ("listing_status",)
    SEARCH_RELATED = {"zone": ("name", "name_en"), "industry": ("name", "name_en"), "grid": ("name", "name_en")}

    class ListingStatus(models.TextChoices):
        UNLISTED = "unlisted", _("Not listed")
        PRE_IPO = "pre_ipo", _("Pre-IPO")
        LISTED = "listed", _("Listed")

    class Exchange(models.TextChoices):
        SSE = "sse", _("Shanghai Stock Exchange, Main Board")
        STAR = "star", _("Shanghai Stock Exchange, STAR Market")
        SZSE = "szse", _("Shenzhen Stock Exchange, Main Board")
        CHINEXT = "chinext", _("Shenzhen Stock Exchange, ChiNext")
        BSE = "bse", _("Beijing Stock Exchange")
        HKEX = "hkex", _("Hong Kong Stock Exchange")
        NASDAQ = "nasdaq", _("NASDAQ")
        NYSE = "nyse", _("New York Stock Exchange")
        OTHER = "other", _("Other exchange")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="enterprises")
    grid = models.ForeignKey(
        "zones.ServiceGrid",
        verbose_name=_("service grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    chain_node = models.ForeignKey(
        "industries.ChainNode",
        verbose_name=_("chain link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
        help_text=_("The link of its industry's chain it works on (产业链环节), when known."),
    )
    lead_of = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("lead firm (链主) of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_firms",
        help_text=_("The industry chain this enterprise leads in the zone, if the zone names it its 链主."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码, 18 characters, checked against its check digit; published as the identifier."),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), validate_not_future_year],
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="enterprises/logos/", blank=True)
    listing_status = models.CharField(
        _("listing status"),
        max_length=10,
        choices=ListingStatus.choices,
        default=ListingStatus.UNLISTED,
    )
    exchange = models.CharField(_("exchange"), max_length=10, choices=Exchange.choices, blank=True)
    listed_on = models.DateField(_("listing date"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("synthetic demo row"),
        default=False,
        editable=False,
        help_text=_("Generated sample data, not a real enterprise."),
    )
    # Normalised text for keyword search, kept up to date by enterprises.services.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # One- and two-character tokens of search_text, GIN-indexed on PostgreSQL (core.search).
    search_tokens = SearchTokensField(_("search tokens"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "search_tokens", "updated_at"])
    objects = EnterpriseQuerySet.as_manager()

    name_i18n = Localized("name")
    summary_i18n = Localized("summary")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # The public list's sorts (by name, Chinese or English) and its filters combined with the
        # default sort; partial, over published rows only. "Newest founded first" sorts NULLS LAST,
        # which SQLite cannot index: that index is PostgreSQL-only, in migration 0004.
        indexes = [
            models.Index(F("name"), F("id"), condition=PUBLISHED, name="enterprise_pub_name"),
            models.Index(NAME_EN, F("id"), condition=PUBLISHED, name="enterprise_pub_name_en"),
            models.Index(F("zone"), F("name"), F("id"), condition=PUBLISHED, name="enterprise_pub_zone_name"),
            models.Index(F("industry"), F("name"), F("id"), condition=PUBLISHED, name="enterprise_pub_industry_name"),
            models.Index(F("grid"), F("name"), F("id"), condition=PUBLISHED, name="enterprise_pub_grid_name"),
            models.Index(
                F("listing_status"), F("name"), F("id"), condition=PUBLISHED, name="enterprise_pub_listing_name"
            ),
            models.Index(fields=["is_demo"], condition=models.Q(is_demo=True), name="enterprise_demo"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(listed_on__isnull=True) | models.Q(listing_status="listed"),
                name="enterprise_listing_date_only_when_listed",
                violation_error_message=_("A listing date needs the status “listed”."),
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True) | models.Q(founded_year__gte=1800),
                name="enterprise_founded_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:detail", kwargs={"key": self.slug})

    @property
    def display_short_name(self):
        return self.short_name or self.name

    def clean(self):
        errors = {}
        self.credit_code = normalise_credit_code(self.credit_code)
        if (
            self.chain_node_id is not None
            and self.industry_id is not None
            and self.chain_node.industry_id != self.industry_id
        ):
            errors["chain_node"] = _("Choose a link of the enterprise's own industry's chain.")
        if self.listing_status == self.ListingStatus.LISTED and not self.exchange:
            errors["exchange"] = _("Name the exchange of a listed enterprise.")
        if self.listed_on and self.listing_status != self.ListingStatus.LISTED:
            errors["listed_on"] = _("A listing date needs the status “listed”.")
        if self.listed_on and self.listed_on > datetime.date.today():
            errors["listed_on"] = _("The listing date cannot lie in the future.")
        if self.last_verified_on and self.last_verified_on > datetime.date.today():
            errors["last_verified_on"] = _("The last-verified date cannot lie in the future.")
        if self.grid_id and self.zone_id and self.grid.zone_id and self.grid.zone_id != self.zone_id:
            errors["grid"] = _("This service grid belongs to another zone.")
        if errors:
            raise ValidationError(errors)


class Recognition(models.Model):
    """A dated honour: which recognition, at which level, in which year."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="recognitions"
    )
    kind = models.ForeignKey(
        RecognitionType, verbose_name=_("recognition"), on_delete=models.PROTECT, related_name="awards"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1949), validate_not_future_year])
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind__order", "-year"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        # The public "tag" filter: enterprises holding a recognition of a kind.
        indexes = [models.Index(fields=["kind", "enterprise"], name="recognition_kind_enterprise")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "level", "year"], name="recognition_unique_per_year"),
            models.CheckConstraint(condition=models.Q(year__gte=1949), name="recognition_year_plausible"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}{self.kind}"
