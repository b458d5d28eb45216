"""Policies from a spreadsheet: themes and industries by slug, dates checked by the model's rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies.models import Policy
from tests.factories import IndustryFactory, UserFactory
from tests.fixtures.make_fixtures import csv_bytes
from tests.policies.factories import ThemeFactory

pytestmark = pytest.mark.django_db
HEADERS = [
    "slug",
    "title",
    "document_number",
    "issuer",
    "level",
    "in_force_from",
    "in_force_until",
    "themes",
    "industries",
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def _preview(client, rows):
    content = csv_bytes(HEADERS, rows)
    return client.post(
        reverse("admin:policies_policy_import"),
        {"import_file": SimpleUploadedFile("p.csv", content), "format": "0", "resource": "0"},
    )


def test_policy_import_with_themes_and_industries(admin_client):
    ThemeFactory(slug="talent")
    ThemeFactory(slug="finance")
    IndustryFactory(slug="chips")
    rows = [
        [
            "talent-2026",
            "人才政策",
            "杭钱开〔2026〕1号",
            "管委会",
            "zone",
            "2026-01-01",
            "2027-12-31",
            "talent|finance",
            "chips",
        ]
    ]
    response = _preview(admin_client, rows)
    result = response.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    form = response.context["confirm_form"]
    admin_client.post(reverse("admin:policies_policy_process_import"), form.initial)
    policy = Policy.objects.get(slug="talent-2026")
    assert sorted(policy.themes.values_list("slug", flat=True)) == ["finance", "talent"]
    assert list(policy.industries.values_list("slug", flat=True)) == ["chips"]


def test_policy_row_ending_before_it_starts_is_reported(admin_client):
    rows = [["bad-dates", "日期有误", "", "管委会", "zone", "2026-05-01", "2026-01-01", "", ""]]
    invalid = _preview(admin_client, rows).context["result"].invalid_rows
    assert invalid and "in_force_until" in invalid[0].error_dict
    assert not Policy.objects.exists()
