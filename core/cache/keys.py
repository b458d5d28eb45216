"""Cache keys from validated query parameters (the package's docstring, "Keys come from validated
inputs, never from raw query strings"): a view's query contract and the normalised parts of its query."""

import functools
import re
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class QueryContract(NamedTuple):
    """The query parameters a view reads: form fields (validated by the view), a page number, and
    those its content negotiation reads (keyed through the negotiated media type, not by value)."""

    fields: tuple[str, ...] = ()
    page: str | None = None
    negotiated: tuple[str, ...] = ()


def cache_query(*, fields=(), page=None):
    """Declare the query parameters of a view that is not a directory (e.g. ``cache_query(page="p")``)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.page_cache_query = QueryContract(tuple(fields), page)
        return wrapper

    return decorate


def query_contract(view) -> QueryContract:
    """A view's query parameters: declared with ``cache_query``, or a FilterView's filters and page.

    A view that declares nothing reads no parameter: every parameter it is given is unknown.
    """
    contract = getattr(view, "page_cache_query", None)
    if contract is None:
        view_class = getattr(view, "view_class", None)
        filterset_class = getattr(view_class, "filterset_class", None)
        if filterset_class is not None:
            contract = QueryContract(tuple(filterset_class.base_filters), getattr(view_class, "page_kwarg", "page"))
        else:
            contract = QueryContract()
    negotiation = getattr(view, "page_cache_negotiation", None)
    if negotiation is not None:
        contract = contract._replace(negotiated=tuple(negotiation.params))
    return contract


_NOT_CACHEABLE = object()


def _normalised(value):
    """The one spelling of a cleaned value; None for "not given"; _NOT_CACHEABLE for types we do not key on."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _NOT_CACHEABLE
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else _NOT_CACHEABLE
    if isinstance(value, str | int):
        return str(value)
    return _NOT_CACHEABLE  # lists, model instances, dates: add a spelling here before caching them


def query_cache_parts(form, *, page: int = 1, page_param: str = "page") -> tuple | None:
    """Cache-key parts of a page filtered by `form` (bound to the query string): sorted
    ``(field, normalised value)`` pairs of the fields given, then the page number when above 1.

    None — render, do not cache — when the form is invalid, or when the query string spells a value
    otherwise than its normalised form (``year=02021``, ``q=%20x``, a field given twice), so that
    every entry is the page of exactly the values its key names.
    """
    if not form.is_valid():
        return None
    data = form.data
    parts = []
    for name in sorted(form.fields):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        value = _normalised(form.cleaned_data.get(name))
        if value is _NOT_CACHEABLE or len(raw) > 1:
            return None
        given = raw[0] if raw else ""
        if (value is None and given != "") or (value is not None and given != value):
            return None
        if value is not None:
            parts.append((name, value))
    if page > 1:
        parts.append((page_param, str(page)))
    return tuple(parts)


def cleaned_query_parts(form) -> tuple | None:
    """Sorted ``(field, normalised value)`` pairs of a valid form's given fields, however the query
    string spelled them (``year=02021`` and ``year=2021`` are the same); None when the form is
    invalid or a value has no normalised spelling. For keys of what the values select (a count),
    not of pages, which also show the spelling (``query_cache_parts``).
    """
    if not form.is_valid():
        return None
    parts = []
    for name in sorted(form.fields):
        value = _normalised(form.cleaned_data.get(name))
        if value is _NOT_CACHEABLE:
            return None
        if value is not None:
            parts.append((name, value))
    return tuple(parts)


def remember_valid_query(request, form, *, page: int = 1, page_param: str = "page") -> None:
    """Called by a directory view after validating its filter form: lets the page and its header be cached."""
    request.page_cache_query = query_cache_parts(form, page=page, page_param=page_param)


def never_cache_fragments(request) -> None:
    """For error pages: their URLs are whatever a visitor typed, so nothing keyed by the URL is stored."""
    request.page_cache_never = True


def _request_view(request):
    """The view that answers `request` (None when no URL matches)."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # before the view (the middleware's lookup): resolve in the path's language
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        try:
            with translation.override(language):
                match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
    return match.func


def _request_contract(request) -> QueryContract:
    view = _request_view(request)
    return QueryContract() if view is None else query_contract(view)


def _raw_query_parts(request, contract: QueryContract) -> tuple[tuple, bool]:
    """(parts as the view will read them, canonical?) from the query string, known parameters only.

    The last of repeated values counts, as in a form; unknown parameters are left out of the parts
    but make the query not canonical, as do repeated parameters and page numbers like "02" or "last".
    """
    query = request.GET
    known = set(contract.fields) | set(contract.negotiated) | ({contract.page} if contract.page else set())
    canonical = all(name in known for name in query)
    parts = []
    for name in sorted(contract.fields):
        values = query.getlist(name)
        canonical = canonical and len(values) <= 1
        if values and values[-1] != "":
            parts.append((name, values[-1]))
    if contract.page:
        values = query.getlist(contract.page)
        canonical = canonical and len(values) <= 1
        value = values[-1] if values else ""
        if values and not PAGE_NUMBER.fullmatch(value):  # "02", "last", and "" given (the API's 404)
            canonical = False
        if values and value != "1":  # an empty page given is its own key: not page 1's stored answer
            parts.append((contract.page, value))
    return tuple(parts), canonical


def page_cache_parts(request) -> tuple | None:
    """Key parts of this request's query for a stored page or URL-dependent fragment; None: do not store.

    Not None only when the query string has nothing unknown or oddly spelled and, for a view with
    form fields, the view reported the same parts from a valid form (``remember_valid_query``).
    """
    if getattr(request, "page_cache_never", False):
        return None
    contract = _request_contract(request)
    parts, canonical = _raw_query_parts(request, contract)
    if not canonical:
        return None
    if contract.fields and getattr(request, "page_cache_query", None) != parts:
        return None
    return parts
