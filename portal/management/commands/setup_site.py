"""What `make run` puts in a fresh database after `migrate`: the article's seed, the sample rows
(示例/Sample) that keep the pages from being empty, and the first administrator.

`make run` calls this command, and the end-to-end journeys call it too, so that they start from
the same data a deployment starts from.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the seed and the sample rows (once), and create the first administrator when none exists."

    def handle(self, *args, **options):
        out = {"stdout": self.stdout, "stderr": self.stderr}
        call_command("load_seed", **out)
        call_command("generate_demo_data", policies=8, service_requests=40, news=16, if_none=True, **out)
        call_command("generate_demo_data", spaces=12, top_up=True, **out)
        call_command("generate_demo_data", chains=True, if_none=True, **out)
        call_command("generate_demo_data", efficiency=40, if_none=True, **out)
        call_command("ensure_admin", **out)
