"""Subscriptions in the admin: administrators only (docs/roles.md), read and delete, never added or edited.

No other role sees subscribers' addresses; a subscription is changed by its reader through the
manage link, so the admin offers no change form.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alerts.models import Subscription
from alerts.services import describe


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "consent_at", "confirmed_at", "last_digest_at"]
    list_filter = ["frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "consent_at"
    fields = ["email", "language", "choices", "frequency", "consent_at", "confirmed_at", "last_digest_at"]
    readonly_fields = fields

    @admin.display(description=_("choices"))
    def choices(self, obj):
        return "; ".join(describe(obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
