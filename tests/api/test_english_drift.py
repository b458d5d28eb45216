"""The open data does not serve an out-of-date English text as current (issue 13)."""

import pytest

from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_out_of_date_english_field_is_served_empty_and_named(client):
    ProjectFactory(slug="stale", name="甲", name_en="A", summary="新简介", summary_en="Old summary")
    ProjectFactory(slug="current", name="乙", name_en="B", summary="简介", summary_en="Summary")
    Project.objects.filter(slug="stale").update(english_out_of_date=["summary_en"])

    stale = client.get("/api/v1/projects/stale/").json()
    assert stale["summary"] == "新简介"
    assert stale["summary_en"] == ""
    assert stale["name_en"] == "A"
    assert stale["english_out_of_date"] == ["summary_en"]
    current = client.get("/api/v1/projects/current/").json()
    assert current["summary_en"] == "Summary" and current["english_out_of_date"] == []

    download = b"".join(client.get("/data/projects.csv").streaming_content).decode("utf-8-sig")
    assert "Old summary" not in download and "Summary" in download
