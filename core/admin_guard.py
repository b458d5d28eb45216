"""The one object-level guard of the admin (issue 22): see ObjectGuardAdmin."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class ObjectGuardAdmin:
    """One guard for every admin whose rows are not all alike to everyone holding the model permission:
    rows in a scope (a grid officer's grids, a user's own profile) or history that shows personal data.

    Django asks `has_view_permission`, `has_change_permission` and `has_delete_permission` with the
    object on the change and delete pages, but simple_history's history list and history form, the
    revert that the history form posts, exports, autocomplete and file downloads read rows in ways of
    their own; a rule kept only in `get_queryset` is bypassed by them (issue 22). Here the three
    permissions take the object, the listed rows are narrowed by the same rule, an object outside the
    scope is found (so that it answers 403, not 404) and then refused, and the history views check the
    live row (or, for a deleted row, its last version) before simple_history renders anything.

    A subclass declares its scope and states it once:
    - `scope_field`: the field that ties a row to its users (`"grid"`, `"user"`, `"created_by"`),
      which docs/roles.md and the role matrix (tests/staff/test_role_matrix.py) read;
    - `scope_actions`: which of view / change / delete the scope narrows (view narrows the list too);
    - `is_scoped(user, action)`, `in_scope(user, obj)` and `scope_queryset(user, queryset)`: the rule;
    - `history_permission`: a permission the history views need on top of view (personal data that
      past versions show even where the current form hides it).
    A model whose revert would skip a service (stage logs, anonymising) sets `revert_allowed = False`.
    """

    scope_field: str = ""
    scope_actions: frozenset = frozenset({"view", "change", "delete"})
    history_permission: str = ""
    revert_allowed: bool = True

    # --- The rule (a scoped subclass overrides these three) ------------------------------------

    def is_scoped(self, user, action: str) -> bool:
        """Is `user` limited to the rows in their scope for `action` (view, change or delete)?"""
        return False

    def in_scope(self, user, obj) -> bool:
        return True

    def scope_queryset(self, user, queryset):
        return queryset

    # --- Permissions that take the object ------------------------------------------------------

    def _within(self, action: str, request, obj) -> bool:
        if obj is None or action not in self.scope_actions or not self.is_scoped(request.user, action):
            return True
        if getattr(request, "_guard_live_row", None) == (self.model, obj.pk):
            # A past version of a row whose live state was checked (history views): the live row decides.
            return self.in_scope(request.user, request._guard_live_obj)
        return self.in_scope(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._within("view", request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._within("change", request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._within("delete", request, obj)

    def has_view_history_permission(self, request, obj=None):
        if self.history_permission and not request.user.has_perm(self.history_permission):
            return False
        return self.has_view_permission(request, obj)

    def has_change_history_permission(self, request, obj=None):
        if self.history_permission and not request.user.has_perm(self.history_permission):
            return False
        return self.has_change_permission(request, obj)

    # --- Rows: listed within the scope, found anywhere (then refused) ---------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if "view" in self.scope_actions and self.is_scoped(request.user, "view"):
            queryset = self.scope_queryset(request.user, queryset)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """From the whole table, so that another scope's row answers 403 (by the permissions above)."""
        if not any(self.is_scoped(request.user, action) for action in self.scope_actions):
            return super().get_object(request, object_id, from_field)
        queryset = super().get_queryset(request)  # the rows before the scope narrows them
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    # --- History: checked on the live row before simple_history reads anything -------------------

    def _history_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:  # a deleted row: its last version decides
            pk = self.model._meta.pk
            try:
                key = pk.to_python(unquote(object_id))
            except ValidationError:
                raise Http404 from None
            history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
            record = history.filter(**{pk.attname: key}).order_by("-history_date").first()
            if record is None:
                raise Http404
            obj = record.instance
        if not self.has_view_history_permission(request, obj):
            raise PermissionDenied
        request._guard_live_row, request._guard_live_obj = (self.model, obj.pk), obj
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._history_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves any POST to its history form, even where it shows no revert button.
        obj = self._history_object(request, object_id)
        if request.method == "POST":
            live = self.get_object(request, unquote(object_id))
            if live is None:  # restoring a deleted record
                allowed = self.has_add_permission(request) and self.has_change_history_permission(request)
            else:
                allowed = self.has_change_history_permission(request, live)
            if not allowed or self.revert_disabled(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return (
            not self.revert_allowed
            or super().revert_disabled(request, obj)
            or not self.has_change_history_permission(request, obj)
        )


def check_history_admins(app_configs=None, **kwargs):
    """System check: every admin with simple_history's pages stands on ObjectGuardAdmin, whose guard
    those pages would otherwise skip (a plain SimpleHistoryAdmin saves any POST to its history form)."""
    from django.contrib import admin
    from django.core.checks import Error

    errors = []
    for model, model_admin in admin.site._registry.items():
        if hasattr(model_admin, "history_form_view") and not isinstance(model_admin, ObjectGuardAdmin):
            errors.append(
                Error(
                    f"{type(model_admin).__name__} shows history pages without the object guard.",
                    hint="Put core.admin_guard.ObjectGuardAdmin before SimpleHistoryAdmin in its bases.",
                    obj=model,
                    id="kaiqu.E001",
                )
            )
    return errors
