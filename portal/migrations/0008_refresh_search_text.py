"""Rewrite the stored search text of every project, enterprise, space and policy (issue 24).

The text now holds what the cards show beyond a row's own columns: zone, industry and grid names,
stage, kind, status and level labels in both languages, a space's target industries and a policy's
themes, industries and measures (core.directory.Searchable). Rows written before hold only their
own columns, so "new energy" found nothing; this fills them. The same as `manage.py refresh_search`.
"""

from django.apps import apps as live_apps
from django.db import migrations

from core.cache import content_changed
from core.directory import refresh_search_rows

MODELS = ("projects.Project", "enterprises.Enterprise", "spaces.Space", "policies.Policy")


def refresh(apps, schema_editor):
    for label in MODELS:
        refresh_search_rows(apps.get_model(label), searchable=live_apps.get_model(label))
    content_changed()  # pages remembered with the old text are not served again


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_role_grants_contact"),
        ("projects", "0009_role_grants"),
        ("enterprises", "0008_role_grants"),
        ("spaces", "0005_role_grants"),
        ("policies", "0006_policy_search_text"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
