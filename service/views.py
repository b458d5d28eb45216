from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cases.form_limits import FormBudget, over_limit, too_many
from cases.submission import Receipt, accept_public_post
from core.cache import cached_value
from core.figures import min_sample
from core.net import client_ip
from core.workdays import working_days_after
from service.figures import grid_figures
from service.forms import RatingForm, ServiceRequestForm, StatusForm
from service.models import Satisfaction, ServiceCategory, ServiceRequest
from service.services import service_reference_skip, service_request_rate, service_request_submit
from staff.models import OfficerProfile
from zones.models import ServiceGrid

RECEIPT = Receipt(cookie="kaiqu_service", salt="service.thanks")
THANKS_COOKIE = RECEIPT.cookie
SUBMIT_SCOPE = "service-submit"
STATUS_SCOPE = "service-status"
SUBMIT_BUDGET = FormBudget(SUBMIT_SCOPE)


def _service_home_rows() -> tuple[list, bool, list]:
    """The grids with their officers' public contacts and figures, whether the figures are samples,
    and the request categories: remembered per content version, at most ``PAGE_CACHE_SECONDS``
    (the figures come from requests, which do not move the version: as the stored page, they may be
    that old)."""
    profiles = Prefetch(
        "officers__officer_profile",
        queryset=OfficerProfile.objects.prefetch_related("zones", "user__service_grids"),
    )
    grids = list(ServiceGrid.objects.select_related("zone").prefetch_related("officers", profiles))
    figures, samples = grid_figures()
    rows = []
    for grid in grids:
        contacts = []
        for officer in grid.officers.all():
            profile = getattr(officer, "officer_profile", None)
            contact = profile.public_contact() if profile and officer.is_active else {}
            if contact:
                contacts.append(contact)
        grid._prefetched_objects_cache = {}  # the officers' user rows stay out of the cache: contacts only
        rows.append({"grid": grid, "contacts": contacts, "figures": figures.get(grid.pk)})
    return rows, samples, list(ServiceCategory.objects.for_enterprises())


@require_safe
def service_home(request):
    """The 钱小二 page: what the desk does, the grids with their officers' public contacts, live figures."""
    rows, samples, categories = cached_value("service-home", (), _service_home_rows)
    context = {"rows": rows, "samples": samples, "min_ratings": min_sample(), "categories": categories}
    return render(request, "service/service_home.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request):
    if request.method != "POST":
        return render(request, "service/request_form.html", {"form": ServiceRequestForm()})

    def accepted(form, ip):
        service_request = service_request_submit(
            form_data=form.cleaned_data, ip=ip, language=get_language(), submission_token=form.submission_token()
        )
        return RECEIPT.redirect("service:thanks", service_request.reference, service_request.acknowledge_due_at)

    return accept_public_post(
        request,
        budget=SUBMIT_BUDGET,
        bind=lambda: ServiceRequestForm(request.POST, request.FILES),
        # The attachments are decoded only when every other field is right.
        invalid=lambda form: render(request, "service/request_form.html", {"form": form}),
        skipped=lambda: RECEIPT.redirect(
            "service:thanks", service_reference_skip(), working_days_after(timezone.now(), 1)
        ),
        accepted=accepted,
    )


@never_cache
@require_safe
def request_thanks(request):
    """Who has the request and by when they acknowledge it, as stored (a caught bot's made-up reference
    has no row: it is shown the desk and the time its cookie carries, like any grid-less request)."""
    receipt = RECEIPT.read(request)
    if receipt is None:
        return redirect("service:request")
    reference, due_at = receipt
    stored = ServiceRequest.objects.select_related("grid").filter(reference=reference).first()
    grid = None
    if stored is not None:
        due_at = timezone.localtime(stored.acknowledge_due_at)
        grid = stored.grid if stored.queue == ServiceRequest.Queue.GRID else None
    return render(request, "service/request_thanks.html", {"reference": reference, "due_at": due_at, "grid": grid})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_status(request):
    """One request for whoever knows its reference and contact: what was asked, who handles it, the public
    history; a POST with a rating rates it (when resolved) and says whether it is solved ("no" reopens it)."""
    if request.method != "POST":
        return render(request, "service/request_status.html", {"form": StatusForm()})
    if over_limit(scope=STATUS_SCOPE, ip=client_ip(request), limit=settings.INQUIRY_STATUS_RATE_LIMIT):
        return too_many(request)
    rating = "rating" in request.POST or "solved" in request.POST
    form = (RatingForm if rating else StatusForm)(request.POST)
    context = {"form": form}
    status = 200
    if rating and not form.is_valid() and not form.has_error("reference") and not form.has_error("contact"):
        # A rating with a word or the answer missing: the request is shown again with the form's errors.
        context["form"] = StatusForm(request.POST)
        context["rating_form"] = form
        status = 400
        form = context["form"]
        rating = False
    if form.is_valid():
        reference, contact = form.cleaned_data["reference"], form.cleaned_data["contact"]
        if rating:
            try:
                rated = service_request_rate(
                    reference=reference,
                    contact=contact,
                    rating=form.cleaned_data["rating"],
                    solved=form.cleaned_data["solved"],
                    comment=form.cleaned_data["comment"],
                )
                context["rated"] = "solved" if rated.solved else "reopened"
            except ValidationError as exc:
                context["rating_error"] = exc.messages[0]
                status = 404 if exc.code == "not_found" else 409
        found = ServiceRequest.objects.select_related(
            "owner__officer_profile", "category", "grid__zone", "zone"
        ).find_for_enterprise(reference=reference, contact=contact)
        if found is None:
            context["not_found"] = True
            status = 404 if rating else status
        else:
            context.update(_status_context(found))
            context.setdefault("rating_form", RatingForm(initial={"reference": reference, "contact": contact}))
    elif rating:
        status = 400
    return render(request, "service/request_status.html", context, status=status)


def _status_context(found: ServiceRequest) -> dict:
    """What the enterprise sees of its request: never the officers' notes or the log's internal reasons."""
    profile = getattr(found.owner, "officer_profile", None) if found.owner_id else None
    needs = []
    for name in ServiceRequest.NEED_FIELDS:
        value = getattr(found, name)
        if value in (None, ""):
            continue
        field = ServiceRequest._meta.get_field(name)
        if field.choices:
            value = getattr(found, f"get_{name}_display")()
        elif isinstance(value, Decimal):
            value = floatformat(value, -2)
        needs.append((field.verbose_name, value))
    history = []
    for row in found.stage_log.all():
        if row.from_stage == row.to_stage:
            continue  # a space proposed, the requester confirmed: events within a stage, for staff
        reopened = (
            row.from_stage == ServiceRequest.Stage.RESOLVED
            and row.to_stage == ServiceRequest.Stage.IN_PROGRESS
            and row.changed_by_id is None
        )
        history.append({"at": row.changed_at, "stage": row.get_to_stage_display(), "reopened": reopened})
    return {
        "found": found,
        "spaces": found.spaces.filter(is_published=True).select_related("zone"),
        "officer": profile.public_contact() if profile and found.owner.is_active else {},
        "needs": needs,
        "history": history,
        "rating_label": Satisfaction(found.rating).label if found.rating else "",
    }
