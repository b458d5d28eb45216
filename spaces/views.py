from core.directory import DirectoryDetailView, DirectoryListView
from spaces.filters import SpaceFilter
from spaces.models import Space
from spaces.structured_data import real_estate_listing
from staff.models import public_contact_of


class SpaceListView(DirectoryListView):
    filterset_class = SpaceFilter
    queryset = Space.objects.public().select_related("zone")
    template_name = "spaces/space_list.html"


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
