"""/subscribe/: the subscribe form, its thank-you page, and the signed links (confirm, manage, unsubscribe).

The subscribe form takes two kinds of POST. The policy checker's "notify me" button posts the
checker's answers (`from_checker`): that POST only shows the form with the profile filled in, writes
nothing and sets nothing, so it needs no CSRF token (the checker page carries none: it sets no
cookie). Every other POST subscribes and is CSRF-protected as usual, counted per client before any
work (cases.submission) and per e-mail address once the form is valid, so the form cannot be used to
flood someone's mailbox with confirmation mails. The thank-you page is the same whether or not the
address is already subscribed.

The unsubscribe link answers RFC 8058's one-click POST (`List-Unsubscribe=One-Click`) from a mail
program without a CSRF token; its GET shows a button that posts the same.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from alerts.forms import ManageForm, SubscribeForm
from alerts.saved import (
    Invalid,
    profile_from_data,
    profile_query,
    profile_words,
    space_search_from_query,
    space_search_query,
    space_search_words,
)
from alerts.services import (
    describe,
    subscription_confirm,
    subscription_delete,
    subscription_request,
    subscription_update,
)
from alerts.tokens import LinkProblem, manage_token, read_confirm_token, read_manage_token
from cases.form_limits import FormBudget, over_limit, too_many
from cases.submission import accept_public_post

SUBMIT_BUDGET = FormBudget("alerts-subscribe")
ADDRESS_SCOPE = "alerts-address"
# Confirmation mails one address may be sent per window (settings.INQUIRY_RATE_WINDOW, an hour).
ADDRESS_LIMIT = 3
ONE_CLICK = ("List-Unsubscribe", "One-Click")
ALL_SPACE = _("all space on offer")


def _address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _form_page(request, form, *, problems=()):
    """The form; the space search and the checker profile it carries are shown in words."""
    context = {"form": form, "problems": list(problems)}
    source = form.data if form.is_bound else form.initial
    spaces, profile = source.get("spaces", ""), source.get("profile", "")
    try:
        if spaces and "spaces" not in form.errors:
            context["space_search"] = space_search_words(space_search_from_query(spaces)) or ALL_SPACE
        if profile and "profile" not in form.errors:
            context["checker_profile"] = profile_words(profile_from_data(QueryDict(profile)))
    except Invalid:
        pass  # the bound form says why, next to its field
    return render(request, "alerts/subscribe.html", context)


def _initial_from_query(request) -> tuple[dict, list[str]]:
    query = request.GET.get("spaces")
    if query is None:
        return {}, []
    try:
        values = space_search_from_query(query)
    except Invalid as exc:
        return {}, exc.messages
    # The cleaned search again as a query string; "status=" stands for no filter (all space on offer).
    return {"spaces": space_search_query(values) or "status="}, []


@csrf_exempt  # the checker's POST only fills the form in; the subscribing POST is checked in _subscribe
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        initial, problems = _initial_from_query(request)
        return _form_page(request, SubscribeForm(initial=initial), problems=problems)
    if "from_checker" in request.POST:
        return _from_checker(request)
    return _subscribe(request)


def _from_checker(request):
    problems = []
    initial = {}
    try:
        initial["profile"] = profile_query(profile_from_data(request.POST))
    except Invalid as exc:
        problems = exc.messages
    return _form_page(request, SubscribeForm(initial=initial), problems=problems)


@csrf_protect
def _subscribe(request):
    def accepted(form, ip):
        if over_limit(scope=ADDRESS_SCOPE, ip=_address_key(form.cleaned_data["email"]), limit=ADDRESS_LIMIT):
            return too_many(request)
        subscription_request(
            email=form.cleaned_data["email"],
            language=get_language() or settings.LANGUAGE_CODE,
            choices=form.choices(),
            submission_token=form.submission_token(),
        )
        return redirect("alerts:thanks")

    return accept_public_post(
        request,
        budget=SUBMIT_BUDGET,
        bind=lambda: SubscribeForm(request.POST),
        invalid=lambda form: _form_page(request, form),
        skipped=lambda: redirect("alerts:thanks"),
        accepted=accepted,
    )


@never_cache
@require_safe
def thanks(request):
    return render(request, "alerts/thanks.html")


def _link_problem(request, problem: LinkProblem):
    return render(request, "alerts/link_problem.html", {"reason": problem.reason}, status=problem.status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (a mail scanner that follows links confirms nothing); POST confirms."""
    try:
        subscription = read_confirm_token(token)
    except LinkProblem as problem:
        return _link_problem(request, problem)
    if request.method != "POST":
        return render(request, "alerts/confirm.html", {"choices": describe(subscription)})
    try:
        subscription = subscription_confirm(subscription=subscription)
    except ValidationError:  # confirmed by another request since the token was read
        return _link_problem(request, LinkProblem("used"))
    context = {"choices": describe(subscription), "manage_token": manage_token(subscription)}
    return render(request, "alerts/confirmed.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscription = read_manage_token(token)
    except LinkProblem as problem:
        return _link_problem(request, problem)
    saved = False
    if request.method == "POST":
        form = ManageForm(request.POST, subscription=subscription)
        if form.is_valid():
            subscription_update(subscription=subscription, choices=form.choices())
            form = ManageForm(subscription=subscription)
            saved = True
    else:
        form = ManageForm(subscription=subscription)
    context = {"form": form, "saved": saved, "token": token, "choices": describe(subscription)}
    if subscription.space_search is not None:
        context["space_search"] = space_search_words(subscription.space_search) or True
    if subscription.checker_profile is not None:
        context["checker_profile"] = profile_words(subscription.checker_profile)
    return render(request, "alerts/manage.html", context)


@csrf_exempt  # RFC 8058: the mail program's POST carries no token; the signed link is the secret
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscription = read_manage_token(token, confirmed=False)
    except LinkProblem as problem:
        return _link_problem(request, problem)
    if request.method != "POST":
        return render(request, "alerts/unsubscribe.html", {"token": token})
    if request.POST.get(ONE_CLICK[0]) != ONE_CLICK[1]:
        return render(request, "alerts/unsubscribe.html", {"token": token}, status=400)
    subscription_delete(subscription=subscription)
    if "page" in request.POST:  # the button on our own page
        return render(request, "alerts/unsubscribed.html")
    return HttpResponse("Unsubscribed.\n", content_type="text/plain; charset=utf-8")
