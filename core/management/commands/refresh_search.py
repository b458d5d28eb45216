"""`manage.py refresh_search`: rewrite the stored search text of every searchable directory row.

Each save keeps its own row's text current; run this after renaming a zone, an industry, a grid or
a policy theme, whose names the rows' search text holds (core.directory.Searchable).
"""

from django.core.management.base import BaseCommand

from core.cache import content_changed
from core.directory import refresh_search_rows, searchable_models


class Command(BaseCommand):
    help = "Rewrite the stored search text of every project, enterprise, space and policy."

    def handle(self, *args, **options):
        for model in searchable_models():
            count = refresh_search_rows(model)
            self.stdout.write(f"{model._meta.label}: {count} rows")
        content_changed()
