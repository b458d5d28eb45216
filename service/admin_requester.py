"""The requester check in the service-request admin (issue 22): the public form lets anyone name any
listed enterprise, so a request stays "unverified" until an officer has confirmed with the enterprise
that the requester speaks for it. Kept apart from service/admin.py, which mixes it in."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from service.services import service_request_confirm_requester


class RequesterVerifiedFilter(admin.SimpleListFilter):
    title = _("requester")
    parameter_name = "requester"

    def lookups(self, request, model_admin):
        return [("unverified", _("Unverified")), ("confirmed", _("Confirmed with the enterprise"))]

    def queryset(self, request, queryset):
        if self.value() in ("unverified", "confirmed"):
            return queryset.filter(requester_confirmed_at__isnull=self.value() == "unverified")
        return queryset


class RequesterCheckAdminMixin:
    """Shows the check on the change page (first in the enterprise's fieldset), filters by it and adds
    the action that records the confirmation (service_request_confirm_requester)."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "requester_check"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        for index, (title, options) in enumerate(fieldsets):
            if "enterprise" in options.get("fields", ()):
                fieldsets[index] = (title, {**options, "fields": ["requester_check", *options["fields"]]})
                return fieldsets
        return [*fieldsets, (_("Requester"), {"fields": ["requester_check"]})]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), RequesterVerifiedFilter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            func, name, description = self.get_action(type(self).confirm_requester)
            actions[name] = (func, name, description)
        return actions

    @admin.display(description=_("requester"))
    def requester_check(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if obj.is_unverified:
            return format_html(
                "<strong>{}</strong> {}",
                _("Unverified."),
                _(
                    "Anyone can name a listed enterprise on the public form. Confirm with the enterprise "
                    "(its known contact, not the details given here) that the requester speaks for it, then "
                    "use the action “Requester confirmed with the enterprise” in the list. Until then tell "
                    "the requester nothing about the enterprise that its public page does not show."
                ),
            )
        officer = obj.requester_confirmed_by
        return _("Confirmed with the enterprise on %(date)s by %(officer)s.") % {
            "date": timezone.localtime(obj.requester_confirmed_at).strftime("%Y-%m-%d"),
            "officer": (officer.get_full_name() or officer.get_username()) if officer else "—",
        }

    @admin.action(description=_("Requester confirmed with the enterprise"))
    def confirm_requester(self, request, queryset):
        done = 0
        for obj in queryset:
            if obj.is_unverified and self.has_change_permission(request, obj):
                service_request_confirm_requester(service_request=obj, user=request.user)
                done += 1
        messages.info(request, _("%(count)d requests marked as confirmed with the enterprise.") % {"count": done})
