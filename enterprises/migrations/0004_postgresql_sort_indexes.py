"""PostgreSQL-only index for "newest founded first" (founded_year DESC NULLS LAST, id), which SQLite cannot index."""

from django.db import migrations

INDEXES = {
    "enterprise_pub_founded": "(founded_year DESC NULLS LAST, id) WHERE is_published",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON enterprises_enterprise {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_search_tokens_gin_index")]

    operations = [migrations.RunPython(create, drop)]
