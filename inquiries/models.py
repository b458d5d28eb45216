from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import CaseNoteBase, OutboxMailBase, ReferenceSequenceBase, StaffNoticeBase, StageLogBase
from spaces.models import SpaceNeed

# The largest projections the form takes: beyond them a figure is a typo (a unit mixed up), not a plan.
MAX_ANNUAL_TAX_WAN = Decimal("1000000")  # 100 亿元 a year
MAX_ANNUAL_VALUE_ADDED_WAN = Decimal("10000000")  # 1,000 亿元 a year
MAX_PLANNED_JOBS = 100_000
# The projections an investor may give (all optional), held per 亩 against a space's entry bar
# (spaces.matching, inquiries.matching); the jobs are for the officers.
PROJECTION_FIELDS = ["expected_annual_tax", "expected_annual_value_added", "planned_jobs"]


class InquiryQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage__in=[Inquiry.Stage.SIGNED, Inquiry.Stage.CLOSED])

    def overdue(self, now=None):
        """Still new after its first-response due time."""
        return self.filter(stage=Inquiry.Stage.NEW, due_at__lt=now or timezone.now())

    def awaiting_first_response(self, now=None):
        """Past its first-response due time and nobody has contacted the investor yet (new or assigned)."""
        return self.filter(
            stage__in=[Inquiry.Stage.NEW, Inquiry.Stage.ASSIGNED],
            due_at__lt=now or timezone.now(),
            anonymised_at__isnull=True,
        )

    def find_for_investor(self, *, reference: str, contact: str):
        """The inquiry with this reference whose e-mail or phone is `contact`, else None (either part wrong)."""
        from cases.text import normalise_phone

        inquiry = self.filter(reference=reference, anonymised_at__isnull=True).only(
            "reference", "stage", "email", "phone"
        )
        inquiry = inquiry.first()
        if inquiry is None:
            return None
        contact = contact.strip()
        if "@" in contact:
            return inquiry if inquiry.email and inquiry.email.lower() == contact.lower() else None
        phone = normalise_phone(contact)
        return inquiry if phone and inquiry.phone == phone else None


