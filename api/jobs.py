"""What the django-q2 worker runs for the open data (schedule from migration 0004_change_log_schedule)."""

from api.changes import dataset_changes_record


def record_dataset_changes() -> str:
    """The daily change log (api/changes.py): one line per dataset with a change or a new baseline."""
    logged = dataset_changes_record()
    lines = [str(change) for change in logged.values() if change is not None]
    return "; ".join(lines) or "no change"
