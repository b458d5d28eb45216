"""The open data does not serve an out-of-date English text as current (issue 13)."""

import pytest

from projects.models import Project
from tests.factories import EnterpriseFactory, ProjectFactory, RecognitionFactory, RecognitionTypeFactory

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


def test_nested_names_out_of_date_are_served_empty_too(client):
    """A recognition's type and an enterprise's zone carry their own drift state."""
    kind = RecognitionTypeFactory(slug="little-giant", name="专精特新“小巨人”（新名）", name_en="Little giant")
    enterprise = EnterpriseFactory(slug="stale-nested", zone__name_en="North")
    RecognitionFactory(enterprise=enterprise, kind=kind)
    type(kind).objects.filter(pk=kind.pk).update(english_out_of_date=["name_en"])
    type(enterprise.zone).objects.filter(pk=enterprise.zone.pk).update(english_out_of_date=["name_en"])

    data = client.get("/api/v1/enterprises/stale-nested/").json()
    assert data["recognitions"][0]["name"] == kind.name and data["recognitions"][0]["name_en"] == ""
    assert data["zone"]["name_en"] == ""
