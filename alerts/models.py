"""E-mail alerts with no account (issue 27): a subscription and its outbox mail.

A subscription keeps only what the reader gave: the address, the language they subscribed in, their
choices and the time of their consent (plus when they confirmed and up to when the digests have
covered). Several subscriptions per address are allowed, one per confirmation: each has its own
links and its own digest, and unsubscribing deletes that one row. An unconfirmed subscription
receives nothing but its confirmation mail and is deleted once its link has expired
(alerts.services.subscriptions_delete_unconfirmed).

The choices: news columns (`news_columns`, news kinds other than events), events, policies (new and
about to expire, narrowed by themes and/or industries), a saved space search (`space_search`: the
cleaned values of spaces.filters.SpaceFilter, never the raw query string) and a checker profile
(`checker_profile`: the cleaned answers of policies.forms.CheckerForm the reader chose to send).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import OutboxMailBase
from news.models import Kind as NewsKind

# The news columns a reader may follow; events are a choice of their own.
NEWS_COLUMNS = [(value, label) for value, label in NewsKind.choices if value != NewsKind.EVENT]


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    email = models.EmailField(_("e-mail address"), db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=[("zh-hans", "简体中文"), ("en", _("English"))])
    news_columns = models.JSONField(_("news columns"), default=list, blank=True)
    events = models.BooleanField(_("events"), default=False)
    policies = models.BooleanField(_("new and expiring policies"), default=False)
    policy_themes = models.ManyToManyField(
        "policies.Theme", verbose_name=_("policy themes"), blank=True, related_name="+"
    )
    policy_industries = models.ManyToManyField(
        "industries.Industry", verbose_name=_("policy industries"), blank=True, related_name="+"
    )
    space_search = models.JSONField(_("space search"), null=True, blank=True)
    checker_profile = models.JSONField(_("checker profile"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    consent_at = models.DateTimeField(_("consent given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("digests cover up to"), null=True, blank=True)
    # Part of every link's signed token: a deleted row's links never work for another row.
    key = models.CharField(_("link key"), max_length=32, editable=False)
    # The rendered form (cases.forms.PublicFormMixin.submission_token): the same form sent twice makes one row.
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-consent_at", "-id"]
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        indexes = [models.Index(fields=["confirmed_at"], name="alerts_sub_confirmed")]

    def __str__(self):
        return self.email

    @property
    def reference(self) -> str:
        """What the outbox's log names a failed mail's subscription by (never the address)."""
        return f"subscription {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertMail(OutboxMailBase):
    """A mail to a subscriber (sent by cases.outbox through alerts.services.OUTBOX), rendered when sent.

    A digest covers what became new between `covers_from` and `covers_until`.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmation link")
        DIGEST = "digest", _("Digest")

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    covers_from = models.DateTimeField(_("covers from"), null=True, blank=True)
    covers_until = models.DateTimeField(_("covers until"), null=True, blank=True)

    class Meta(OutboxMailBase.Meta):
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="alerts_mail_due")]
