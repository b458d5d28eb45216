import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import FastPaginator
from spaces.filters import SpaceFilter
from spaces.models import Space
from staff.models import public_contact_of

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_PK = 2**62


def lookup_for(key: str) -> dict:
    """`/spaces/<id-or-slug>/`: all-ASCII digits are an id, anything else a slug."""
    if key.isascii() and key.isdigit():
        pk = int(key)
        if not 0 < pk < MAX_PK:
            raise Http404
        return {"pk": pk}
    if not SLUG.fullmatch(key):
        raise Http404
    return {"slug": key}


class SpaceListView(FilterView):
    paginator_class = FastPaginator  # cached count, index-only deep pages (core/pagination.py)
    filterset_class = SpaceFilter
    queryset = Space.objects.public().select_related("zone")
    paginate_by = 20
    template_name = "spaces/space_list.html"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # always bound: an empty query takes the default status and order
        return kwargs


class SpaceDetailView(DetailView):
    template_name = "spaces/space_detail.html"
    context_object_name = "space"

    def get_object(self, queryset=None):
        queryset = (
            Space.objects.public()
            .exclude(status=Space.Status.WITHDRAWN)
            .select_related("zone", "officer__officer_profile")
            .prefetch_related("status_log", "images", "target_industries", "officer__officer_profile__zones")
        )
        return get_object_or_404(queryset, **lookup_for(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        space = self.object
        return super().get_context_data(
            status_log=list(space.status_log.all()),
            images=list(space.images.all()),
            industries=list(space.target_industries.all()),
            officer=public_contact_of(space.officer),
            **kwargs,
        )
