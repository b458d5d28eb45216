from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets.files import CSV, XLSX, SpreadsheetError
from enterprises.resources import EnterpriseResource
from projects.resources import ProjectResource

RESOURCES = {"projects": ProjectResource, "enterprises": EnterpriseResource}


class Command(BaseCommand):
    help = (
        "Checks a spreadsheet of projects or enterprises like the admin's import preview, and with --commit "
        "writes it, all rows or none. For files too large for one web request."
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
        result = RESOURCES[kind]().import_data(
            dataset,
            dry_run=not commit,
            rollback_on_validation_errors=True,
            file_name=path.name,
            user=account,
        )
        for error in result.base_errors:
            self.stderr.write(str(error.error))
        for line, errors in result.row_errors():
            for error in errors:
                self.stderr.write(f"row {line}: {error.error}")
        for row in result.invalid_rows:
            for field, messages in row.error_dict.items():
                self.stderr.write(f"row {row.number}: {field}: {' '.join(str(m) for m in messages)}")
        totals = ", ".join(f"{name} {count}" for name, count in result.totals.items() if count)
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(f"Nothing was written. {totals}")
        verb = "Written" if commit else "Checked, nothing written (use --commit)"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {totals or 'no rows'}"))
