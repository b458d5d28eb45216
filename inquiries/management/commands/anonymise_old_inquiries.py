import datetime

from django.core.management.base import BaseCommand
from django.db.models import Max, Q
from django.utils import timezone

from inquiries.models import Inquiry
from inquiries.services import inquiry_anonymise

RETENTION_DAYS = 3 * 365


class Command(BaseCommand):
    help = "Anonymise inquiries closed more than three years ago, as the privacy notice promises (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RETENTION_DAYS, help="days after closing")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        inquiries = (
            Inquiry.objects.filter(stage=Inquiry.Stage.CLOSED, anonymised_at__isnull=True)
            .annotate(closed_at=Max("stage_log__changed_at", filter=Q(stage_log__to_stage=Inquiry.Stage.CLOSED)))
            .filter(closed_at__lt=cutoff)
        )
        count = 0
        for inquiry in inquiries:
            inquiry_anonymise(inquiry=inquiry, user=None)
            count += 1
        self.stdout.write(f"anonymised {count}")
