from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets.files import CSV, XLSX, SpreadsheetError
from core.spreadsheets.report import row_errors, written_counts, written_message
from enterprises.resources import EnterpriseResource
from policies.resources import PolicyResource
from projects.resources import ProjectResource
from spaces.resources import SpaceResource

RESOURCES = {
    "projects": ProjectResource,
    "enterprises": EnterpriseResource,
    "spaces": SpaceResource,
    "policies": PolicyResource,
}


class Command(BaseCommand):
    help = (
        "Checks a spreadsheet (projects, enterprises, spaces or policies) like the admin's import preview, and "
        "with --commit writes it, all rows or none, then prints what the table holds. Rows are numbered as "
        "Excel shows them (the header is row 1). For files too large for one web request."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the rows (default: check only)")
        parser.add_argument("--user", help="username recorded in the edit history")

    def handle(self, *args, kind, path, commit, user, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        file_format = XLSX() if path.suffix.lower() == ".xlsx" else CSV()
        try:
            dataset = file_format.create_dataset(path.read_bytes())
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        for note in getattr(dataset, "notes", ()):
            self.stderr.write(note)
        account = get_user_model().objects.filter(username=user).first() if user else None
        if user and account is None:
            raise CommandError(f"No such user: {user}")
        resource = RESOURCES[kind]()
        model = resource._meta.model
        before = model._default_manager.count()
        result = resource.import_data(
            dataset,
            dry_run=not commit,
            use_transactions=True,  # all rows or none, as in the admin and the background job
            rollback_on_validation_errors=True,
            file_name=path.name,
            user=account,
        )
        for error in result.base_errors:
            self.stderr.write(str(error.error))
        for line, errors in row_errors(result):
            for error in errors:
                self.stderr.write(f"row {line}: {error.error}")
        for row in result.invalid_rows:  # numbered as Excel shows them by the resource
            for field, messages in row.error_dict.items():
                self.stderr.write(f"row {row.number}: {field}: {' '.join(str(m) for m in messages)}")
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(
                f"Nothing was written; {model._default_manager.count()} {model._meta.verbose_name_plural} as before."
            )
        if not commit:
            totals = result.totals
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checked, nothing written (use --commit): {totals.get('new', 0)} to add, "
                    f"{totals.get('update', 0)} to change, {totals.get('skip', 0)} unchanged."
                )
            )
            return
        # What the table holds now, counted again after the write, not what the file planned.
        self.stdout.write(
            self.style.SUCCESS(written_message(written_counts(model, before=before, result=result), model))
        )
