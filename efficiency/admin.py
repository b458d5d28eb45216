"""The 亩均 evaluation's admin: the rule editor, the firm-year figures and their import, the result
sets with their workflow buttons and analysis, the results, the objections, and the renewal candidates.

Confidential throughout: only the efficiency officer (亩均评价专员) and the administrator hold any
right here (efficiency/migrations/*_role_grants.py, docs/roles.md). Every write that carries
business rules goes through a service: the engine's run, the notice and the final step
(efficiency.services), the objections' moves and notes (efficiency.objections), the figures
(efficiency.firmyears), a rule set's copy (efficiency.rulesets) and a renewal space
(efficiency.renewal). Those services are imported when a button is pressed, not when the admin loads.

A rule set that a final result set used is frozen (its rules are how that result was reached): its
pages, its groups' pages and their inlines are read-only and say so; copying it is the way to new rules.
A final result set is read-only too.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_guard import ObjectGuardAdmin
from core.spreadsheets.admin import SpreadsheetImportMixin
from core.validators import normalise_credit_code
from efficiency.firmyears import firm_year_save
from efficiency.forms import (
    ClassCutoffFormSet,
    FirmYearAdminForm,
    IndicatorForm,
    IndicatorFormSet,
    NoticeForm,
    RenewalSpaceForm,
    RuleGroupAdminForm,
    RuleSetAdminForm,
    RunForm,
)
from efficiency.models import (
    ClassCutoff,
    Exemption,
    FirmYear,
    Indicator,
    Measure,
    Objection,
    ObjectionMail,
    ObjectionNote,
    ObjectionStatusLog,
    Result,
    ResultSet,
    RuleGroup,
    RuleSet,
)
from efficiency.renewal import renewal_candidates, renewal_space_open
from efficiency.resources import FirmYearResource
from efficiency.rules import rule_set_problems
from efficiency.rulesets import final_sets, frozen_expression, rule_set_copy
from staff.roles import EFFICIENCY_OFFICER

RUN_PERM = "efficiency.run_resultset"
PUBLISH_PERM = "efficiency.publish_resultset"
IMPORT_PERM = "efficiency.import_firmyear"
ENDED = (Objection.Status.UPHELD, Objection.Status.REJECTED, Objection.Status.WITHDRAWN)


def service(module: str, name: str):
    """A service of this app's other modules (the engine's, the objections'), read when it is called."""
    return getattr(import_module(f"efficiency.{module}"), name)


def frozen_sets(rule_set: RuleSet) -> list[ResultSet]:
    """The final result sets that used this rule set, remembered on the object for the request."""
    if not hasattr(rule_set, "_final_sets"):
        rule_set._final_sets = final_sets(rule_set)
    return rule_set._final_sets


def is_frozen(rule_set: RuleSet | None) -> bool:
    return rule_set is not None and bool(frozen_sets(rule_set))


# --- The rule editor ------------------------------------------------------------------------------


