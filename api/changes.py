"""The change log of the published datasets: rows added, changed and removed per day, counts only.

Why a daily comparison and not the edit history: a dataset is what the public download holds, not a
table. Its rows change when a row is published or withdrawn, when a joined name changes (a zone
renamed changes every project's ``zone.name``), through bulk imports and ``QuerySet.update`` that
leave no history record, and in tables that keep no history at all (zones, platforms). So once a
day the job (``api.jobs.record_dataset_changes``, scheduled by migration 0004) serializes every
dataset's rows exactly as the downloads do (``Dataset.rows()``, the serializer, on ``SITE_URL``),
keeps one digest per row (``DatasetRowDigest``) and compares them with the previous day's: a key
that is new was added, one that is gone was removed, one whose digest differs was changed. Cost:
one pass over the rows per day (the downloads' own speed, docs/benchmarks.md) and one small row per
published row; nothing per request.

The first run for a dataset records a baseline (its row count, no change): the rows existed before
the log began, and saying they were added that day would be untrue. A dataset's last change
(``last_changes``) is the latest day with a change; before the log has seen one, the catalogue falls
back on the dataset's own ``modified`` (api.dcat).
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from api.models import DatasetChange, DatasetRowDigest

BATCH = 2000


class SiteRequest:
    """What the serializers read from a request (``build_absolute_uri``), on the site's own address.

    A job has no request; the rows' ``url`` must not depend on who asked, or every row would look changed.
    """

    def build_absolute_uri(self, location: str) -> str:
        return f"{(settings.SITE_URL or '').rstrip('/')}{location}"


def row_digests(dataset) -> dict[str, str]:
    """Each published row of `dataset` (its primary key as text) and the digest of its serialized form."""
    serializer = dataset.serializer(context={"request": SiteRequest()})
    digests = {}
    with translation.override(settings.LANGUAGE_CODE):
        for row in dataset.rows().iterator(chunk_size=BATCH):
            text = json.dumps(serializer.to_representation(row), sort_keys=True, ensure_ascii=False, default=str)
            digests[str(row.pk)] = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return digests


def dataset_changes_record(*, datasets=None, day=None) -> dict[str, DatasetChange | None]:
    """Compare each dataset's rows with the last run and log the day's counts (one transaction per dataset).

    Returns, per dataset name, the day's log row (None: no change). Run twice on one day, the second
    run adds what changed since the first to the same day's row.
    """
    from api.datasets import DATASETS

    day = day or timezone.localdate()
    return {
        dataset.name: _record(dataset, day) for dataset in (datasets if datasets is not None else DATASETS.values())
    }


def _record(dataset, day) -> DatasetChange | None:
    current = row_digests(dataset)
    with transaction.atomic():
        stored = dict(DatasetRowDigest.objects.filter(dataset=dataset.name).values_list("key", "digest"))
        first_run = not stored and not DatasetChange.objects.filter(dataset=dataset.name).exists()
        added = current.keys() - stored.keys()
        removed = stored.keys() - current.keys()
        changed = {key for key in current.keys() & stored.keys() if current[key] != stored[key]}
        _store(dataset.name, current, added, removed, changed)
        if first_run:
            return DatasetChange.objects.create(dataset=dataset.name, day=day, rows=len(current), is_baseline=True)
        if not (added or removed or changed):
            return None
        log, _created = DatasetChange.objects.select_for_update().get_or_create(dataset=dataset.name, day=day)
        log.added += len(added)
        log.changed += len(changed)
        log.removed += len(removed)
        log.rows = len(current)
        log.save()
        return log


def _store(name, current, added, removed, changed):
    removed = list(removed)
    for start in range(0, len(removed), BATCH):
        DatasetRowDigest.objects.filter(dataset=name, key__in=removed[start : start + BATCH]).delete()
    DatasetRowDigest.objects.bulk_create(
        [DatasetRowDigest(dataset=name, key=key, digest=current[key]) for key in added], batch_size=BATCH
    )
    changed = list(changed)
    for start in range(0, len(changed), BATCH):
        rows = list(DatasetRowDigest.objects.filter(dataset=name, key__in=changed[start : start + BATCH]))
        for row in rows:
            row.digest = current[row.key]
        DatasetRowDigest.objects.bulk_update(rows, ["digest"], batch_size=BATCH)


def last_changes() -> dict[str, object]:
    """Each dataset's latest day with a change (the baseline is not one), in one query."""
    rows = DatasetChange.objects.filter(is_baseline=False).values("dataset").annotate(last=Max("day")).order_by()
    return {row["dataset"]: row["last"] for row in rows}


def recent_changes(name: str, days: int = 30) -> list[DatasetChange]:
    """The dataset's log of the last `days` days with a change, newest first, and its baseline when within them."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(DatasetChange.objects.filter(dataset=name, day__gte=since).order_by("-day"))
