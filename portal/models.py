import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import Localized, TranslatedModel
from enterprises.models import Enterprise
from news.models import NewsItem
from policies.models import Policy
from projects.models import Project
from spaces.models import Space

NEWS_LINK_TARGETS = ("project", "enterprise", "space", "policy")


# A year in an indicator's period ("2019—2022年", "2023年"): four digits standing alone.
PERIOD_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def period_years(period: str) -> tuple[int, int] | None:
    """The first and last year a period names ("2019—2022年" → 2019, 2022; "2023年" → 2023, 2023), or
    None when it names none. The last is the year of the report card the figure belongs to (the open
    data's yearly series, api/reference.py)."""
    found = [int(year) for year in PERIOD_YEAR.findall(period)]
    return (min(found), found[-1]) if found else None


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def reported_in(self, year: int):
        """The figures of `year`'s report card: those whose period's last year is `year` (``period_years``,
        read in Python: the report card has a few dozen figures, and the rule stays written once)."""
        ids = [pk for pk, period in self.values_list("pk", "period") if (period_years(period) or (0, 0))[1] == year]
        return self.filter(pk__in=ids)


class Indicator(TranslatedModel):
    """A figure of the zone's report card (成绩单), entered by staff with its source."""

    label = models.CharField(_("label"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=160, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    is_lower_bound = models.BooleanField(
        _("at least"), default=False, help_text=_("Shown as “40+” when the source says “over 40”.")
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    period = models.CharField(_("period"), max_length=40)
    period_en = models.CharField(_("period (English)"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=200)
    source_en = models.CharField(_("source (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    label_i18n = Localized("label")
    unit_i18n = Localized("unit")
    period_i18n = Localized("period")
    source_i18n = Localized("source")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("report-card indicators")
        constraints = [
            models.UniqueConstraint(fields=["label", "period"], name="indicator_unique_label_period"),
        ]

    def __str__(self):
        return f"{self.label}（{self.period}）"

    @property
    def is_amount_in_yi(self):
        """An amount in 亿元, which English pages show as "RMB … billion" (core.figures)."""
        return self.unit.strip() == "亿元"

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year of the period (``period_years``)."""
        return period_years(self.period)

    @property
    def display_value(self):
        """The value without trailing zeros: 752.00 → 752, 1.50 → 1.5."""
        text = format(self.value.normalize(), "f")
        return text


class PageBlock(TranslatedModel):
    """A staff-editable block of text on a public page, e.g. the sections of /about/."""

    page = models.CharField(
        _("page"),
        max_length=30,
        validators=[RegexValidator(r"^[a-z-]+$")],
        help_text=_("The page that shows the block, e.g. “about”."),
    )
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a new paragraph."))
    body_en = models.TextField(_("text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    title_i18n = Localized("title")
    body_i18n = Localized("body")

    class Meta:
        ordering = ["page", "order", "id"]
        verbose_name = _("page block")
        verbose_name_plural = _("page blocks")
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="pageblock_unique_key")]

    def __str__(self):
        return f"{self.page}/{self.key}: {self.title}"


class SiteSettings(TranslatedModel):
    """The facts the footer of a Chinese government site carries, edited by staff; one row.

    Each is shown only when filled in: the 2022 report gives none, so the seed leaves them empty.
    """

    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("As issued, e.g. 浙ICP备12345678号.")
    )
    site_code = models.CharField(
        _("government website identification code"),
        max_length=40,
        blank=True,
        help_text=_("网站标识码, as issued for government websites."),
    )
    hotline = models.CharField(_("public hotline"), max_length=40, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    hours = models.CharField(
        _("opening hours"), max_length=120, blank=True, help_text=_("For example 工作日 8:30–12:00，13:30–17:30.")
    )
    hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    # The 钱小二 service desk (for enterprises in the zone), shown on /contact/.
    desk_phone = models.CharField(_("钱小二 desk phone"), max_length=40, blank=True)
    desk_email = models.EmailField(_("钱小二 desk e-mail"), blank=True)
    desk_hours = models.CharField(_("钱小二 desk hours"), max_length=120, blank=True)
    desk_hours_en = models.CharField(_("钱小二 desk hours (English)"), max_length=200, blank=True)

    history = HistoricalRecords()

    address_i18n = Localized("address")
    hours_i18n = Localized("hours")
    desk_hours_i18n = Localized("desk_hours")

    # What /contact/ needs, by field; the staff dashboard lists the empty ones to the administrator.
    CONTACT_FIELDS = ("hotline", "email", "address", "hours", "desk_phone", "desk_email", "desk_hours")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("site settings"))

    @classmethod
    def current(cls):
        """The settings row, or None before staff first save it."""
        return cls.objects.order_by("pk").first()

    @property
    def has_zone_contact(self):
        """A way to reach the zone by phone or mail is published (the address and hours alone are not)."""
        return bool(self.hotline or self.email)

    @property
    def has_desk_contact(self):
        return bool(self.desk_phone or self.desk_email)

    def missing_contact_fields(self) -> list:
        """The verbose names of the contact fields left empty."""
        return [self._meta.get_field(name).verbose_name for name in self.CONTACT_FIELDS if not getattr(self, name)]


class IndustryOfficer(models.Model):
    """An investment officer named on /contact/ for an industry (chain), edited with the site settings.

    The page shows only what the officer publishes in their own profile (staff.OfficerProfile); a row
    whose officer publishes no name, phone or e-mail is not shown.
    """

    site = models.ForeignKey(
        SiteSettings, verbose_name=_("site settings"), on_delete=models.CASCADE, related_name="industry_officers"
    )
    industry = models.ForeignKey(
        "industries.Industry", verbose_name=_("industry"), on_delete=models.CASCADE, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("investment officer"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("officer for an industry")
        verbose_name_plural = _("officers by industry chain")
        constraints = [
            models.UniqueConstraint(fields=["site", "industry", "officer"], name="industryofficer_unique"),
        ]

    def __str__(self):
        return f"{self.industry} · {self.officer}"


class NewsLinkQuerySet(models.QuerySet):
    def shown(self):
        """Links whose target has a public page: a hidden project, enterprise, space or policy is never shown."""
        return self.filter(
            models.Q(project__in=Project.objects.public().values("pk"))
            | models.Q(enterprise__in=Enterprise.objects.public().values("pk"))
            # A withdrawn space is off the register: its page answers 404 (spaces.views.SpaceDetailView).
            | models.Q(space__in=Space.objects.public().exclude(status=Space.Status.WITHDRAWN).values("pk"))
            | models.Q(policy__in=Policy.objects.public().values("pk"))
        )


class NewsLink(models.Model):
    """A news item's link to one project, enterprise, space or policy (an interpretation's policy too).

    It lives here, on the top floor, because the directories (news among them) never reference each
    other. Exactly one target per row (a check constraint), each target once per item.
    """

    TARGETS = NEWS_LINK_TARGETS

    item = models.ForeignKey(NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="links")
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news_links",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news_links",
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), null=True, blank=True, on_delete=models.CASCADE, related_name="news_links"
    )
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news_links",
        help_text=_("For a policy interpretation: the policy it interprets, shown at the top of its page."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = NewsLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("linked record")
        verbose_name_plural = _("linked projects, enterprises, spaces and policies")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, enterprise__isnull=True, space__isnull=True, policy__isnull=True)
                    | models.Q(project__isnull=True, enterprise__isnull=False, space__isnull=True, policy__isnull=True)
                    | models.Q(project__isnull=True, enterprise__isnull=True, space__isnull=False, policy__isnull=True)
                    | models.Q(project__isnull=True, enterprise__isnull=True, space__isnull=True, policy__isnull=False)
                ),
                name="newslink_exactly_one_target",
                violation_error_message=_("Choose exactly one project, enterprise, space or policy per row."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["item", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"newslink_unique_{target}",
                    violation_error_message=_("This record is already linked to the item."),
                )
                for target in NEWS_LINK_TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.item} → {self.target}"

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def target_kind(self) -> str:
        return next((name for name in self.TARGETS if getattr(self, f"{name}_id") is not None), "")
