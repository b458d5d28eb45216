"""/api/v1/policies/: the policy library's rows and filters, with each policy's measures."""

import datetime
from decimal import Decimal

import pytest

from tests.api.test_endpoints import api_slugs, html_list
from tests.policies.factories import MeasureFactory, PolicyFactory, ThemeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
QUERIES = [
    "",
    "status=all",
    "status=expired",
    "status=expiring",
    "level=zone",
    "level=provincial&status=all",
    "theme=talent",
    "sort=expiring",
    "q=人才",
    "status=all&sort=newest",
]


@pytest.fixture
def policies(db):
    talent = ThemeFactory(slug="talent", name="人才")
    for number in range(6):
        policy = PolicyFactory(
            level=["zone", "provincial", "municipal"][number % 3],
            title=f"人才政策{number}" if number % 2 else f"政策{number}",
            in_force_from=TODAY - datetime.timedelta(days=400),
            in_force_until=TODAY + datetime.timedelta(days=[400, 30, -5, 1000, 60, -100][number]),
        )
        if number % 2:
            policy.themes.add(talent)
        MeasureFactory(policy=policy, benefit_amount=Decimal("50"), title=f"条款{number}")
    PolicyFactory(slug="hidden", is_published=False)


@pytest.mark.parametrize("query", QUERIES)
def test_policy_api_lists_what_the_html_list_lists(client, policies, query):
    html, count = html_list(client, "/policies/", query)
    api = api_slugs(client, "/api/v1/policies/", query)
    assert api[: len(html)] == html and len(api) == count


def test_policy_has_measures_amounts_and_status(client, policies):
    row = client.get("/api/v1/policies/?status=all").json()["results"][0]
    assert row["measures"][0]["benefit_amount"] == {"value": "50.00", "unit": "万元", "unit_en": "10,000 yuan"}
    assert row["status"] in {"in_force", "expiring", "expired", "not_yet"}
    assert client.get("/api/v1/policies/hidden/").status_code == 404


def test_bad_policy_filter_is_400(client, policies):
    response = client.get("/api/v1/policies/?status=sometimes&level=galactic")
    assert response.status_code == 400 and set(response.json()) == {"status", "level"}


def test_policy_download_and_link(client, policies):
    response = client.get("/data/policies.csv?status=all")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 1 + 6 and "条款" in body
    assert 'href="/data/policies.csv?status=all"' in client.get("/policies/?status=all").content.decode()