class _FrozenRulesInline:
    """An inline of a rule set or a group: read-only once the rule set is frozen."""

    def _rule_set(self, obj):
        if obj is None:
            return None
        return obj if isinstance(obj, RuleSet) else obj.rule_set

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_frozen(self._rule_set(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_frozen(self._rule_set(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_frozen(self._rule_set(obj))


class RuleGroupInline(admin.TabularInline):
    """The rule set's groups, each linked to its own page where its indicators and class bands are edited."""

    model = RuleGroup
    extra = 0
    fields = ["order", "code", "name", "cutoff_basis", "rules_summary"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("firm groups (open a group to edit its indicators and class cut-offs)")

    def has_add_permission(self, request, obj=None):
        return False  # a group is added on its own page, with its indicators and bands (the link above)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("indicators", "cutoffs")

    @admin.display(description=_("indicators and class cut-offs"))
    def rules_summary(self, obj):
        return render_to_string("admin/efficiency/rulegroup/summary.html", {"group": obj})


class ExemptionInline(_FrozenRulesInline, admin.TabularInline):
    model = Exemption
    extra = 0
    fields = ["kind", "years"]


class IndicatorInline(_FrozenRulesInline, admin.TabularInline):
    model = Indicator
    # The model's "indicator" shares its Chinese with the report card's (成绩单指标) in the catalogue.
    verbose_name = _("weighted indicator")
    verbose_name_plural = _("weighted indicators")
    form = IndicatorForm
    formset = IndicatorFormSet
    extra = 0
    fields = ["order", "measure", "weight", "benchmark", "benchmark_value", "cap"]


class ClassCutoffInline(_FrozenRulesInline, admin.TabularInline):
    model = ClassCutoff
    formset = ClassCutoffFormSet
    extra = 0
    max_num = 4
    fields = ["firm_class", "lower", "upper"]


class FrozenFilter(admin.SimpleListFilter):
    title = _("used by a final result set")
    parameter_name = "frozen"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes (read-only)")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(frozen=True)
        if self.value() == "no":
            return queryset.filter(frozen=False)
        return queryset


@admin.register(RuleSet)
class RuleSetAdmin(ObjectGuardAdmin, SimpleHistoryAdmin):
    form = RuleSetAdminForm
    # A revert would bring back a total without its groups' weights of the time, or change rules a
    # final set was decided on; the history is read, and the admin log below it shows the rule edits.
    revert_allowed = False
    change_form_template = "admin/efficiency/ruleset/change_form.html"
    object_history_template = "admin/efficiency/ruleset/object_history.html"
    list_display = ["year", "name", "number", "total_weight", "group_count", "frozen_column", "is_demo"]
    list_display_links = ["year", "name"]
    list_filter = ["year", FrozenFilter, "is_demo"]
    search_fields = ["name", "name_en", "number"]
    inlines = [RuleGroupInline, ExemptionInline]
    actions = ["copy"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "number", "year", "total_weight", "parcel_rule"]}),
        (_("Notes"), {"fields": ["notes", "is_demo", "created_at", "updated_at"]}),
        (_("English"), {"fields": ["name_en"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(group_count=Count("groups", distinct=True), frozen=frozen_expression())
        )

    @admin.display(description=_("groups"), ordering="group_count")
    def group_count(self, obj):
        return obj.group_count

    @admin.display(description=_("used by a final result set"), boolean=True, ordering="frozen")
    def frozen_column(self, obj):
        return obj.frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_frozen(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {}
        if obj is not None and self.has_view_permission(request, obj):
            extra = {
                "final_sets": frozen_sets(obj),
                "rule_problems": rule_set_problems(obj),
                "may_add_group": not is_frozen(obj) and request.user.has_perm("efficiency.add_rulegroup"),
                "may_run": request.user.has_perm(RUN_PERM) and request.user.has_perm("efficiency.add_resultset"),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def history_view(self, request, object_id, extra_context=None):
        """The rule set's own versions, and below them the admin log of it and of its groups, whose
        messages name each indicator, cut-off and exemption added, changed or deleted."""
        self._history_object(request, object_id)  # the guard first (ObjectGuardAdmin)
        obj = RuleSet.objects.filter(pk=unquote(object_id)).first()
        entries = []
        if obj is not None:
            types = ContentType.objects.get_for_models(RuleSet, RuleGroup)
            group_ids = [str(pk) for pk in obj.groups.values_list("pk", flat=True)]
            entries = list(
                LogEntry.objects.filter(
                    Q(content_type=types[RuleSet], object_id=str(obj.pk))
                    | Q(content_type=types[RuleGroup], object_id__in=group_ids)
                )
                .select_related("user", "content_type")
                .order_by("-action_time")[:200]
            )
        extra = {"rule_log": entries, **(extra_context or {})}
        return super().history_view(request, object_id, extra)

    @admin.action(
        description=_("Copy the selected rule sets (groups, indicators, cut-offs, exemptions)"), permissions=["add"]
    )
    def copy(self, request, queryset):
        copies = [rule_set_copy(rule_set=rule_set, user=request.user) for rule_set in queryset]
        for copy in copies:
            url = reverse("admin:efficiency_ruleset_change", args=[copy.pk])
            self.message_user(
                request,
                format_html('{} <a href="{}">{}</a>', gettext("Copied as a new rule set:"), url, str(copy)),
                messages.SUCCESS,
            )


@admin.register(RuleGroup)
class RuleGroupAdmin(ObjectGuardAdmin, admin.ModelAdmin):
    """A group's indicators (weights adding up to the rule set's total) and class bands (tiling the range)."""

    form = RuleGroupAdminForm
    change_form_template = "admin/efficiency/rulegroup/change_form.html"
    list_display = ["name", "code", "rule_set", "cutoff_basis", "order"]
    list_filter = ["rule_set__year", "cutoff_basis"]
    list_select_related = ["rule_set"]
    search_fields = ["name", "code", "rule_set__name"]
    fields = ["rule_set", "code", "name", "name_en", "cutoff_basis", "order"]
    inlines = [IndicatorInline, ClassCutoffInline]

    class Media:
        css = {"all": ["efficiency/admin.css"]}

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and is_frozen(obj.rule_set))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and is_frozen(obj.rule_set))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rule_set":
            # A new group only in a rule set whose rules may still change.
            kwargs["queryset"] = RuleSet.objects.annotate(frozen=frozen_expression()).filter(frozen=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {"final_sets": frozen_sets(obj.rule_set)} if obj is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _back_to_rule_set(self, obj):
        return HttpResponseRedirect(reverse("admin:efficiency_ruleset_change", args=[obj.rule_set_id]))

    def response_post_save_add(self, request, obj):
        return self._back_to_rule_set(obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_rule_set(obj)


# --- Firm-year figures ------------------------------------------------------------------------------


class MatchedFilter(admin.SimpleListFilter):
    title = _("matched to an enterprise")
    parameter_name = "matched"

    def lookups(self, request, model_admin):
        return [("no", _("Unmatched")), ("yes", _("Matched"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unmatched()
        if self.value() == "yes":
            return queryset.filter(enterprise__isnull=False)
        return queryset


@admin.register(FirmYear)
class FirmYearAdmin(SpreadsheetImportMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    form = FirmYearAdminForm
    resource_classes = [FirmYearResource]
    change_list_template = "admin/efficiency/firmyear/change_list.html"
    list_display = ["year", "credit_code", "name", "group_code", "land_column", "enterprise_column", "exempt_flags"]
    list_display_links = ["credit_code", "name"]
    list_filter = ["year", MatchedFilter, "group_code", "under_construction", "is_utility", "is_demo"]
    list_select_related = ["enterprise"]
    search_fields = ["name", "credit_code", "parcel"]
    readonly_fields = ["enterprise_display", "is_demo", "created_at", "updated_at"]
    history_list_display = ["tax", "revenue", "land_own_mu"]
    fieldsets = [
        (None, {"fields": ["year", "credit_code", "name", "enterprise_display", "group_code", "parcel"]}),
        (
            _("Land"),
            {"fields": ["land_own_mu", "land_leased_mu", "land_supplied_year", "under_construction", "is_utility"]},
        ),
        (
            _("Figures (confidential)"),
            {
                "fields": [
                    "tax",
                    "value_added",
                    "revenue",
                    "energy_tce",
                    "emission_t",
                    "electricity_kwh",
                    "headcount",
                    "rd_spending",
                    "founded_year",
                ],
                "description": _(
                    "Money in 万元. An empty figure is unknown, never zero. Never shown outside this admin."
                ),
            },
        ),
        (
            _("Contact on record"),
            {
                "fields": ["contact_name", "contact_phone", "contact_email"],
                "description": _("Staff answer the firm's objections through this contact, never the filer's."),
            },
        ),
        (_("Record"), {"fields": ["is_demo", "created_at", "updated_at"]}),
    ]

    def has_import_permission(self, request):
        return super().has_import_permission(request) and request.user.has_perm(IMPORT_PERM)

    def get_search_results(self, request, queryset, search_term):
        # A credit code matches as stored: typed with gaps or in lower case it still finds the firm.
        code = normalise_credit_code(search_term)
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if code and code != search_term.strip():
            queryset |= self.model._default_manager.filter(credit_code__startswith=code)
        return queryset, duplicates

    @admin.display(description=_("land (mu)"))
    def land_column(self, obj):
        return "—" if obj.land_mu is None else f"{obj.land_mu:,.2f}"

    @admin.display(description=_("enterprise"), ordering="enterprise__name")
    def enterprise_column(self, obj):
        return gettext("Unmatched") if obj.enterprise is None else obj.enterprise.name

    @admin.display(description=_("enterprise"))
    def enterprise_display(self, obj):
        if obj.enterprise is None:
            return gettext("Unmatched: no enterprise holds this credit code")
        return obj.enterprise.name

    @admin.display(description=_("exemptible"))
    def exempt_flags(self, obj):
        flags = []
        if obj.under_construction:
            flags.append(gettext("under construction"))
        if obj.is_utility:
            flags.append(gettext("public utility"))
        return "、".join(flags) or "—"

    def save_model(self, request, obj, form, change):
        firm_year_save(firm_year=obj, user=request.user)

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        years = {row.instance.year for row in result.rows if getattr(row, "instance", None) is not None}
        unmatched = FirmYear.objects.unmatched().filter(year__in=years).count() if years else 0
        if unmatched:
            url = reverse("admin:efficiency_firmyear_changelist") + "?" + urlencode({"matched": "no"})
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)s firm-year of the imported years matches no enterprise and was kept without one.",
                        "%(count)s firm-years of the imported years match no enterprise and were kept without one.",
                        unmatched,
                    )
                    % {"count": unmatched},
                    url,
                    gettext("List the unmatched firm-years"),
                ),
                messages.WARNING,
            )

    # --- 腾笼换鸟: renewal candidates ---------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("renewal/", self.admin_site.admin_view(self.renewal_view), name=f"{info[0]}_{info[1]}_renewal"),
            path(
                "<path:object_id>/renewal-space/",
                self.admin_site.admin_view(self.renewal_space_view),
                name=f"{info[0]}_{info[1]}_renewal_space",
            ),
            *super().get_urls(),
        ]

    def _may_see_results(self, request) -> bool:
        return request.user.has_perm("efficiency.view_resultset") and request.user.has_perm("efficiency.view_result")

    def renewal_view(self, request):
        if not (self.has_view_permission(request) and self._may_see_results(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Renewal candidates (腾笼换鸟)"),
            "candidates": renewal_candidates(),
            "may_open": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/efficiency/firmyear/renewal.html", context)

    def renewal_space_view(self, request, object_id):
        firm_year = self.get_object(request, unquote(object_id))
        if firm_year is None:
            raise Http404
        if not (self.has_change_permission(request, firm_year) and self._may_see_results(request)):
            raise PermissionDenied
        from spaces.models import Space

        land = firm_year.land_mu
        initial = {
            # At the space's precision (2 places); a firm-year keeps 4.
            "area_mu": None if land is None else land.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            "status": Space.Status.OCCUPIED if firm_year.revenue else Space.Status.AVAILABLE,
        }
        form = RenewalSpaceForm(request.POST or None, initial=initial)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    space = renewal_space_open(firm_year=firm_year, user=request.user, **form.cleaned_data)
                except ValidationError as error:
                    for field, problems in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, problems)
                else:
                    self.message_user(
                        request,
                        gettext(
                            "Space record %(code)s opened, unpublished: content editors complete it and "
                            "decide whether to publish it."
                        )
                        % {"code": space.code},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:efficiency_firmyear_renewal"))
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Open a space record for a renewal candidate"),
            "firm_year": firm_year,
            "form": form,
        }
        return TemplateResponse(request, "admin/efficiency/firmyear/renewal_space.html", context, status=status)


# --- Result sets and results -----------------------------------------------------------------------


class ResultSetAdminForm(forms.ModelForm):
    class Meta:
        model = ResultSet
        fields = ["show_classes_during_notice"]


@admin.register(ResultSet)
class ResultSetAdmin(ObjectGuardAdmin, SimpleHistoryAdmin):
    """Run, put on notice, finalise: buttons to small pages that confirm, then call the services.

    A final set is frozen: its page is read-only and only a new run (a new version) follows it.
    During the notice, whether the class list is published may be changed here.
    """

    form = ResultSetAdminForm
    revert_allowed = False  # a revert would move the status around the services
    change_form_template = "admin/efficiency/resultset/change_form.html"
    list_display = ["__str__", "status", "notice_starts_on", "notice_ends_on", "result_count", "computed_at"]
    list_filter = ["status", "rule_set__year"]
    list_select_related = ["rule_set"]
    fieldsets = [
        (None, {"fields": ["rule_set", "version", "status", "results_link"]}),
        (_("Public notice (公示)"), {"fields": ["notice_starts_on", "notice_ends_on", "show_classes_during_notice"]}),
        (_("Zone aggregates"), {"fields": ["summary_display"]}),
        (_("Record"), {"fields": ["computed_at", "computed_by", "finalised_at", "finalised_by", "created_at"]}),
    ]
    READ_ONLY = [
        "rule_set",
        "version",
        "status",
        "results_link",
        "notice_starts_on",
        "notice_ends_on",
        "summary_display",
        "computed_at",
        "computed_by",
        "finalised_at",
        "finalised_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(result_count=Count("results"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == ResultSet.Status.NOTICE:
            return self.READ_ONLY
        return [*self.READ_ONLY, "show_classes_during_notice"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm(RUN_PERM)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_frozen)

    @admin.display(description=_("results"), ordering="result_count")
    def result_count(self, obj):
        return obj.result_count

    @admin.display(description=_("results"))
    def results_link(self, obj):
        url = reverse("admin:efficiency_result_changelist") + "?" + urlencode({"result_set__id__exact": obj.pk})
        count = obj.results.count()
        label = ngettext(
            "%(count)s result: scores, ranks, classes and terms",
            "%(count)s results: scores, ranks, classes and terms",
            count,
        )
        return format_html('<a href="{}">{}</a>', url, label % {"count": count})

    @admin.display(description=_("zone aggregates"))
    def summary_display(self, obj):
        return render_to_string("admin/efficiency/resultset/summary.html", {"summary": obj.summary or {}})

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            obj._history_user = request.user
            super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {}
        if obj is not None and self.has_view_permission(request, obj):
            extra = {
                "buttons": self.buttons(request, obj),
                "open_objections": obj.objections.open().count(),
                "show_save_and_add_another": False,  # adding a set is running the evaluation
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def buttons(self, request, obj) -> list[tuple[str, str]]:
        """(label, url) of the workflow pages this user may open for this set."""
        found = []
        url = lambda name: reverse(f"admin:efficiency_resultset_{name}", args=[obj.pk])  # noqa: E731
        if self._may(request, obj, RUN_PERM, frozen_ok=True):
            label = _("Run again as a new version") if obj.is_frozen else _("Run the evaluation again")
            found.append((label, url("run")))
        if obj.status == ResultSet.Status.DRAFT and self._may(request, obj, PUBLISH_PERM):
            found.append((_("Start the public notice"), url("notice")))
        if obj.status == ResultSet.Status.NOTICE and self._may(request, obj, PUBLISH_PERM):
            found.append((_("Finalise"), url("finalise")))
        found.append((_("Analysis"), url("analysis")))
        return found

    def _may(self, request, obj, perm, *, frozen_ok=False) -> bool:
        # A final set's page offers only a new run, which writes a new set, never this one.
        allowed = self.has_change_permission(request, None if frozen_ok else obj)
        return allowed and self.has_view_permission(request, obj) and request.user.has_perm(perm)

    # --- The workflow pages ------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = [
            ("run", self.run_view),
            ("notice", self.notice_view),
            ("finalise", self.finalise_view),
            ("analysis", self.analysis_view),
        ]
        return [
            *(
                path(f"<path:object_id>/{name}/", self.admin_site.admin_view(view), name=f"{info[0]}_{info[1]}_{name}")
                for name, view in views
            ),
            *super().get_urls(),
        ]

    def _set(self, request, object_id, perm=None, *, frozen_ok=False) -> ResultSet:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if perm is None:
            allowed = self.has_view_permission(request, obj)
        else:
            allowed = self._may(request, obj, perm, frozen_ok=frozen_ok)
        if not allowed:
            raise PermissionDenied
        return obj

    def _page(self, request, obj, template, title, status=200, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/efficiency/resultset/{template}", context, status=status)

    def _done(self, request, result_set, message):
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:efficiency_resultset_change", args=[result_set.pk]))

    def _ran(self, request, result_set):
        summary = result_set.summary or {}
        return self._done(
            request,
            result_set,
            gettext("The evaluation ran: %(set)s holds %(results)s results (%(scored)s scored, %(exempt)s exempt).")
            % {
                "set": result_set,
                "results": result_set.results.count(),
                "scored": summary.get("firms", "—"),
                "exempt": summary.get("exempt", "—"),
            },
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a result set is running the evaluation over a rule set."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RunForm(request.POST or None, initial={"rule_set": request.GET.get("rule_set")})
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result_set = service("services", "resultset_run")(
                        rule_set=form.cleaned_data["rule_set"], user=request.user
                    )
            except ValidationError as error:
                errors = error.messages
            else:
                return self._ran(request, result_set)
        status = 400 if request.method == "POST" else 200
        return self._page(request, None, "run.html", _("Run the evaluation"), status, form=form, errors=errors)

    def run_view(self, request, object_id):
        obj = self._set(request, object_id, RUN_PERM, frozen_ok=True)
        errors = []
        if request.method == "POST":
            try:
                with transaction.atomic():
                    result_set = service("services", "resultset_run")(rule_set=obj.rule_set, user=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                return self._ran(request, result_set)
        status = 400 if errors else 200
        return self._page(request, obj, "run.html", _("Run the evaluation again"), status, errors=errors)

    def notice_view(self, request, object_id):
        obj = self._set(request, object_id, PUBLISH_PERM)
        today = timezone.localdate()
        form = NoticeForm(
            request.POST or None,
            initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=6), "show_classes": False},
        )
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result_set = service("services", "resultset_start_notice")(
                        result_set=obj,
                        starts_on=form.cleaned_data["starts_on"],
                        ends_on=form.cleaned_data["ends_on"],
                        show_classes=form.cleaned_data["show_classes"],
                        user=request.user,
                    )
            except ValidationError as error:
                errors = error.messages
            else:
                return self._done(
                    request,
                    result_set,
                    gettext("%(set)s is on public notice from %(start)s to %(end)s.")
                    % {"set": result_set, "start": result_set.notice_starts_on, "end": result_set.notice_ends_on},
                )
        status = 400 if request.method == "POST" else 200
        return self._page(request, obj, "notice.html", _("Start the public notice"), status, form=form, errors=errors)

    def finalise_view(self, request, object_id):
        obj = self._set(request, object_id, PUBLISH_PERM)
        errors = []
        if request.method == "POST":
            try:
                with transaction.atomic():
                    result_set = service("services", "resultset_finalise")(result_set=obj, user=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                return self._done(
                    request, result_set, gettext("%(set)s is final and can no longer change.") % {"set": result_set}
                )
        return self._page(
            request,
            obj,
            "finalise.html",
            _("Finalise"),
            400 if errors else 200,
            errors=errors,
            open_objections=obj.objections.open().count(),
        )

    def analysis_view(self, request, object_id):
        obj = self._set(request, object_id)
        analysis = import_module("efficiency.analysis")
        distribution = analysis.class_distribution(obj)
        histogram = analysis.score_histogram(obj)
        names = {row.group_code: row.name for row in distribution}
        return self._page(
            request,
            obj,
            "analysis.html",
            _("Analysis"),
            distribution=distribution,
            histogram=[
                (names.get(code, code), max([b.count for b in buckets] or [0]) or 1, buckets)
                for code, buckets in histogram.items()
            ],
            previous=analysis.previous_final(obj),
            movers=[(move, None if move.steps is None else abs(move.steps)) for move in analysis.movers(obj)],
            near=analysis.near_cutoff(obj),
            group_names=names,
        )


class ResultSetFilter(admin.RelatedOnlyFieldListFilter):
    """The result sets that have rows in the list, named with their rule set in the same query."""

    def field_choices(self, field, request, model_admin):
        used = model_admin.get_queryset(request).values("result_set")
        sets = ResultSet.objects.filter(pk__in=used).select_related("rule_set")
        return [(result_set.pk, str(result_set)) for result_set in sets]


class ExemptFilter(admin.SimpleListFilter):
    title = _("exempt")
    parameter_name = "exempt"

    def lookups(self, request, model_admin):
        return [("yes", _("Exempt")), ("no", _("Scored"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(exempt_reason="")
        if self.value() == "no":
            return queryset.filter(exempt_reason="")
        return queryset


def short_label(measure) -> str:
    """A measure's label without its unit: 亩均税收 for 亩均税收（万元/亩）."""
    try:
        label = str(Measure(measure).label)
    except ValueError:
        return str(measure or "")
    return label.split("（")[0].split(" (")[0]


@admin.register(Result)
class ResultAdmin(ObjectGuardAdmin, admin.ModelAdmin):
    """The engine's results, read-only: they change only by running the evaluation again."""

    # Few columns, so that the terms fit beside both sidebars at 1280 px: the credit code under the
    # name, the class or why the firm was exempt in one column.
    list_display = ["firm_column", "group_code", "score", "rank_column", "class_column", "terms_column"]
    list_display_links = ["firm_column"]
    list_filter = [("result_set", ResultSetFilter), "firm_class", ExemptFilter, "group_code"]
    list_select_related = ["result_set__rule_set"]
    search_fields = ["name", "credit_code"]
    fields = [
        "result_set",
        "credit_code",
        "name",
        "group_code",
        "score",
        "rank_column",
        "firm_class",
        "exempt_reason",
        "terms_table",
        "firm_year_link",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["efficiency/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # removed with its set, or replaced by a new run

    @admin.display(description=_("firm"), ordering="name")
    def firm_column(self, obj):
        return format_html('{}<br><span class="quiet">{}</span>', obj.name, obj.credit_code)

    @admin.display(description=_("class or exempt because"), ordering="firm_class")
    def class_column(self, obj):
        return obj.firm_class or obj.exempt_reason or "—"

    @admin.display(description=_("rank"), ordering="rank")
    def rank_column(self, obj):
        if obj.rank is None:
            return "—"
        return f"{obj.rank} / {obj.group_size}" if obj.group_size else str(obj.rank)

    @admin.display(description=_("contribution of each term"))
    def terms_column(self, obj):
        # Short in the list (the measure without its unit, and its contribution); the change page
        # shows each term in full (value, benchmark, weight, contribution).
        lines = [(short_label(term.get("measure")), term.get("contribution") or "—") for term in obj.terms or []]
        return format_html_join("", "{} {}<br>", lines) if lines else "—"

    @admin.display(description=_("terms"))
    def terms_table(self, obj):
        rows = []
        for term in obj.terms or []:
            try:
                label = Measure(term.get("measure")).label
            except ValueError:
                label = term.get("measure", "")
            rows.append({**term, "label": label})
        return render_to_string("admin/efficiency/result/terms.html", {"terms": rows})

    @admin.display(description=_("firm-year figures"))
    def firm_year_link(self, obj):
        url = reverse("admin:efficiency_firmyear_change", args=[obj.firm_year_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the figures this result was computed from"))


# --- Objections -----------------------------------------------------------------------------------


class ObjectionAdminForm(forms.ModelForm):
    """Status moves and resolutions go through efficiency.objections; the form checks what they need first."""

    rerun = forms.BooleanField(
        label=_("run the evaluation again"),
        required=False,
        help_text=_("When upholding after correcting the firm-year's figures: the result set is computed again."),
    )
    reopen_reason = forms.CharField(
        label=_("reason for reopening"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to move a resolved objection back to review."),
    )

    class Meta:
        model = Objection
        fields = ["status", "officer", "due_at", "resolution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "officer" in self.fields:
            self.fields["officer"].queryset = (
                get_user_model()
                .objects.filter(
                    Q(groups__name=EFFICIENCY_OFFICER) | Q(is_superuser=True), is_active=True, is_staff=True
                )
                .distinct()
                .order_by("username")
            )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or "status" not in cleaned:
            return cleaned
        saved = Objection.objects.only("status").get(pk=self.instance.pk).status
        new = cleaned["status"]
        if new == saved:
            if cleaned.get("rerun"):
                self.add_error("rerun", _("The evaluation runs again only when an objection is upheld."))
            return cleaned
        if new in ENDED:
            if saved in ENDED:
                self.add_error("status", _("This objection has already been resolved."))
            if new != Objection.Status.WITHDRAWN and not (cleaned.get("resolution") or "").strip():
                self.add_error("resolution", _("Write the resolution the firm is told."))
            if cleaned.get("rerun") and new != Objection.Status.UPHELD:
                self.add_error("rerun", _("The evaluation runs again only when an objection is upheld."))
        elif saved in ENDED and not (cleaned.get("reopen_reason") or "").strip():
            self.add_error("reopen_reason", _("Say why the objection is reopened."))
        return cleaned


class _ObjectionChildInline:
    """Notes, the status log and the mail are part of working the objection: its own rights decide."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("efficiency.view_objection") or request.user.has_perm(
            "efficiency.change_objection"
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ObjectionNoteInline(_ObjectionChildInline, admin.TabularInline):
    model = ObjectionNote
    extra = 1
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author"]
    verbose_name_plural = _("notes timeline")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("efficiency.change_objection") and (obj is None or obj.anonymised_at is None)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ObjectionStatusLogInline(_ObjectionChildInline, admin.TabularInline):
    model = ObjectionStatusLog
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ObjectionMailInline(_ObjectionChildInline, admin.TabularInline):
    model = ObjectionMail
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("mail to the filer")


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("open", _("Open"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.open().filter(due_at__lt=timezone.now())
        if self.value() == "open":
            return queryset.open()
        return queryset


@admin.register(Objection)
class ObjectionAdmin(ObjectGuardAdmin, SimpleHistoryAdmin):
    form = ObjectionAdminForm
    # A revert would skip the status log and could bring an anonymised filer's data back.
    revert_allowed = False
    list_display = ["reference", "credit_code", "firm_column", "result_set", "status", "due_column", "officer"]
    list_filter = ["status", OverdueFilter, ("result_set", ResultSetFilter)]
    list_select_related = ["firm_year", "result_set__rule_set", "officer"]
    search_fields = ["reference", "credit_code", "firm_year__name"]
    inlines = [ObjectionNoteInline, ObjectionStatusLogInline, ObjectionMailInline]
    actions = ["anonymise"]
    readonly_fields = [
        "reference",
        "result_set",
        "credit_code",
        "firm_column",
        "firm_result",
        "contact_on_record",
        "reason_display",
        "filer_display",
        "created_at",
        "resolved_at",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "result_set", "credit_code", "firm_column", "firm_result", "created_at"]}),
        (_("The objection"), {"fields": ["reason_display"]}),
        (
            _("Answer through the contact on record"),
            {
                "fields": ["contact_on_record"],
                "description": _(
                    "A credit code is public, so the form proves nothing about who filed: answer the firm "
                    "through its contact on record, never through the contact the filer gave."
                ),
            },
        ),
        (
            _("Handling"),
            {"fields": ["status", "officer", "due_at", "resolution", "rerun", "reopen_reason", "resolved_at"]},
        ),
        (
            _("Filed by (as given, unverified)"),
            {"fields": ["filer_display", "anonymised_at"], "classes": ["collapse"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # objections arrive through the public form, which numbers and acknowledges them

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and obj.anonymised_at is not None:
            readonly += ["status", "officer", "due_at", "resolution", "rerun", "reopen_reason"]
        return readonly

    @admin.display(description=_("firm"), ordering="firm_year__name")
    def firm_column(self, obj):
        if obj.firm_year is None:
            return gettext("No firm-year of the set's year has this credit code")
        return obj.firm_year.name

    @admin.display(description=_("answer due"), ordering="due_at")
    def due_column(self, obj):
        due = timezone.localtime(obj.due_at).strftime("%Y-%m-%d %H:%M")
        if obj.status in (Objection.Status.NEW, Objection.Status.REVIEWING) and obj.due_at < timezone.now():
            return format_html("<strong>{} · {}</strong>", due, gettext("Overdue"))
        return due

    @admin.display(description=_("the firm's result in the set"))
    def firm_result(self, obj):
        result = (
            Result.objects.filter(result_set_id=obj.result_set_id, credit_code=obj.credit_code).first()
            if obj.pk
            else None
        )
        return render_to_string("admin/efficiency/objection/result.html", {"result": result})

    @admin.display(description=_("contact on record"))
    def contact_on_record(self, obj):
        firm_year = obj.firm_year
        has_contact = firm_year is not None and any(
            (firm_year.contact_name, firm_year.contact_phone, firm_year.contact_email)
        )
        return render_to_string(
            "admin/efficiency/objection/contact_on_record.html", {"firm_year": firm_year, "has_contact": has_contact}
        )

    @admin.display(description=_("reason"))
    def reason_display(self, obj):
        return obj.reason or "—"

    @admin.display(description=_("filer"))
    def filer_display(self, obj):
        return render_to_string("admin/efficiency/objection/filer.html", {"objection": obj})

    def save_model(self, request, obj, form, change):
        saved = Objection.objects.values("status", "resolution").get(pk=obj.pk)
        new_status, resolution = obj.status, obj.resolution
        obj.status, obj.resolution = saved["status"], saved["resolution"]
        super().save_model(request, obj, form, change)  # the officer and the due time
        if new_status == saved["status"]:
            return
        try:
            if new_status in ENDED:
                updated = service("objections", "objection_resolve")(
                    objection=obj,
                    status=new_status,
                    resolution=resolution,
                    user=request.user,
                    rerun=form.cleaned_data.get("rerun", False),
                )
            else:
                updated = service("objections", "objection_set_status")(
                    objection=obj,
                    status=new_status,
                    user=request.user,
                    reason=form.cleaned_data.get("reopen_reason", ""),
                )
        except ValidationError as error:
            # Nothing of this save is kept (the admin's transaction is rolled back); the page says why.
            transaction.set_rollback(True)
            request._objection_error = error
            return
        obj.status, obj.resolution, obj.resolved_at = updated.status, updated.resolution, updated.resolved_at

    def save_formset(self, request, form, formset, change):
        if getattr(request, "_objection_error", None) is not None:
            formset.save(commit=False)  # nothing is written: the transaction is rolled back (save_model)
            return
        if formset.model is ObjectionNote:
            add_note = service("objections", "objection_note_add")
            for note in formset.save(commit=False):
                if note.pk is None:
                    add_note(objection=form.instance, text=note.text, user=request.user)
            return
        super().save_formset(request, form, formset, change)

    def response_change(self, request, obj):
        error = getattr(request, "_objection_error", None)
        if error is None:
            return super().response_change(request, obj)
        for message in error.messages:
            self.message_user(request, gettext("Nothing was saved: %(reason)s") % {"reason": message}, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def log_change(self, request, obj, message):
        if getattr(request, "_objection_error", None) is None:
            return super().log_change(request, obj, message)
        return None

    @admin.action(description=_("Anonymise the selected resolved objections"), permissions=["change"])
    def anonymise(self, request, queryset):
        anonymise = service("objections", "objection_anonymise")
        done = skipped = 0
        for objection in queryset:
            if objection.anonymised_at is not None or objection.status not in ENDED:
                skipped += 1
                continue
            try:
                anonymise(objection=objection)
            except ValidationError:
                skipped += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d objection anonymised.", "%(count)d objections anonymised.", done) % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d objection left unchanged: only resolved ones are anonymised.",
                    "%(count)d objections left unchanged: only resolved ones are anonymised.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
