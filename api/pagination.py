"""Page-number pagination on the directories' paginator: a cached count, index-only deep pages,
page rows remembered under the validated filter values like the HTML lists' (core/pagination.py).

``page``: 1, 2, … (past the end or not a number: 404 with a JSON body, as on the pages).
``page_size``: 1–100, default 20; a larger number is capped at 100 (documented, not an error); a
value that is not a whole number from 1 up is a 400 naming ``page_size``, never ignored.
"""

from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from core.directory import PAGE_SIZE
from core.pagination import FastPaginator

MAX_PAGE_SIZE = 100


class DirectoryPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # The schema says `page` is an integer: "last" is a 404 like any other word.
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        """The `page` given, as given: an empty one is not a number either (404), not page 1."""
        values = request.query_params.getlist(self.page_query_param)
        return values[-1] if values else 1

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's, returning the page's rows as the paginator gives them (``core.pagination.PageRows``
        for a list with a query key: their identities, the rows read only for a row not yet serialized)
        instead of a list of them."""
        self.query_key = view.page_query_key() if hasattr(view, "page_query_key") else None
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=page_number, message=str(exc))) from exc
        self.display_page_controls = paginator.num_pages > 1 and self.template is not None
        return self.page.object_list

    def django_paginator_class(self, queryset, page_size):
        """The HTML lists' paginator, with the count and page rows remembered under the view's
        validated filter values (``page_query_key``), as the lists do: DRF calls this with the
        filtered queryset and the page size.
        """
        return FastPaginator(queryset, page_size, query_key=self.query_key)

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise ValidationError({self.page_size_query_param: [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = f"Rows per page, 1 to {MAX_PAGE_SIZE} (larger values give {MAX_PAGE_SIZE})."
        return parameters
