import io

import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
from industries.models import ChainNode, Industry
from projects.models import Project

pytestmark = pytest.mark.django_db


def _generate(**options):
    out = io.StringIO()
    call_command("generate_demo_data", stdout=out, **options)
    return out.getvalue()


def test_the_seed_invents_no_chain_links(seeded):
    assert not ChainNode.objects.exists()


def test_every_industry_gets_a_flagged_sample_chain_with_a_target(seeded):
    _generate(chains=True)
    nodes = ChainNode.objects.all()
    assert nodes.exists()
    assert not nodes.filter(is_demo=False).exists()
    assert all(name.startswith("示例") for name in nodes.values_list("name", flat=True))
    assert all(name.startswith("Sample: ") for name in nodes.values_list("name_en", flat=True))
    assert Industry.objects.count() == 10
    for industry in Industry.objects.all():
        chain = industry.chain_nodes.all()
        stages = set(chain.values_list("stage", flat=True))
        assert stages == set(ChainNode.Stage.values), industry.slug
        assert 4 <= chain.filter(parent=None).count() <= 8, industry.slug
        assert not chain.exclude(parent=None).exclude(parent__industry=industry).exists()
        targets = chain.filter(is_target=True)
        assert 1 <= targets.count() <= 2, industry.slug
        for target in targets:
            assert target.target_kind in ChainNode.TargetKind.values
            assert "示例数据" in target.target_brief
            assert "Sample data" in target.target_brief_en
            target.full_clean()  # what the editor would accept
    # One or two links per industry have a sub-link, and the sub-links are of the same stage.
    subs = ChainNode.objects.exclude(parent=None).select_related("parent")
    assert subs.exists()
    assert all(sub.stage == sub.parent.stage for sub in subs)
    # Written with their English, so nothing reads as out of date.
    assert not ChainNode.objects.exclude(english_out_of_date=[]).exists()


def test_only_sample_records_are_placed_on_links_of_their_own_industry(seeded):
    real_enterprises = set(Enterprise.objects.filter(is_demo=False).values_list("pk", "chain_node"))
    real_projects = set(Project.objects.filter(is_demo=False).values_list("pk", "chain_node"))
    _generate(projects=60, enterprises=80)
    out = _generate(chains=True)
    placed_enterprises = Enterprise.objects.exclude(chain_node=None)
    placed_projects = Project.objects.exclude(chain_node=None)
    assert placed_enterprises.exists() and placed_projects.exists()
    assert not placed_enterprises.filter(is_demo=False).exists()
    assert not placed_projects.filter(is_demo=False).exists()
    for record in [*placed_enterprises.select_related("chain_node"), *placed_projects.select_related("chain_node")]:
        assert record.chain_node.industry_id == record.industry_id
        assert record.chain_node.is_demo
    # A link the zone wants filled has no one on it yet, so it can be drawn as missing.
    fill = ChainNode.objects.filter(target_kind=ChainNode.TargetKind.FILL)
    assert fill.exists()
    assert not placed_enterprises.filter(chain_node__in=fill).exists()
    assert not placed_projects.filter(chain_node__in=fill).exists()
    # And some other links stay empty too: the diagram shows presence and absence.
    assert ChainNode.objects.filter(enterprises=None, projects=None).exclude(target_kind="fill").exists()
    assert f"placed {placed_enterprises.count()} sample enterprises" in out
    assert set(Enterprise.objects.filter(is_demo=False).values_list("pk", "chain_node")) == real_enterprises
    assert set(Project.objects.filter(is_demo=False).values_list("pk", "chain_node")) == real_projects


def test_chains_with_projects_in_one_run_places_the_new_rows(seeded):
    _generate(enterprises=40, chains=True)
    assert Enterprise.objects.filter(is_demo=True).exclude(chain_node=None).exists()


