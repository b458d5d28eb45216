"""Writes with side effects for service requests: submitting and routing, the pipeline, notes,
linking spaces, the enterprise's rating, anonymising, mail (all on the shared cases machinery)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.notices import notice_assignment
from cases.outbox import Outbox
from cases.privacy import RETENTION_DAYS, case_anonymise, ended_before
from cases.references import next_reference
from core.sms import SmsMessage
from core.workdays import working_days_after
from service.models import (
    Satisfaction,
    ServiceAttachment,
    ServiceCategory,
    ServiceMail,
    ServiceNotice,
    ServiceReferenceSequence,
    ServiceRequest,
    ServiceRequestNote,
    ServiceStageLog,
)
from service.permissions import can_see_request
from spaces.models import Space
from staff.roles import GRID_OFFICER, SERVICE_DESK
from zones.models import ServiceGrid

logger = logging.getLogger(__name__)

PERSONAL_FIELDS = ["contact_name", "phone", "email", "description", "rating_comment"]
Stage = ServiceRequest.Stage
Queue = ServiceRequest.Queue
# Moves staff may make; the enterprise's confirmation comes with its rating (service_request_rate).
MOVES = {
    Stage.SUBMITTED: {Stage.ACCEPTED, Stage.IN_PROGRESS, Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED},
    Stage.ACCEPTED: {Stage.IN_PROGRESS, Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED},
    Stage.IN_PROGRESS: {Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED},
    Stage.RESOLVED: {Stage.IN_PROGRESS, Stage.CLOSED},
    Stage.CONFIRMED: set(),
    Stage.CLOSED: {Stage.IN_PROGRESS},
    Stage.REFERRED: {Stage.IN_PROGRESS},
}


def grid_for(*, enterprise=None, zone=None) -> ServiceGrid | None:
    """The enterprise's grid; for a new enterprise the grid of its zone when that zone has exactly one,
    else None (the desk routes it)."""
    if enterprise is not None and enterprise.grid_id:
        return enterprise.grid
    zone = zone or (enterprise.zone if enterprise is not None else None)
    if zone is None:
        return None
    grids = list(ServiceGrid.objects.filter(zone=zone)[:2])
    return grids[0] if len(grids) == 1 else None


def queue_for(grid: ServiceGrid | None) -> str:
    """Who has a request of `grid`: the grid's officers when it has an active one, else the 钱小二 desk
    (which sees every request and routes it on)."""
    if grid is not None and grid.officers.filter(is_active=True).exists():
        return Queue.GRID
    return Queue.DESK


def queue_members(service_request: ServiceRequest):
    """The active staff who have the request now: its grid's officers, or the desk's members."""
    users = get_user_model().objects.filter(is_active=True)
    if service_request.queue == Queue.GRID and service_request.grid_id:
        return users.filter(service_grids=service_request.grid_id).distinct()
    return users.filter(groups__name=SERVICE_DESK).distinct()


def queue_label(service_request: ServiceRequest) -> str:
    """Who has it, in words: "三号网格" (its officers) or the desk's name."""
    if service_request.queue == Queue.GRID and service_request.grid_id:
        return service_request.grid.name_i18n
    return _("the 钱小二 service desk")


