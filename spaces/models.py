"""The space register (载体): land parcels, factories, offices, incubators and idle space under renewal.

Areas are stored as published: land in 亩 (`area_mu`), buildings in m² (`floor_area_m2`). The
register filters, sorts and matches on one figure in m², `area_m2`, which `Space.computed_area_m2`
derives (1 亩 = 666.67 m²) and the write service `spaces.services.space_save` stores. Every price
has a "disclosed" flag; an undisclosed price is never shown, sorted on or matched.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.directory import DirectoryQuerySet, Searchable
from core.i18n import Localized, Photo, TranslatedModel
from core.search import SearchTokensField

ZERO = Decimal("0")
M2_PER_MU = Decimal("666.67")
# The longest time an entry bar may give to reach it (years after going into production).
MAX_BAR_YEARS = 10
# The entry bar (亩均论英雄): the per-mu thresholds a firm moving in must reach.
BAR_FIELDS = ("min_investment_intensity", "min_tax_per_mu", "min_value_added_per_mu")
# Paths under /spaces/ that are pages of their own (spaces/urls.py), never a space's slug.
RESERVED_SLUGS = frozenset({"compare"})


def mu_to_m2(mu: Decimal | None) -> Decimal | None:
    """Square metres of `mu` 亩, to the hundredth of a m²."""
    if mu is None:
        return None
    return (Decimal(mu) * M2_PER_MU).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def m2_to_mu(m2: Decimal | None) -> Decimal | None:
    if m2 is None:
        return None
    return (Decimal(m2) / M2_PER_MU).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _non_negative(field: str) -> models.Q:
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0})


def _amount(verbose_name, digits=12, places=2, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=digits,
        decimal_places=places,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class SpaceQuerySet(DirectoryQuerySet):
    def on_offer(self):
        """Available or in talks: what the public list shows by default and what matching proposes."""
        return self.filter(status__in=Space.OFFERED_STATUSES)

    def newest_first(self):
        return self.order_by("-created_at", "-id")

    def with_photos(self):
        """Each space's photos in order, in one more query: a card shows the first (space_card.html)."""
        return self.prefetch_related(models.Prefetch("images", queryset=SpaceImage.objects.order_by("order", "id")))

    def offering(self, tenure: str):
        return self.filter(**{Space.TENURE_FIELDS[tenure]: True})


