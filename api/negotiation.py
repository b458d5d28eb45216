"""The format a DRF view will answer in, as the page cache keys on it (core/cache/, "Negotiated formats").

DRF chooses a renderer from ``?format=`` and the ``Accept`` header before the view runs; the page
cache looks for a stored answer before that, so it asks the same negotiator with the same renderers.
The key gets the chosen renderer's media type — one spelling whatever the header said — or nothing
when DRF will refuse (an unknown ``format``: 404; no acceptable type: 406) or when the accepted
type carries parameters a renderer reads (``application/json; indent=2``): such a request is
answered, not stored. (No API URL takes a format suffix, ``.json``; DRF would read that instead.)
Set on every API view by ``api.views.OpenDataMixin``; tests/api/
test_negotiated_cache.py holds every DRF view in the URLconf to it.
"""

from django.http import Http404
from django.utils.http import parse_header_parameters
from rest_framework.exceptions import NotAcceptable
from rest_framework.request import Request
from rest_framework.settings import api_settings


class RendererNegotiation:
    def __init__(self, view_class, initkwargs):
        self.view_class = view_class
        self.initkwargs = initkwargs
        override = api_settings.URL_FORMAT_OVERRIDE
        self.params = (override,) if override else ()

    def media_type(self, request) -> str | None:
        view = self.view_class(**self.initkwargs)
        try:
            renderer, accepted = view.get_content_negotiator().select_renderer(
                Request(request), view.get_renderers(), None
            )
        except (Http404, NotAcceptable):
            return None
        if set(parse_header_parameters(accepted)[1]) - {"q"}:
            return None
        return renderer.media_type.lower()
