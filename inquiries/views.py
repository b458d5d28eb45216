from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cases.form_limits import FormBudget, over_limit, too_many
from cases.submission import Receipt, accept_public_post
from core.net import client_ip
from inquiries.forms import InquiryForm, StatusForm, status_initial
from inquiries.models import Inquiry
from inquiries.services import first_response_due, inquiry_reference_skip, inquiry_submit, investor_dossier

RECEIPT = Receipt(cookie="kaiqu_inquiry", salt="inquiries.thanks")
THANKS_COOKIE = RECEIPT.cookie
SUBMIT_SCOPE = "submit"
STATUS_SCOPE = "status"
SUBMIT_BUDGET = FormBudget(SUBMIT_SCOPE)


def _status_limit() -> int:
    return settings.INQUIRY_STATUS_RATE_LIMIT


def _form_page(request, form):
    context = {"form": form, "working_days": settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS}
    return render(request, "inquiries/inquiry_form.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_form(request):
    if request.method != "POST":
        form = InquiryForm(initial=InquiryForm.initial_from_query(request.GET))
        return _form_page(request, form)

    def accepted(form, ip):
        # The same form sent twice (a double click) gets the first inquiry back: see inquiry_submit.
        inquiry = inquiry_submit(
            form_data=form.cleaned_data, ip=ip, language=get_language(), submission_token=form.submission_token()
        )
        return RECEIPT.redirect("inquiries:thanks", inquiry.reference, inquiry.due_at)

    return accept_public_post(
        request,
        budget=SUBMIT_BUDGET,
        bind=lambda: InquiryForm(request.POST),
        invalid=lambda form: _form_page(request, form),
        skipped=lambda: RECEIPT.redirect(
            "inquiries:thanks", inquiry_reference_skip(), first_response_due(timezone.now())
        ),
        accepted=accepted,
    )


@never_cache
@require_safe
def inquiry_thanks(request):
    receipt = RECEIPT.read(request)
    if receipt is None:
        return redirect("inquiries:form")
    reference, due_at = receipt
    context = {
        "reference": reference,
        "due_at": due_at,
        "working_days": settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS,
        # The address to bookmark: the status page with the reference filled in.
        "status_url": request.build_absolute_uri(f"{reverse('inquiries:status')}?{urlencode({'ref': reference})}"),
    }
    return render(request, "inquiries/inquiry_thanks.html", context)


def inquiry_about(inquiry: Inquiry) -> dict:
    """What the inquiry was about, for the investor's status page: the published space, project or
    enterprise it was sent from (with a link), the industry and zone chosen, and the message."""
    subjects = []
    for subject in (inquiry.about_space, inquiry.about_project, inquiry.about_enterprise):
        if subject is not None and subject.is_published:
            subjects.append({"name": subject.name_i18n, "url": subject.get_absolute_url()})
    return {
        "subjects": subjects,
        "industry": inquiry.industry.name_i18n if inquiry.industry_id else "",
        "zone": inquiry.zone.name_i18n if inquiry.zone_id else "",
        "message": inquiry.message,
        "received": timezone.localtime(inquiry.created_at),
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_status(request):
    """The stage of one inquiry for whoever knows its reference and contact; nothing else is shown."""
    if request.method != "POST":
        # ?ref= from the thank-you page fills in the reference; only the investor's contact is left to type.
        return render(
            request, "inquiries/inquiry_status.html", {"form": StatusForm(initial=status_initial(request.GET))}
        )
    if over_limit(scope=STATUS_SCOPE, ip=client_ip(request), limit=_status_limit()):
        return too_many(request)
    form = StatusForm(request.POST)
    context = {"form": form}
    if form.is_valid():
        inquiry = Inquiry.objects.find_for_investor(
            reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
        )
        if inquiry is None:
            context["not_found"] = True
        else:
            context["dossier"] = dossier = investor_dossier(inquiry=inquiry)
            inquiry = Inquiry.objects.select_related(
                "about_space", "about_project", "about_enterprise", "industry", "zone"
            ).get(pk=inquiry.pk)
            # An officer is assigned: the page names them (their published contact) or says they will call.
            dossier["assigned"] = inquiry.owner_id is not None
            dossier["about"] = inquiry_about(inquiry)
            context["stage"], context["reference"] = dossier["stage"], dossier["reference"]
    return render(request, "inquiries/inquiry_status.html", context)