class Space(Searchable, TranslatedModel):
    """One space on offer (or once on offer): a parcel, a building or part of one."""

    SEARCH_FIELDS = (
        "code",
        "name",
        "name_en",
        "address",
        "address_en",
        "operator",
        "operator_en",
        "summary",
        "summary_en",
    )
    SEARCH_LABELS = ("kind", "status")
    SEARCH_RELATED = {"zone": ("name", "name_en"), "target_industries": ("name", "name_en")}

    class Kind(models.TextChoices):
        LAND = "land", _("Land parcel")
        FACTORY = "factory", _("Standard factory")
        OFFICE = "office", _("Office or R&D building")
        INCUBATOR = "incubator", _("Incubator space")
        RENEWAL = "renewal", _("Idle space under renewal")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        TALKS = "talks", _("In talks")
        FITTING = "fitting", _("Being fitted out")
        OCCUPIED = "occupied", _("Occupied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Tenure(models.TextChoices):
        LEASE = "lease", _("Lease")
        SALE = "sale", _("Sale")
        TRANSFER = "transfer", _("Land transfer (出让)")

    class LandUse(models.TextChoices):
        INDUSTRIAL = "industrial", _("Industrial (M1)")
        INNOVATIVE = "innovative", _("New industry / R&D (M0)")
        WAREHOUSE = "warehouse", _("Logistics and warehousing (W)")
        COMMERCIAL = "commercial", _("Commercial and services (B)")

    OFFERED_STATUSES = (Status.AVAILABLE, Status.TALKS)
    # Statuses a space cannot be proposed to an investor in.
    NOT_PROPOSABLE = (Status.OCCUPIED, Status.WITHDRAWN)
    TENURE_FIELDS = {Tenure.LEASE: "offers_lease", Tenure.SALE: "offers_sale", Tenure.TRANSFER: "offers_transfer"}
    # Fields that only a land parcel may fill in, and fields only a building (or space in one) may.
    LAND_FIELDS = ("land_use", "plot_ratio", "height_limit_m", "land_price", "offers_transfer")
    BUILDING_FIELDS = (
        "floor_area_m2",
        "floors",
        "floor_numbers",
        "clear_height_m",
        "floor_load_kn",
        "lifts_cranes",
        "rent",
        "sale_price",
        "offers_sale",
    )

    code = models.CharField(
        _("space code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2,4}-\d{4}-\d{3,5}$",
                _("Use the form ZT-2021-001: letters, the year it was registered, a sequence number."),
            )
        ],
        help_text=_("Readable reference such as ZT-2021-001; the key for spreadsheet imports."),
    )
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="spaces")
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, help_text=_("Leave empty when it is available now or not known.")
    )
    # Land (and the site of a renewal).
    area_mu = _amount(_("land area (mu)"))
    land_use = models.CharField(_("land use"), max_length=20, choices=LandUse.choices, blank=True)
    plot_ratio = _amount(_("plot ratio"), digits=5, places=2)
    height_limit_m = _amount(_("height limit (m)"), digits=6, places=1)
    land_price_disclosed = models.BooleanField(_("land price disclosed"), default=False)
    land_price = _amount(_("land price (10,000 yuan per mu)"), digits=10)
    offers_transfer = models.BooleanField(_("offered by land transfer (出让)"), default=False)
    # Buildings.
    floor_area_m2 = _amount(_("floor area (m²)"))
    area_is_lower_bound = models.BooleanField(
        _("area is a lower bound"), default=False, help_text=_("Tick when the source says “over” the area given.")
    )
    floors = models.PositiveSmallIntegerField(
        _("floors in the building"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    floor_numbers = models.CharField(
        _("floor(s) offered"), max_length=40, blank=True, help_text=_("For example 1 or 3–5.")
    )
    clear_height_m = _amount(_("clear height (m)"), digits=5, places=1)
    floor_load_kn = _amount(_("floor load (kN/m²)"), digits=6, places=1)
    lifts_cranes = models.CharField(_("lifts and cranes"), max_length=200, blank=True)
    lifts_cranes_en = models.CharField(_("lifts and cranes (English)"), max_length=300, blank=True)
    rent_disclosed = models.BooleanField(_("rent disclosed"), default=False)
    rent = _amount(_("rent (yuan per m² and month)"), digits=10)
    sale_price_disclosed = models.BooleanField(_("sale price disclosed"), default=False)
    sale_price = _amount(_("sale price (yuan per m²)"), digits=12)
    offers_lease = models.BooleanField(_("offered for lease"), default=False)
    offers_sale = models.BooleanField(_("offered for sale"), default=False)
    # Both.
    power_kva = _amount(_("power capacity (kVA)"), digits=10, places=0)
    target_industries = models.ManyToManyField(
        "industries.Industry",
        verbose_name=_("target industries"),
        blank=True,
        related_name="spaces",
        help_text=_("The 一智三新五链 industries the space is meant for; none means any."),
    )
    min_investment_intensity = _amount(
        _("minimum investment intensity (10,000 yuan per mu)"),
        digits=10,
        help_text=_("亩均投资强度 threshold, where one exists."),
    )
    min_tax_per_mu = _amount(
        _("minimum tax per mu (10,000 yuan per mu and year)"),
        digits=10,
        help_text=_("亩均税收 threshold, where one exists."),
    )
    min_value_added_per_mu = _amount(
        _("minimum value added per mu (10,000 yuan per mu and year)"),
        digits=10,
        help_text=_("亩均增加值 threshold, where one exists."),
    )
    bar_years = models.PositiveSmallIntegerField(
        _("years to reach the bar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BAR_YEARS)],
        help_text=_("Years after going into production within which an entrant must reach the thresholds above."),
    )
    operator = models.CharField(_("operator"), max_length=160, blank=True)
    operator_en = models.CharField(_("operator (English)"), max_length=250, blank=True)
    summary = models.TextField(_("public summary"), blank=True)
    summary_en = models.TextField(_("public summary (English)"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown on the site."))
    floor_plan = models.ImageField(_("floor plan"), upload_to="spaces/plans/", blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spaces",
        help_text=_("The site shows only what the officer chose to publish in their public profile."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    is_published = models.BooleanField(_("published"), default=True)
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("synthetic demo row"), default=False, editable=False, help_text=_("Generated sample data, not a real space.")
    )
    # The area in m² whatever the kind (see the module docstring); written by spaces.services.
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_tokens = SearchTokensField(_("search tokens"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "search_tokens", "updated_at", "area_m2"])
    objects = SpaceQuerySet.as_manager()

    name_i18n = Localized("name")
    address_i18n = Localized("address")
    summary_i18n = Localized("summary")
    operator_i18n = Localized("operator")
    lifts_cranes_i18n = Localized("lifts_cranes")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        permissions = [("propose_space", _("Can propose spaces to inquiries"))]
        indexes = [
            models.Index(
                fields=["status", "-created_at", "-id"],
                condition=models.Q(is_published=True),
                name="space_pub_status_new",
            ),
            models.Index(fields=["area_m2", "id"], condition=models.Q(is_published=True), name="space_pub_area"),
            # Newest first across statuses: site search's first spaces for a common word (portal.search).
            models.Index(fields=["-created_at", "-id"], condition=models.Q(is_published=True), name="space_pub_newest"),
            models.Index(fields=["is_demo"], condition=models.Q(is_demo=True), name="space_demo"),
        ]
        constraints = [
            *[
                models.CheckConstraint(
                    condition=_non_negative(field),
                    name=f"space_{field}_non_negative",
                    violation_error_message=_("Areas, sizes, capacities and prices cannot be negative."),
                )
                for field in (
                    "area_mu",
                    "floor_area_m2",
                    "plot_ratio",
                    "height_limit_m",
                    "clear_height_m",
                    "floor_load_kn",
                    "power_kva",
                    "land_price",
                    "rent",
                    "sale_price",
                    "min_investment_intensity",
                    "min_tax_per_mu",
                    "min_value_added_per_mu",
                )
            ],
            models.CheckConstraint(
                condition=models.Q(bar_years__isnull=True)
                | (
                    models.Q(bar_years__gte=1, bar_years__lte=MAX_BAR_YEARS)
                    & (
                        models.Q(min_investment_intensity__isnull=False)
                        | models.Q(min_tax_per_mu__isnull=False)
                        | models.Q(min_value_added_per_mu__isnull=False)
                    )
                ),
                name="space_bar_years_with_a_bar",
                violation_error_message=_("The years to reach the bar need at least one threshold."),
            ),
            models.CheckConstraint(
                condition=models.Q(land_price_disclosed=False) | models.Q(land_price__isnull=False),
                name="space_disclosed_land_price_has_amount",
                violation_error_message=_("A disclosed land price needs an amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(rent_disclosed=False) | models.Q(rent__isnull=False),
                name="space_disclosed_rent_has_amount",
                violation_error_message=_("A disclosed rent needs an amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(sale_price_disclosed=False) | models.Q(sale_price__isnull=False),
                name="space_disclosed_sale_price_has_amount",
                violation_error_message=_("A disclosed sale price needs an amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="land")
                | models.Q(
                    land_use="",
                    plot_ratio__isnull=True,
                    height_limit_m__isnull=True,
                    land_price__isnull=True,
                    land_price_disclosed=False,
                    offers_transfer=False,
                ),
                name="space_land_fields_only_on_land",
                violation_error_message=_(
                    "Land use, plot ratio, height limit, land price and land transfer apply to land parcels only."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="land")
                | models.Q(
                    floor_area_m2__isnull=True,
                    floors__isnull=True,
                    floor_numbers="",
                    clear_height_m__isnull=True,
                    floor_load_kn__isnull=True,
                    lifts_cranes="",
                    rent__isnull=True,
                    rent_disclosed=False,
                    sale_price__isnull=True,
                    sale_price_disclosed=False,
                    offers_sale=False,
                ),
                name="space_land_has_no_building_fields",
                violation_error_message=_(
                    "A land parcel has no floors, floor area, clear height, floor load, rent or sale price."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["land", "renewal"]) | models.Q(area_mu__isnull=True),
                name="space_area_mu_only_on_land_or_renewal",
                violation_error_message=_("Only land parcels and renewal sites are measured in mu."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="space_position_complete",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("spaces:detail", kwargs={"key": self.slug})

    @property
    def is_land(self) -> bool:
        return self.kind == self.Kind.LAND

    def computed_area_m2(self) -> Decimal | None:
        """The one area the register filters, sorts and matches on: the floor area, else the land converted."""
        if self.floor_area_m2 is not None:
            return self.floor_area_m2
        return mu_to_m2(self.area_mu)

    @property
    def area_mu_equivalent(self) -> Decimal | None:
        """The area in 亩, converted from m² for a building (for showing both units)."""
        return self.area_mu if self.area_mu is not None else m2_to_mu(self.floor_area_m2)

    @property
    def public_land_price(self):
        return self.land_price if self.land_price_disclosed else None

    @property
    def public_rent(self):
        return self.rent if self.rent_disclosed else None

    @property
    def public_sale_price(self):
        return self.sale_price if self.sale_price_disclosed else None

    @property
    def tenures(self) -> list[str]:
        return [tenure for tenure, field in self.TENURE_FIELDS.items() if getattr(self, field)]

    def get_tenures_display(self) -> list[str]:
        return [str(self.Tenure(tenure).label) for tenure in self.tenures]

    @property
    def entry_bar(self) -> list[tuple[str, Decimal]]:
        """The per-mu thresholds (亩均论英雄) the space sets for the firm moving in, as (field, value) in
        BAR_FIELDS order; spaces/includes/entry_bar.html says them in words."""
        return [(name, getattr(self, name)) for name in BAR_FIELDS if getattr(self, name) is not None]

    @property
    def has_entry_bar(self) -> bool:
        return bool(self.entry_bar)

    @property
    def is_proposable(self) -> bool:
        return self.is_published and self.status not in self.NOT_PROPOSABLE

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("“%(slug)s” is the address of another page of the register; choose another slug.") % {
                "slug": self.slug
            }
        if self.kind == self.Kind.LAND:
            for name in self.BUILDING_FIELDS:
                if getattr(self, name) not in (None, "", False):
                    errors[name] = _("A land parcel cannot have this: it applies to buildings only.")
            if self.rent_disclosed:
                errors["rent_disclosed"] = _("A land parcel has no rent.")
            if self.sale_price_disclosed:
                errors["sale_price_disclosed"] = _("A land parcel has no sale price.")
        else:
            for name in self.LAND_FIELDS:
                if getattr(self, name) not in (None, "", False):
                    errors[name] = _("Only a land parcel can have this.")
            if self.land_price_disclosed:
                errors["land_price_disclosed"] = _("Only a land parcel can have a land price.")
            if self.area_mu is not None and self.kind != self.Kind.RENEWAL:
                errors["area_mu"] = _(
                    "Only land parcels and renewal sites are measured in mu; give the floor area in m²."
                )
        for flag, amount, label in (
            ("land_price_disclosed", "land_price", _("land price")),
            ("rent_disclosed", "rent", _("rent")),
            ("sale_price_disclosed", "sale_price", _("sale price")),
        ):
            if getattr(self, flag) and getattr(self, amount) is None and amount not in errors:
                errors[amount] = _("Enter the %(what)s, or untick “disclosed”.") % {"what": label}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.bar_years is not None and not self.has_entry_bar and "bar_years" not in errors:
            errors["bar_years"] = _(
                "Give at least one threshold (investment intensity, tax or value added per mu), "
                "or leave the years to reach the bar empty."
            )
        if self.last_verified_on and self.last_verified_on > datetime.date.today():
            errors["last_verified_on"] = _("The last-verified date cannot lie in the future.")
        if errors:
            raise ValidationError(errors)


class SpaceStatusLog(TranslatedModel):
    """One row per status change, written by spaces.services.space_save."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="status_log")
    from_status = models.CharField(_("from status"), max_length=20, choices=Space.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Space.Status.choices)
    changed_on = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=400, blank=True)

    note_i18n = Localized("note")

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status log")

    def __str__(self):
        return f"{self.changed_on} {self.get_to_status_display()}"

    @property
    def date_format(self) -> str:
        """The template date format for the precision the source gives."""
        return {self.Precision.YEAR: "Y", self.Precision.MONTH: "Y-m"}.get(self.date_precision, "Y-m-d")


class SpaceImage(Photo):
    """A photo of a space; the thumbnail is made once, at upload."""

    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="spaces/images/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="spaces/thumbs/", blank=True, editable=False)

    class Meta(Photo.Meta):
        verbose_name = _("space image")
        verbose_name_plural = _("space images")


class SpaceNeed(models.Model):
    """The space a case asks for (an investor's inquiry, an enterprise's space request), all optional:
    what spaces.matching reads and matches against the register. The case apps mix it in."""

    NEED_FIELDS = [
        "need_kind",
        "need_min_area_m2",
        "need_max_area_m2",
        "need_power_kva",
        "need_clear_height_m",
        "need_floor_load_kn",
        "need_tenure",
        "need_by",
    ]

    need_kind = models.CharField(_("kind of space needed"), max_length=20, choices=Space.Kind.choices, blank=True)
    need_min_area_m2 = models.DecimalField(
        _("area needed from (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    need_max_area_m2 = models.DecimalField(
        _("area needed up to (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    need_power_kva = models.DecimalField(
        _("power needed (kVA)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    need_clear_height_m = models.DecimalField(
        _("clear height needed (m)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    need_floor_load_kn = models.DecimalField(
        _("floor load needed (kN/m²)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    need_tenure = models.CharField(_("tenure wanted"), max_length=20, choices=Space.Tenure.choices, blank=True)
    need_by = models.DateField(_("space wanted by"), null=True, blank=True)

    class Meta:
        abstract = True
