"""Issue 24, item 4 ("No one to contact"): /contact/ (联系我们) shows the zone's and the 钱小二 desk's
published contacts and the officers by industry chain and by grid, from the officers' own published
profiles; where nothing is published it says how to reach the zone; the administrator is warned."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.models import IndustryOfficer, SiteSettings
from staff.roles import ADMINISTRATOR, CONTENT_EDITOR, INVESTMENT_OFFICER
from tests.factories import IndustryFactory, OfficerProfileFactory, ServiceGridFactory, UserFactory

pytestmark = pytest.mark.django_db


def _main(body: str) -> str:
    """The page without its footer (which repeats the hotline and address)."""
    return body[: body.index('<footer class="site-footer">')]


@pytest.fixture
def investment_officer(migrated_roles):
    user = UserFactory(username="officer-qian")
    user.groups.add(Group.objects.get(name=INVESTMENT_OFFICER))
    return user


def test_an_empty_contact_page_says_how_to_reach_the_zone_and_claims_no_contact(client, seeded):
    """The seed invents no contact (the article gives none): the page points to the two forms."""
    assert not SiteSettings.objects.exists() and not IndustryOfficer.objects.exists()
    for prefix, fallback, forms in [
        ("", "开发区尚未在本网站公布电话或电子邮箱", ("/inquiry/", "/service/request/")),
        (
            "/en",
            "The zone has not published a phone number or e-mail address",
            ("/en/inquiry/", "/en/service/request/"),
        ),
    ]:
        response = client.get(f"{prefix}/contact/")
        assert response.status_code == 200
        page = _main(response.content.decode())
        assert fallback in page
        assert 'id="desk-fallback"' in page
        assert "tel:" not in page and "mailto:" not in page
        for form in forms:
            assert f'href="{form}"' in page


def test_the_published_values_show_and_the_fallback_goes(client, db):
    SiteSettings.objects.create(
        hotline="0571-1111 2222",
        email="invest@example.gov.cn",
        address="杭州市示例路1号",
        address_en="1 Example Road, Hangzhou",
        hours="工作日 8:30–17:00",
        hours_en="Working days 8:30–17:00",
        desk_phone="0571-3333 4444",
    )
    zh = _main(client.get("/contact/").content.decode())
    assert 'href="tel:057111112222"' in zh
    assert "invest@example.gov.cn" in zh and "杭州市示例路1号" in zh and "工作日 8:30–17:00" in zh
    assert "0571-3333 4444" in zh and 'id="contact-fallback"' not in zh and 'id="desk-fallback"' not in zh
    en = _main(client.get("/en/contact/").content.decode())
    assert "1 Example Road, Hangzhou" in en and "Working days 8:30–17:00" in en


def test_officers_by_chain_and_grid_show_only_what_they_publish(client, investment_officer, migrated_roles):
    site = SiteSettings.objects.create()
    chain = IndustryFactory(name="新能源汽车", name_en="New-energy vehicles")
    OfficerProfileFactory(
        user=investment_officer,
        name="钱专员",
        show_name=True,
        phone="0571-5555 6666",
        show_phone=True,
        email="qian@example.gov.cn",  # not published
    )
    IndustryOfficer.objects.create(site=site, industry=chain, officer=investment_officer)
    # An officer named for a chain who publishes no phone or e-mail is not listed.
    silent = UserFactory(username="officer-silent")
    OfficerProfileFactory(user=silent, name="孙专员", show_name=True)
    IndustryOfficer.objects.create(site=site, industry=IndustryFactory(name="生物医药"), officer=silent)
    grid_officer = UserFactory(username="grid-li")
    OfficerProfileFactory(user=grid_officer, name="李专员", show_name=True, email="li@example.gov.cn", show_email=True)
    grid = ServiceGridFactory(name="一号网格", name_en="Grid 1")
    grid.officers.add(grid_officer)
    page = _main(client.get("/contact/").content.decode())
    assert "新能源汽车" in page and "钱专员" in page and "0571-5555 6666" in page
    assert "qian@example.gov.cn" not in page
    assert "孙专员" not in page and "生物医药" not in page
    assert "一号网格" in page and "李专员" in page and "li@example.gov.cn" in page
    en = _main(client.get("/en/contact/").content.decode())
    assert "New-energy vehicles" in en and "Grid 1" in en


def test_an_inactive_officer_is_not_listed(client, investment_officer):
    site = SiteSettings.objects.create()
    OfficerProfileFactory(
        user=investment_officer, name="钱专员", show_name=True, phone="0571-5555 6666", show_phone=True
    )
    IndustryOfficer.objects.create(site=site, industry=IndustryFactory(), officer=investment_officer)
    investment_officer.is_active = False
    investment_officer.save()
    assert "0571-5555 6666" not in client.get("/contact/").content.decode()


def test_every_page_links_the_contact_page_in_the_footer(client, db):
    footer = client.get("/about/").content.decode().split('<footer class="site-footer">')[1]
    assert f'href="{reverse("portal:contact")}"' in footer and "联系我们" in footer


def test_an_editor_fills_in_the_contacts_and_names_an_officer_for_a_chain_in_the_admin(
    client, investment_officer, migrated_roles
):
    editor = UserFactory(username="editor-wu", is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    OfficerProfileFactory(
        user=investment_officer, name="钱专员", show_name=True, phone="0571-5555 6666", show_phone=True
    )
    chain = IndustryFactory(name="集成电路")
    client.force_login(editor)
    form = client.get("/admin/portal/sitesettings/add/").content.decode()
    # The officer list offers investment officers only, not every account.
    assert (
        "officer-qian" in form
        and "editor-wu" not in form.split('name="industry_officers-__prefix__-officer"')[1][:3000]
    )
    data = {
        "icp_number": "",
        "site_code": "",
        "hotline": "0571-1111 2222",
        "email": "",
        "address": "",
        "hours": "工作日 8:30–17:00",
        "desk_phone": "",
        "desk_email": "desk@example.gov.cn",
        "desk_hours": "",
        "address_en": "",
        "hours_en": "",
        "desk_hours_en": "",
        "industry_officers-TOTAL_FORMS": "1",
        "industry_officers-INITIAL_FORMS": "0",
        "industry_officers-MIN_NUM_FORMS": "0",
        "industry_officers-MAX_NUM_FORMS": "1000",
        "industry_officers-0-industry": str(chain.pk),
        "industry_officers-0-officer": str(investment_officer.pk),
        "industry_officers-0-order": "0",
    }
    response = client.post("/admin/portal/sitesettings/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    site = SiteSettings.current()
    assert site.hotline == "0571-1111 2222" and site.history.count() == 1
    assert IndustryOfficer.objects.get().history.count() == 1  # the officer rows keep their history too
    client.logout()
    page = _main(client.get("/contact/").content.decode())  # the cached page follows the edit
    assert "0571-1111 2222" in page and "desk@example.gov.cn" in page and "集成电路" in page and "钱专员" in page


def test_the_dashboard_warns_the_administrator_of_missing_contacts(client, migrated_roles):
    admin = UserFactory(username="admin-he", is_staff=True)
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR))
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert 'id="dashboard-contact"' in page and "服务热线" in page
    assert reverse("admin:portal_sitesettings_add") in page
    site = SiteSettings.objects.create(
        hotline="1",
        email="a@example.gov.cn",
        address="x",
        hours="y",
        desk_phone="2",
        desk_email="d@example.gov.cn",
        desk_hours="z",
    )
    page = client.get("/admin/").content.decode()
    assert 'id="dashboard-contact"' in page  # no officer publishes a contact yet
    assert "服务热线" not in page.split('id="dashboard-contact"')[1].split("</div>")[0]
    assert reverse("admin:portal_sitesettings_change", args=[site.pk]) in page


def test_the_dashboard_warning_is_the_administrators_not_the_officers(client, investment_officer):
    investment_officer.is_staff = True
    investment_officer.save()
    client.force_login(investment_officer)
    assert 'id="dashboard-contact"' not in client.get("/admin/").content.decode()
