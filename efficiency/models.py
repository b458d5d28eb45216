"""亩均论英雄: the yearly land-efficiency evaluation of the zone's firms (亩均效益综合评价).

Staff only. The rules are data, since weights, benchmarks and cut-offs differ by county and year:
- a `RuleSet` (the evaluation document: name, 文号, year) has `RuleGroup`s (规上工业, 规下工业,
  规上服务业 and the zone's own), each with weighted `Indicator`s over a benchmark and `ClassCutoff`s
  (A/B/C/D by rank share or by score), and `Exemption`s (new firms, newly supplied land, land still
  being built on, utilities);
- `FirmYear` holds one firm's figures for one year as imported from a spreadsheet, keyed by unified
  social credit code and matched to an enterprise where one has that code (an unmatched row stays,
  listed, with no enterprise). Its tax, energy, emission and other figures are confidential: they
  never reach the API, downloads, search, public pages or other roles;
- a `ResultSet` is one run of the engine over one rule set's year (draft → public notice → final;
  a final set is frozen; re-running after that makes a new version), and holds one `Result` per firm
  with each term written out, so a frozen set keeps the numbers it was decided on;
- an `Objection` (异议) is a case: a firm disputes its class during the notice period.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import CaseNoteBase, OutboxMailBase, ReferenceSequenceBase, StageLogBase
from core.validators import validate_credit_code

ZERO = Decimal("0")


def _figure(label, *, decimals=2, digits=16, **kwargs):
    """A non-negative confidential figure, empty when the sheet left it empty (never read as zero)."""
    return models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=decimals,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class FirmClass(models.TextChoices):
    A = "A", _("A: priority development (优先发展)")
    B = "B", _("B: upgrade development (提升发展)")
    C = "C", _("C: regulated support (调控帮扶)")
    D = "D", _("D: forced remediation (倒逼整治)")


class Measure(models.TextChoices):
    """What an indicator measures, each a ratio of a firm-year's figures (efficiency.engine computes them)."""

    TAX_PER_MU = "tax_per_mu", _("Tax per mu (万元/亩)")
    VALUE_ADDED_PER_MU = "value_added_per_mu", _("Value added per mu (万元/亩)")
    REVENUE_PER_MU = "revenue_per_mu", _("Revenue per mu (万元/亩)")
    VALUE_ADDED_PER_ENERGY = "value_added_per_energy", _("Value added per tonne of coal equivalent (万元/吨标煤)")
    VALUE_ADDED_PER_EMISSION = "value_added_per_emission", _("Value added per tonne of main pollutants (万元/吨)")
    LABOUR_PRODUCTIVITY = "labour_productivity", _("Value added per employee (万元/人)")
    RD_RATIO = "rd_ratio", _("R&D spending as a share of revenue (%)")
    TAX_PER_KWH = "tax_per_kwh", _("Tax per 10,000 kWh of electricity (万元/万千瓦时)")


