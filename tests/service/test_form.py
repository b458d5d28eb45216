"""/service/request/: a valid POST saves, routes and shows the reference; bad input a message and nothing saved."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from service.models import ServiceAttachment, ServiceRequest
from service.views import THANKS_COOKIE
from tests.service.conftest import VALID_CODE, fresh

pytestmark = pytest.mark.django_db
URL = "/service/request/"


def test_valid_request_is_saved_routed_and_the_page_shows_the_reference(client, form_data, grid):
    response = client.post(URL, form_data)
    assert response.status_code == 302 and response["Location"].endswith("/service/request/thanks/")
    saved = ServiceRequest.objects.get()
    assert saved.reference.startswith("FW") and saved.grid == grid and saved.stage == "submitted"
    assert saved.phone == "13912345678" and saved.enterprise_name == "卡深科技"
    page = client.get(response["Location"])
    assert saved.reference in page.content.decode()
    assert THANKS_COOKIE in client.cookies


def test_new_enterprise_needs_a_credit_code_with_a_right_check_character(client, form_data, zone, grid):
    data = fresh(
        form_data,
        enterprise="",
        enterprise_name="杭州新来科技有限公司",
        credit_code=VALID_CODE[:17] + "4",
        zone=zone.slug,
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "校验码（最后一位）与前 17 位不符" in response.content.decode()
    assert not ServiceRequest.objects.exists()
    response = client.post(URL, fresh(data, credit_code=VALID_CODE))
    assert response.status_code == 302
    saved = ServiceRequest.objects.get()
    assert saved.enterprise is None and saved.credit_code == VALID_CODE and saved.grid == grid  # the zone's only grid


def test_new_enterprise_without_name_or_code_is_refused(client, form_data):
    response = client.post(URL, fresh(form_data, enterprise=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"enterprise_name", "credit_code"}


def test_request_needs_phone_or_email_and_consent(client, form_data):
    response = client.post(URL, fresh(form_data, phone="", email="", consent=""))
    assert response.status_code == 200
    assert {"email", "consent"} <= set(response.context["form"].errors)
    assert not ServiceRequest.objects.exists()


def test_honeypot_and_too_fast_look_like_success_but_save_nothing(client, form_data):
    assert client.post(URL, fresh(form_data, website="http://spam")).status_code == 302
    from cases.forms import sign_render_time

    assert client.post(URL, {**form_data, "rendered": sign_render_time()}).status_code == 302
    assert not ServiceRequest.objects.exists() and mail.outbox == []


def test_the_same_form_sent_twice_makes_one_request(client, form_data):
    client.post(URL, form_data)
    client.post(URL, form_data)
    assert ServiceRequest.objects.count() == 1


def test_rate_limit_answers_429(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        client.post(URL, fresh(form_data))
    assert client.post(URL, fresh(form_data)).status_code == 429


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, format="PNG")
    return out.getvalue()


def test_pdf_and_image_attachments_are_stored_outside_media_root(client, form_data, settings):
    pdf = SimpleUploadedFile("报价.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    image = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    assert client.post(URL, {**form_data, "attachments": [pdf, image]}).status_code == 302
    stored = list(ServiceAttachment.objects.order_by("id"))
    assert [a.content_type for a in stored] == ["application/pdf", "image/png"]
    for attachment in stored:
        path = attachment.file.path
        assert path.startswith(str(settings.PRIVATE_FILES_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),  # a page disguised as a PDF
        ("photo.jpg", b"%PDF-1.4\n%%EOF\n"),  # a PDF disguised as an image
        ("photo.png", b"MZ\x90\x00 not an image"),  # a program disguised as an image
        ("tool.exe", b"MZ\x90\x00"),
        ("page.html", b"<html></html>"),
    ],
)
def test_disguised_or_other_files_are_refused_before_saving(client, form_data, name, content, settings):
    response = client.post(URL, {**form_data, "attachments": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 200 and "attachments" in response.context["form"].errors
    assert not ServiceRequest.objects.exists() and not ServiceAttachment.objects.exists()
    assert not (settings.PRIVATE_FILES_ROOT / "service").exists()


def test_attachment_over_the_cap_is_refused(client, form_data, settings):
    settings.SERVICE_ATTACHMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n")
    response = client.post(URL, {**form_data, "attachments": [big]})
    assert response.status_code == 200 and "attachments" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()
