"""On PostgreSQL only, index the search tokens of news items with GIN, as projects 0003 does (see core.search):
/news/?q= and the news group of /search/ read only the matching rows."""

from django.db import migrations

INDEX = "news_search_tokens_gin"
TABLE = "news_newsitem"


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
    dependencies = [("news", "0003_role_grants")]

    operations = [migrations.RunPython(create_index, drop_index)]
