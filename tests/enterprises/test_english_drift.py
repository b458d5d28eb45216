"""An enterprise whose Chinese changed after its English (issue 13): service, bulk service, pages, admin."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from enterprises.services import enterprise_save, enterprises_save_many
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


@pytest.fixture
def enterprise():
    return EnterpriseFactory(
        slug="acme", name="某某科技", name_en="Acme Tech", summary="旧简介", summary_en="Old summary"
    )


def test_the_service_marks_a_changed_chinese_summary(enterprise):
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.summary = "新简介"
    enterprise_save(enterprise=enterprise)
    assert Enterprise.objects.get(pk=enterprise.pk).english_out_of_date == ["summary_en"]
    assert enterprise.history.first().english_out_of_date == ["summary_en"]


def test_the_bulk_service_marks_and_clears(enterprise):
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.name = "某某智能科技"
    enterprises_save_many(enterprises=[enterprise], validate=False)
    assert Enterprise.objects.get(pk=enterprise.pk).english_out_of_date == ["name_en"]
    enterprise.name_en = "Acme Intelligent Tech"
    enterprises_save_many(enterprises=[enterprise], validate=False)
    assert Enterprise.objects.get(pk=enterprise.pk).english_out_of_date == []


def test_the_english_pages_show_the_chinese_with_one_note_per_block(client, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(summary="新简介", english_out_of_date=["summary_en"])
    page = client.get("/en/enterprises/acme/").content.decode()
    assert "新简介" in page and "Old summary" not in page
    assert page.count(NOTE) == 1
    card = client.get("/en/enterprises/").content.decode()
    assert "新简介" in card and card.count(NOTE) == 1
    assert NOTE not in client.get("/enterprises/acme/").content.decode()


def test_the_admin_list_filter_and_confirm(client, enterprise):
    client.force_login(UserFactory(username="root", is_superuser=True))
    Enterprise.objects.filter(pk=enterprise.pk).update(english_out_of_date=["summary_en"])
    EnterpriseFactory()
    response = client.get(reverse("admin:enterprises_enterprise_changelist"), {"english_out_of_date": "yes"})
    assert [e.pk for e in response.context["cl"].result_list] == [enterprise.pk]
    client.post(reverse("admin:enterprises_enterprise_confirm_english", args=[enterprise.pk]))
    assert Enterprise.objects.get(pk=enterprise.pk).english_out_of_date == []
