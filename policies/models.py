"""Policy documents (政策), their measures (条款) and the conditions of each measure.

A policy's status is computed from its dates, never stored: ``in_force_from`` and
``in_force_until`` are both days on which the policy applies (inclusive). The one rule is written
twice, as SQL (``PolicyQuerySet.with_status``) and in Python (``status_on``), because a list filters
in the database and a page shows the status of a loaded row; tests/policies/test_status.py holds
the two to the same boundaries.

Conditions are rows (``Condition``), one rule each, over the enterprise profile that the
eligibility checker (policies/eligibility.py) asks for. Recognitions are a fixed code list here:
the directories do not import each other, so the policies cannot point at the enterprises' table.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.directory import Searchable
from core.i18n import Localized, TranslatedModel
from core.search import SearchTokensField, search_queryset

EXPIRING_WITHIN_DAYS = 90
ZERO = Decimal("0")


def today() -> datetime.date:
    return datetime.date.today()


class Theme(TranslatedModel):
    """A policy theme (招商引资, 人才, 科技创新…), kept as an editable table."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("policy theme")
        verbose_name_plural = _("policy themes")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRING = "expiring", _("Expiring within 90 days")
    EXPIRED = "expired", _("Expired")
    NOT_YET = "not_yet", _("Not yet in force")


def status_on(in_force_from, in_force_until, day: datetime.date) -> str:
    """The status of a policy with these dates on `day` (the Python twin of with_status())."""
    if in_force_from and in_force_from > day:
        return Status.NOT_YET
    if in_force_until is None:
        return Status.IN_FORCE
    if in_force_until < day:
        return Status.EXPIRED
    if in_force_until <= day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
        return Status.EXPIRING
    return Status.IN_FORCE


class PolicyQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def _started(self, day):
        return models.Q(in_force_from__isnull=True) | models.Q(in_force_from__lte=day)

    def in_force(self, day: datetime.date | None = None):
        """In force on `day` (today by default), those expiring soon included."""
        day = day or today()
        return self.filter(
            self._started(day), models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gte=day)
        )

    def expiring(self, day: datetime.date | None = None, days: int = EXPIRING_WITHIN_DAYS):
        """In force on `day` and ending within `days` days."""
        day = day or today()
        return self.filter(
            self._started(day), in_force_until__gte=day, in_force_until__lte=day + datetime.timedelta(days=days)
        )

    def expired(self, day: datetime.date | None = None):
        return self.filter(in_force_until__lt=day or today())

    def not_yet_in_force(self, day: datetime.date | None = None):
        return self.filter(in_force_from__gt=day or today())

    def with_status(self, day: datetime.date | None = None):
        """Annotates `computed_status`, a Status value, for filtering and ordering in SQL."""
        day = day or today()
        return self.annotate(
            computed_status=models.Case(
                models.When(in_force_from__gt=day, then=models.Value(Status.NOT_YET)),
                models.When(in_force_until__isnull=True, then=models.Value(Status.IN_FORCE)),
                models.When(in_force_until__lt=day, then=models.Value(Status.EXPIRED)),
                models.When(
                    in_force_until__lte=day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
                    then=models.Value(Status.EXPIRING),
                ),
                default=models.Value(Status.IN_FORCE),
                output_field=models.CharField(),
            )
        )

    def search(self, text: str):
        """Every word of `text` in the policy's search text (Policy.SEARCH_*), as the directories search."""
        return search_queryset(self, text)

    def for_industry(self, industry_id: int):
        return self.filter(industries=industry_id)

    def stale(self, days: int):
        cutoff = today() - datetime.timedelta(days=days)
        return self.filter(models.Q(last_verified_on__isnull=True) | models.Q(last_verified_on__lt=cutoff))


