"""The read-only open-data API, /api/v1/ (docs/open-data.md; schema at /api/schema/): the views every
domain module builds on (api/projects.py, api/enterprises.py, api/policies.py, api/spaces.py,
api/reference.py) and the schema view.

Every list of a directory is its HTML list's queryset and FilterSet (api/filters.py), paginated by
api/pagination.py. Answers are JSON only; ``?format=`` other than ``json`` is a 404 and an
``Accept`` header that excludes JSON a 406. Only GET and HEAD are allowed, anonymous, with
``Access-Control-Allow-Origin: *``. Responses go through the public page cache like the pages
(core/cache/): keyed by the filter values the FilterSet validated, the page and the page size,
and the negotiated format (api/negotiation.py), under the content version, with ETag/304; a request
with any other parameter is answered, not stored.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, serializers

from api.filters import DirectoryFilterBackend
from api.negotiation import RendererNegotiation
from api.pagination import DirectoryPagination
from api.throttling import API_LIMIT
from core.cache import QueryContract, content_version, normalise_query, page_cache_state, read_values, store_values
from core.directory import lookup_for
from core.pagination import row_identity
from core.templatetags.directory import card_key

ErrorSerializer = inline_serializer("Error", {"detail": serializers.CharField()})
# A 400's body: {"<parameter>": ["message", …], …} for each query parameter with a bad value.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"year": ["Ensure this value is less than or equal to 2100."]},
}
COMMON_RESPONSES = {
    404: OpenApiResponse(ErrorSerializer, description="Not found (also: `page` past the end, an unknown `format`)"),
    406: OpenApiResponse(ErrorSerializer, description="No JSON in the `Accept` header"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see `Retry-After`"),
}


class OpenDataMixin:
    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # Counted while the page cache looks for a stored answer, so stored answers count too (api/throttling.py).
        view.page_cache_rate_limit = API_LIMIT
        # The format DRF will answer in is part of the page cache's key (api/negotiation.py).
        view.page_cache_negotiation = RendererNegotiation(cls, initkwargs)
        return view

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        return response


class DirectoryListAPIView(OpenDataMixin, generics.ListAPIView):
    """A directory's list: the HTML list's queryset, FilterSet and order."""

    filter_backends = [DirectoryFilterBackend]
    pagination_class = DirectoryPagination
    filterset_class = None

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # The parameters the page cache may key on (core.cache.query_contract): the filters, the page size, the page.
        view.page_cache_query = QueryContract((*cls.filterset_class.base_filters, "page_size"), "page")
        return view

    def page_query_key(self):
        """What a page's rows and the count depend on (core.pagination.FastPaginator's ``query_key``):
        this view and the validated filter values, as on the HTML list; None when they have no key.
        """
        parts = normalise_query(form=self.valid_filter_form).cleaned
        return None if parts is None else (type(self).__module__, type(self).__qualname__, parts)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self._represent(rows))
        self._remember_valid_query(request)
        return response

    def _represent(self, rows) -> list:
        """The rows as the serializer writes them, each remembered like a list's card (the key of
        core/templatetags/directory.py: serializer and the site's address the row's absolute ``url``
        names, row, its ``updated_at``, language, content version), so a row seen since the last
        change of content is not serialized again.
        """
        serializer = self.get_serializer()
        site = self.request.build_absolute_uri("/")
        name = f"api:{type(serializer).__module__}.{type(serializer).__qualname__}:{site}"
        language, version = get_language() or "", content_version()
        # A list's page (core.pagination.PageRows) knows its rows' identities without reading the rows.
        identities = getattr(rows, "identities", None)
        if identities is None:
            rows = list(rows)
            identities = [row_identity(row) for row in rows]
        keys = [card_key(name, identity, language, version) for identity in identities]
        found = read_values(keys)
        if len(found) < len(keys):  # some row to serialize: now the rows are needed
            missing = {}
            for key, row in zip(keys, rows, strict=True):
                if found.get(key) is None:
                    found[key] = missing[key] = serializer.to_representation(row)
            store_values(missing, settings.PAGE_CACHE_SECONDS)
        return [found[key] for key in keys]

    def _remember_valid_query(self, request):
        """Tell the page cache the validated values (core.cache.remember_valid_query, plus the page size)."""
        state = page_cache_state(request)
        parts = normalise_query(form=self.valid_filter_form).exact
        if parts is None:
            state.valid_query = None
            return
        parts = list(parts)
        if request.query_params.get("page_size", ""):
            parts.append(("page_size", str(self.paginator.get_page_size(request))))
        parts.sort()
        page = self.paginator.page.number
        if page > 1:
            parts.append(("page", str(page)))
        state.valid_query = tuple(parts)


class DetailAPIView(OpenDataMixin, generics.RetrieveAPIView):
    def get_object(self):
        return get_object_or_404(self.get_queryset(), **lookup_for(self.kwargs["key"]))


LIST_RESPONSES = {
    400: OpenApiResponse(FIELD_ERRORS, description="A bad query value, by parameter"),
    **COMMON_RESPONSES,
}


class ReferenceList(OpenDataMixin, generics.ListAPIView):
    """A small reference table: every row, in its order, unpaginated."""

    pagination_class = None


class SchemaView(OpenDataMixin, SpectacularAPIView):
    """/api/schema/: YAML or JSON (``Accept`` or ``?format=yaml|json``, in the page cache's key as
    negotiated), in the site's languages by ``?lang=``; ``?version=`` is not read (one API version),
    so every parameter the view reads is one the page cache keys on.
    """

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.page_cache_query = QueryContract(("lang",))
        return view

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        lang = request.query_params.get("lang", "")
        # The validated value for the page cache (core.cache.page_cache_parts): another language is not stored.
        known = not lang or lang in dict(settings.LANGUAGES)
        page_cache_state(request).valid_query = ((("lang", lang),) if lang else ()) if known else None

    def _get_version_parameter(self, request):
        return None
