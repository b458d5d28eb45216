"""Related blocks: one directory on another's page, registered by portal (portal/related.py)."""

import datetime

import pytest

from tests.publicsite.builders import make_enterprise, make_project

pytestmark = pytest.mark.django_db


def test_enterprise_page_lists_its_projects_like_the_list_undated_last(client):
    enterprise = make_enterprise(name="投资企业")
    make_project(name="无日期项目", investor_enterprise=enterprise, signed_on=None)
    make_project(name="早项目", investor_enterprise=enterprise, signed_on=datetime.date(2019, 1, 1))
    make_project(name="新项目", investor_enterprise=enterprise, signed_on=datetime.date(2023, 1, 1))
    body = client.get(enterprise.get_absolute_url()).content.decode()
    assert "在区投资项目" in body
    assert body.index("新项目") < body.index("早项目") < body.index("无日期项目")


def test_enterprise_without_projects_shows_no_projects_block(client):
    enterprise = make_enterprise(name="无项目企业")
    body = client.get(enterprise.get_absolute_url()).content.decode()
    assert 'id="projects-heading"' not in body