def service_request_route(*, service_request: ServiceRequest, grid: ServiceGrid | None, user) -> ServiceRequest:
    """Set (or change) the request's grid and hand it to whoever has it then (queue_for): they are
    mailed, the move is logged, and an officer in charge who is not one of them is released. The
    acknowledge-by time keeps running: the enterprise was promised it at submit."""
    with transaction.atomic():
        current = ServiceRequest.objects.select_for_update().only("grid", "queue").get(pk=service_request.pk)
        queue = queue_for(grid)
        if current.grid_id == (grid.pk if grid else None) and current.queue == queue:
            return service_request
        service_request.grid, service_request.queue = grid, queue
        fields = ["grid", "queue", "updated_at"]
        # The officer in charge is one of whoever has it: released when the request goes elsewhere.
        if service_request.owner_id and not queue_members(service_request).filter(pk=service_request.owner_id).exists():
            service_request.owner = None
            notice_assignment(notice_model=ServiceNotice, case=service_request, recipient=None, assigned_by=user)
            fields.append("owner")
        service_request.save(update_fields=fields)
        handed_over = queue != current.queue or queue == Queue.GRID
        ServiceStageLog.objects.create(
            request=service_request,
            from_stage=service_request.stage,
            to_stage=service_request.stage,
            changed_by=user,
            reason=_("Routed to %(owner)s") % {"owner": queue_label(service_request)}
            if handed_over
            else _("Grid set to %(grid)s; the 钱小二 service desk keeps it (the grid has no active officer)")
            % {"grid": grid.name_i18n if grid else "—"},
        )
        if handed_over and not service_request.is_demo:
            mail = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.ROUTED)
            OUTBOX.deliver_after_commit([mail.pk])
    return service_request


def service_reference_skip(*, now=None) -> str:
    """The next reference of the real sequence, with no request behind it: what a caught bot is shown,
    so that it cannot tell its reference from a real one (staff see a gap in the numbering)."""
    now = now or timezone.now()
    with transaction.atomic():
        return next_reference(ServiceReferenceSequence, prefix="FW", year=timezone.localtime(now).year)


def service_request_submit(
    *,
    form_data: dict,
    ip: str = "",
    language: str = "",
    submission_token: str | None = None,
    is_demo: bool = False,
    now=None,
) -> ServiceRequest:
    """Save a request, route it (its grid's officers, else the desk: queue_for), store its attachments
    privately, queue the mails (the new request to whoever has it, the acknowledgement to the enterprise)."""
    if not form_data.get("consent"):
        raise ValidationError(_("A request needs the enterprise's consent."))
    if submission_token:
        earlier = ServiceRequest.objects.filter(submission_token=submission_token).first()
        if earlier is not None:
            return earlier
    now = now or timezone.now()
    enterprise = form_data.get("enterprise")
    category = form_data["category"]
    grid = grid_for(enterprise=enterprise, zone=form_data.get("zone"))
    try:
        with transaction.atomic():
            service_request = ServiceRequest(
                enterprise=enterprise,
                enterprise_name=enterprise.name if enterprise else form_data.get("enterprise_name", ""),
                credit_code=form_data.get("credit_code", "") if not enterprise else "",
                zone=(enterprise.zone if enterprise else form_data.get("zone")),
                grid=grid,
                queue=queue_for(grid),
                contact_name=form_data.get("contact_name", ""),
                phone=form_data.get("phone", ""),
                email=form_data.get("email", ""),
                category=category,
                description=form_data["description"],
                consent_at=now,
                language=language or settings.LANGUAGE_CODE,
                acknowledge_due_at=working_days_after(now, category.acknowledge_working_days),
                resolve_due_at=working_days_after(now, category.resolve_working_days),
                is_demo=is_demo,
                submission_token=submission_token or None,
                created_at=now,
                **{
                    name: form_data[name]
                    for name in ServiceRequest.NEED_FIELDS
                    if form_data.get(name) not in (None, "")
                },
            )
            service_request.reference = next_reference(
                ServiceReferenceSequence, prefix="FW", year=timezone.localtime(now).year
            )
            service_request.full_clean(exclude=["submission_token"])
            service_request.save()
            ServiceStageLog.objects.create(request=service_request, from_stage="", to_stage=Stage.SUBMITTED)
            for stored, name, content_type in form_data.get("attachments") or []:
                ServiceAttachment.objects.create(
                    request=service_request,
                    file=stored,
                    original_name=name,
                    content_type=content_type,
                    size=stored.size,
                )
            if not is_demo:
                mails = [ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.NOTIFY_OFFICERS)]
                if service_request.email:
                    mails.append(ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.ACKNOWLEDGE))
                OUTBOX.deliver_after_commit([m.pk for m in mails])
    except IntegrityError:
        earlier = ServiceRequest.objects.filter(submission_token=submission_token).first() if submission_token else None
        if earlier is None:
            raise
        return earlier
    logger.info("service request received", extra={"reference": service_request.reference})
    return service_request


