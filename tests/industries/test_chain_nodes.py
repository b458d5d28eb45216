"""The chain editor's rules (issue 28): a sub-link's parent is a link of the same industry, never itself or
one of its own sub-links; a target says what it seeks; a project or enterprise sits on its own industry's chain."""

import pytest
from django.core.exceptions import ValidationError

from industries.models import ChainNode
from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def node(industry, name, parent=None, **fields):
    row = ChainNode(industry=industry, stage=ChainNode.Stage.MIDSTREAM, name=name, parent=parent, **fields)
    row.full_clean()
    row.save()
    return row


def test_a_parent_of_another_industry_is_refused():
    chips, energy = IndustryFactory(), IndustryFactory()
    wafer = node(chips, "晶圆制造")
    with pytest.raises(ValidationError) as refused:
        node(energy, "电池材料", parent=wafer)
    assert "parent" in refused.value.message_dict


def test_a_cycle_is_refused_however_long():
    chips = IndustryFactory()
    a = node(chips, "A")
    b = node(chips, "B", parent=a)
    c = node(chips, "C", parent=b)
    a.parent = c  # A under C under B under A
    with pytest.raises(ValidationError) as refused:
        a.full_clean()
    assert "parent" in refused.value.message_dict
    a.parent = a
    with pytest.raises(ValidationError):
        a.full_clean()
    a.parent = None
    a.full_clean()  # back to the top: fine


def test_a_target_says_what_it_seeks_and_only_a_target_has_a_kind():
    chips = IndustryFactory()
    with pytest.raises(ValidationError) as refused:
        node(chips, "封装测试", is_target=True)
    assert {"target_brief", "target_kind"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError):
        node(chips, "设计", target_kind=ChainNode.TargetKind.FILL)
    target = node(
        chips, "先进封装", is_target=True, target_kind=ChainNode.TargetKind.FILL, target_brief="寻找先进封装企业。"
    )
    assert target.is_target


def test_projects_and_enterprises_sit_on_their_own_industrys_chain():
    chips, energy = IndustryFactory(), IndustryFactory()
    battery = node(energy, "电池")
    project = ProjectFactory(industry=chips)
    project.chain_node = battery
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "chain_node" in refused.value.message_dict
    enterprise = EnterpriseFactory(industry=chips)
    enterprise.chain_node = battery
    with pytest.raises(ValidationError) as refused:
        enterprise.full_clean()
    assert "chain_node" in refused.value.message_dict
    enterprise.chain_node = node(chips, "芯片设计")
    enterprise.full_clean()


def test_the_targets_page_address_is_not_an_industrys_slug():
    industry = IndustryFactory.build(slug="targets", name="目标")
    with pytest.raises(ValidationError) as refused:
        industry.full_clean()
    assert "slug" in refused.value.message_dict
