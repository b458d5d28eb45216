"""Repair stage-log rows written before unknown dates were kept unknown.

Until 0005 a stage whose date the project did not give was logged with the day it was recorded
(the seed's load day, an import's run day): public timelines showed that day as the day of signing.
Each row now takes the project's own date for its stage (with its precision); a row with no such
date that carries its recording day becomes "date unknown". The 83-mu agreement of the seed, which
the 2022 report dates to June 2021 only, becomes month-precise.
"""

from django.db import migrations
from django.utils import timezone

STAGE_DATE_FIELDS = {"signed": "signed_on", "construction": "started_on", "production": "production_on"}
MONTH_PRECISE_SEED = ("QK-2021-001", "hzii-innovation-base-83-mu")


def _recording_days(moment):
    """The day a row was written, in UTC and in the site's time zone (the fallback used the local day)."""
    return {moment.date(), timezone.localtime(moment).date()} if timezone.is_aware(moment) else {moment.date()}


def repair(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectStageLog = apps.get_model("projects", "ProjectStageLog")
    code, slug = MONTH_PRECISE_SEED
    Project.objects.filter(code=code, slug=slug, signed_on__month=6, signed_on__year=2021, signed_on__day=1).update(
        signed_on_precision="month"
    )
    for row in ProjectStageLog.objects.select_related("project").iterator():
        field = STAGE_DATE_FIELDS.get(row.to_stage)
        date = getattr(row.project, field) if field else None
        if date is not None:
            precision = getattr(row.project, f"{field}_precision")
            if (row.changed_on, row.changed_on_precision) != (date, precision):
                row.changed_on, row.changed_on_precision = date, precision
                row.save(update_fields=["changed_on", "changed_on_precision"])
        elif row.changed_on is not None and row.changed_on in _recording_days(row.changed_at):
            row.changed_on = None
            row.save(update_fields=["changed_on"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_date_precision_and_unknown_stage_dates")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
