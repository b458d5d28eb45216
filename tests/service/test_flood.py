"""Issue 22, findings 2, 4 and 9 on /service/: every POST is counted before any work, files are read only
when the cheap fields pass, the accepted budget holds for posts arriving together, a caught bot gets a
real-looking reference, and a request filed in an enterprise's name stays unverified until confirmed."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from cases.form_limits import rate_limit_count
from service.forms import ServiceRequestForm
from service.models import ServiceRequest, ServiceStageLog
from service.views import STATUS_SCOPE
from tests.security.images import png
from tests.service.conftest import fresh

URL = "/service/request/"
STATUS_URL = "/service/status/"
IP = "127.0.0.1"  # the test client's address


def attachment(name="plan.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png(size=(60, 40)), content_type="image/png")


def year():
    return timezone.localdate().year


@pytest.mark.django_db
def test_every_post_counts_and_the_31st_invalid_post_in_an_hour_is_429(client, form_data, settings):
    """Invalid forms used to return before the limit counted them: any number of costly POSTs went through."""
    assert settings.INQUIRY_POST_RATE_LIMIT == 30 and settings.INQUIRY_RATE_LIMIT == 5
    invalid = fresh(form_data, consent="")
    for _ in range(30):
        assert client.post(URL, invalid).status_code == 200
    assert rate_limit_count(scope="service-submit-post", ip=IP) == 30
    refused = client.post(URL, invalid)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # A valid form is refused too: the budget counts requests, not mistakes.
    assert client.post(URL, fresh(form_data)).status_code == 429
    assert not ServiceRequest.objects.exists()
    # Another address has its own budget.
    assert client.post(URL, fresh(form_data), REMOTE_ADDR="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_typing_mistakes_do_not_use_the_accepted_budget(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(6):
        assert client.post(URL, fresh(form_data, email="not an address", phone="")).status_code == 200
    for _ in range(2):
        assert client.post(URL, fresh(form_data)).status_code == 302
    assert client.post(URL, fresh(form_data)).status_code == 429
    assert ServiceRequest.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mistake",
    [{"consent": ""}, {"phone": "", "email": ""}, {"category": "no-such-category"}, {"enterprise": "", "zone": ""}],
    ids=["no-consent", "no-contact", "bad-category", "no-enterprise"],
)
def test_a_wrong_cheap_field_means_the_attachments_are_never_read(client, form_data, monkeypatch, mistake):
    """Every attachment was decoded and re-encoded during is_valid(), even when consent was missing."""
    calls = []

    def spy(upload):
        calls.append(upload.name)
        raise AssertionError("an image was decoded for a form that had already failed")

    monkeypatch.setattr("service.attachments.sanitise_image", spy)
    data = fresh(form_data, **mistake, attachments=[attachment(f"p{n}.png") for n in range(3)])
    response = client.post(URL, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert calls == []
    assert "attachments" not in response.context["form"].errors


@pytest.mark.django_db
def test_attachments_are_checked_one_at_a_time_once_the_fields_pass(client, form_data, monkeypatch, settings):
    """Each image is re-encoded to a file on disk and let go before the next one is opened."""
    from core import images

    real_open, real_sanitise = images._open, images.sanitise_image
    opened = []

    def open_and_keep(data):
        opened.append(real_open(data))
        return opened[-1]

    def sanitise(upload):
        # When the next image is opened, every earlier one has been closed (its pixels freed).
        for earlier in opened:
            with pytest.raises(ValueError):
                earlier.getpixel((0, 0))
        stored = real_sanitise(upload)
        assert stored.file.fileno() >= 0  # a temporary file, not bytes in memory
        return stored

    monkeypatch.setattr(images, "_open", open_and_keep)
    monkeypatch.setattr("service.attachments.sanitise_image", sanitise)
    data = fresh(form_data, attachments=[attachment(f"p{n}.png") for n in range(3)])
    assert client.post(URL, data).status_code == 302
    assert len(opened) == 3
    assert ServiceRequest.objects.get().attachments.count() == 3


@pytest.mark.django_db
def test_posts_arriving_together_create_at_most_the_limit(client, form_data, settings, monkeypatch):
    """The view read the count, validated, then counted: nine requests that finish while the first one is
    being checked all see the old count. The accepted budget is now counted after the checks, atomically,
    and the decision is taken on the count the increment returned. (Runs on SQLite and PostgreSQL; the
    threaded test below shows the same on PostgreSQL with real connections.)"""
    settings.INQUIRY_RATE_LIMIT = 5
    real_is_valid = ServiceRequestForm.is_valid
    others = []

    def is_valid_while_others_arrive(form):
        if not others:
            others.append("first")
            others.extend(Client().post(URL, fresh(form_data)).status_code for _ in range(9))
        return real_is_valid(form)

    monkeypatch.setattr(ServiceRequestForm, "is_valid", is_valid_while_others_arrive)
    first = client.post(URL, fresh(form_data))
    assert others[1:] == [302] * 5 + [429] * 4
    assert first.status_code == 429
    assert ServiceRequest.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_valid_posts_create_at_most_five(form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 5
    start = threading.Barrier(10)
    statuses, errors = [], []
    posts = [fresh(form_data) for _ in range(10)]  # ten forms: ten submission tokens

    def post(data):
        try:
            start.wait()
            statuses.append(Client().post(URL, data).status_code)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(statuses) == [302] * 5 + [429] * 5
    assert ServiceRequest.objects.count() == 5


@pytest.mark.django_db
def test_status_lookups_count_first_so_refused_ones_count_too(client, settings):
    """The status view checked before it counted; now it counts, then decides on the count it got."""
    settings.INQUIRY_STATUS_RATE_LIMIT = 3
    statuses = [
        client.post(STATUS_URL, {"reference": "FW2026-00001", "contact": "a@b.cn"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert rate_limit_count(scope=STATUS_SCOPE, ip=IP) == 5


@pytest.mark.django_db
def test_a_caught_bot_gets_the_next_number_of_the_real_sequence(client, form_data):
    """Caught spam was given a number in 10000–99999 while real ones count from 00001."""
    bot = client.post(URL, fresh(form_data, website="http://spam.example"), follow=True)
    assert bot.context["reference"] == f"FW{year()}-00001"
    assert not ServiceRequest.objects.exists()
    client.post(URL, fresh(form_data))
    assert ServiceRequest.objects.get().reference == f"FW{year()}-00002"  # staff see a gap, the bot nothing


@pytest.mark.django_db
def test_a_request_in_a_listed_enterprises_name_is_unverified(client, form_data, enterprise):
    assert client.post(URL, fresh(form_data, credit_code="")).status_code == 302
    saved = ServiceRequest.objects.get()
    assert saved.enterprise == enterprise
    assert saved.is_unverified and saved.requester_confirmed_at is None and saved.requester_confirmed_by is None


@pytest.mark.django_db
def test_the_officer_confirms_the_requester_in_the_admin(client, form_data, grid_officer, other_officer):
    client.post(URL, fresh(form_data))
    saved = ServiceRequest.objects.get()
    officer = Client()
    officer.force_login(grid_officer)
    page = officer.get(f"/admin/service/servicerequest/{saved.pk}/change/").content.decode()
    assert "未核实" in page
    changelist = "/admin/service/servicerequest/"
    assert "confirm_requester" in officer.get(changelist).content.decode()
    assert saved.reference in officer.get(changelist, {"requester": "unverified"}).content.decode()
    # Another grid's officer cannot reach it (the changelist is scoped).
    other = Client()
    other.force_login(other_officer)
    other.post(changelist, {"action": "confirm_requester", "_selected_action": [saved.pk]})
    saved.refresh_from_db()
    assert saved.is_unverified
    response = officer.post(changelist, {"action": "confirm_requester", "_selected_action": [saved.pk]})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert not saved.is_unverified and saved.requester_confirmed_by == grid_officer
    assert ServiceStageLog.objects.filter(request=saved, changed_by=grid_officer, reason="已与企业核实诉求人").exists()
    assert saved.reference not in officer.get(changelist, {"requester": "unverified"}).content.decode()


@pytest.mark.django_db
def test_the_requester_sees_nothing_of_the_enterprise_beyond_its_public_page(client, form_data, enterprise):
    """Anyone can name a listed firm: the thank-you page, the status page and the acknowledgement say
    nothing about the firm (not even what it is called here), only about the request."""
    enterprise.credit_code = "91330100MA2H000001"
    enterprise.save()
    response = client.post(URL, fresh(form_data), follow=True)
    saved = ServiceRequest.objects.get()
    pages = [
        response.content.decode(),
        client.post(STATUS_URL, {"reference": saved.reference, "contact": "li@example.com"}).content.decode(),
    ]
    assert saved.reference in pages[1]
    for page in pages:
        assert enterprise.name not in page and "91330100MA2H000001" not in page
