"""Writes and the digest of e-mail alerts: subscribe, confirm, change, unsubscribe, what is new, mail.

Mail is never sent in a web request: these services write AlertMail rows and cases.outbox delivers
them through the django-q2 worker (alerts.jobs), at least once, as the case apps' mail.

What a digest holds, for one subscription and the window (`since`, `until`] (`since` is the end of
the last digest's window, or the confirmation time):

- news items of its columns, and events, published in the window (NewsItem.objects.public());
- policies of its themes / industries that became public in the window (created, or published after
  being hidden: the policy's history), and those that entered the expiring window
  (Policy.objects.expiring() today and not on the window's first day);
- spaces that match its saved search now and became listed in the window: created, published after
  being hidden, or moved from a status the search does not list (the space's history, which
  spaces.services.space_save writes with every status change beside SpaceStatusLog);
- measures open today of the policies that became public in the window that its checker profile
  likely meets or may meet (policies.eligibility; a measure added to an older policy is not seen).

Nothing new: no mail. Sample rows (`is_demo`) are shown with the word 示例 / Sample beside them.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.models import NEWS_COLUMNS, AlertMail, Subscription
from alerts.saved import (
    profile_form,
    profile_query,
    profile_words,
    space_search_query,
    space_search_queryset,
    space_search_words,
)
from alerts.tokens import CONFIRM_MAX_AGE, confirm_token, manage_token, new_key
from cases.outbox import MAIL_MAX_ATTEMPTS, Outbox
from news.models import Kind as NewsKind
from news.models import NewsItem
from policies.eligibility import Group, evaluate, remember_rule_texts
from policies.models import Measure, Policy
from spaces.filters import listed_statuses
from spaces.models import Space

logger = logging.getLogger(__name__)

CHOICE_FIELDS = ("news_columns", "events", "policies", "space_search", "checker_profile")
# A digest is due once this long has passed since the last, less the slack (the job runs daily, at a
# time that drifts by the job's own run time).
PERIODS = {
    Subscription.Frequency.DAILY: datetime.timedelta(days=1),
    Subscription.Frequency.WEEKLY: datetime.timedelta(days=7),
}
DUE_SLACK = datetime.timedelta(hours=2)


# --- Subscribing ---------------------------------------------------------------------------------


def _apply_choices(subscription: Subscription, choices: dict) -> None:
    for name in CHOICE_FIELDS:
        if name in choices:
            setattr(subscription, name, choices[name])
    if "frequency" in choices:
        subscription.frequency = choices["frequency"]
    if not (
        subscription.news_columns
        or subscription.events
        or subscription.policies
        or subscription.space_search is not None
        or subscription.checker_profile is not None
    ):
        raise ValidationError(_("Choose at least one thing to be told about."))


def _set_policy_scope(subscription: Subscription, choices: dict) -> None:
    if "policy_themes" in choices:
        subscription.policy_themes.set(choices["policy_themes"])
    if "policy_industries" in choices:
        subscription.policy_industries.set(choices["policy_industries"])


def subscription_request(
    *, email: str, language: str, choices: dict, submission_token: str | None = None
) -> Subscription:
    """Keep an unconfirmed subscription and queue its confirmation mail; nothing else is sent until the
    reader uses the link. The same rendered form sent twice returns the first row and queues no mail."""
    if submission_token:
        earlier = Subscription.objects.filter(submission_token=submission_token).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            subscription = Subscription(
                email=email,
                language=language or settings.LANGUAGE_CODE,
                consent_at=timezone.now(),
                key=new_key(),
                submission_token=submission_token or None,
            )
            _apply_choices(subscription, choices)
            subscription.full_clean(exclude=["submission_token"])
            subscription.save()
            _set_policy_scope(subscription, choices)
            mail = AlertMail.objects.create(subscription=subscription, kind=AlertMail.Kind.CONFIRM)
            OUTBOX.deliver_after_commit([mail.pk])
    except IntegrityError:
        earlier = Subscription.objects.filter(submission_token=submission_token).first()
        if earlier is None or not submission_token:
            raise
        return earlier
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, now: datetime.datetime | None = None) -> Subscription:
    """Activate a subscription: its first digest covers what is new from now on."""
    now = now or timezone.now()
    updated = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    subscription.refresh_from_db()
    if not updated:
        raise ValidationError(_("This subscription is already confirmed."))
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, choices: dict) -> Subscription:
    _apply_choices(subscription, choices)
    subscription.full_clean(exclude=["submission_token"])
    subscription.save()
    _set_policy_scope(subscription, choices)
    return subscription


def subscription_delete(*, subscription: Subscription) -> None:
    """Unsubscribe: the row and its mail go; nothing about the reader is left."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def subscriptions_delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Delete the subscriptions whose confirmation link has expired unused."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=CONFIRM_MAX_AGE)
    _total, per_model = Subscription.objects.unconfirmed().filter(consent_at__lt=cutoff).delete()
    return per_model.get(Subscription._meta.label, 0)


# --- What is new ---------------------------------------------------------------------------------


