import pytest
from django.core.management import call_command
from django.urls import reverse

from spaces.models import Space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(**options):
    call_command("generate_demo_data", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def test_sample_spaces_are_flagged_valid_varied_and_removable(seeded):
    real = Space.objects.count()
    _run(spaces=60)
    demo = Space.objects.filter(is_demo=True)
    assert demo.count() == 60
    assert all(name.startswith("示例") for name in demo.values_list("name", flat=True))
    assert all(name.startswith("Sample") for name in demo.values_list("name_en", flat=True))
    assert demo.values("kind").distinct().count() == 5 and demo.values("status").distinct().count() >= 4
    for space in demo:
        space.full_clean()  # every generated row passes the model's own validation
        assert space.area_m2 == space.computed_area_m2()
    assert Space.objects.search("示例").count() == 60
    _run(remove=True)
    assert Space.objects.count() == real and not Space.objects.filter(is_demo=True).exists()


def test_top_up_adds_only_what_is_missing(seeded):
    _run(spaces=12, top_up=True)
    _run(spaces=12, top_up=True)
    assert Space.objects.filter(is_demo=True).count() == 12


def test_dashboard_counts_spaces_by_kind_zone_and_status(client, seeded):
    client.force_login(UserFactory(username="root", is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert "载体（按状态）" in page and "载体（按类型）" in page and "载体（按片区）" in page
    assert "?status__exact=occupied" in page and "?kind__exact=renewal" in page


def test_dashboard_hides_spaces_from_staff_without_the_right(client, seeded):
    client.force_login(UserFactory(username="nobody"))
    assert "载体（按状态）" not in client.get(reverse("admin:index")).content.decode()


def test_sample_spaces_hold_the_search_text_of_their_target_industries(seeded):
    """Computed once, before the insert, with the industries chosen for the row: what refresh_search()
    makes of the saved space with its target industries (no second pass over the rows)."""
    _run(spaces=40)
    spaces = Space.objects.filter(is_demo=True).prefetch_related("target_industries").select_related("zone")
    assert any(space.target_industries.all() for space in spaces)
    for space in spaces:
        stored_text, stored_tokens = space.search_text, space.search_tokens
        space.refresh_search()
        assert stored_text == space.search_text
        assert set(stored_tokens.split(" ")) == set(space.search_tokens.split(" "))
    assert all(space.status_log.count() == 1 for space in spaces)
