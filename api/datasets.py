"""The published datasets: what /data/ lists, what /data/<name>.csv|json streams, what the API serves.

Each dataset (api.common.Dataset) lives in its domain module with its serializer and views, and
names its public queryset, its serializer, the FilterSet of its HTML list when it has one, and the
allow-list both its serializer's fields and its CSV columns come from (api.common.AllowList). A
download is the filtered list, in the list's order, streamed row by row (``iterator``), at most
``DOWNLOAD_MAX_ROWS`` rows: a filter that matches more is refused with a 400 asking for a narrower
one, never cut short silently.
"""

from api.enterprises import ENTERPRISE_DATASET
from api.policies import POLICY_DATASET
from api.projects import PROJECT_DATASET
from api.reference import INDICATOR_DATASET, INDUSTRY_DATASET, PLATFORM_DATASET, ZONE_DATASET
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
        ZONE_DATASET,
        INDUSTRY_DATASET,
        INDICATOR_DATASET,
        PLATFORM_DATASET,
    ]
}


def cell(row: dict, path: str):
    """The value at a dotted `path` of a serialized row; a list (recognitions, themes, measures) as "name year; …"."""
    value = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return "; ".join(" ".join(str(item[k]) for k in ("name", "title", "year") if item.get(k)) for item in value)
    return value
