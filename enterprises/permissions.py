"""Who may change which enterprise: a rule Django's model permissions cannot express.

A grid officer (网格服务专员) holds `enterprises.change_enterprise` through the group, but may use it
only on the enterprises of the service grids that list them as officer (`ServiceGrid.officers`).
Everyone else who holds the permission (content editors, administrators, superusers) may change
every enterprise. The admin asks these helpers; nothing else needs to know how the rule works.
"""

from django.db.models import QuerySet

from staff.permissions import user_grid_ids, user_group_names
from staff.roles import ADMINISTRATOR, CONTENT_EDITOR, GRID_OFFICER


def is_limited_to_own_grids(user) -> bool:
    """True when the user's right to change enterprises comes only from the grid-officer role."""
    if user.is_superuser:
        return False
    groups = user_group_names(user)
    return GRID_OFFICER in groups and not groups & {CONTENT_EDITOR, ADMINISTRATOR}


def can_change_enterprise(user, enterprise=None) -> bool:
    """May `user` change `enterprise` (or, with None, change enterprises at all)?"""
    if not user.has_perm("enterprises.change_enterprise"):
        return False
    if enterprise is None or not is_limited_to_own_grids(user):
        return True
    return enterprise.grid_id is not None and enterprise.grid_id in user_grid_ids(user)


def changeable_enterprises(user, queryset: QuerySet) -> QuerySet:
    """Narrow an enterprise queryset to those `user` may change (for bulk actions)."""
    if not user.has_perm("enterprises.change_enterprise"):
        return queryset.none()
    if not is_limited_to_own_grids(user):
        return queryset
    return queryset.filter(grid__in=user_grid_ids(user))