@dataclass
class Digest:
    news: list = field(default_factory=list)
    events: list = field(default_factory=list)
    new_policies: list = field(default_factory=list)
    expiring_policies: list = field(default_factory=list)
    spaces: list = field(default_factory=list)
    measures: list = field(default_factory=list)

    def __bool__(self):
        return any((self.news, self.events, self.new_policies, self.expiring_policies, self.spaces, self.measures))


def _state_at(model, moment):
    """The history rows of `model` as they stood at `moment`, one per object (for Subquery)."""
    return model.history.model.objects.filter(id=OuterRef("pk"), history_date__lte=moment).order_by(
        "-history_date", "-history_id"
    )


def _changed_within(model, since, until):
    return Exists(
        model.history.model.objects.filter(id=OuterRef("pk"), history_date__gt=since, history_date__lte=until)
    )


def _became_public(queryset, since, until):
    """Rows public now that were created in the window, or hidden when it began and changed in it."""
    model = queryset.model
    return queryset.annotate(was_published=Subquery(_state_at(model, since).values("is_published")[:1])).filter(
        Q(created_at__gt=since, created_at__lte=until)
        | (Q(was_published=False) & Q(_changed_within(model, since, until)))
    )


def new_spaces(subscription: Subscription, since, until) -> list:
    if subscription.space_search is None:
        return []
    matching = space_search_queryset(subscription.space_search)
    listed = listed_statuses(subscription.space_search.get("status", ""))
    state = _state_at(Space, since)
    rows = (
        matching.annotate(
            was_published=Subquery(state.values("is_published")[:1]), was_status=Subquery(state.values("status")[:1])
        )
        .filter(
            Q(created_at__gt=since, created_at__lte=until)
            | (
                Q(_changed_within(Space, since, until))
                & (Q(was_published=False) | (Q(was_status__isnull=False) & ~Q(was_status__in=listed)))
            )
        )
        .select_related("zone")
        .order_by("-created_at", "-id")
    )
    return list(rows[:50])


def _policies_in_scope(subscription: Subscription):
    policies = Policy.objects.public()
    themes = list(subscription.policy_themes.values_list("pk", flat=True))
    industries = list(subscription.policy_industries.values_list("pk", flat=True))
    if themes:
        policies = policies.filter(themes__in=themes)
    if industries:
        policies = policies.filter(industries__in=industries)
    return policies.distinct()


def _policies_new(since, until):
    return _became_public(Policy.objects.public(), since, until)


def new_measures(subscription: Subscription, since, until) -> list:
    """Open measures of policies that became public in the window that the profile likely or maybe meets."""
    if subscription.checker_profile is None:
        return []
    day = timezone.localdate(until)
    measures = list(
        Measure.objects.open(day)
        .filter(policy__in=_policies_new(since, until).values("pk"))
        .select_related("policy")
        .prefetch_related("conditions__industries")
        .order_by("policy_id", "order", "id")
    )
    if not measures:
        return []
    remember_rule_texts(measures, day)
    results = evaluate(measures, profile_form(subscription.checker_profile).profile(), day)
    return [result for result in results if result.group in (Group.LIKELY, Group.CHECK)]


def digest_for(subscription: Subscription, since: datetime.datetime, until: datetime.datetime) -> Digest:
    digest = Digest()
    published = NewsItem.objects.public().filter(published_at__gt=since, published_at__lte=until)
    if subscription.news_columns:
        digest.news = list(published.filter(kind__in=subscription.news_columns).order_by("-published_at", "-id"))
    if subscription.events:
        digest.events = list(published.filter(kind=NewsKind.EVENT).order_by("starts_at", "id"))
    if subscription.policies:
        scope = _policies_in_scope(subscription)
        digest.new_policies = list(_became_public(scope, since, until).order_by("-published_on", "-id"))
        new_ids = {policy.pk for policy in digest.new_policies}
        today, first_day = timezone.localdate(until), timezone.localdate(since)
        digest.expiring_policies = [
            policy
            for policy in scope.expiring(today).exclude(pk__in=Policy.objects.expiring(first_day).values("pk"))
            .order_by("in_force_until", "id")
            if policy.pk not in new_ids
        ]  # fmt: skip
    digest.spaces = new_spaces(subscription, since, until)
    digest.measures = new_measures(subscription, since, until)
    return digest


def is_due(subscription: Subscription, now: datetime.datetime) -> bool:
    last = subscription.last_digest_at or subscription.confirmed_at
    return last is not None and now - last >= PERIODS[subscription.frequency] - DUE_SLACK


def subscriptions_send_digests(now: datetime.datetime | None = None) -> int:
    """For every confirmed subscription that is due, queue a digest of what is new, if anything is.

    Each subscription in a transaction of its own: its window moves on and its mail row is written
    together, so a killed worker neither loses nor doubles a digest. Returns the digests queued.
    """
    now = now or timezone.now()
    queued = 0
    for subscription in Subscription.objects.confirmed().order_by("pk"):
        if not is_due(subscription, now):
            continue
        with transaction.atomic():
            locked = Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
            if locked is None or not is_due(locked, now):
                continue
            since = locked.last_digest_at or locked.confirmed_at
            with translation.override(locked.language):
                has_news = bool(digest_for(locked, since, now))
            locked.last_digest_at = now
            locked.save(update_fields=["last_digest_at"])
            if has_news:
                mail = AlertMail.objects.create(
                    subscription=locked, kind=AlertMail.Kind.DIGEST, covers_from=since, covers_until=now
                )
                OUTBOX.deliver_after_commit([mail.pk])
                queued += 1
    return queued