def barrier_report_submit(
    *, form_data: dict, ip: str = "", language: str = "", submission_token: str | None = None
) -> ServiceRequest:
    """A barrier on the website (service.forms.BarrierReportForm) as a service request of its own category:
    no enterprise, the desk routes it; the page the visitor names heads the description."""
    category = ServiceCategory.objects.get(slug=ServiceCategory.ACCESSIBILITY)
    description = form_data["description"]
    if form_data.get("page"):
        description = _("Page: %(page)s") % {"page": form_data["page"]} + "\n\n" + description
    return service_request_submit(
        form_data={
            "category": category,
            "contact_name": form_data.get("name", ""),
            "phone": form_data["contact"]["phone"],
            "email": form_data["contact"]["email"],
            "description": description,
            "consent": form_data["consent"],
        },
        ip=ip,
        language=language,
        submission_token=submission_token,
    )


def service_request_move(
    *, service_request: ServiceRequest, to_stage: str, user, reason: str = "", referred_to: str = "", now=None
) -> ServiceRequest:
    """Move along the pipeline (one stage-log row per move); closing needs a reason, referring a department."""
    if to_stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    reason, referred_to = (reason or "").strip(), (referred_to or service_request.referred_to or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        current = ServiceRequest.objects.select_for_update().only("stage").get(pk=service_request.pk)
        if current.stage == to_stage:
            return service_request
        if to_stage not in MOVES[current.stage]:
            raise ValidationError(
                {
                    "stage": _("A request cannot go from “%(from)s” to “%(to)s”.")
                    % {"from": Stage(current.stage).label, "to": Stage(to_stage).label}
                }
            )
        if to_stage == Stage.CLOSED and not (reason or service_request.closed_reason):
            raise ValidationError({"closed_reason": _("A closed request needs a reason.")})
        if to_stage == Stage.REFERRED and not referred_to:
            raise ValidationError({"referred_to": _("A referred request names the department.")})
        if to_stage == Stage.RESOLVED and service_request.is_barrier_report and not service_request.reply.strip():
            # /accessibility/ promises the reporter the desk's reply when their report is resolved.
            raise ValidationError(
                {"reply": _("A report of a barrier is resolved with a reply for the person who sent it.")}
            )
        service_request.stage = to_stage
        if to_stage == Stage.RESOLVED:
            service_request.resolved_at = now
        if to_stage == Stage.IN_PROGRESS:
            service_request.resolved_at = None
        if to_stage == Stage.CLOSED and reason:
            service_request.closed_reason = reason
        if to_stage == Stage.REFERRED:
            service_request.referred_to = referred_to
            service_request.referred_on = timezone.localtime(now).date()
        service_request.save()
        ServiceStageLog.objects.create(
            request=service_request,
            from_stage=current.stage,
            to_stage=to_stage,
            changed_by=user,
            reason=reason or referred_to,
        )
        if to_stage in (Stage.RESOLVED, Stage.REFERRED) and service_request.requester_channel == "email":
            mail = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.ANSWERED)
            OUTBOX.deliver_after_commit([mail.pk])
        queue_stage_sms(service_request)
    return service_request


def service_desk_officers():
    """Who may be in charge of a request: active grid officers and the service desk's staff."""
    return get_user_model().objects.filter(groups__name__in=[GRID_OFFICER, SERVICE_DESK], is_active=True).distinct()


def service_request_assign(*, service_request: ServiceRequest, officer, user) -> ServiceRequest:
    """Give the request an officer in charge, and tell them on their dashboard and by mail (the notice
    and the mail are written in the same transaction; a former officer's unread notice is retired)."""
    if officer is not None and not service_desk_officers().filter(pk=officer.pk).exists():
        raise ValidationError(
            {"owner": _("The officer in charge must be an active grid officer or service desk member.")}
        )
    if officer is not None and not can_see_request(officer, service_request):
        raise ValidationError(
            {"owner": _("%(name)s does not look after this request's grid: set the grid first.") % {"name": officer}}
        )
    with transaction.atomic():
        service_request.owner = officer
        service_request.save(update_fields=["owner", "updated_at"])
        notice = notice_assignment(
            notice_model=ServiceNotice, case=service_request, recipient=officer, assigned_by=user
        )
        if notice is not None and officer.email and not service_request.is_demo:
            mail = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.ASSIGNED)
            OUTBOX.deliver_after_commit([mail.pk])
    return service_request


