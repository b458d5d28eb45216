"""The public registration pages: the form (on the event's page through the related block, and at
/events/<slug>/register/, where a refused or invalid POST is shown again), the thank-you page and the
look-up by reference and contact, with cancelling."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cases.form_limits import FormBudget, over_limit, too_many
from cases.submission import Receipt, accept_public_post
from core.net import client_ip
from news.models import NewsItem
from registrations.forms import RegistrationForm, StatusForm, status_initial
from registrations.models import Registration
from registrations.services import (
    closed_message,
    registration_cancel,
    registration_reference_skip,
    registration_submit,
    seats_summary,
    submission_token,
)

RECEIPT = Receipt(cookie="kaiqu_registration", salt="registrations.thanks")
SUBMIT_BUDGET = FormBudget("registration-submit")
STATUS_SCOPE = "registration-status"


def _event(slug: str) -> NewsItem:
    event = NewsItem.objects.public().events().filter(slug=slug).first()
    if event is None or not event.takes_registrations:
        raise Http404
    return event


def _form_page(request, event, form, *, refusal: str = "", status: int = 200):
    context = {"event": event, "summary": seats_summary(event), "form": form, "refusal": refusal}
    return render(request, "registrations/register.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    event = _event(slug)
    if request.method != "POST":
        return _form_page(request, event, RegistrationForm())
    refusal = closed_message(event)
    if (
        refusal
    ):  # before or after the registration period: said at once, whatever was typed (checked again under the lock)
        return _form_page(request, event, RegistrationForm(), refusal=refusal, status=409)

    def accepted(form, ip):
        data = form.cleaned_data
        try:
            registration = registration_submit(
                event=event,
                form_data=data,
                ip=ip,
                language=get_language(),
                submission_token=submission_token(form.submission_token(), email=data["email"], phone=data["phone"]),
            )
        except ValidationError as exc:
            return _form_page(request, event, form, refusal=exc.messages[0], status=409)
        return RECEIPT.redirect("registrations:thanks", registration.reference, event.starts_at)

    return accept_public_post(
        request,
        budget=SUBMIT_BUDGET,
        bind=lambda: RegistrationForm(request.POST),
        invalid=lambda form: _form_page(request, event, form, status=400),
        skipped=lambda: RECEIPT.redirect("registrations:thanks", registration_reference_skip(), event.starts_at),
        accepted=accepted,
    )


@never_cache
@require_safe
def thanks(request):
    """The reference and the state as stored: a seat, or the place on the waiting list."""
    receipt = RECEIPT.read(request)
    if receipt is None:
        return redirect("registrations:status")
    reference, _starts_at = receipt
    registration = Registration.objects.select_related("event").filter(reference=reference).first()
    context = {
        "reference": reference,
        "registration": registration,
        "position": registration.waiting_position() if registration else None,
        "status_url": request.build_absolute_uri(f"{reverse('registrations:status')}?{urlencode({'ref': reference})}"),
    }
    return render(request, "registrations/thanks.html", context)


def _found_context(registration: Registration) -> dict:
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    return {
        "registration": registration,
        "event": registration.event,
        "position": registration.waiting_position(),
        "can_cancel": registration.can_cancel(),
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request):
    """One registration for whoever knows its reference and its contact; nothing else is shown, and a
    wrong contact is answered as an unknown reference."""
    if request.method != "POST":
        return render(request, "registrations/status.html", {"form": StatusForm(initial=status_initial(request.GET))})
    if over_limit(scope=STATUS_SCOPE, ip=client_ip(request), limit=settings.INQUIRY_STATUS_RATE_LIMIT):
        return too_many(request)
    form = StatusForm(request.POST)
    context, code = {"form": form}, 200
    if not form.is_valid():
        return render(request, "registrations/status.html", context, status=400)
    found = Registration.objects.find_for_registrant(
        reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
    )
    if found is None:
        context["not_found"] = True
        code = 404 if "cancel" in request.POST else 200
    else:
        if "cancel" in request.POST:
            try:
                context["promoted"] = len(registration_cancel(registration=found))
                context["cancelled_now"] = True
            except ValidationError as exc:
                context["cancel_error"] = exc.messages[0]
                code = 409
        context.update(_found_context(found))
    return render(request, "registrations/status.html", context, status=code)


def event_block(event) -> dict | None:
    """The event page's registration block (registered on news' EventDetailView by RegistrationsConfig)."""
    if not event.takes_registrations:
        return None
    return seats_summary(event, timezone.now())
