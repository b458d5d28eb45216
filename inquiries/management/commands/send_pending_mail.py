from django.core.management.base import BaseCommand

from inquiries.services import MAIL_MAX_ATTEMPTS, outbox_send_pending


class Command(BaseCommand):
    help = (
        "Send the inquiry mails that are due now (pending, or failed and past their back-off). "
        "The worker does this every minute; the command is for a look by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=MAIL_MAX_ATTEMPTS, help="give up on a mail after this")

    def handle(self, *args, max_attempts, **options):
        sent, failed = outbox_send_pending(max_attempts=max_attempts)
        self.stdout.write(f"sent {sent}, still failing {failed}")