def service_request_confirm_requester(*, service_request: ServiceRequest, user, now=None) -> ServiceRequest:
    """The officer has confirmed with the enterprise that the requester speaks for it (once; logged)."""
    if not service_request.is_unverified:
        return service_request
    with transaction.atomic():
        service_request.requester_confirmed_at = now or timezone.now()
        service_request.requester_confirmed_by = user
        service_request.save(update_fields=["requester_confirmed_at", "requester_confirmed_by", "updated_at"])
        ServiceStageLog.objects.create(
            request=service_request,
            from_stage=service_request.stage,
            to_stage=service_request.stage,
            changed_by=user,
            reason=_("Requester confirmed with the enterprise"),
        )
    return service_request


def service_request_add_note(*, service_request: ServiceRequest, author, text: str) -> ServiceRequestNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A note cannot be empty.")})
    note = ServiceRequestNote(request=service_request, author=author, text=text)
    note.full_clean()
    note.save()
    return note


def service_request_link_space(*, service_request: ServiceRequest, space: Space, user) -> None:
    """Link a published space that is on offer to a space request, and mail the enterprise about it."""
    if not service_request.is_space_request:
        raise ValidationError(_("Only space requests can be linked to spaces."))
    if not space.is_published or space.status in Space.NOT_PROPOSABLE:
        raise ValidationError(_("This space is not on offer, so it cannot be proposed."))
    if service_request.stage not in ServiceRequest.OPEN_STAGES:
        raise ValidationError(_("Spaces can be proposed to open requests only."))
    with transaction.atomic():
        if service_request.spaces.filter(pk=space.pk).exists():
            raise ValidationError(_("This space has already been proposed to this request."))
        service_request.spaces.add(space)
        ServiceStageLog.objects.create(
            request=service_request,
            from_stage=service_request.stage,
            to_stage=service_request.stage,
            changed_by=user,
            reason=_("Space %(code)s proposed") % {"code": space.code},
        )
        if service_request.email and not service_request.is_demo:
            mail = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.SPACE, space=space)
            OUTBOX.deliver_after_commit([mail.pk])


def service_request_anonymise(*, service_request: ServiceRequest) -> ServiceRequest:
    if service_request.stage not in ServiceRequest.END_STAGES:
        raise ValidationError(_("Only requests that have ended can be anonymised."))
    if service_request.anonymised_at:
        return service_request
    with transaction.atomic():
        case_anonymise(case=service_request, personal_fields=PERSONAL_FIELDS)
        for attachment in service_request.attachments.all():
            attachment.file.delete(save=False)
        service_request.attachments.all().delete()
    return service_request


def service_requests_anonymise_expired(*, days: int = RETENTION_DAYS) -> int:
    count = 0
    for service_request in ended_before(ServiceRequest.objects.all(), end_stages=ServiceRequest.END_STAGES, days=days):
        service_request_anonymise(service_request=service_request)
        count += 1
    return count


def grid_or_desk_officers(service_request: ServiceRequest):
    """The officers who receive mail about a request nobody is in charge of yet: whoever has it now
    (queue_members), with an address."""
    return queue_members(service_request).exclude(email="")


def _officer_recipients(mail: ServiceMail) -> list[str]:
    if mail.kind == ServiceMail.Kind.ASSIGNED:
        owner = mail.request.owner
        return [owner.email] if owner is not None and owner.is_active and owner.email else []
    emails = sorted(set(grid_or_desk_officers(mail.request).values_list("email", flat=True)))
    if not emails and mail.request.queue == Queue.DESK and settings.SERVICE_DESK_EMAIL:
        emails = [settings.SERVICE_DESK_EMAIL]  # the desk's own address, when no member has one
    return emails


