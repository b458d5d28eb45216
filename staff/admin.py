from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_guard import ObjectGuardAdmin
from staff.models import OfficerProfile
from staff.permissions import user_group_names
from staff.roles import ADMINISTRATOR, CONTENT_EDITOR


class OfficerProfileForm(forms.ModelForm):
    """One profile per user, checked by the form whoever chooses the user.

    Django's own unique check passes over a field the form does not show: for an officer, whose
    profile the admin fixes to them (``owner``), a second profile reached the database's unique
    index and answered 500.
    """

    owner = None  # the user an officer's profile belongs to; None: the form's `user` field chooses

    def clean(self):
        cleaned_data = super().clean()
        user = self.owner or cleaned_data.get("user")
        existing = OfficerProfile.objects.filter(user=user).exclude(pk=self.instance.pk).first() if user else None
        if existing is not None:
            message = gettext("%(user)s already has a public profile (%(name)s): change that one instead.") % {
                "user": user.get_username(),
                "name": existing.name,
            }
            # On the field when the form shows it (Django then skips its own, vaguer unique message).
            self.add_error(None if self.owner else "user", message)
        return cleaned_data


@admin.register(OfficerProfile)
class OfficerProfileAdmin(ObjectGuardAdmin, admin.ModelAdmin):
    # An officer keeps their own public profile; administrators keep everyone's.
    scope_field = "user"
    form = OfficerProfileForm
    list_display = ["name", "user", "title", "show_name", "show_phone", "show_email"]
    list_select_related = ["user"]
    search_fields = ["name", "name_en", "user__username"]
    raw_id_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["user"]}),
        (
            _("What the public sees (each only when “publish” is ticked)"),
            {
                "fields": [
                    ("name", "show_name"),
                    ("title", "show_title"),
                    ("phone", "show_phone"),
                    ("email", "show_email"),
                    "show_zones",
                    ("languages", "show_languages"),
                    "show_grids",
                ]
            },
        ),
        (_("English"), {"fields": ["name_en", "title_en"], "classes": ["collapse"]}),
    ]

    def _sees_all(self, request) -> bool:
        return not self.is_scoped(request.user, "change")

    def is_scoped(self, user, action):
        groups = user_group_names(user)
        if user.is_superuser or ADMINISTRATOR in groups:
            return False
        return action != "view" or CONTENT_EDITOR not in groups  # editors read every profile

    def in_scope(self, user, obj):
        return obj.user_id == user.pk

    def scope_queryset(self, user, queryset):
        return queryset.filter(user=user)

    def get_readonly_fields(self, request, obj=None):
        return [] if self._sees_all(request) else ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self._sees_all(request):
            form.owner = request.user
        return form

    def add_view(self, request, form_url="", extra_context=None):
        """An officer's add page is their profile's page once they have one (a POST still meets the form's check)."""
        if request.method == "GET" and not self._sees_all(request):
            existing = OfficerProfile.objects.filter(user=request.user).first()
            if existing is not None:
                self.message_user(request, _("You already have a public profile; change it here."), messages.INFO)
                return redirect(reverse("admin:staff_officerprofile_change", args=[existing.pk]))
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not self._sees_all(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)