def test_no_sample_records_means_no_presence(seeded):
    out = _generate(chains=True)
    assert "placed 0 sample enterprises and 0 sample projects" in out
    assert not Enterprise.objects.exclude(chain_node=None).exists()
    assert not Project.objects.exclude(chain_node=None).exists()


def test_if_none_adds_nothing_the_second_time(seeded):
    _generate(chains=True, if_none=True)
    before = sorted(ChainNode.objects.values_list("pk", flat=True))
    _generate(chains=True, if_none=True)
    assert sorted(ChainNode.objects.values_list("pk", flat=True)) == before


def test_twice_without_if_none_adds_no_duplicate_links_but_places_new_records(seeded):
    _generate(chains=True)
    before = ChainNode.objects.count()
    _generate(enterprises=30)
    out = _generate(chains=True)
    assert ChainNode.objects.count() == before
    assert "Added 0 sample chain links" in out
    assert Enterprise.objects.filter(is_demo=True).exclude(chain_node=None).exists()


def test_an_industry_whose_chain_staff_typed_gets_no_sample_links(seeded):
    industry = Industry.objects.get(slug="new-energy")
    real = ChainNode.objects.create(industry=industry, stage=ChainNode.Stage.MIDSTREAM, name="动力电池")
    _generate(chains=True)
    assert list(industry.chain_nodes.all()) == [real]
    assert ChainNode.objects.filter(is_demo=True).values("industry").distinct().count() == 9


def test_remove_deletes_sample_links_and_keeps_real_rows(seeded):
    from inquiries.models import Inquiry

    industry = Industry.objects.get(slug="life-health")
    real_node = ChainNode.objects.create(industry=industry, stage=ChainNode.Stage.UPSTREAM, name="原料药")
    real_enterprise = Enterprise.objects.filter(is_demo=False, industry=industry).first()
    _generate(enterprises=40, projects=20, chains=True)
    # A real record that staff put on a sample link keeps existing and only loses the link.
    sample_node = ChainNode.objects.filter(is_demo=True, parent=None).first()
    other_real = Enterprise.objects.filter(is_demo=False, industry=sample_node.industry).first()
    if other_real is not None:
        Enterprise.objects.filter(pk=other_real.pk).update(chain_node=sample_node)
    removed = ChainNode.objects.filter(is_demo=True).count()
    real_inquiries = Inquiry.objects.count()
    real_counts = (Enterprise.objects.filter(is_demo=False).count(), Project.objects.filter(is_demo=False).count())
    out = _generate(remove=True)
    assert f"Removed {removed} sample chain links." in out
    assert list(ChainNode.objects.all()) == [real_node]
    assert not ChainNode.history.filter(is_demo=True).exists()
    assert ChainNode.history.filter(id=real_node.pk).exists()
    assert not Enterprise.objects.filter(is_demo=True).exists()
    assert (Enterprise.objects.count(), Project.objects.count()) == real_counts
    assert Inquiry.objects.count() == real_inquiries
    if real_enterprise is not None:
        assert Enterprise.objects.filter(pk=real_enterprise.pk).exists()
    if other_real is not None:
        other_real.refresh_from_db()
        assert other_real.chain_node is None


def test_remove_keeps_a_sample_link_that_has_a_real_sub_link(seeded):
    _generate(chains=True)
    sample = ChainNode.objects.filter(is_demo=True, parent=None).first()
    real = ChainNode.objects.create(industry=sample.industry, stage=sample.stage, name="真实子环节", parent=sample)
    _generate(remove=True)
    assert set(ChainNode.objects.all()) == {sample, real}


def test_setup_site_draws_a_sample_chain_once(db):
    call_command("setup_site", stdout=io.StringIO(), stderr=io.StringIO())
    count = ChainNode.objects.filter(is_demo=True).count()
    assert count and set(ChainNode.objects.values_list("industry", flat=True)) == set(
        Industry.objects.values_list("pk", flat=True)
    )
    call_command("setup_site", stdout=io.StringIO(), stderr=io.StringIO())
    assert ChainNode.objects.count() == count