class RuleSet(models.Model):
    """One year's evaluation rules, as a county or the zone publishes them."""

    class ParcelRule(models.TextChoices):
        COMBINE = "combine", _("Firms on one parcel are evaluated together, as one")
        APPORTION = "apportion", _("The parcel's land is shared among its firms by revenue")

    name = models.CharField(_("document name"), max_length=200)
    name_en = models.CharField(_("document name (English)"), max_length=300, blank=True)
    number = models.CharField(_("document number (文号)"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(
        _("evaluation year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year whose figures are evaluated."),
    )
    total_weight = models.DecimalField(
        _("total weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Each group's indicator weights must add up to this."),
    )
    parcel_rule = models.CharField(
        _("firms sharing a parcel"), max_length=12, choices=ParcelRule.choices, default=ParcelRule.COMBINE
    )
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("sample (示例)"), default=False, help_text=_("Sample rules for demonstration, not the zone's own.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self):
        return f"{self.year} {self.name}"


class RuleGroup(models.Model):
    """A group of firms scored alike (规上工业 …); a firm-year names its group by `code`."""

    class CutoffBasis(models.TextChoices):
        RANK = "rank", _("By rank share (% of the group, from the top)")
        SCORE = "score", _("By score")

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=40, help_text=_("As written in the firm-year sheets' group column."))
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    cutoff_basis = models.CharField(
        _("classes by"), max_length=8, choices=CutoffBasis.choices, default=CutoffBasis.RANK
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["rule_set", "order", "id"]
        verbose_name = _("firm group")
        verbose_name_plural = _("firm groups")
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="rulegroup_code_once_per_set")]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """One weighted term of a group's score: contribution = min(value ÷ benchmark, cap) × weight."""

    class Benchmark(models.TextChoices):
        FIXED = "fixed", _("A fixed value")
        MEAN = "mean", _("The group's mean that year, times a multiple")
        MEDIAN = "median", _("The group's median that year, times a multiple")

    group = models.ForeignKey(RuleGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="indicators")
    measure = models.CharField(_("measure"), max_length=32, choices=Measure.choices)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    benchmark = models.CharField(_("benchmark"), max_length=8, choices=Benchmark.choices, default=Benchmark.MEAN)
    benchmark_value = models.DecimalField(
        _("benchmark value or multiple"),
        max_digits=16,
        decimal_places=4,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_(
            "For a fixed benchmark, the value in the measure's unit; "
            "otherwise the multiple (1 = the mean or median itself)."
        ),
    )
    cap = models.DecimalField(
        _("cap (multiple of the weight)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("A term contributes at most this many times its weight; empty for no cap."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["group", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["group", "measure"], name="indicator_measure_once_per_group")]

    def __str__(self):
        return f"{self.get_measure_display()} × {self.weight}"


class ClassCutoff(models.Model):
    """The band of one class in its group: [lower, upper) in rank share (%) or score; the bands must
    tile the whole range (rank: 0–100 from the top; score: 0 upward) with no gap and no overlap."""

    group = models.ForeignKey(RuleGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="cutoffs")
    firm_class = models.CharField(_("class"), max_length=1, choices=FirmClass.choices)
    lower = models.DecimalField(_("from"), max_digits=8, decimal_places=2, validators=[MinValueValidator(ZERO)])
    upper = models.DecimalField(
        _("up to (not including)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no upper bound (by score) or the end of the group (by rank)."),
    )

    class Meta:
        ordering = ["group", "firm_class"]
        verbose_name = _("class cut-off")
        verbose_name_plural = _("class cut-offs")
        constraints = [
            models.UniqueConstraint(fields=["group", "firm_class"], name="classcutoff_class_once_per_group"),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=models.F("lower")),
                name="classcutoff_upper_above_lower",
                violation_error_message=_("A band's upper bound must be above its lower bound."),
            ),
        ]

    def __str__(self):
        return f"{self.firm_class}: {self.lower}–{self.upper if self.upper is not None else '∞'}"


class Exemption(models.Model):
    """Firms not scored this year, and why."""

    class Kind(models.TextChoices):
        FOUNDED_WITHIN = "founded", _("Founded within the last N years")
        LAND_SUPPLIED_WITHIN = "land_new", _("Land supplied within the last N years")
        UNDER_CONSTRUCTION = "building", _("Land still under construction")
        UTILITY = "utility", _("Public utility")

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="exemptions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    years = models.PositiveSmallIntegerField(
        _("years"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        ordering = ["rule_set", "kind"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "kind"], name="exemption_kind_once_per_set"),
            models.CheckConstraint(
                condition=Q(kind__in=["founded", "land_new"], years__isnull=False)
                | (~Q(kind__in=["founded", "land_new"]) & Q(years__isnull=True)),
                name="exemption_years_when_needed",
                violation_error_message=_("Give the years for a 'within N years' exemption, and only for one."),
            ),
        ]

    def __str__(self):
        if self.years:
            return f"{self.get_kind_display()} (N = {self.years})"
        return self.get_kind_display()


class FirmYearQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def unmatched(self):
        return self.filter(enterprise__isnull=True)


class FirmYear(models.Model):
    """One firm's figures for one year (confidential), as imported. Money in 万元."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code], db_index=True
    )
    name = models.CharField(_("name as reported"), max_length=160)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="efficiency_years",
        help_text=_("The enterprise with this credit code; empty when none has it yet."),
    )
    group_code = models.SlugField(_("group"), max_length=40, help_text=_("The rule set's group code."))
    parcel = models.CharField(
        _("land parcel"), max_length=60, blank=True, help_text=_("Firms that share a parcel give the same parcel code.")
    )
    land_own_mu = _figure(_("own land (mu)"), decimals=4, digits=12)
    land_leased_mu = _figure(_("leased land (mu)"), decimals=4, digits=12)
    tax = _figure(_("tax paid (万元)"))
    value_added = _figure(_("value added (万元)"))
    revenue = _figure(_("revenue (万元)"))
    energy_tce = _figure(_("energy use (tonnes of coal equivalent)"), decimals=3)
    emission_t = _figure(_("main pollutant discharge (tonnes)"), decimals=4)
    electricity_kwh = _figure(_("electricity (kWh)"), decimals=0, digits=16)
    headcount = models.PositiveIntegerField(_("average headcount"), null=True, blank=True)
    rd_spending = _figure(_("R&D spending (万元)"))
    founded_year = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    land_supplied_year = models.PositiveSmallIntegerField(
        _("land supplied"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    under_construction = models.BooleanField(_("land under construction"), default=False)
    is_utility = models.BooleanField(_("public utility"), default=False)
    # The firm's contact on record for the evaluation: staff answer an objection through it, never
    # through the contact an objection's filer gives (a credit code is public, the form proves nothing).
    contact_name = models.CharField(_("contact on record"), max_length=80, blank=True)
    contact_phone = models.CharField(_("contact phone on record"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail on record"), blank=True)
    is_demo = models.BooleanField(_("sample (示例)"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = FirmYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "credit_code"]
        verbose_name = _("firm-year figures")
        verbose_name_plural = _("firm-year figures")
        permissions = [("import_firmyear", _("Can import firm-year figures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "credit_code"],
                name="firmyear_once_per_firm_and_year",
                violation_error_message=_("This firm already has figures for this year."),
            )
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def land_mu(self) -> Decimal | None:
        """Own plus leased land; None when neither is given."""
        if self.land_own_mu is None and self.land_leased_mu is None:
            return None
        return (self.land_own_mu or ZERO) + (self.land_leased_mu or ZERO)


class ResultSetQuerySet(models.QuerySet):
    def final(self):
        return self.filter(status=ResultSet.Status.FINAL)

    def on_notice(self):
        return self.filter(status=ResultSet.Status.NOTICE)


class ResultSet(models.Model):
    """One run of the engine over a rule set's year: draft → public notice → final (frozen)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOTICE = "notice", _("Public notice (公示)")
        FINAL = "final", _("Final")

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="result_sets"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    notice_starts_on = models.DateField(_("notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice until"), null=True, blank=True)
    show_classes_during_notice = models.BooleanField(
        _("publish the class list during notice"),
        default=False,
        help_text=_("Names and classes only; never a figure or a score."),
    )
    # The zone's aggregates written at each run (firms per class, the zone's 亩均税收 and 亩均增加值 over
    # the evaluated firms); public only once the set is final.
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ResultSetQuerySet.as_manager()

    class Meta:
        ordering = ["-rule_set__year", "-version"]
        verbose_name = _("evaluation result set")
        verbose_name_plural = _("evaluation result sets")
        permissions = [
            ("run_resultset", _("Can run the evaluation")),
            ("publish_resultset", _("Can put results on public notice and finalise them")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "version"], name="resultset_version_once"),
            models.CheckConstraint(
                condition=Q(notice_ends_on__isnull=True)
                | Q(notice_starts_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="resultset_notice_dates_in_order",
                violation_error_message=_("The notice cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(notice_starts_on__isnull=False) & Q(notice_ends_on__isnull=False)),
                name="resultset_notice_has_dates",
                violation_error_message=_("A set on notice or final has its notice dates."),
            ),
        ]

    def __str__(self):
        return f"{self.rule_set} v{self.version} ({self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FINAL


class Result(models.Model):
    """One firm's outcome in a result set, with each term as it was computed (a frozen set keeps them)."""

    result_set = models.ForeignKey(
        ResultSet, verbose_name=_("result set"), on_delete=models.CASCADE, related_name="results"
    )
    firm_year = models.ForeignKey(
        FirmYear, verbose_name=_("firm-year figures"), on_delete=models.PROTECT, related_name="results"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="efficiency_results",
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    name = models.CharField(_("name"), max_length=160)
    group_code = models.SlugField(_("group"), max_length=40)
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("ranked in group"), null=True, blank=True)
    firm_class = models.CharField(_("class"), max_length=1, choices=FirmClass.choices, blank=True)
    exempt_reason = models.CharField(_("exempt because"), max_length=200, blank=True)
    # [{"measure", "value", "benchmark", "weight", "contribution", "capped"}], as the engine gave them.
    terms = models.JSONField(_("terms"), default=list, blank=True)

    class Meta:
        ordering = ["result_set", "group_code", "rank", "credit_code"]
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        constraints = [
            models.UniqueConstraint(fields=["result_set", "firm_year"], name="result_once_per_firm_year"),
            models.CheckConstraint(
                condition=Q(exempt_reason="") | Q(firm_class=""),
                name="result_exempt_has_no_class",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "result_set"], name="result_enterprise_set")]

    def __str__(self):
        return f"{self.name}: {self.firm_class or '—'}"


class ObjectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Objection.Status.NEW, Objection.Status.REVIEWING])


class Objection(models.Model):
    """A firm's objection to its class during public notice (异议), a case with its own due time.

    A credit code is public, so the form proves nothing about who files: the filer is never shown a
    figure or a score, and staff answer through the firm's contact on record (FirmYear.contact_*).
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REVIEWING = "reviewing", _("Under review")
        UPHELD = "upheld", _("Upheld: the result was corrected")
        REJECTED = "rejected", _("Not upheld")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    result_set = models.ForeignKey(
        ResultSet, verbose_name=_("result set"), on_delete=models.PROTECT, related_name="objections"
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, validators=[validate_credit_code])
    firm_year = models.ForeignKey(
        FirmYear,
        verbose_name=_("firm-year figures"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
    )
    # Personal data of the filer, erased when the objection is anonymised.
    contact_name = models.CharField(_("name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reason = models.TextField(_("reason"))
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    due_at = models.DateTimeField(_("answer due"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["upheld", "rejected", "withdrawn"]) | Q(resolved_at__isnull=False),
                name="objection_resolved_has_time",
            ),
        ]

    def __str__(self):
        return self.reference


class ObjectionNote(CaseNoteBase):
    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="notes"
    )


class ObjectionStatusLog(StageLogBase):
    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="stage_log"
    )
    from_stage = models.CharField(_("from status"), max_length=20, choices=Objection.Status.choices, blank=True)
    to_stage = models.CharField(_("to status"), max_length=20, choices=Objection.Status.choices)

    class Meta(StageLogBase.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status history")


class ObjectionReferenceSequence(ReferenceSequenceBase):
    """The last objection reference (YY<year>-…) handed out per year."""

    class Meta(ReferenceSequenceBase.Meta):
        pass


class ObjectionMail(OutboxMailBase):
    """A mail to an objection's filer: its receipt (the reference and due date, nothing else)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Objection received, to the filer")

    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(OutboxMailBase.Meta):
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="objectionmail_status_next")]
