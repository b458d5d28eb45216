"""Cache keys from validated query parameters (the package's docstring, "Keys come from validated
inputs, never from raw query strings"): a view's query contract and the normalised parts of its query."""

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


class NormalQuery(NamedTuple):
    """A query string read once for the cache (``normalise_query``): what its keys may be made of."""

    # The contract's fields as the string spells them: sorted (name, value), the last of repeated
    # values counting (as in a form), empty ones left out.
    given: tuple
    # ((page parameter, value),) when a page other than "1" is given (an empty one too: the API's 404
    # is its own key, not page 1's stored answer); else ().
    page: tuple
    # Nothing unknown, nothing given twice, the page number spelled as one ("2", not "02" or "last").
    canonical: bool
    # No field given twice.
    fields_once: bool
    # The form's validated values, normalised (year=02021 is ("year", "2021")), sorted, empty ones left
    # out; None without a form, for an invalid form, or for a value with no one spelling.
    cleaned: tuple | None

    @property
    def parts(self) -> tuple:
        """The known parameters as given: what a stored page is looked up by."""
        return self.given + self.page

    @property
    def exact(self) -> tuple | None:
        """The cleaned values when the string spells exactly them, each field once (``year=2021``, not
        ``year=02021``, ``q=%20x`` or a field given twice), so that an entry is the page of exactly the
        values its key names; else None: render, do not store."""
        if self.cleaned is None or not self.fields_once or self.cleaned != self.given:
            return None
        return self.cleaned


def normalise_query(data=None, contract: QueryContract | None = None, *, form=None) -> NormalQuery:
    """The one reading of a query string for cache keys: by the middleware (``request.GET`` and the
    view's contract: ``parts``, ``canonical``), by a view reporting its valid query
    (``remember_valid_query``: ``exact``), and by the paginator's key of what the values select
    (``cleaned``: ``year=02021`` and ``year=2021`` count the same rows). With only a `form`, its data
    and its fields.
    """
    if data is None:
        data = form.data
    if contract is None:
        contract = QueryContract(tuple(form.fields))

    def getlist(name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        return [data[name]] if name in data else []

    known = set(contract.fields) | set(contract.negotiated) | ({contract.page} if contract.page else set())
    given, fields_once = [], True
    for name in sorted(contract.fields):
        values = getlist(name)
        fields_once = fields_once and len(values) <= 1
        if values and values[-1] != "":
            given.append((name, values[-1]))
    canonical = fields_once and all(name in known for name in data)
    page = ()
    if contract.page:
        values = getlist(contract.page)
        value = values[-1] if values else ""
        if len(values) > 1 or (values and not PAGE_NUMBER.fullmatch(value)):  # "02", "last", "" given
            canonical = False
        if values and value != "1":
            page = ((contract.page, value),)
    return NormalQuery(tuple(given), page, canonical, fields_once, None if form is None else _cleaned(form))


def _cleaned(form) -> tuple | None:
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


@dataclass
class PageCacheState:
    """What the page cache and the view tell each other about one request, in one object
    (``page_cache_state``), instead of attributes scattered on the request."""

    # From the view: the parts its valid form spells exactly, with the page (remember_valid_query);
    # None: not reported, or not to be stored.
    valid_query: tuple | None = None
    # From an error page: nothing keyed by this URL is stored (never_cache_fragments).
    never: bool = False
    # From the middleware: (budget key, count) it counted with the lookup, for the view's own limit
    # to read instead of counting again (api/throttling.py).
    rate_limit_counted: tuple | None = None


def page_cache_state(request) -> PageCacheState:
    """The request's ``PageCacheState`` (a DRF request's: that of the Django request it wraps)."""
    request = getattr(request, "_request", request)
    state = getattr(request, "page_cache", None)
    if state is None:
        state = request.page_cache = PageCacheState()
    return state


def remember_valid_query(request, form, *, page: int = 1, page_param: str = "page") -> None:
    """Called by a directory view after validating its filter form: lets the page and its header be cached."""
    parts = normalise_query(form=form).exact
    if parts is not None and page > 1:
        parts = (*parts, (page_param, str(page)))
    page_cache_state(request).valid_query = parts


def never_cache_fragments(request) -> None:
    """For error pages: their URLs are whatever a visitor typed, so nothing keyed by the URL is stored."""
    page_cache_state(request).never = True


# The middleware's lookup resolves each request's path before the view runs; the answer for a
# path never changes while the URLconf stays, so the latest paths' views are kept (bounded).
RESOLVED_PATHS = 4096
_resolved: OrderedDict = OrderedDict()
_resolved_lock = threading.Lock()


@receiver(setting_changed)
def _forget_resolved_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        with _resolved_lock:
            _resolved.clear()


def _request_view(request):
    """The view that answers `request` (None when no URL matches)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.func
    # Before the view (the middleware's lookup): resolve in the path's language.
    urlconf = getattr(request, "urlconf", None)
    key = (urlconf, request.path_info)
    with _resolved_lock:
        if key in _resolved:
            _resolved.move_to_end(key)
            return _resolved[key]
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view = resolve(request.path_info, urlconf).func
    except Resolver404:
        view = None
    with _resolved_lock:
        _resolved[key] = view
        while len(_resolved) > RESOLVED_PATHS:
            _resolved.popitem(last=False)
    return view


def _request_contract(request) -> QueryContract:
    view = _request_view(request)
    return QueryContract() if view is None else query_contract(view)


def page_cache_parts(request) -> tuple | None:
    """Key parts of this request's query for a stored page or URL-dependent fragment; None: do not store.

    Not None only when the query string has nothing unknown or oddly spelled and, for a view with
    form fields, the view reported the same parts from a valid form (``remember_valid_query``).
    """
    state = page_cache_state(request)
    if state.never:
        return None
    contract = _request_contract(request)
    query = normalise_query(request.GET, contract)
    if not query.canonical:
        return None
    if contract.fields and state.valid_query != query.parts:
        return None
    return query.parts
