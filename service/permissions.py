"""Who sees which service requests.

Grid officers (网格服务专员) see and work the requests of the grids that list them as officer; the
service desk role (钱小二服务台, permission `service.view_all_service_requests`), administrators and
superusers see all. Investment officers and editors see none unless given one of those roles.
"""

from staff.permissions import user_grid_ids


def sees_all_requests(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("service.view_all_service_requests"))


def visible_requests(user, queryset):
    if not user.is_active or not user.has_perm("service.view_servicerequest"):
        return queryset.none()
    if sees_all_requests(user):
        return queryset
    return queryset.filter(grid__in=user_grid_ids(user))


def can_see_request(user, service_request) -> bool:
    if not user.is_active or not user.has_perm("service.view_servicerequest"):
        return False
    return sees_all_requests(user) or (
        service_request.grid_id is not None and service_request.grid_id in user_grid_ids(user)
    )
