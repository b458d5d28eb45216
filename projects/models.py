import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import precision_field, truncate
from core.directory import NAME_EN, DirectoryQuerySet, Searchable
from core.figures import real_or_sample_totals
from core.i18n import Localized, Photo, TranslatedModel
from core.search import SearchTokensField

ZERO = Decimal("0")
PUBLISHED = models.Q(is_published=True)


class ProjectQuerySet(DirectoryQuerySet):
    def newest_first(self, *, real_first: bool = False):
        """The public order: latest signing first, undated last (as on SQLite), ties by newest id.

        Served by the PostgreSQL index of migration 0004; every page listing projects uses it.
        `real_first` puts real rows before synthetic samples (the home page's latest projects).
        """
        ordering = (F("signed_on").desc(nulls_last=True), "-id")
        return self.order_by("is_demo", *ordering) if real_first else self.order_by(*ordering)

    def signed_in(self, year: int):
        return self.filter(signed_on__year=year)

    def disclosed(self):
        return self.filter(investment_disclosed=True)

    def totals(self) -> dict:
        """One query: how many projects and the sum of the disclosed amounts (None when nothing is
        disclosed), over the real rows, or the samples when none is real (core.figures)."""
        return real_or_sample_totals(
            self,
            count=models.Count("id"),
            investment=models.Sum("investment", filter=models.Q(investment_disclosed=True)),
        )


