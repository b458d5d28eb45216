"""On PostgreSQL only, index the search tokens of spaces with GIN, as projects 0003 does (see core.search)."""

from django.db import migrations

INDEX = "space_search_tokens_gin"
TABLE = "spaces_space"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} "
            "USING gin ((string_to_array(search_tokens, ' ')::text[] COLLATE \"C\"))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
