"""Pieces the domain admins share: the verification filter and action, and a guarded history revert."""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from core.admin_guard import ObjectGuardAdmin
from core.cache import content_changed


class VerificationListFilter(admin.SimpleListFilter):
    """When a record was last checked against its source, measured against settings.STALE_AFTER_DAYS."""

    title = _("verification")
    parameter_name = "verification"

    STALE, FRESH, NEVER, DUE = "stale", "fresh", "never", "due"

    def lookups(self, request, model_admin):
        days = settings.STALE_AFTER_DAYS
        return [
            (self.DUE, _("Due (stale or never verified)")),
            (self.STALE, _("Stale (more than %(days)s days)") % {"days": days}),
            (self.FRESH, _("Fresh (within %(days)s days)") % {"days": days}),
            (self.NEVER, _("Never verified")),
        ]

    def queryset(self, request, queryset):
        cutoff = datetime.date.today() - datetime.timedelta(days=settings.STALE_AFTER_DAYS)
        value = self.value()
        if value and "is_demo__exact" not in request.GET:
            # A freshness list is of real records: samples (示例) only when asked for with the is_demo filter.
            queryset = queryset.filter(is_demo=False)
        if value == self.DUE:
            return queryset.stale(settings.STALE_AFTER_DAYS)
        if value == self.STALE:
            return queryset.filter(last_verified_on__lt=cutoff)
        if value == self.FRESH:
            return queryset.filter(last_verified_on__gte=cutoff)
        if value == self.NEVER:
            return queryset.filter(last_verified_on__isnull=True)
        return queryset


def mark_verified_today(modeladmin, request, queryset, *, narrow=None):
    """Set last_verified_on to today on the selected rows, with one history record each."""
    if narrow is not None:
        allowed = narrow(request.user, queryset)
        skipped = queryset.count() - allowed.count()
        queryset = allowed
    else:
        skipped = 0
    today = datetime.date.today()
    rows = list(queryset.exclude(last_verified_on=today))
    for row in rows:
        row.last_verified_on = today
    if rows:
        bulk_update_with_history(
            rows,
            modeladmin.model,
            ["last_verified_on"],
            default_user=request.user,
            default_change_reason=str(_("Marked verified")),
        )
        content_changed()  # bulk_update sends no post_save: tell the page cache (core/cache/)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record marked as verified today.",
            "%(count)d records marked as verified today.",
            len(rows),
        )
        % {"count": len(rows)},
        messages.SUCCESS,
    )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d record was left unchanged: you may not change it.",
                "%(count)d records were left unchanged: you may not change them.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


# The unscoped admins' history guard: the one object-level base (core.admin_guard) with no scope.
GuardedHistoryMixin = ObjectGuardAdmin
