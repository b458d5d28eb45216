"""The policy pages' browser fixture, shared by the journey and the accessibility tests."""

import datetime
import os

import pytest

OFFICIAL = "https://www.example.gov.cn/policies/e2e-talent.html"


@pytest.fixture
def policy_site(site):
    """The seed site plus sample policies and one known policy whose measure a zone firm meets."""
    from django.core.management import call_command

    from policies.models import Condition, Measure, Policy

    with open(os.devnull, "w") as devnull:
        call_command("generate_demo_data", policies=6, stdout=devnull)
    today = datetime.date.today()
    policy = Policy.objects.create(
        title="示例：人才安居补助办法（端到端测试）",
        title_en="Sample: housing grants for talent (end-to-end test)",
        slug="e2e-talent",
        document_number="示例〔2026〕99号",
        issuer="钱江经济开发区管委会（示例）",
        level=Policy.Level.ZONE,
        published_on=today - datetime.timedelta(days=3),
        in_force_from=today - datetime.timedelta(days=1),
        in_force_until=today + datetime.timedelta(days=365),
        source_url=OFFICIAL,
        last_verified_on=today,
        is_demo=True,
    )
    measure = Measure.objects.create(
        policy=policy,
        title="示例：人才安居补助",
        title_en="Sample: talent housing grant",
        benefit="每人每月补助（示例）。",
    )
    Condition.objects.create(measure=measure, kind=Condition.Kind.IN_ZONE)
    Condition.objects.create(measure=measure, kind=Condition.Kind.EMPLOYEES, minimum=10)
    return site
