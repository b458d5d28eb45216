"""The admin side of out-of-date English (core.i18n): the warning, the list filter, the confirmation.

`EnglishDriftAdminMixin` goes first among a `TranslatedModel` admin's bases. It adds
- on the change page, a warning naming the out-of-date English fields with an "English still
  correct" button (a POST to `<id>/confirm-english/`), a note beside each such field, and the
  English fieldset opened;
- on the list, the filter "English out of date" (one query over the stored column) and the action
  "English still correct" for the selected rows.
Confirming saves the row through `core.i18n.english_confirm` (a history record, the page cache's
version moves) and writes the admin's own log entry.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.i18n import english_confirm

OUT_OF_DATE_HELP = _("Out of date: the Chinese text changed after this English text was last edited.")


class EnglishOutOfDateFilter(admin.SimpleListFilter):
    title = _("English out of date")
    parameter_name = "english_out_of_date"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(english_out_of_date=[])
        if self.value() == "no":
            return queryset.filter(english_out_of_date=[])
        return queryset


@admin.action(description=_("English still correct"), permissions=["change"])
def confirm_english(modeladmin, request, queryset):
    count = 0
    for obj in queryset.exclude(english_out_of_date=[]):
        if modeladmin.has_change_permission(request, obj):
            count += bool(modeladmin.confirm_english_of(request, obj))
    modeladmin.message_user(
        request,
        ngettext(
            "The English of %(count)d record was confirmed as still correct.",
            "The English of %(count)d records was confirmed as still correct.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class EnglishDriftAdminMixin:
    change_form_template = "core/admin/english_drift_change_form.html"

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), EnglishOutOfDateFilter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        action = self.get_action(confirm_english)
        if action is not None and self.has_change_permission(request):
            actions[action[1]] = action
        return actions

    def get_urls(self):
        return [
            path(
                "<path:object_id>/confirm-english/",
                self.admin_site.admin_view(self.confirm_english_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_confirm_english",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        stale = set(obj.english_out_of_date or []) if obj is not None else set()
        if not stale:
            return fieldsets
        opened = []
        for name, options in fieldsets:
            names = {
                f for item in options.get("fields", ()) for f in (item if isinstance(item, list | tuple) else [item])
            }
            if names & stale and "collapse" in options.get("classes", ()):
                options = {**options, "classes": [c for c in options["classes"] if c != "collapse"]}
            opened.append((name, options))
        return opened

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in (obj.english_out_of_date or []) if obj is not None else []:
            field = form.base_fields.get(name)
            if field is not None:
                field.help_text = format_html(
                    '<strong class="english-out-of-date">{}</strong>{}', OUT_OF_DATE_HELP, field.help_text or ""
                )
                field.widget.attrs["class"] = " ".join(filter(None, [field.widget.attrs.get("class"), "english-stale"]))
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["english_out_of_date"] = obj.english_out_of_date_labels()
            extra_context["english_confirm_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_confirm_english",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
            extra_context["english_can_confirm"] = self.has_change_permission(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def confirm_english_of(self, request, obj) -> list[str]:
        labels = obj.english_out_of_date_labels()
        confirmed = english_confirm(obj=obj, user=request.user)
        if confirmed:
            message = _("English confirmed as still correct: %(fields)s") % {"fields": "、".join(labels)}
            self.log_change(request, obj, str(message))
        return confirmed

    def confirm_english_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if self.confirm_english_of(request, obj):
            self.message_user(request, _("The English was confirmed as still correct."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )
