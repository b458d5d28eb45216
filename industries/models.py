from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import Localized, TranslatedModel

# Paths under /industries/ that are pages of their own, never an industry's slug.
RESERVED_SLUGS = frozenset({"targets"})


class Industry(TranslatedModel):
    """A node of the industry system 一智三新五链, editable by staff.

    智能制造 appears twice on purpose: once as the core (一智) and once as one of the five tracks.
    """

    # The names a spreadsheet may give for an industry, besides its slug.
    SPREADSHEET_NAMES = ("name", "name_en")

    class Category(models.TextChoices):
        CORE = "core", _("Core: intelligent manufacturing")
        NEW = "new", _("Three new industries")
        CHAIN = "chain", _("Five chains")
        SERVICE = "service", _("Producer services")

    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = Localized("name")
    description_i18n = Localized("description")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="industry_unique_name_per_category")]

    def __str__(self):
        return f"{self.name}（{self.get_category_display()}）"

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is a page of its own; choose another.")})


class ChainNode(TranslatedModel):
    """A link (环节) of an industry's chain: upstream, midstream, downstream or supporting services.

    Staff type the links and the zone's investment targets (招商目标: a link to fill, strengthen or
    extend, with a short public brief); whether a link is present in the zone is never typed: it is
    derived from the published enterprises and projects placed on it (portal/chains.py). A link may
    have sub-links (`parent`) of the same industry; `clean()` refuses a parent of another industry
    and a cycle.
    """

    class Stage(models.TextChoices):
        UPSTREAM = "upstream", _("Upstream")
        MIDSTREAM = "midstream", _("Midstream")
        DOWNSTREAM = "downstream", _("Downstream")
        SERVICES = "services", _("Supporting services")

    class TargetKind(models.TextChoices):
        FILL = "fill", _("Fill the link (补链)")
        STRENGTHEN = "strengthen", _("Strengthen the link (强链)")
        EXTEND = "extend", _("Extend the chain (延链)")

    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.CASCADE, related_name="chain_nodes"
    )
    stage = models.CharField(_("position in the chain"), max_length=12, choices=Stage.choices)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a sub-link: the link of the same industry it belongs to."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_target = models.BooleanField(
        _("investment target"), default=False, help_text=_("The zone is looking for firms for this link (招商目标).")
    )
    target_kind = models.CharField(_("kind of target"), max_length=12, choices=TargetKind.choices, blank=True)
    target_brief = models.TextField(
        _("target brief"),
        blank=True,
        max_length=600,
        help_text=_("For the public: what kind of firm is sought, why here, which space suits."),
    )
    target_brief_en = models.TextField(_("target brief (English)"), blank=True, max_length=1200)
    is_demo = models.BooleanField(
        _("synthetic demo row"), default=False, editable=False, help_text=_("Generated sample data, not a real link.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    name_i18n = Localized("name")
    target_brief_i18n = Localized("target_brief")

    class Meta:
        ordering = ["industry__order", "industry_id", "order", "id"]
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        constraints = [
            models.UniqueConstraint(fields=["industry", "parent", "name"], name="chainnode_unique_name_per_parent"),
            models.CheckConstraint(
                condition=models.Q(is_target=True) | models.Q(target_kind=""),
                name="chainnode_kind_only_on_target",
                violation_error_message=_("Only an investment target has a kind of target."),
            ),
        ]

    def __str__(self):
        return f"{self.industry.name} · {self.name}"

    def ancestors(self) -> list["ChainNode"]:
        """The parents up to the top link, nearest first; stops at a cycle (which `clean()` refuses)."""
        found, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            found.append(node)
            seen.add(node.pk)
            node = node.parent
        return found

    def clean(self):
        errors = {}
        if self.parent_id is not None:
            parent = self.parent
            if self.industry_id is not None and parent.industry_id != self.industry_id:
                errors["parent"] = _("A sub-link belongs to a link of the same industry.")
            elif self.pk is not None and (parent.pk == self.pk or any(n.pk == self.pk for n in parent.ancestors())):
                errors["parent"] = _("A link cannot be part of itself or of one of its own sub-links.")
        if self.is_target and not self.target_brief.strip():
            errors["target_brief"] = _("Say in a few words what kind of firm the zone is looking for.")
        if self.is_target and not self.target_kind:
            errors["target_kind"] = _("Say whether the target fills, strengthens or extends the chain.")
        if not self.is_target and self.target_kind:
            errors["target_kind"] = _("Only an investment target has a kind of target.")
        if errors:
            raise ValidationError(errors)
