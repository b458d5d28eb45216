"""Fill search_tokens for existing rows and, on PostgreSQL only, index them with GIN.

The GIN index serves keyword search of any length (see core.search). SQLite has no array type and
searches search_text directly, so it gets neither the index nor a need for it.
"""

from django.db import migrations

INDEX = "enterprise_search_tokens_gin"
TABLE = "enterprises_enterprise"


def fill_tokens(apps, schema_editor):
    from core.search import search_tokens

    Model = apps.get_model("enterprises", "Enterprise")
    rows = []
    for row in Model.objects.only("id", "search_text").iterator(chunk_size=2000):
        row.search_tokens = search_tokens(row.search_text)
        rows.append(row)
        if len(rows) >= 2000:
            Model.objects.bulk_update(rows, ["search_tokens"])
            rows = []
    if rows:
        Model.objects.bulk_update(rows, ["search_tokens"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((string_to_array(search_tokens, ' ')::text[] COLLATE \"C\"))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_search_tokens_and_list_indexes")]

    operations = [
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
