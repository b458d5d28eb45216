import pytest
from django.core.management import CommandError, call_command

from enterprises.models import Enterprise, Recognition
from projects.models import Project
from zones.models import Zone

pytestmark = pytest.mark.django_db


def _generate(projects, enterprises):
    call_command("generate_demo_data", projects=projects, enterprises=enterprises, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_generates_labelled_rows_spread_over_the_reference_data(seeded):
    real_projects = Project.objects.count()
    real_enterprises = Enterprise.objects.count()
    _generate(300, 200)
    demo = Project.objects.filter(is_demo=True)
    assert demo.count() == 300
    assert Enterprise.objects.filter(is_demo=True).count() == 200
    assert Project.objects.count() == real_projects + 300
    assert Enterprise.objects.count() == real_enterprises + 200
    assert all(name.startswith("示例") for name in demo.values_list("name", flat=True))
    assert all(n.startswith("Sample") for n in demo.values_list("name_en", flat=True))
    assert demo.values("zone").distinct().count() == 3
    assert demo.values("industry").distinct().count() >= 8
    assert demo.values("stage").distinct().count() == 3
    assert demo.values("signed_on__year").distinct().count() >= 10
    assert demo.filter(investment_disclosed=False).exists()
    assert demo.filter(is_published=False).exists()
    assert Recognition.objects.filter(enterprise__is_demo=True).exists()
    demo_enterprises = Enterprise.objects.filter(is_demo=True)
    assert demo_enterprises.values("listing_status").distinct().count() >= 2
    assert demo_enterprises.exclude(grid=None).exists()
    # Searchable like any other row.
    assert demo.exclude(search_text="").count() == 300
    assert demo.exclude(search_tokens="").count() == 300
    assert Project.objects.search("示例").count() == 300


def test_generating_twice_adds_more_rows_without_clashes(seeded):
    _generate(20, 5)
    _generate(20, 5)
    assert Project.objects.filter(is_demo=True).count() == 40
    assert Enterprise.objects.filter(is_demo=True).count() == 10


def test_remove_deletes_demo_rows_and_nothing_else(seeded):
    real_projects = set(Project.objects.values_list("pk", flat=True))
    real_enterprises = set(Enterprise.objects.values_list("pk", flat=True))
    real_recognitions = Recognition.objects.count()
    _generate(50, 50)
    call_command("generate_demo_data", remove=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Project.objects.values_list("pk", flat=True)) == real_projects
    assert set(Enterprise.objects.values_list("pk", flat=True)) == real_enterprises
    assert Recognition.objects.count() == real_recognitions


def test_needs_the_seed_first(db):
    with pytest.raises(CommandError, match="load_seed"):
        _generate(5, 0)


def test_refuses_negative_counts(seeded):
    with pytest.raises(CommandError):
        _generate(-1, 0)


def test_demo_data_invents_no_zone_boundary(seeded):
    call_command(
        "generate_demo_data",
        projects=5,
        enterprises=5,
        spaces=5,
        policies=2,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert not Zone.objects.with_boundary().exists()


def test_sample_rows_hold_the_search_text_and_tokens_a_save_would_give_them(seeded):
    """The generator computes search text part by part with cached tokens (portal.demo.projects.row_search):
    the stored values are exactly what refresh_search() makes of the saved row (tokens compared as a set)."""
    _generate(120, 120)
    for model in (Project, Enterprise):
        rows = model.objects.filter(is_demo=True).select_related("zone", "industry")
        assert rows.count() == 120
        for row in rows:
            stored_text, stored_tokens = row.search_text, row.search_tokens
            row.refresh_search()
            assert stored_text == row.search_text
            assert set(stored_tokens.split(" ")) == set(row.search_tokens.split(" "))


def test_row_search_matches_build_search_text_on_awkward_parts():
    from core.search import build_search_text, search_tokens
    from portal.demo.projects import row_search

    for parts in (
        ["示例华芯新能源科技有限公司（12）", "Sample  Huaxin\tNew Energy Co., Ltd. (12)", "", "   ", "ＡＢＣ　def"],
        ["一"],
        [],
    ):
        text, tokens = row_search(parts)
        assert text == build_search_text(*parts)
        assert set(tokens.split(" ")) == set(search_tokens(text).split(" "))
