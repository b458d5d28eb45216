"""The investment filter keeps its 亿元 parameters in both languages; English readers get RMB beside the input."""

from decimal import Decimal

import pytest

from tests.publicsite.builders import make_project

pytestmark = pytest.mark.django_db


def test_english_filter_labels_name_rmb_not_chinese_units(client):
    body = client.get("/en/projects/").content.decode()
    assert "100 million yuan" not in body
    assert "Investment from (in units of RMB 100 million)" in body
    assert "1 = RMB 100 million" in body and "10 = RMB 1 billion" in body


def test_chinese_filter_labels_keep_yi_yuan(client):
    body = client.get("/projects/").content.decode()
    assert "总投资不低于（亿元）" in body and "例如 0.5 即 5000 万元" in body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_min_investment_means_yi_yuan_in_both_languages(client, prefix):
    make_project(name="大项目", name_en="Big project", investment=Decimal("30"))
    make_project(name="小项目", name_en="Small project", investment=Decimal("0.5"))
    body = client.get(f"{prefix}/projects/", {"min_investment": "1"}).content.decode()
    assert ("Big project" if prefix else "大项目") in body
    assert ("Small project" if prefix else "小项目") not in body
