""" "Tell us you can fill this" (issue 28): the inquiry form pre-filled from an investment target
(?industry=<slug>&node=<pk>), the chain link saved with the inquiry, a bad or mismatched link refused with
a message, and the officer's list filtered by target."""

import pytest
from django.urls import reverse

from industries.models import ChainNode
from inquiries.models import Inquiry
from tests.factories import IndustryFactory, InquiryFactory
from tests.inquiries.conftest import fresh

pytestmark = pytest.mark.django_db

FORM_URL = "/inquiry/"
CHANGELIST = reverse("admin:inquiries_inquiry_changelist")


def link(industry, name, *, target=True, **fields):
    node = ChainNode(
        industry=industry,
        stage=ChainNode.Stage.UPSTREAM,
        name=name,
        is_target=target,
        target_kind=ChainNode.TargetKind.FILL if target else "",
        target_brief="寻找企业" if target else "",
        **fields,
    )
    node.full_clean()
    node.save()
    return node


@pytest.fixture
def chips(db):
    return IndustryFactory(slug="chips", name="集成电路", name_en="Integrated circuits")


@pytest.fixture
def packaging(chips):
    return link(chips, "先进封装", name_en="Advanced packaging")


def test_the_form_opened_from_a_target_shows_it_and_carries_it(client, chips, packaging):
    response = client.get(f"{FORM_URL}?industry=chips&node={packaging.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["industry"] == chips.pk and form.initial["chain_node"] == packaging.pk
    page = response.content.decode()
    assert "您正在回应招商目标：<strong>先进封装</strong>（集成电路）" in page
    assert f'<input type="hidden" name="chain_node" value="{packaging.pk}"' in page
    assert f'<option value="{chips.pk}" selected>' in page
    english = client.get(f"/en{FORM_URL}?industry=chips&node={packaging.pk}").content.decode()
    assert (
        "You are answering the investment target: <strong>Advanced packaging</strong> (Integrated circuits)" in english
    )


def test_a_link_that_is_no_target_is_named_as_a_link(client, chips):
    wafer = link(chips, "晶圆制造", target=False)
    page = client.get(f"/en{FORM_URL}?node={wafer.pk}").content.decode()
    assert "Your inquiry is about the chain link: <strong>晶圆制造</strong>" in page


def test_the_node_alone_brings_its_industry(client, chips, packaging):
    form = client.get(f"{FORM_URL}?node={packaging.pk}").context["form"]
    assert form.initial["industry"] == chips.pk and form.initial["chain_node"] == packaging.pk


@pytest.mark.parametrize("query", ["node=abc", "node=99999999", "node=-1", "node=1e5", "node=%00", "industry=%00"])
def test_bad_prefill_values_are_ignored(client, packaging, query):
    response = client.get(f"{FORM_URL}?{query}")
    assert response.status_code == 200
    assert not response.context["form"].initial.get("chain_node")
    assert "招商目标" not in response.content.decode()


def test_a_node_of_another_industry_than_the_one_asked_is_left_out(client, packaging):
    energy = IndustryFactory(slug="energy")
    form = client.get(f"{FORM_URL}?industry=energy&node={packaging.pk}").context["form"]
    assert form.initial["industry"] == energy.pk and "chain_node" not in form.initial


def test_sending_the_prefilled_form_saves_the_chain_link(client, form_data, chips, packaging):
    response = client.post(FORM_URL, fresh(form_data, industry=str(chips.pk), chain_node=str(packaging.pk)))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.chain_node, inquiry.industry) == (packaging, chips)


def test_a_target_without_a_chosen_industry_brings_its_own(client, form_data, chips, packaging):
    client.post(FORM_URL, fresh(form_data, industry="", chain_node=str(packaging.pk)))
    inquiry = Inquiry.objects.get()
    assert (inquiry.chain_node, inquiry.industry) == (packaging, chips)


def test_a_target_of_another_industry_than_the_chosen_one_is_a_form_error(client, form_data, industry, packaging):
    response = client.post(FORM_URL, fresh(form_data, industry=str(industry.pk), chain_node=str(packaging.pk)))
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert response.context["form"].errors["industry"] == [
        "您回应的招商目标“先进封装”属于集成电路产业链：请选择该产业，或改为发送一般咨询。"
    ]


@pytest.mark.parametrize("value", ["99999999", "abc", "-3", "1.5"])
def test_an_unknown_target_is_a_form_error_and_the_form_comes_back_without_it(client, form_data, value):
    response = client.post(FORM_URL, fresh(form_data, chain_node=value))
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    page = response.content.decode()
    assert "此表单来自的招商目标已不存在" in page
    assert '<input type="hidden" name="chain_node" id="id_chain_node">' in page
    # Sent again as it came back, it is a general inquiry.
    client.post(FORM_URL, fresh(form_data, chain_node=""))
    assert Inquiry.objects.get().chain_node is None


def test_the_officer_finds_the_inquiries_by_target(client, officer, chips, packaging):
    design = link(chips, "芯片设计")
    untouched = link(chips, "测试设备", target=False)  # neither a target nor answered: not offered
    answered = link(chips, "EDA 软件", target=False)  # answered though no longer a target
    on_packaging = [InquiryFactory(company=f"封装{n}公司", chain_node=packaging, industry=chips) for n in range(2)]
    InquiryFactory(company="设计公司", chain_node=design, industry=chips)
    InquiryFactory(company="EDA公司", chain_node=answered, industry=chips)
    InquiryFactory(company="一般公司")
    client.force_login(officer)
    response = client.get(f"{CHANGELIST}?chain_node__id__exact={packaging.pk}")
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == set(on_packaging)
    page = response.content.decode()
    for node in (packaging, design, answered):
        assert f"?chain_node__id__exact={node.pk}" in page
    assert f"?chain_node__id__exact={untouched.pk}" not in page
    change = client.get(reverse("admin:inquiries_inquiry_change", args=[on_packaging[0].pk])).content.decode()
    assert "集成电路 · 先进封装" in change


def test_the_export_filtered_by_target_names_the_chain_link(client, officer, chips, packaging):
    import csv
    import io

    InquiryFactory(company="封装公司", chain_node=packaging, industry=chips)
    InquiryFactory(company="一般公司")
    client.force_login(officer)
    url = reverse("admin:inquiries_inquiry_export", args=["csv"]) + f"?chain_node__id__exact={packaging.pk}"
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(table) == 2
    row = dict(zip(table[0], table[1], strict=True))
    assert (row["单位名称"], row["产业链环节"]) == ("封装公司", "先进封装")