class Policy(Searchable, TranslatedModel):
    """A policy document: who issued it, when it applies, what it covers."""

    SEARCH_FIELDS = ("title", "title_en", "document_number", "issuer", "issuer_en", "summary", "summary_en")
    SEARCH_LABELS = ("level",)
    SEARCH_RELATED = {
        "themes": ("name", "name_en"),
        "industries": ("name", "name_en"),
        "measures": ("title", "title_en"),
    }

    class Level(models.TextChoices):
        NATIONAL = "national", pgettext_lazy("policy level", "National")
        PROVINCIAL = "provincial", pgettext_lazy("policy level", "Provincial")
        MUNICIPAL = "municipal", pgettext_lazy("policy level", "Municipal")
        DISTRICT = "district", pgettext_lazy("policy level", "District")
        ZONE = "zone", pgettext_lazy("policy level", "Zone")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    document_number = models.CharField(
        _("document number"), max_length=80, blank=True, help_text=_("The 文号, e.g. 杭钱开〔2024〕12号.")
    )
    issuer = models.CharField(_("issuing body"), max_length=120)
    issuer_en = models.CharField(_("issuing body (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    in_force_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("First day on which the policy applies.")
    )
    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day on which the policy applies; leave empty when it has no end date."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="policies")
    industries = models.ManyToManyField(
        "industries.Industry",
        verbose_name=_("industries"),
        blank=True,
        related_name="policies",
        help_text=_("Leave empty for a policy open to every industry."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    source_url = models.URLField(_("official source"), max_length=500, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("synthetic demo row"), default=False, editable=False, help_text=_("Generated sample data, not a real policy.")
    )
    # Normalised text for keyword search and its tokens (core.search), kept current by the signals of
    # core.directory.connect_search_signals (the policy, its themes, industries and measures).
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_tokens = SearchTokensField(_("search tokens"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text", "search_tokens"], m2m_fields=[themes, industries]
    )
    objects = PolicyQuerySet.as_manager()

    title_i18n = Localized("title")
    issuer_i18n = Localized("issuer")
    summary_i18n = Localized("summary")

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_force_until__isnull=True)
                | models.Q(in_force_from__isnull=True)
                | models.Q(in_force_until__gte=models.F("in_force_from")),
                name="policy_until_not_before_from",
                violation_error_message=_("A policy cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policies:detail", kwargs={"key": self.slug})

    @property
    def status(self) -> str:
        return status_on(self.in_force_from, self.in_force_until, today())

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def is_in_force(self) -> bool:
        return self.status in (Status.IN_FORCE, Status.EXPIRING)

    def clean(self):
        errors = {}
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            errors["in_force_until"] = _("A policy cannot end before it starts.")
        if self.last_verified_on and self.last_verified_on > today():
            errors["last_verified_on"] = _("The last-verified date cannot lie in the future.")
        if errors:
            raise ValidationError(errors)


def validate_pdf(upload) -> None:
    """A PDF by its first bytes (not by its name or the browser's word), within the size cap."""
    limit = settings.POLICY_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."), params={"limit": limit // (1024 * 1024)}, code="too_large"
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if b"%PDF-" not in head:
        raise ValidationError(_("Only PDF files can be attached."), code="not_pdf")


class PolicyAttachment(TranslatedModel):
    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    file = models.FileField(_("PDF file"), upload_to="policies/attachments/", validators=[validate_pdf])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title_i18n = Localized("title")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class MeasureQuerySet(models.QuerySet):
    def open(self, day: datetime.date | None = None):
        """Measures of published policies in force whose application deadline has not passed."""
        day = day or today()
        return self.filter(
            policy__in=Policy.objects.public().in_force(day),
        ).filter(models.Q(deadline__isnull=True) | models.Q(deadline__gte=day))


class Measure(TranslatedModel):
    """One measure (条款) of a policy: what an enterprise gets, on which conditions, and how to apply."""

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    benefit_amount = models.DecimalField(
        _("amount (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("A fixed sum, in 万元."),
    )
    benefit_ratio = models.DecimalField(
        _("ratio (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text=_("A share of the eligible spending, in per cent."),
    )
    benefit_cap = models.DecimalField(
        _("cap (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("The most an enterprise can receive, in 万元."),
    )
    benefit = models.TextField(_("what the enterprise gets"))
    benefit_en = models.TextField(_("what the enterprise gets (English)"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    department_en = models.CharField(_("department (English)"), max_length=200, blank=True)
    contact = models.CharField(
        _("public contact"),
        max_length=120,
        blank=True,
        help_text=_("A public office telephone or address, never a person's own."),
    )
    no_application = models.BooleanField(
        _("granted without application (免申即享)"),
        default=False,
        help_text=_("The benefit is granted automatically to qualifying enterprises."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = MeasureQuerySet.as_manager()

    title_i18n = Localized("title")
    benefit_i18n = Localized("benefit")
    how_to_apply_i18n = Localized("how_to_apply")
    department_i18n = Localized("department")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(benefit_amount__isnull=True) | models.Q(benefit_amount__gte=0),
                name="measure_amount_non_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_ratio__isnull=True) | models.Q(benefit_ratio__gte=0, benefit_ratio__lte=100),
                name="measure_ratio_percent",
                violation_error_message=_("The ratio lies between 0 and 100 per cent."),
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_cap__isnull=True) | models.Q(benefit_cap__gte=0),
                name="measure_cap_non_negative",
                violation_error_message=_("The cap cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.policy.get_absolute_url()}#measure-{self.pk}"

    def clean(self):
        if self.benefit_amount is not None and self.benefit_cap is not None and self.benefit_amount > self.benefit_cap:
            raise ValidationError({"benefit_cap": _("The cap cannot be smaller than the fixed amount.")})


class Recognition(models.TextChoices):
    """Recognitions a condition can ask for; the checker's profile offers the same list."""

    HIGH_TECH = "high_tech", _("National high-tech enterprise")
    TECH_SME = "tech_sme", _("Technology-based SME")
    SPECIALISED = "specialised", _("Specialised and innovative SME (专精特新)")
    LITTLE_GIANT = "little_giant", _("Specialised and innovative “little giant”")
    CHAMPION = "champion", _("Manufacturing single-item champion")
    FUTURE_FACTORY = "future_factory", _("Provincial future factory")
    LISTED = "listed", _("Listed company")
    PRE_IPO = "pre_ipo", _("Preparing to list")


class Condition(models.Model):
    """One rule of a measure over the enterprise profile; every rule of a measure must hold."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry is one of")
        IN_ZONE = "in_zone", _("Located in the zone")
        YEARS_FOUNDED = "years_founded", _("Years since founding")
        INVESTMENT = "investment", _("Planned or fixed-asset investment (100 million yuan)")
        EMPLOYEES = "employees", _("Employees")
        REVENUE = "revenue", _("Annual revenue (10,000 yuan)")
        RD_SHARE = "rd_share", _("R&D spending as a share of revenue (%)")
        RECOGNITION = "recognition", _("Holds a recognition")
        HQ_RELOCATION = "hq_relocation", _("Moves its headquarters into the zone")

    # Kinds compared with a number: they take a minimum, a maximum or both.
    NUMERIC = frozenset({Kind.YEARS_FOUNDED, Kind.INVESTMENT, Kind.EMPLOYEES, Kind.REVENUE, Kind.RD_SHARE})

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    minimum = models.DecimalField(_("at least"), max_digits=14, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("at most"), max_digits=14, decimal_places=2, null=True, blank=True)
    industries = models.ManyToManyField(
        "industries.Industry", verbose_name=_("industries"), blank=True, related_name="+"
    )
    recognition = models.CharField(_("recognition"), max_length=20, choices=Recognition.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum__isnull=True)
                | models.Q(maximum__isnull=True)
                | models.Q(minimum__lte=models.F("maximum")),
                name="condition_min_not_above_max",
                violation_error_message=_("The minimum cannot be above the maximum."),
            ),
            models.CheckConstraint(
                condition=models.Q(minimum__isnull=True) | models.Q(minimum__gte=0),
                name="condition_minimum_non_negative",
                violation_error_message=_("The minimum cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(maximum__isnull=True) | models.Q(maximum__gte=0),
                name="condition_maximum_non_negative",
                violation_error_message=_("The maximum cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        """Refuses rules that could never be met or that say nothing (the admin's condition editor)."""
        errors = {}
        if self.kind in self.NUMERIC:
            if self.minimum is None and self.maximum is None:
                errors["minimum"] = _("Give a minimum, a maximum or both.")
            for name in ("minimum", "maximum"):
                value = getattr(self, name)
                if value is not None and value < 0:
                    errors[name] = _("The value cannot be negative.")
            if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
                errors["maximum"] = _("The minimum cannot be above the maximum.")
            if self.kind == self.Kind.RD_SHARE and any(v is not None and v > 100 for v in (self.minimum, self.maximum)):
                errors["minimum"] = _("A share lies between 0 and 100 per cent.")
        elif self.minimum is not None or self.maximum is not None:
            errors["minimum"] = _("This kind of condition takes no number.")
        if self.kind == self.Kind.RECOGNITION:
            if self.recognition not in Recognition.values:
                errors["recognition"] = _("Choose a known recognition.")
        elif self.recognition:
            errors["recognition"] = _("Only a recognition condition names a recognition.")
        if errors:
            raise ValidationError(errors)