class Inquiry(SpaceNeed):
    """An investor's request, worked by the investment officers through a pipeline; its space needs
    (SpaceNeed) are matched against the space register (spaces.matching, inquiries.matching)."""

    class Stage(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        CONTACTED = "contacted", _("Contacted")
        SITE_VISIT = "site_visit", _("Site visit")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        CLOSED = "closed", _("Closed")

    class InvestmentBand(models.TextChoices):
        UNDER_1 = "lt1", _("Under 100 million yuan")
        FROM_1_TO_5 = "1to5", _("100–500 million yuan")
        FROM_5_TO_10 = "5to10", _("500 million – 1 billion yuan")
        OVER_10 = "gt10", _("Over 1 billion yuan")
        UNKNOWN = "unknown", _("Not decided yet")

    class Timing(models.TextChoices):
        WITHIN_6_MONTHS = "6m", _("Within 6 months")
        WITHIN_1_YEAR = "1y", _("Within a year")
        LATER = "later", _("Later than a year")
        UNKNOWN = "unknown", _("Not decided yet")

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    # Contact: personal data, erased by the anonymise action.
    contact_name = models.CharField(_("contact name"), max_length=80)
    company = models.CharField(_("company"), max_length=160)
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    country = models.CharField(_("country or region"), max_length=80, blank=True)
    # What they want.
    industry = models.ForeignKey(
        "industries.Industry", verbose_name=_("industry"), on_delete=models.SET_NULL, null=True, blank=True
    )
    chain_node = models.ForeignKey(
        "industries.ChainNode",
        verbose_name=_("chain link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        help_text=_("The investment target (chain link) the investor answered, when they came from one."),
    )
    investment_band = models.CharField(
        _("intended investment"), max_length=10, choices=InvestmentBand.choices, blank=True
    )
    investment_amount = models.DecimalField(
        _("intended investment (100 million yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    land_mu = models.DecimalField(
        _("land needed (mu)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    floor_area_m2 = models.DecimalField(
        _("floor space needed (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Projections (the investment is investment_amount above, in 亿元).
    expected_annual_tax = models.DecimalField(
        _("expected annual tax (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ANNUAL_TAX_WAN)],
    )
    expected_annual_value_added = models.DecimalField(
        _("expected annual value added (output) (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ANNUAL_VALUE_ADDED_WAN)],
    )
    planned_jobs = models.PositiveIntegerField(
        _("planned jobs (headcount)"), null=True, blank=True, validators=[MaxValueValidator(MAX_PLANNED_JOBS)]
    )
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("preferred zone"), on_delete=models.SET_NULL, null=True, blank=True
    )
    timing = models.CharField(_("expected timing"), max_length=10, choices=Timing.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    about_project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("about project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries_about",
    )
    about_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("about enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries_about",
    )
    about_space = models.ForeignKey(
        "spaces.Space",
        verbose_name=_("about space"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries_about",
    )
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    # Pipeline.
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    due_at = models.DateTimeField(_("first response due"))
    next_step = models.TextField(
        _("next step, for the investor"),
        blank=True,
        help_text=_("Shown to the investor on the status page: write it for them, in their language."),
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("resulting project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_inquiries",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # A hash of the rendered form's signed stamp: the same form sent twice (a double click) hits the
    # unique constraint instead of making a second inquiry. NULL for inquiries not from the form.
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [
            ("view_inquiry_personal_data", _("Can see the personal data of inquiries")),
            ("export_inquiry", _("Can export inquiries")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment_amount__isnull=True) | models.Q(investment_amount__gte=0),
                name="inquiry_amount_non_negative",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
                    name=f"inquiry_{field}_non_negative",
                    violation_error_message=_("Projections cannot be negative."),
                )
                for field in ("expected_annual_tax", "expected_annual_value_added")
            ],
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | ~models.Q(closed_reason=""),
                name="inquiry_closed_has_reason",
                violation_error_message=_("A closed inquiry needs a reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(need_min_area_m2__isnull=True)
                | models.Q(need_max_area_m2__isnull=True)
                | models.Q(need_min_area_m2__lte=models.F("need_max_area_m2")),
                name="inquiry_need_area_range",
                violation_error_message=_("The largest area needed must not be smaller than the smallest."),
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_overdue(self):
        return self.stage == self.Stage.NEW and self.due_at < timezone.now()

    def clean(self):
        low, high = self.need_min_area_m2, self.need_max_area_m2
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"need_max_area_m2": _("The largest area needed must not be smaller than the smallest.")}
            )


class InquiryNote(CaseNoteBase):
    """An officer's note on the inquiry's timeline."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="notes")

    class Meta(CaseNoteBase.Meta):
        pass


class InquiryStageLog(StageLogBase):
    """One row per pipeline move, written by inquiries.services."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="stage_log")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Inquiry.Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Inquiry.Stage.choices)

    class Meta(StageLogBase.Meta):
        pass


class InquiryNotice(StaffNoticeBase):
    """A notice on an officer's dashboard about an inquiry (written by inquiries.services)."""

    CASE_FIELD = "inquiry"
    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="notices")

    class Meta(StaffNoticeBase.Meta):
        indexes = [models.Index(fields=["recipient", "read_at"], name="inquirynotice_recipient_read")]


class InquiryReferenceSequence(ReferenceSequenceBase):
    """The last inquiry reference (QK<year>-…) handed out per year."""

    class Meta(ReferenceSequenceBase.Meta):
        pass


class OutboxMail(OutboxMailBase):
    """A mail to send about an inquiry (sent by cases.outbox through inquiries.services.OUTBOX)."""

    class Kind(models.TextChoices):
        NOTIFY_OFFICERS = "notify", _("New inquiry, to the officers")
        ACKNOWLEDGE = "ack", _("Acknowledgement, to the investor")
        ASSIGNED = "assigned", _("Assignment, to the owner")
        OVERDUE = "overdue", _("Overdue reminder, to the owner")
        PROPOSAL = "proposal", _("Space proposed, to the investor")

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="mails")
    proposal = models.ForeignKey(
        "SpaceProposal", verbose_name=_("proposal"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(OutboxMailBase.Meta):
        indexes = [
            models.Index(fields=["status", "attempts"], name="outbox_status_attempts"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_attempt"),
        ]


class SpaceProposalQuerySet(models.QuerySet):
    def visible_to_investor(self):
        """Proposals whose space is still published: the dossier never shows a space taken off the site."""
        return self.filter(space__is_published=True)


class SpaceProposal(models.Model):
    """An officer proposes a space to an inquiry; written by inquiries.services.space_propose."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="proposals")
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.CASCADE, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    note = models.TextField(
        _("note for the investor"),
        blank=True,
        help_text=_("Shown to the investor with the space and sent in the mail."),
    )

    objects = SpaceProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("space proposal")
        verbose_name_plural = _("space proposals")
        constraints = [models.UniqueConstraint(fields=["inquiry", "space"], name="proposal_once_per_space")]

    def __str__(self):
        return f"{self.inquiry} → {self.space.code}"