def _build_message(mail: ServiceMail) -> EmailMessage | None:
    """Mail to the enterprise carries the reference and the officer's reply, never what the sender typed;
    mail to staff links the request's page in the admin by its absolute address (settings.SITE_URL)."""
    if mail.kind in FOLLOW_UP_KINDS:
        return _build_follow_up(mail)
    service_request = mail.request
    context = {
        "request_": service_request,
        "site_name": settings.SITE_NAME,
        "space": mail.space,
        "with_desk": service_request.queue == Queue.DESK,
    }
    if mail.kind in OFFICER_MAILS:
        language = settings.LANGUAGE_CODE
        recipients = _officer_recipients(mail)
    else:
        language, recipients = service_request.language, [service_request.email] if service_request.email else []
    if not recipients:
        return None
    with translation.override(language):
        context["owner_label"] = queue_label(service_request)
        context["admin_url"] = settings.SITE_URL + reverse(
            "admin:service_servicerequest_change", args=[service_request.pk]
        )
        context["status_path"] = reverse("service:status")
        subjects = {
            ServiceMail.Kind.NOTIFY_OFFICERS: _("New service request %(reference)s"),
            ServiceMail.Kind.ROUTED: _("Service request %(reference)s is now yours"),
            ServiceMail.Kind.ASSIGNED: _("You are in charge of service request %(reference)s"),
            ServiceMail.Kind.ACKNOWLEDGE: _("Your service request %(reference)s"),
            ServiceMail.Kind.ANSWERED: _("An answer to your service request %(reference)s"),
            ServiceMail.Kind.SPACE: _("A space proposed for your service request %(reference)s"),
        }
        if service_request.is_barrier_report:
            subjects[ServiceMail.Kind.ACKNOWLEDGE] = _("Your report of a barrier on our website (%(reference)s)")
            subjects[ServiceMail.Kind.ANSWERED] = _(
                "An answer to your report of a barrier on our website (%(reference)s)"
            )
        subject = subjects[mail.kind] % {"reference": service_request.reference}
        body = render_to_string(f"service/mail/{mail.kind}.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients)


OFFICER_MAILS = (ServiceMail.Kind.NOTIFY_OFFICERS, ServiceMail.Kind.ROUTED, ServiceMail.Kind.ASSIGNED)
OUTBOX = Outbox(
    model=ServiceMail,
    deliver_job="service.jobs.deliver_mail",
    build_message=_build_message,
    select_related=("request__grid", "request__owner", "request__category", "space"),
    case_field="request",
)


# --- The enterprise's rating, reopening, and text messages to a phone ---------------------------------
FOLLOW_UP_KINDS = {ServiceMail.Kind.REOPENED, ServiceMail.Kind.SMS_STAGE}


def service_request_rate(
    *, reference: str, contact: str, rating: int, solved: bool, comment: str = "", now=None
) -> ServiceRequest:
    """The enterprise rates a resolved request (the words map to 5…1) and says whether its problem is
    solved: "yes" confirms the request; "no" reopens it to its owner (service_request_reopen), and the
    enterprise rates again after the next resolution (the latest rating counts)."""
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Choose how satisfied you are."), code="rating")
    now = now or timezone.now()
    with transaction.atomic():
        service_request = ServiceRequest.objects.select_for_update().find_for_enterprise(
            reference=reference, contact=contact
        )
        if service_request is None:
            raise ValidationError(_("No request was found for this reference number and contact."), code="not_found")
        if service_request.stage != Stage.RESOLVED:
            if service_request.rating is not None:
                raise ValidationError(_("This request has already been rated. Thank you."), code="rated")
            raise ValidationError(_("A request can be rated once it is resolved."), code="not_resolved")
        service_request.rating, service_request.rating_comment, service_request.rated_at = (
            int(rating),
            (comment or "").strip(),
            now,
        )
        service_request.solved = bool(solved)
        if not solved:
            service_request.save()
            return service_request_reopen(service_request=service_request, now=now)
        service_request.stage = Stage.CONFIRMED
        service_request.save()
        ServiceStageLog.objects.create(request=service_request, from_stage=Stage.RESOLVED, to_stage=Stage.CONFIRMED)
    return service_request


def service_request_reopen(*, service_request: ServiceRequest, now=None) -> ServiceRequest:
    """The enterprise (or whoever reported a barrier) says its resolved request is not solved: back in progress
    with the same owner (logged, the owner mailed, the requester told by text message when it gave only a phone)."""
    with transaction.atomic():
        current = ServiceRequest.objects.select_for_update().only("stage").get(pk=service_request.pk)
        if current.stage != Stage.RESOLVED:
            raise ValidationError(_("Only a resolved request can be reopened."), code="not_resolved")
        service_request.stage = Stage.IN_PROGRESS
        service_request.resolved_at = None
        service_request.save()
        ServiceStageLog.objects.create(
            request=service_request,
            from_stage=Stage.RESOLVED,
            to_stage=Stage.IN_PROGRESS,
            reason=_("Reopened: the person who reported it says the problem is not solved.")
            if service_request.is_barrier_report
            else _("Reopened: the enterprise says the problem is not solved."),
        )
        if not service_request.is_demo:
            mail = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.REOPENED)
            OUTBOX.deliver_after_commit([mail.pk])
        queue_stage_sms(service_request)
    logger.info("service request reopened", extra={"reference": service_request.reference})
    return service_request


