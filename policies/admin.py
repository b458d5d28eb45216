from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetImportMixin
from policies.models import Condition, Measure, Policy, PolicyAttachment, Status, Theme
from policies.resources import PolicyResource
from policies.services import policy_save
from staff.admin_tools import GuardedHistoryMixin, VerificationListFilter, mark_verified_today


@admin.register(Theme)
class ThemeAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class StatusListFilter(admin.SimpleListFilter):
    """The status computed from the dates, as of today."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Status.IN_FORCE:
            return queryset.in_force()
        if value == Status.EXPIRING:
            return queryset.expiring()
        if value == Status.EXPIRED:
            return queryset.expired()
        if value == Status.NOT_YET:
            return queryset.not_yet_in_force()
        return queryset


class AttachmentInline(admin.TabularInline):
    model = PolicyAttachment
    extra = 0
    fields = ["title", "title_en", "file", "order"]


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    show_change_link = True  # the conditions are edited on the measure's own page, listed here
    readonly_fields = ["conditions_summary"]
    fields = [
        "conditions_summary",
        ("title", "title_en"),
        ("benefit_amount", "benefit_ratio", "benefit_cap"),
        "benefit",
        "benefit_en",
        "how_to_apply",
        "how_to_apply_en",
        ("deadline", "no_application"),
        ("department", "department_en", "contact"),
        "order",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("conditions")

    @admin.display(description=_("conditions"))
    def conditions_summary(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the policy first; then add this measure's conditions on its page.")
        url = reverse("admin:policies_measure_change", args=[obj.pk])
        items = format_html_join("", "<li>{}</li>", ((str(c),) for c in obj.conditions.all()))
        return format_html(
            '<ul class="measure-conditions">{}</ul><a href="{}#conditions-group">{}</a>',
            items or format_html("<li>{}</li>", _("No conditions: every enterprise qualifies.")),
            url,
            _("Add or change conditions"),
        )


class PolicyAdminForm(forms.ModelForm):
    """The slug may be left empty: policies.services.policy_save makes one."""

    class Meta:
        model = Policy
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The address of the policy's page. Leave empty to make it from the English title, "
                "or from the year when there is none."
            )


@admin.register(Policy)
class PolicyAdmin(EnglishDriftAdminMixin, SpreadsheetImportMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    form = PolicyAdminForm
    resource_classes = [PolicyResource]
    actions = ["mark_verified"]
    list_display = [
        "title",
        "document_number",
        "level",
        "in_force_from",
        "in_force_until",
        "status_display",
        "is_published",
        "last_verified_on",
    ]
    list_filter = [StatusListFilter, "level", "themes", "is_published", VerificationListFilter, "is_demo"]
    search_fields = ["title", "title_en", "document_number", "issuer"]
    autocomplete_fields = ["industries"]
    filter_horizontal = ["themes"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MeasureInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "document_number", "issuer", "level"]}),
        (_("Dates"), {"fields": ["published_on", "in_force_from", "in_force_until"]}),
        (_("Scope"), {"fields": ["themes", "industries"]}),
        (_("Text"), {"fields": ["summary", "full_text", "source_url"]}),
        (_("Publication"), {"fields": ["is_published", "last_verified_on", "created_at", "updated_at"]}),
        (_("English"), {"fields": ["title_en", "issuer_en", "summary_en"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        policy_save(policy=obj)

    @admin.action(description=_("Mark selected policies as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        mark_verified_today(self, request, queryset)


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "minimum", "maximum", "industries", "recognition", "order"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        industries = cleaned.get("industries")
        if kind == Condition.Kind.INDUSTRY and not industries:
            self.add_error("industries", _("Choose at least one industry."))
        elif kind and kind != Condition.Kind.INDUSTRY and industries:
            self.add_error("industries", _("Only an industry condition names industries."))
        return cleaned


class ConditionInline(admin.StackedInline):
    """The condition editor: one rule per block; Condition.clean() refuses impossible rules.

    Stacked, two fields a line: as a table the long kind and recognition labels and the industry
    picker made the measure page 1,508 px wide, scrolling sideways on a 1280 px screen.
    """

    model = Condition
    form = ConditionForm
    extra = 1
    autocomplete_fields = ["industries"]
    fields = [("kind", "order"), ("minimum", "maximum"), "industries", "recognition"]


@admin.register(Measure)
class MeasureAdmin(EnglishDriftAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["title", "policy", "benefit_amount", "benefit_cap", "deadline", "no_application"]
    list_filter = ["no_application", "policy__level"]
    list_select_related = ["policy"]
    search_fields = ["title", "title_en", "policy__title", "policy__document_number"]
    autocomplete_fields = ["policy"]
    inlines = [ConditionInline]
    fieldsets = [
        (None, {"fields": ["policy", "title", "order"]}),
        (_("Benefit"), {"fields": ["benefit_amount", "benefit_ratio", "benefit_cap", "benefit"]}),
        (
            _("Applying"),
            {"fields": ["how_to_apply", "deadline", "no_application", "department", "contact"]},
        ),
        (
            _("English"),
            {"fields": ["title_en", "benefit_en", "how_to_apply_en", "department_en"], "classes": ["collapse"]},
        ),
    ]
