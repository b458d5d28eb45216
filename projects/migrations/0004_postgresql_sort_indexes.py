"""PostgreSQL-only indexes for the public list's NULLS LAST orders (SQLite cannot index NULLS LAST).

They match the sorts of projects.filters.ProjectFilter (newest first is ProjectQuerySet.newest_first)
exactly: newest first (signed_on DESC NULLS LAST, id DESC), largest investment first, and zone /
industry / stage filters combined with newest first.
"""

from django.db import migrations

PUBLISHED = "WHERE is_published"
NEWEST = "signed_on DESC NULLS LAST, id DESC"
INDEXES = {
    "project_pub_newest": f"({NEWEST}) {PUBLISHED}",
    "project_pub_investment": f"(investment_disclosed DESC, investment DESC NULLS LAST, id DESC) {PUBLISHED}",
    "project_pub_zone_newest": f"(zone_id, {NEWEST}) {PUBLISHED}",
    "project_pub_industry_newest": f"(industry_id, {NEWEST}) {PUBLISHED}",
    "project_pub_stage_newest": f"(stage, {NEWEST}) {PUBLISHED}",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON projects_project {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_search_tokens_gin_index")]

    operations = [migrations.RunPython(create, drop)]
