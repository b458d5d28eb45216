"""The large-text mode's switch (/display/), the accessibility statement (/accessibility/) and its form
for reporting a barrier, which becomes a service-desk case (service.services.barrier_report_submit).

The mode itself, its cookie and why pages are revalidated: core/display.py.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cases.form_limits import FormBudget
from cases.submission import Receipt, accept_public_post
from core import display
from core.workdays import working_days_after
from service.forms import BarrierReportForm
from service.models import ServiceCategory, ServiceRequest
from service.services import barrier_report_submit, service_reference_skip

NEXT_MAX_LENGTH = 1000
RECEIPT = Receipt(cookie="kaiqu_barrier", salt="accessibility.thanks")
SUBMIT_BUDGET = FormBudget("barrier-submit")

# What the statement says it was tested with. tests/publicsite/test_accessibility_statement.py checks
# these against the vendored axe-core and the installed Playwright, so the statement cannot drift.
TESTED_WITH = {"axe": "4.14.1", "playwright": "1.65.2", "chromium": "156", "lighthouse": "12"}
STATEMENT_DATE = "2026-12-07"


def _local_path(value: str) -> str | None:
    """`value` when it is a path on this site ("/projects/?zone=north"), else None: never another host,
    a scheme, a protocol-relative "//host" or a backslash trick (Django's own check does the work)."""
    if not value or len(value) > NEXT_MAX_LENGTH or not value.startswith("/") or value.startswith("//"):
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return None
    return value


@never_cache
@require_safe
def display_switch(request):
    """`?mode=large|standard&next=/path/`: remember the choice in the cookie, back to the page it was made on.

    A plain link, so it works without JavaScript. An unknown mode is a 400; a `next` that is not a local
    path falls back to the home page. The answer itself is never stored (never_cache), and the page it
    leads to is revalidated by the browser (core.display.RevalidatePagesMiddleware).
    """
    mode = request.GET.get("mode", "")
    if mode not in display.MODES:
        return render(request, "portal/display_bad_request.html", status=400)
    response = redirect(_local_path(request.GET.get("next", "")) or reverse("portal:home"))
    if mode == display.LARGE:
        response.set_cookie(
            display.COOKIE,
            display.LARGE,
            max_age=display.COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(display.COOKIE, samesite="Lax")
    return response


def _barrier_category():
    return ServiceCategory.objects.filter(slug=ServiceCategory.ACCESSIBILITY).first()


@require_safe
def statement(request):
    """The statement; the report form is offered while the barrier category exists (staff may remove it)."""
    category = _barrier_category()
    context = {
        "tested_with": TESTED_WITH,
        "statement_date": STATEMENT_DATE,
        "acknowledge_days": category.acknowledge_working_days if category else None,
    }
    return render(request, "portal/accessibility.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    """The barrier form. Same order as every public case form (cases.submission): counted, bot-checked,
    checked, counted again, then one transaction (service.services.service_request_submit)."""
    if _barrier_category() is None:
        raise Http404("No category for barrier reports.")
    if request.method != "POST":
        page = _local_path(request.GET.get("page", "")) or ""
        return render(request, "portal/accessibility_report.html", {"form": BarrierReportForm(initial={"page": page})})

    def accepted(form, ip):
        case = barrier_report_submit(
            form_data=form.cleaned_data, ip=ip, language=get_language(), submission_token=form.submission_token()
        )
        return RECEIPT.redirect("portal:accessibility_thanks", case.reference, case.acknowledge_due_at)

    return accept_public_post(
        request,
        budget=SUBMIT_BUDGET,
        bind=lambda: BarrierReportForm(request.POST),
        invalid=lambda form: render(request, "portal/accessibility_report.html", {"form": form}, status=400),
        skipped=lambda: RECEIPT.redirect(
            "portal:accessibility_thanks", service_reference_skip(), working_days_after(timezone.now(), 1)
        ),
        accepted=accepted,
    )


@never_cache
@require_safe
def report_thanks(request):
    """The reference and the acknowledge-by time as stored (a caught bot's made-up reference has no row:
    it is shown the time its cookie carries)."""
    receipt = RECEIPT.read(request)
    if receipt is None:
        return redirect("portal:accessibility_report")
    reference, due_at = receipt
    stored = ServiceRequest.objects.filter(reference=reference).only("acknowledge_due_at").first()
    if stored is not None:
        due_at = timezone.localtime(stored.acknowledge_due_at)
    return render(request, "portal/accessibility_thanks.html", {"reference": reference, "due_at": due_at})
