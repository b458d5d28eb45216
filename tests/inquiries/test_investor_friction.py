"""Issue 13, investors: landlines accepted, references read however typed, the thank-you page leads to
the status page with the reference, a project page gives context rather than choices."""

import re

import pytest

from cases.text import normalise_phone
from inquiries.forms import normalise_reference
from inquiries.models import Inquiry
from tests.factories import InquiryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0571-8888 8888", "0571-88888888"),
        ("(0571) 88888888", "0571-88888888"),
        ("+86 571 8888 8888", "0571-88888888"),
        ("010-6552 9988", "010-65529988"),
        ("0571-8888 8888 转 123", "0571-88888888-123"),
        ("0571 88888888 ext. 45", "0571-88888888-45"),
        ("０５７１－８８８８８８８８", "0571-88888888"),
        ("+44 20 7946 0958", "+442079460958"),
        ("138 1234 5678", "13812345678"),
    ],
)
def test_landlines_with_area_code_and_extension_and_international_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["8888 8888", "0571-123", "138 1234 5678 转 1", "0571-0888 8888"])
def test_numbers_without_area_code_or_with_a_stray_extension_are_refused(typed):
    assert normalise_phone(typed) == ""


def test_an_office_landline_is_accepted_on_the_form(client, form_data):
    from tests.inquiries.conftest import fresh

    response = client.post("/inquiry/", fresh(form_data, phone="0571-8888 8888"))
    assert response.status_code == 302
    assert Inquiry.objects.get().phone == "0571-88888888"


@pytest.mark.parametrize(
    "typed", ["QK202600002", "qk2026-00002", " QK 2026 00002 ", "ＱＫ２０２６－００００２", "QK2026–00002"]
)
def test_references_are_read_whatever_the_case_spaces_hyphens_or_width(typed):
    assert normalise_reference(typed) == "QK2026-00002"


@pytest.mark.parametrize("typed", ["QK202600002", "ｑｋ２０２６　００００２"])
def test_status_lookup_finds_a_reference_typed_without_its_hyphen(client, typed):
    InquiryFactory(reference="QK2026-00002", email="li@example.com", stage=Inquiry.Stage.CONTACTED)
    response = client.post("/inquiry/status/", {"reference": typed, "contact": "li@example.com"})
    assert response.context["stage"] == "已联系"


def test_thank_you_page_links_to_the_status_page_with_the_reference(client, form_data):
    from tests.inquiries.conftest import fresh

    response = client.post("/en/inquiry/", fresh(form_data), follow=True)
    reference = Inquiry.objects.get().reference
    # The address is absolute, so that it can be bookmarked or copied from the page as it is.
    link = re.search(r'href="http://testserver(/en/inquiry/status/[^"]*)"', response.content.decode()).group(1)
    assert link == f"/en/inquiry/status/?ref={reference}"
    form = client.get(link).context["form"]
    assert form.initial["reference"] == reference
    assert f'value="{reference}"' in client.get(link).content.decode()


@pytest.mark.parametrize("ref", ["<script>", "QK2026", "x" * 500])
def test_a_ref_that_is_not_a_reference_is_ignored(client, ref):
    response = client.get("/inquiry/status/", {"ref": ref})
    assert response.status_code == 200
    assert "reference" not in response.context["form"].initial


def test_coming_from_a_project_shows_it_as_context_without_choosing_for_the_investor(client, zone):
    project = ProjectFactory(zone=zone, name="某项目", name_en="Some project")
    response = client.get(f"/en/inquiry/?project={project.pk}")
    form = response.context["form"]
    assert form.initial.get("about_project") == project.pk
    assert "zone" not in form.initial and "industry" not in form.initial
    body = response.content.decode()
    assert "Your inquiry is about:" in body and "Some project" in body
    assert not re.search(r"<option[^>]*selected[^>]*>North</option>", body)
