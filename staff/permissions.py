"""What a staff user is, read once per request: the building blocks of the apps' object-level rules.

The rules themselves live with the models they guard (`enterprises/permissions.py`,
`service/permissions.py`).
"""

_GROUPS_CACHE = "_kaiqu_group_names"
_GRIDS_CACHE = "_kaiqu_grid_ids"


def user_group_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object (i.e. once per request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, _GROUPS_CACHE):
        setattr(user, _GROUPS_CACHE, frozenset(user.groups.values_list("name", flat=True)))
    return getattr(user, _GROUPS_CACHE)


def user_grid_ids(user) -> frozenset[int]:
    """The ids of the service grids the user serves as officer, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, _GRIDS_CACHE):
        setattr(user, _GRIDS_CACHE, frozenset(user.service_grids.values_list("id", flat=True)))
    return getattr(user, _GRIDS_CACHE)
