"""Issue 13: the footer carries the ICP number, 网站标识码, hotline and address — staff-editable, shown
when filled, left empty by the seed."""

import pytest
from django.contrib.auth.models import Group

from portal.models import SiteSettings
from staff.roles import CONTENT_EDITOR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _footer(body: str) -> str:
    return body[body.index('<footer class="site-footer">') :]


def test_seed_leaves_the_footer_facts_empty(client, seeded):
    assert not SiteSettings.objects.exists()
    footer = _footer(client.get("/").content.decode())
    assert "beian.miit.gov.cn" not in footer and "网站标识码" not in footer and "服务热线" not in footer


@pytest.mark.parametrize(
    ("prefix", "labels"),
    [("", ("服务热线：", "地址：", "网站标识码：")), ("/en", ("Hotline:", "Address:", "Website identification code:"))],
)
def test_filled_footer_facts_show_on_every_page_at_once(client, db, prefix, labels):
    client.get(f"{prefix}/")  # the footer fragment is cached: a later edit must still show
    SiteSettings.objects.create(
        icp_number="浙ICP备00000000号",
        site_code="3301000000",
        hotline="0571-0000 0000",
        address="杭州市示例路1号",
        address_en="1 Example Road, Hangzhou",
    )
    footer = _footer(client.get(f"{prefix}/about/").content.decode())
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">浙ICP备00000000号</a>' in footer
    assert "3301000000" in footer and 'href="tel:057100000000"' in footer
    assert ("1 Example Road, Hangzhou" if prefix else "杭州市示例路1号") in footer
    for label in labels:
        assert label in footer


def test_only_the_filled_facts_show(client, db):
    SiteSettings.objects.create(hotline="0571-1234 5678")
    footer = _footer(client.get("/").content.decode())
    assert "服务热线：" in footer and "地址：" not in footer and "beian.miit.gov.cn" not in footer


def test_a_content_editor_edits_the_site_settings_in_the_admin(client, db):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    client.force_login(editor)
    response = client.post(
        "/admin/portal/sitesettings/add/",
        {
            "icp_number": "浙ICP备00000001号",
            "site_code": "",
            "hotline": "",
            "address": "",
            "address_en": "",
            # The officers named on /contact/ (an inline, issue 24): none.
            "industry_officers-TOTAL_FORMS": "0",
            "industry_officers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SiteSettings.current().icp_number == "浙ICP备00000001号"
    assert client.get("/admin/portal/sitesettings/add/").status_code == 403  # one row only