# --- Mail ----------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    """An absolute link for a mail, from settings.SITE_URL (a mail has no request to take the host from)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def links_of(subscription: Subscription) -> dict:
    """The absolute links of a subscription's mail, in the active language."""
    token = manage_token(subscription)
    return {
        "confirm_url": absolute(reverse("alerts:confirm", args=[confirm_token(subscription)])),
        "manage_url": absolute(reverse("alerts:manage", args=[token])),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[token])),
    }


def _row_url(row) -> str:
    """A row's absolute address; "" when its page does not exist (the mail then names it without a link)."""
    try:
        return absolute(row.get_absolute_url())
    except NoReverseMatch:
        return ""


def _digest_context(subscription: Subscription, digest: Digest) -> dict:
    context = {"digest": digest}
    rows = {
        name: [{"row": row, "url": _row_url(row)} for row in getattr(digest, name)]
        for name in ("news", "events", "new_policies", "expiring_policies", "spaces")
    }
    rows["measures"] = [
        {"row": result.measure, "group": result.group, "url": _row_url(result.measure)} for result in digest.measures
    ]
    context["rows"] = rows
    if subscription.space_search is not None:
        context["space_search"] = space_search_words(subscription.space_search)
        query = space_search_query(subscription.space_search)
        context["space_search_url"] = absolute(reverse("spaces:list")) + (f"?{query}" if query else "")
    if subscription.checker_profile is not None:
        context["checker_profile"] = profile_words(subscription.checker_profile)
        context["checker_url"] = absolute(reverse("policies:check")) + "?" + profile_query(subscription.checker_profile)
    return context


def build_message(mail: AlertMail) -> EmailMultiAlternatives | None:
    """The message for an outbox row, in the subscriber's language, rendered now; None when there is
    nothing to send (a digest whose rows were all taken off the site since, a confirmation already used)."""
    subscription = mail.subscription
    with translation.override(subscription.language):
        context = {"subscription": subscription, "site_name": settings.SITE_NAME, **links_of(subscription)}
        if mail.kind == AlertMail.Kind.CONFIRM:
            if subscription.is_confirmed:
                return None
            context["choices"] = describe(subscription)
            context["valid_days"] = CONFIRM_MAX_AGE // 86400
            subject = _("Please confirm your e-mail alerts")
        else:
            if not subscription.is_confirmed:
                return None
            digest = digest_for(subscription, mail.covers_from, mail.covers_until)
            if not digest:
                return None
            context.update(_digest_context(subscription, digest))
            context["covers_from"] = timezone.localtime(mail.covers_from)
            context["covers_until"] = timezone.localtime(mail.covers_until)
            subject = _("What is new at %(site)s") % {"site": settings.SITE_NAME}
        text = render_to_string(f"alerts/mail/{mail.kind}.txt", context)
        html = render_to_string(f"alerts/mail/{mail.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer their own unsubscribe button, which POSTs
            # "List-Unsubscribe=One-Click" to this address (alerts.views.unsubscribe).
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def describe(subscription: Subscription) -> list[str]:
    """The subscription's choices in words, in the active language (pages and mail)."""
    labels = dict(NEWS_COLUMNS)
    lines = []
    if subscription.news_columns:
        columns = ", ".join(str(labels.get(kind, kind)) for kind in subscription.news_columns)
        lines.append(_("News columns: %(columns)s") % {"columns": columns})
    if subscription.events:
        lines.append(_("Events"))
    if subscription.policies:
        scope = [t.name_i18n for t in subscription.policy_themes.all()]
        scope += [i.name_i18n for i in subscription.policy_industries.all()]
        if scope:
            lines.append(_("New and expiring policies: %(scope)s") % {"scope": ", ".join(scope)})
        else:
            lines.append(_("New and expiring policies: all"))
    if subscription.space_search is not None:
        words = space_search_words(subscription.space_search) or _("all space on offer")
        lines.append(_("Spaces: %(search)s") % {"search": words})
    if subscription.checker_profile is not None:
        lines.append(
            _("Measures that fit this profile: %(profile)s") % {"profile": profile_words(subscription.checker_profile)}
        )
    lines.append(_("Frequency: %(frequency)s") % {"frequency": subscription.get_frequency_display()})
    return lines


def outbox_send_many(*, mail_ids: list[int]) -> tuple[int, int]:
    return OUTBOX.send_many(mail_ids=mail_ids)


def outbox_send_pending(*, max_attempts: int = MAIL_MAX_ATTEMPTS) -> tuple[int, int]:
    return OUTBOX.send_pending(max_attempts=max_attempts)


OUTBOX = Outbox(
    model=AlertMail,
    deliver_job="alerts.jobs.deliver_mail",
    build_message=build_message,
    select_related=("subscription",),
    case_field="subscription",
)
