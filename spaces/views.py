from django.shortcuts import render
from django.views.generic import View

from core.directory import DirectoryDetailView, DirectoryListView
from spaces.compare import MAX_SPACES, CompareError, compare_spaces, parse_compare_ids
from spaces.filters import SpaceFilter
from spaces.models import Space
from spaces.structured_data import real_estate_listing
from staff.models import public_contact_of


class SpaceListView(DirectoryListView):
    filterset_class = SpaceFilter
    # The first photo of each space is its card's thumbnail.
    queryset = Space.objects.public().select_related("zone").with_photos()
    template_name = "spaces/space_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compare_max"] = MAX_SPACES
        return context


class SpaceCompareView(View):
    """Up to three spaces side by side (the URL contract is in spaces/compare.py)."""

    template_name = "spaces/space_compare.html"

    def get(self, request):
        try:
            ids = parse_compare_ids(request.GET.getlist("ids"))
        except CompareError as error:
            return render(request, self.template_name, {"error": str(error), "max": MAX_SPACES}, status=400)
        comparison = compare_spaces(ids)
        status = 404 if ids and not comparison.spaces else 200
        context = {
            "comparison": comparison,
            "spaces": comparison.spaces,
            "max": MAX_SPACES,
            "share_ids": ",".join(str(space.pk) for space in comparison.spaces),
            "any_land": any(space.is_land for space in comparison.spaces),
            "any_building": any(not space.is_land for space in comparison.spaces),
        }
        return render(request, self.template_name, context, status=status)


class SpaceDetailView(DirectoryDetailView):
    # Withdrawn spaces are off the register: their old links answer 404 like an unpublished one.
    queryset = (
        Space.objects.public()
        .exclude(status=Space.Status.WITHDRAWN)
        .select_related("zone", "officer__officer_profile")
        .prefetch_related("status_log", "images", "target_industries", "officer__officer_profile__zones")
    )
    template_name = "spaces/space_detail.html"
    context_object_name = "space"

    def get_context_data(self, **kwargs):
        space = self.object
        return super().get_context_data(
            status_log=list(space.status_log.all()),
            images=list(space.images.all()),
            industries=list(space.target_industries.all()),
            officer=public_contact_of(space.officer),
            json_ld=real_estate_listing(space, self.request.build_absolute_uri(space.get_absolute_url())),
            **kwargs,
        )
