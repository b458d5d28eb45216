"""The 钱小二 service desk: an enterprise's request (企业诉求), routed to its grid's officers.

The pipeline machinery (references, stage log, notes, outbox) is the one every kind of case shares (cases);
the space needs are spaces.SpaceNeed's, matched by spaces.matching (service.matching).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import CaseNoteBase, OutboxMailBase, ReferenceSequenceBase, StaffNoticeBase, StageLogBase
from core.credit_code import validate_credit_code
from core.i18n import Localized
from service.storage import private_storage
from spaces.models import SpaceNeed


class ServiceCategoryQuerySet(models.QuerySet):
    def for_enterprises(self):
        """The kinds of request an enterprise chooses from on the request form."""
        return self.filter(needs_enterprise=True)


class ServiceCategory(models.Model):
    """A kind of request, with its promised times (staff-editable: 办理时限)."""

    SPACE = "space"  # the slug of the category whose requests can be linked to spaces
    # Reports of an accessibility barrier on the website, from the form on /accessibility/ (issue 26).
    ACCESSIBILITY = "accessibility"

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"), default=1, validators=[MaxValueValidator(30)]
    )
    resolve_working_days = models.PositiveSmallIntegerField(
        _("resolve within (working days)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(250)]
    )
    needs_enterprise = models.BooleanField(
        _("needs an enterprise"),
        default=True,
        help_text=_(
            "A request of this kind names the enterprise (its name, and its credit code when it is not listed) "
            "and is offered on the enterprises' request form. Off: anyone may send it (a barrier on the website)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")
    objects = ServiceCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")

    def __str__(self):
        return self.name


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stage__in=ServiceRequest.OPEN_STAGES)

    def overdue(self, now=None):
        """Open and past the due date of its current step (acknowledging while submitted, resolving after)."""
        now = now or timezone.now()
        return self.open().filter(
            models.Q(stage=ServiceRequest.Stage.SUBMITTED, acknowledge_due_at__lt=now)
            | models.Q(resolve_due_at__lt=now)
        )

    def real(self):
        return self.filter(is_demo=False)

    def find_for_enterprise(self, *, reference: str, contact: str):
        """The request with this reference whose e-mail or phone is `contact`, else None (either part wrong)."""
        from cases.text import normalise_phone

        request = self.filter(reference=reference, anonymised_at__isnull=True).first()
        if request is None:
            return None
        contact = contact.strip()
        if "@" in contact:
            return request if request.email and request.email.lower() == contact.lower() else None
        phone = normalise_phone(contact)
        return request if phone and request.phone == phone else None


class ServiceRequest(SpaceNeed):
    class Queue(models.TextChoices):
        """Who has the request: its grid's officers, else the 钱小二 desk (service.services routes it)."""

        GRID = "grid", _("the grid's officers")
        DESK = "desk", _("the 钱小二 service desk")

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CONFIRMED = "confirmed", _("Confirmed by the enterprise")
        CLOSED = "closed", _("Closed")
        REFERRED = "referred", _("Referred to another department")

    OPEN_STAGES = [Stage.SUBMITTED, Stage.ACCEPTED, Stage.IN_PROGRESS]
    DONE_STAGES = [Stage.RESOLVED, Stage.CONFIRMED]
    END_STAGES = [Stage.CONFIRMED, Stage.CLOSED, Stage.REFERRED]

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    # Blank only in a category that does not need an enterprise (clean()).
    enterprise_name = models.CharField(_("enterprise name"), max_length=160, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grid = models.ForeignKey(
        "zones.ServiceGrid",
        verbose_name=_("service grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        help_text=_("Empty: the desk routes it."),
    )
    # Set on every routing (service_request_submit, service_request_route): the grid when it has an
    # active officer, else the desk; the acknowledge-by time does not restart when it moves.
    queue = models.CharField(_("handled by"), max_length=10, choices=Queue.choices, default=Queue.DESK, editable=False)
    # The public form lets anyone name any listed enterprise: a request is unverified until an officer
    # has confirmed with the enterprise that the requester speaks for it (service_request_confirm_requester).
    requester_confirmed_at = models.DateTimeField(
        _("requester confirmed with the enterprise at"), null=True, blank=True, editable=False
    )
    requester_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Contact: personal data, erased when the request is anonymised.
    contact_name = models.CharField(_("contact person"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    category = models.ForeignKey(ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    description = models.TextField(_("description"))
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    # Pipeline.
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    acknowledge_due_at = models.DateTimeField(_("acknowledge by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    reply = models.TextField(
        _("reply, for the enterprise"),
        blank=True,
        help_text=_("Shown to the enterprise on the status page and mailed to it: write it for them."),
    )
    referred_to = models.CharField(_("referred to (department)"), max_length=120, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    spaces = models.ManyToManyField(
        "spaces.Space", verbose_name=_("spaces proposed"), blank=True, related_name="service_requests"
    )
    rating = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("comment with the rating"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(
        _("sample (示例)"),
        default=False,
        help_text=_("Made up by generate_demo_data; never counted with real requests."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The enterprise's answer with its rating (service_request_rate): "no" reopened the request.
    solved = models.BooleanField(_("solved, says the enterprise"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        permissions = [
            ("view_all_service_requests", _("Can see the service requests of every grid")),
            ("export_servicerequest", _("Can export service requests")),
        ]
        indexes = [models.Index(fields=["grid", "created_at"], name="servicerequest_grid_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="servicerequest_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="referred") | ~models.Q(referred_to=""),
                name="servicerequest_referred_names_department",
                violation_error_message=_("A referred request names the department."),
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("admin:service_servicerequest_change", args=[self.pk])

    def clean(self):
        """A request names its enterprise, unless its category needs none (a barrier on the website)."""
        super().clean()
        needs_enterprise = self.category.needs_enterprise if self.category_id else True
        if needs_enterprise and not self.enterprise_name.strip():
            raise ValidationError({"enterprise_name": _("A request of this kind names the enterprise.")})

    @property
    def is_overdue(self):
        if self.stage not in self.OPEN_STAGES:
            return False
        now = timezone.now()
        if self.stage == self.Stage.SUBMITTED and self.acknowledge_due_at < now:
            return True
        return self.resolve_due_at < now

    @property
    def is_unverified(self):
        """Nobody has yet confirmed with the enterprise that the requester speaks for it."""
        return self.requester_confirmed_at is None

    @property
    def is_space_request(self):
        return self.category.slug == ServiceCategory.SPACE

    @property
    def is_barrier_report(self):
        """A barrier on the website reported from /accessibility/: no enterprise, the desk has it."""
        return self.category.slug == ServiceCategory.ACCESSIBILITY

    @property
    def requester_channel(self) -> str:
        """How service.services tells the person who sent it: "email" when they gave an address (the answer
        mail), else "sms" to their phone (a text at each change of stage); "" when no one is told (a sample
        request, or neither contact left)."""
        if self.is_demo:
            return ""
        if self.email:
            return "email"
        return "sms" if self.phone else ""


class ServiceRequestNote(CaseNoteBase):
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="notes"
    )

    class Meta(CaseNoteBase.Meta):
        pass


class ServiceStageLog(StageLogBase):
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="stage_log"
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=ServiceRequest.Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=ServiceRequest.Stage.choices)

    class Meta(StageLogBase.Meta):
        pass


class ServiceNotice(StaffNoticeBase):
    """A notice on an officer's dashboard about a service request (written by service.services)."""

    CASE_FIELD = "request"
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="notices"
    )

    class Meta(StaffNoticeBase.Meta):
        indexes = [models.Index(fields=["recipient", "read_at"], name="servicenotice_recipient_read")]


class ServiceReferenceSequence(ReferenceSequenceBase):
    """The last service reference (FW<year>-…) handed out per year."""

    class Meta(ReferenceSequenceBase.Meta):
        pass


class ServiceMail(OutboxMailBase):
    class Kind(models.TextChoices):
        NOTIFY_OFFICERS = "notify", _("New request, to the grid's officers or the desk")
        ACKNOWLEDGE = "ack", _("Acknowledgement, to the enterprise")
        ANSWERED = "answered", _("Answer, to the enterprise")
        SPACE = "space", _("Space proposed, to the enterprise")
        ROUTED = "routed", _("Routed, to the officers who now have it")
        ASSIGNED = "assigned", _("Put in charge, to the officer")
        REOPENED = "reopened", _("Not solved, says the enterprise: to the officer in charge")
        SMS_STAGE = "sms_stage", _("Text message: the new stage, to the enterprise's phone")

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="mails"
    )
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(OutboxMailBase.Meta):
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="servicemail_status_next")]


class ServiceAttachment(models.Model):
    """A PDF or image sent with a request; stored privately (service.storage), served to staff only."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="service/%Y/%m/", storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("admin:service_servicerequest_attachment", args=[self.request_id, self.pk])


class Satisfaction(models.IntegerChoices):
    """The rating in words, as the enterprise gives it; stored as the number the figures average."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")
