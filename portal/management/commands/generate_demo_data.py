import functools
import time

from django.core.management.base import BaseCommand, CommandError

from portal.demo.policies import demo_policies_generate, demo_policies_remove, demo_policy_count
from portal.demo.projects import DemoDataError, demo_generate, demo_remove


class Command(BaseCommand):
    help = (
        "Adds synthetic sample projects, enterprises, spaces, policies, service requests, news items, "
        "industry chains and a 亩均 evaluation "
        "(is_demo, names starting with 示例) for load tests and make run; "
        "--remove deletes every sample row and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=0, help="How many sample projects to add.")
        parser.add_argument("--enterprises", type=int, default=0, help="How many sample enterprises to add.")
        parser.add_argument("--policies", type=int, default=0, help="How many sample policies to add.")
        parser.add_argument(
            "--if-none",
            action="store_true",
            help="Add sample policies, service requests, news items and chains only when there are none yet "
            "(for make run).",
        )
        parser.add_argument("--spaces", type=int, default=0, help="How many sample spaces to add (portal.demo.spaces).")
        parser.add_argument(
            "--service-requests",
            type=int,
            default=0,
            help="How many sample service requests to add (portal.demo.service).",
        )
        parser.add_argument(
            "--top-up", action="store_true", help="With --spaces: add only what is missing to reach that many."
        )
        parser.add_argument(
            "--news",
            type=int,
            default=0,
            help="How many sample news items to add, the four columns in turn, events included (portal.demo.news).",
        )
        parser.add_argument(
            "--chains",
            action="store_true",
            help="Add a sample chain with investment targets to every industry and place sample enterprises and "
            "projects on it (portal.demo.chains), after any sample rows asked for in the same run.",
        )
        parser.add_argument(
            "--efficiency",
            type=int,
            default=0,
            help="How many sample firms to evaluate, each with figures for the last two years, under sample "
            "rule sets: last year's set on public notice, the year before's final (portal.demo.efficiency). "
            "Run after any sample enterprises asked for in the same run, so that a few are matched.",
        )
        parser.add_argument("--seed", type=int, default=2022, help="Random seed, for repeatable data.")
        parser.add_argument("--remove", action="store_true", help="Delete all sample rows instead.")

    def handle(self, *args, chains=False, efficiency=0, **options):
        from portal.demo.chains import demo_chain_count, demo_chains_generate, demo_chains_remove

        if options["remove"]:
            self._remove_efficiency()
            self.stdout.write(f"Removed {demo_chains_remove()} sample chain links.")
        counts = ("projects", "enterprises", "policies", "spaces", "service_requests", "news")
        if options["remove"] or not (chains or efficiency) or any(options.get(name) for name in counts):
            self._samples(*args, **options)
        if chains and not options["remove"] and not (options["if_none"] and demo_chain_count()):
            # Last, so that the sample enterprises and projects made in the same run are placed too.
            made = demo_chains_generate()
            self.stdout.write(
                f"Added {made['links']} sample chain links ({made['targets']} investment targets); placed "
                f"{made['enterprises']} sample enterprises and {made['projects']} sample projects on them."
            )
        if efficiency and not options["remove"]:
            self._efficiency(count=efficiency, seed=options["seed"], if_none=options["if_none"])

    def _efficiency(self, *, count, seed, if_none):
        from portal.demo.efficiency import DemoEfficiencyError, demo_efficiency_count, demo_efficiency_generate

        if count < 0:
            raise CommandError("--efficiency must be 0 or more.")
        if if_none and demo_efficiency_count():
            return
        try:
            made = demo_efficiency_generate(count=count, seed=seed)
        except DemoEfficiencyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Added {made['firms']} sample firms ({made['firm_years']} firm-years, {made['matched']} matched to "
            f"sample enterprises) and ran {made['result_sets']} sample 亩均 evaluations."
        )

    def _remove_efficiency(self):
        from portal.demo.efficiency import demo_efficiency_remove

        removed = demo_efficiency_remove()
        self.stdout.write(
            f"Removed {removed['firm_years']} sample firm-years, {removed['rule_sets']} sample rule sets and "
            f"{removed['result_sets']} sample result sets."
        )

    def _samples(
        self,
        *args,
        projects,
        enterprises,
        policies,
        if_none,
        seed,
        remove,
        spaces=0,
        top_up=False,
        service_requests=0,
        news=0,
        **options,
    ):
        from portal.demo.news import demo_news_count, demo_news_generate, demo_news_remove
        from portal.demo.service import DemoServiceError, demo_service_requests_generate, demo_service_requests_remove
        from portal.demo.spaces import DemoSpacesError, demo_spaces_generate, demo_spaces_remove
        from service.models import ServiceRequest

        started = time.monotonic()
        if remove:
            self.stdout.write(f"Removed {demo_news_remove()} sample news items.")
            removed_policies = demo_policies_remove()
            self.stdout.write(f"Removed {removed_policies} sample policies.")
            counts = demo_remove()
            self.stdout.write(f"Removed {demo_spaces_remove()} sample spaces.")
            self.stdout.write(f"Removed {demo_service_requests_remove()} sample service requests.")
            self.stdout.write(
                f"Removed {counts['projects']} sample projects and {counts['enterprises']} sample enterprises "
                f"in {time.monotonic() - started:.1f} s."
            )
            return
        if service_requests < 0 or news < 0:
            raise CommandError("--service-requests and --news must be 0 or more.")
        if news and not (if_none and demo_news_count()):
            made = demo_news_generate(count=news, seed=seed)
            self.stdout.write(
                f"Added {made['published'] + made['scheduled']} sample news items "
                f"({made['scheduled']} scheduled to appear later)."
            )
        if news and not service_requests and not projects and not enterprises and not spaces and not policies:
            return
        if service_requests and not (if_none and ServiceRequest.objects.filter(is_demo=True).exists()):
            try:
                added = demo_service_requests_generate(count=service_requests, seed=seed)
            except DemoServiceError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Added {added} sample service requests.")
            if not projects and not enterprises and not spaces and not policies:
                return
        if projects < 0 or enterprises < 0 or policies < 0 or spaces < 0:
            raise CommandError("--projects, --enterprises, --spaces and --policies must be 0 or more.")
        if not projects and not enterprises and not policies and not spaces:
            raise CommandError(
                "Nothing to do: give --projects N, --enterprises N, --spaces N and/or --policies N (or --remove)."
            )
        if policies and not (if_none and demo_policy_count()):
            made = demo_policies_generate(count=policies, seed=seed)
            self.stdout.write(f"Added {made['policies']} sample policies with {made['measures']} measures.")
        make_spaces = functools.partial(demo_spaces_generate, count=spaces, seed=seed, top_up=top_up)
        if spaces and not projects and not enterprises:
            try:
                self.stdout.write(f"Added {make_spaces()} sample spaces.")
            except DemoSpacesError as error:
                raise CommandError(str(error)) from error
            return
        try:
            # The spaces are made alongside the projects (at the same time on PostgreSQL: demo_generate).
            created = demo_generate(
                projects=projects, enterprises=enterprises, seed=seed, alongside=make_spaces if spaces else None
            )
        except (DemoDataError, DemoSpacesError) as error:
            raise CommandError(str(error)) from error
        if spaces:
            self.stdout.write(f"Added {created['alongside']} sample spaces.")
        self.stdout.write(
            f"Added {created['projects']} sample projects, {created['enterprises']} sample enterprises and "
            f"{created['recognitions']} recognitions in {time.monotonic() - started:.1f} s."
        )
