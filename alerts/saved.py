"""A saved space search and a saved checker profile: validated by their own forms, stored as cleaned values.

The space search is the query string of /spaces/ (`/subscribe/?spaces=kind=factory&zone=north`), bound
to spaces.filters.SpaceFilter; what is kept is the filter form's cleaned values (the sort and the page
left out), as strings, and what the digest applies is the same FilterSet bound to them again. The
checker profile is the answers of policies.forms.CheckerForm; only the valid, non-empty ones are kept,
and the digest rebuilds the Profile through the same form. A stored value that no longer validates (a
zone renamed) matches nothing rather than everything.
"""

from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _

from policies.forms import CheckerForm
from spaces.filters import SpaceFilter
from spaces.models import Space

SPACE_IGNORED = ("sort",)
QUERY_MAX_LENGTH = 2000  # a /spaces/ query string is far shorter; longer input is refused, not parsed


class Invalid(ValueError):
    """The input does not validate; `messages` say why, field by field, in the active language."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _stored(value):
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return value if isinstance(value, int | bool) else str(value)


def _query(values: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return query


def _errors(form) -> list[str]:
    return [f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()]  # fmt: skip


def space_search_from_query(query_string: str) -> dict:
    """The cleaned filter of a /spaces/ query string; raises Invalid with the filter form's messages."""
    if len(query_string) > QUERY_MAX_LENGTH:
        raise Invalid([_("The space search is too long.")])
    filterset = SpaceFilter(QueryDict(query_string.lstrip("?")), queryset=Space.objects.none())
    if not filterset.form.is_valid():
        raise Invalid(_errors(filterset.form))
    return {
        name: _stored(value)
        for name, value in filterset.form.cleaned_data.items()
        if name not in SPACE_IGNORED and value not in (None, "", [])
    }


def space_search_filter(values: dict) -> SpaceFilter:
    return SpaceFilter(_query(values), queryset=Space.objects.public())


def space_search_queryset(values: dict):
    """Public spaces that match the saved search now (nothing when a stored value no longer validates)."""
    filterset = space_search_filter(values)
    if not filterset.form.is_valid():
        return Space.objects.none()
    return filterset.qs


def _words(form, values: dict) -> list[str]:
    parts = []
    for name, value in values.items():
        field = form.fields.get(name)
        if field is None:
            continue
        choices = dict(iter(getattr(field, "choices", ())))  # iter(): django-filter's choices have no len()
        shown = [str(choices.get(v, v)) for v in (value if isinstance(value, list) else [value])]
        parts.append(f"{field.label}: {', '.join(shown)}")
    return parts


def space_search_words(values: dict) -> str:
    """ "Kind: Standard factory · Zone: North · Area from (m²): 2000", in the active language."""
    return " · ".join(_words(space_search_filter(values).form, values))


def space_search_query(values: dict) -> str:
    """The /spaces/ query string of a saved search (for the digest's "see them all" link)."""
    return _query(values).urlencode()


def profile_from_data(data) -> dict:
    """The valid, non-empty answers of a checker form's data; raises Invalid when none is left."""
    form = CheckerForm(data)
    form.is_valid()
    values = {
        name: _stored(value)
        for name, value in form.cleaned_data.items()
        if name not in form.errors and value not in (None, "", [])
    }
    if not values:
        raise Invalid(_errors(form) or [_("The checker answers are empty.")])
    return values


def profile_form(values: dict) -> CheckerForm:
    return CheckerForm(_query(values))


def profile_words(values: dict) -> str:
    return " · ".join(_words(profile_form(values), values))


def profile_query(values: dict) -> str:
    return _query(values).urlencode()
