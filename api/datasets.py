"""The published datasets: what /data/ lists, what /data/<name>.csv|json streams, what the API serves.

Each dataset (api.common.Dataset) lives in its domain module with its serializer and views, and
names its public queryset, its serializer, the FilterSet of its HTML list when it has one, and the
allow-list both its serializer's fields and its CSV columns come from (api.common.AllowList). A
download is the filtered list, in the list's order, streamed row by row (``iterator``), at most
``DOWNLOAD_MAX_ROWS`` rows: a filter that matches more is refused with a 400 asking for a narrower
one, never cut short silently.
"""

from api.enterprises import ENTERPRISE_DATASET
from api.news import EVENT_DATASET, NEWS_DATASET
from api.policies import POLICY_DATASET
from api.projects import PROJECT_DATASET
from api.reference import INDICATOR_DATASET, INDUSTRY_DATASET, PLATFORM_DATASET, TARGET_DATASET, ZONE_DATASET
from api.spaces import SPACE_DATASET

DOWNLOAD_MAX_ROWS = 200_000
ITERATOR_CHUNK = 2000

# In the catalogue's order (/data/).
DATASETS = {
    dataset.name: dataset
    for dataset in [
        PROJECT_DATASET,
        ENTERPRISE_DATASET,
        POLICY_DATASET,
        SPACE_DATASET,
        NEWS_DATASET,
        EVENT_DATASET,
        ZONE_DATASET,
        INDUSTRY_DATASET,
        TARGET_DATASET,
        INDICATOR_DATASET,
        PLATFORM_DATASET,
    ]
}


def cell(row: dict, path: str):
    """The CSV cell at a dotted `path` of a serialized row.

    A list (recognitions, themes, industries, measures) is one cell, "name year; …" (a part after the
    list's name picks another key of its items: ``industries.name_en``); a boolean is ``true`` or
    ``false``, as in the JSON; the unit of an amount without a value (an undisclosed investment or
    price) is empty, as the value is.
    """
    value = row
    parts = path.split(".")
    for depth, part in enumerate(parts):
        if isinstance(value, list):
            return _listed(value, parts[depth])
        if not isinstance(value, dict):
            return None
        if part in ("unit", "unit_en") and value.get("value", "") is None:
            return None
        value = value.get(part)
    if isinstance(value, list):
        return _listed(value, None)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _listed(items: list, key: str | None) -> str:
    keys = ("name", "title", "year") if key is None else (key, "year")
    return "; ".join(" ".join(str(item[k]) for k in keys if item.get(k)) for item in items)
