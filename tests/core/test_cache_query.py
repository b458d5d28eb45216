"""One reading of a query string for every cache key (``core.cache.normalise_query``)."""

from django import forms
from django.http import QueryDict

from core.cache import QueryContract, normalise_query


class YearForm(forms.Form):
    year = forms.IntegerField(required=False)
    q = forms.CharField(required=False)


CONTRACT = QueryContract(("q", "year"), "page")


def _read(query: str, contract=CONTRACT):
    data = QueryDict(query)
    return normalise_query(data, contract), normalise_query(form=YearForm(data))


def test_an_exact_spelling_is_the_key_of_the_middleware_the_view_and_the_paginator():
    request_query, form_query = _read("year=2021&page=2")
    assert request_query.parts == (("year", "2021"), ("page", "2"))
    assert request_query.canonical
    assert form_query.exact == form_query.cleaned == (("year", "2021"),)


def test_another_spelling_counts_the_same_rows_but_is_not_stored():
    request_query, form_query = _read("year=02021")
    assert request_query.parts == (("year", "02021"),)
    assert form_query.cleaned == (("year", "2021"),)  # the paginator's key: the same count
    assert form_query.exact is None  # the view reports nothing: the page is rendered, not stored


def test_unknown_repeated_or_oddly_paged_queries_are_not_canonical():
    for query in ("year=2021&utm_source=x", "year=2021&year=2022", "page=02", "page=last", "page=1&page=1"):
        assert not _read(query)[0].canonical, query
    assert _read("year=2021&year=2021")[1].exact is None


def test_empty_values_and_page_one_count_as_absent():
    request_query, form_query = _read("year=&q=&page=1")
    assert request_query.parts == ()
    assert request_query.canonical
    assert form_query.exact == ()


def test_an_invalid_form_has_no_values():
    assert _read("year=abc")[1].cleaned is None
