"""Policies get a stored search text and its tokens, as projects, enterprises and spaces have (core.search).

The text holds what a policy card and page show (title, 文号, issuer, summary, level, themes,
industries and the measures' titles, in both languages); existing rows are filled by portal's
search-text migration. On PostgreSQL the tokens are GIN-indexed as spaces 0002 does.
"""

from django.db import migrations, models

import core.search

INDEX = "policy_search_tokens_gin"
TABLE = "policies_policy"


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
    dependencies = [("policies", "0005_role_grants")]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.AddField(
            model_name="policy",
            name="search_tokens",
            field=core.search.SearchTokensField(blank=True, default="", editable=False, verbose_name="search tokens"),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
