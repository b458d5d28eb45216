from django.core.management.base import BaseCommand

from inquiries.services import RETENTION_DAYS, inquiries_anonymise_expired


class Command(BaseCommand):
    help = (
        "Anonymise inquiries closed more than three years ago, as the privacy notice promises "
        "(the worker runs it daily; see inquiries.jobs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RETENTION_DAYS, help="days after closing")

    def handle(self, *args, days, **options):
        self.stdout.write(f"anonymised {inquiries_anonymise_expired(days=days)}")
