"""Page-number pagination on the directories' paginator: a cached count, index-only deep pages.

``page`` (1, 2, …; past the end or not a number: 404 with a JSON body) and ``page_size`` (1–100,
default 20; larger values are capped at 100, values below 1 or not numbers give the default).
"""

from rest_framework.pagination import PageNumberPagination

from core.directory import PAGE_SIZE
from core.pagination import FastPaginator

MAX_PAGE_SIZE = 100


class DirectoryPagination(PageNumberPagination):
    django_paginator_class = FastPaginator
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