class Project(Searchable, TranslatedModel):
    """A signed investment project (签约项目)."""

    SEARCH_FIELDS = ("code", "name", "name_en", "investor", "investor_en", "summary", "summary_en")
    SEARCH_LABELS = ("stage", "status")
    SEARCH_RELATED = {"zone": ("name", "name_en"), "industry": ("name", "name_en")}

    class Stage(models.TextChoices):
        SIGNED = "signed", _("Signed")
        CONSTRUCTION = "construction", _("Under construction")
        PRODUCTION = "production", _("In production")

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        TERMINATED = "terminated", _("Terminated")

    code = models.CharField(
        _("project code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2,4}-\d{4}-\d{3,5}$",
                _("Use the form QK-2021-001: letters, the signing year, a sequence number."),
            )
        ],
        help_text=_("Readable reference such as QK-2021-001; the key for spreadsheet imports."),
    )
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    investor = models.CharField(_("investor"), max_length=160)
    investor_en = models.CharField(_("investor (English)"), max_length=250, blank=True)
    investor_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("investor (enterprise in the zone)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    chain_node = models.ForeignKey(
        "industries.ChainNode",
        verbose_name=_("chain link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("The link of its industry's chain it works on (产业链环节), when known."),
    )
    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects")
    investment = models.DecimalField(
        _("total investment (100 million yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    investment_disclosed = models.BooleanField(
        _("investment disclosed"),
        default=False,
        help_text=_("Untick when the amount has not been made public; the site then shows “undisclosed”."),
    )
    signed_on = models.DateField(
        _("signing date"), null=True, blank=True, help_text=_("Leave empty when the date has not been published.")
    )
    signed_on_precision = precision_field(_("signing date precision"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SIGNED)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ON_TRACK)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    started_on = models.DateField(_("construction start"), null=True, blank=True)
    started_on_precision = precision_field(_("construction start precision"))
    production_on = models.DateField(_("production start"), null=True, blank=True)
    production_on_precision = precision_field(_("production start precision"))
    land_mu = models.DecimalField(
        _("land (mu)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    summary = models.TextField(_("public summary"), blank=True)
    summary_en = models.TextField(_("public summary (English)"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown on the site."))
    is_published = models.BooleanField(_("published"), default=True)
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("synthetic demo row"),
        default=False,
        editable=False,
        help_text=_("Generated sample data, not a real project."),
    )
    # Normalised text for keyword search (SEARCH_FIELDS), kept up to date by projects.services.project_save.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # One- and two-character tokens of search_text, GIN-indexed on PostgreSQL (core.search).
    search_tokens = SearchTokensField(_("search tokens"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "search_tokens", "updated_at"])
    objects = ProjectQuerySet.as_manager()

    name_i18n = Localized("name")
    investor_i18n = Localized("investor")
    summary_i18n = Localized("summary")

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("signed project")
        verbose_name_plural = _("signed projects")
        # The public list's sorts and filters, over published rows only. The orders with NULLS LAST
        # (newest first, largest investment first, and the filters combined with newest first)
        # are PostgreSQL-only indexes, in migration 0004, because SQLite cannot index NULLS LAST.
        indexes = [
            models.Index(F("name"), F("id"), condition=PUBLISHED, name="project_pub_name"),
            models.Index(NAME_EN, F("id"), condition=PUBLISHED, name="project_pub_name_en"),
            models.Index(fields=["is_demo"], condition=models.Q(is_demo=True), name="project_demo"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment__isnull=True) | models.Q(investment__gte=0),
                name="project_investment_non_negative",
                violation_error_message=_("The investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_disclosed=False) | models.Q(investment__isnull=False),
                name="project_disclosed_investment_has_amount",
                violation_error_message=_("A disclosed investment needs an amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(land_mu__isnull=True) | models.Q(land_mu__gte=0),
                name="project_land_non_negative",
                violation_error_message=_("The land area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(floor_area_m2__isnull=True) | models.Q(floor_area_m2__gte=0),
                name="project_floor_area_non_negative",
                violation_error_message=_("The floor area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(production_on__isnull=True) | models.Q(production_on__gte=models.F("signed_on")),
                name="project_production_not_before_signing",
                violation_error_message=_("Production cannot start before the signing date."),
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True) | models.Q(started_on__gte=models.F("signed_on")),
                name="project_start_not_before_signing",
                violation_error_message=_("Construction cannot start before the signing date."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"key": self.slug})

    @property
    def public_investment(self):
        """The amount to show, or None when it is undisclosed."""
        return self.investment if self.investment_disclosed else None

    def clean(self):
        # A month- or year-precise date is kept as the first day of its period (core.dates).
        for field in ("signed_on", "started_on", "production_on"):
            setattr(self, field, truncate(getattr(self, field), getattr(self, f"{field}_precision")))
        errors = {}
        if (
            self.chain_node_id is not None
            and self.industry_id is not None
            and self.chain_node.industry_id != self.industry_id
        ):
            errors["chain_node"] = _("Choose a link of the project's own industry's chain.")
        if self.investment_disclosed and self.investment is None:
            errors["investment"] = _("Enter the amount, or untick “investment disclosed”.")
        if self.signed_on:
            if self.production_on and self.production_on < self.signed_on:
                errors["production_on"] = _("Production cannot start before the signing date.")
            if self.started_on and self.started_on < self.signed_on:
                errors["started_on"] = _("Construction cannot start before the signing date.")
        if self.started_on and self.production_on and self.production_on < self.started_on:
            errors.setdefault("production_on", _("Production cannot start before construction."))
        if self.status != self.Status.ON_TRACK:
            if not self.status_reason.strip():
                errors["status_reason"] = _("Give the reason for a delayed or terminated project.")
            if not self.status_changed_on:
                errors["status_changed_on"] = _("Give the date of the delay or termination.")
        if self.last_verified_on and self.last_verified_on > datetime.date.today():
            errors["last_verified_on"] = _("The last-verified date cannot lie in the future.")
        if errors:
            raise ValidationError(errors)


class ProjectStageLog(models.Model):
    """One row per stage change, written by projects.services.project_save."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stage_log")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Project.Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Project.Stage.choices)
    # Empty when the sources do not say when the stage was reached (the page then says so).
    changed_on = models.DateField(_("date"), null=True, blank=True)
    changed_on_precision = precision_field(_("date precision"))
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

    class Meta:
        # In the order written: a stage whose date is unknown still sits where it was reached.
        ordering = ["changed_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage log")

    def __str__(self):
        return f"{self.changed_on or '—'} {self.get_to_stage_display()}"


class ProjectImage(Photo):
    """A photo of a project; the thumbnail is made once, at upload."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="projects/images/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="projects/thumbs/", blank=True, editable=False)

    class Meta(Photo.Meta):
        verbose_name = _("project image")
        verbose_name_plural = _("project images")