def queue_stage_sms(service_request: ServiceRequest) -> ServiceMail | None:
    """A text message about the request's new stage, for an enterprise that gave a phone and no e-mail
    (sent by the outbox like mail: retried until the gateway accepts it)."""
    if service_request.requester_channel != "sms":
        return None
    message = ServiceMail.objects.create(request=service_request, kind=ServiceMail.Kind.SMS_STAGE)
    OUTBOX.deliver_after_commit([message.pk])
    return message


def owner_or_officers_emails(service_request: ServiceRequest) -> list[str]:
    """The officer in charge's address when they have one and are active, else the grid's or the desk's."""
    owner = service_request.owner
    if owner is not None and owner.is_active and owner.email:
        return [owner.email]
    return list(grid_or_desk_officers(service_request).values_list("email", flat=True))


def stage_sms_text(service_request: ServiceRequest) -> str:
    """The text message about the request's stage as it is now (rendered when sent, like mail)."""
    with translation.override(service_request.language):
        site_url = getattr(settings, "SITE_URL", "").rstrip("/")
        context = {
            "request_": service_request,
            "status_url": site_url + reverse("service:status") if site_url else "",
        }
        lines = [line.strip() for line in render_to_string("service/sms/stage.txt", context).splitlines()]
        # Chinese sentences run on without a space; other languages' are separated by one.
        return ("" if service_request.language.startswith("zh") else " ").join(line for line in lines if line)


def _build_follow_up(mail: ServiceMail):
    """The reopened request's mail to its officer, or the text message to the enterprise (core.sms)."""
    service_request = mail.request
    if mail.kind == ServiceMail.Kind.SMS_STAGE:
        if not service_request.phone:  # anonymised since: nothing left to send
            return None
        return SmsMessage(to=service_request.phone, text=stage_sms_text(service_request))
    recipients = owner_or_officers_emails(service_request)
    if not recipients:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "request_": service_request,
            "site_name": settings.SITE_NAME,
            "rating": Satisfaction(service_request.rating).label if service_request.rating else "",
            "admin_path": settings.SITE_URL + reverse("admin:service_servicerequest_change", args=[service_request.pk]),
        }
        if service_request.is_barrier_report:
            subject = _("Service request %(reference)s is not solved, says the person who reported it")
        else:
            subject = _("Service request %(reference)s is not solved, says the enterprise")
        subject %= {"reference": service_request.reference}
        body = render_to_string("service/mail/reopened.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients)
