"""The admin's own 403 page (issue 24): a refusal inside the admin reads as the admin, not as a bare
"403 Forbidden". Named by `handler403` in kaiqu/urls.py; elsewhere it answers as Django's default does."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views import defaults


def _in_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return admin.site.name in match.namespaces
    try:  # refused before the URL was resolved (a middleware): judged by the path
        return request.path.startswith(reverse(f"{admin.site.name}:index"))
    except NoReverseMatch:
        return False


def permission_denied(request, exception):
    if not _in_admin(request):
        return defaults.permission_denied(request, exception)
    context = {
        **admin.site.each_context(request),
        "title": gettext("You may not do this"),
        "index_url": reverse(f"{admin.site.name}:index"),
    }
    response = TemplateResponse(request, "admin/403.html", context, status=403)
    return response.render()
