"""The public pages: registering by POST, the thank-you page, the look-up and cancelling, in both languages."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.forms import sign_render_time
from registrations.models import Registration, RegistrationMail
from tests.registrations.conftest import make_event, post_data, register

pytestmark = pytest.mark.django_db


def register_url(event, prefix=""):
    return f"{prefix}/events/{event.slug}/register/"


def test_urls_follow_the_contract(event):
    assert reverse("registrations:register", args=[event.slug]) == f"/events/{event.slug}/register/"
    assert reverse("registrations:thanks") == "/events/registered/"
    assert reverse("registrations:status") == "/events/registration/"


def test_a_valid_post_registers_and_the_thanks_page_shows_reference_and_seat(client, event):
    response = client.post(register_url(event), post_data())
    assert response.status_code == 302 and response["Location"] == "/events/registered/"
    registration = Registration.objects.get()
    assert (registration.status, registration.email, registration.language) == (
        "confirmed",
        "wang@example.com",
        "zh-hans",
    )
    page = client.get(response["Location"]).content.decode()
    assert registration.reference in page
    assert "您的席位已确认" in page
    assert f"?ref={registration.reference}" in page


def test_when_full_the_form_says_so_and_the_thanks_page_gives_the_waiting_position(client):
    event = make_event(capacity=1)
    register(event, email="first@example.com")
    form_page = client.get(register_url(event)).content.decode()
    assert "候补名单" in form_page and "加入候补名单" in form_page

    response = client.post(register_url(event), post_data(email="second@example.com"))
    page = client.get(response["Location"]).content.decode()
    assert Registration.objects.get(email="second@example.com").status == "waiting"
    assert "您在候补名单上排第 1 位" in page


def test_english_pages_and_the_registrant_language(client):
    event = make_event(capacity=1)
    register(event, email="first@example.com")
    response = client.post(register_url(event, "/en"), post_data(email="en@example.com"))
    assert response["Location"] == "/en/events/registered/"
    registration = Registration.objects.get(email="en@example.com")
    assert registration.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "You are on the waiting list" in page and "You are number 1 on the waiting list" in page
    assert "Investment fair" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12345", "email": ""}, "phone"),
        ({"consent": ""}, "consent"),
        ({"contact_name": ""}, "contact_name"),
        ({"contact_name": "x" * 81}, "contact_name"),
    ],
)
def test_bad_input_is_a_400_with_the_form_and_nothing_is_saved(client, event, changes, field):
    response = client.post(register_url(event), post_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Registration.objects.count() == 0 and RegistrationMail.objects.count() == 0


def test_after_closing_a_post_is_refused_with_a_message(client):
    event = make_event(opens_in=datetime.timedelta(days=-3), closes_in=datetime.timedelta(seconds=-1))
    response = client.post(register_url(event), post_data())
    assert response.status_code == 409
    assert "本活动报名已截止" in response.content.decode()
    assert Registration.objects.count() == 0


def test_before_opening_a_post_is_refused_with_the_opening_time(client):
    event = make_event(opens_in=datetime.timedelta(days=1))
    response = client.post(register_url(event, "/en"), post_data())
    assert response.status_code == 409
    opens = timezone.localtime(event.registration_opens_at)
    assert f"Registration opens on {opens:%Y-%m-%d %H:%M}" in response.content.decode()
    assert Registration.objects.count() == 0


def test_registering_twice_tells_the_registrant_and_makes_no_duplicate(client, event):
    client.post(register_url(event), post_data())
    response = client.post(register_url(event), post_data(email="WANG@example.com"))
    assert response.status_code == 409
    assert "已报名本活动" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_double_click_sends_the_same_form_twice_and_gets_one_registration(client, event):
    data = post_data()
    first = client.post(register_url(event), data)
    second = client.post(register_url(event), data)
    assert first.status_code == second.status_code == 302
    assert Registration.objects.count() == 1


def test_unknown_event_or_one_without_registration_is_404(client):
    assert client.get("/events/no-such-event/register/").status_code == 404
    event = make_event(closes_in=None, capacity=None)
    assert client.post(register_url(event), post_data()).status_code == 404


def test_honeypot_is_answered_as_success_and_saves_nothing(client, event):
    response = client.post(register_url(event), post_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Registration.objects.count() == 0
    assert "HD" in client.get(response["Location"]).content.decode()


def test_submissions_are_rate_limited_per_address(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    event = make_event(capacity=None)
    codes = [
        client.post(
            register_url(event), post_data(email=f"p{n}@example.com", rendered=sign_render_time(time.time() - 60))
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Registration.objects.count() == 2


# --- Look-up and cancelling -------------------------------------------------------------------


def lookup(client, registration, contact, prefix="", **extra):
    return client.post(
        f"{prefix}/events/registration/", {"reference": registration.reference, "contact": contact, **extra}
    )


def test_lookup_by_reference_and_email_or_phone_shows_the_state(client):
    event = make_event(capacity=1)
    register(event, email="first@example.com")
    waiting = register(event, phone="138 1234 5678")
    page = lookup(client, waiting, "+86 138-1234-5678").content.decode()
    assert waiting.reference in page and "候补名单上第 1 位" in page
    page = lookup(client, waiting, "13812345678", prefix="/en").content.decode()
    assert "number 1 on the waiting list" in page and "Cancel this registration" in page


def test_a_wrong_contact_tells_nothing_about_the_reference(client, event):
    registration = register(event, email="wang@example.com")
    wrong = lookup(client, registration, "other@example.com").content.decode()
    unknown = client.post(
        "/events/registration/", {"reference": "HD2026-99999", "contact": "other@example.com"}
    ).content.decode()
    assert registration.reference not in wrong.split("<form")[0]
    assert "未找到" in wrong and "未找到" in unknown
    response = lookup(client, registration, "other@example.com", cancel="1")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancelling_a_seat_moves_the_first_waiting_up_and_tells_both_by_mail(
    client, django_capture_on_commit_callbacks, run_jobs
):
    event = make_event(capacity=1)
    seat = register(event, email="seat@example.com")
    first_waiting = register(event, email="w1@example.com", language="en")
    second_waiting = register(event, email="w2@example.com")
    run_jobs()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = lookup(client, seat, "SEAT@example.com", cancel="1")
    assert response.status_code == 200
    assert "您的报名已取消" in response.content.decode()
    run_jobs()

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"seat@example.com": "cancelled", "w1@example.com": "confirmed", "w2@example.com": "waiting"}
    second_waiting.refresh_from_db()
    assert second_waiting.waiting_position() == 1
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"seat@example.com", "w1@example.com"}
    promoted = by_address["w1@example.com"]
    assert first_waiting.reference in promoted.subject and "A seat for you" in promoted.subject
    assert "moved up from the waiting list" in promoted.body
    assert [name for name, *_ in promoted.attachments] == ["event.ics"]
    assert "已取消" in by_address["seat@example.com"].subject


def test_cancelling_twice_or_after_the_start_is_refused(client):
    event = make_event(starts_in=datetime.timedelta(hours=1), closes_in=datetime.timedelta(minutes=30))
    registration = register(event, email="w@example.com")
    event.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save(update_fields=["starts_at"])
    response = lookup(client, registration, "w@example.com", cancel="1")
    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_lookups_are_rate_limited(client, event, settings):
    settings.INQUIRY_STATUS_RATE_LIMIT = 2
    registration = register(event, email="w@example.com")
    codes = [lookup(client, registration, "x@example.com").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_bad_lookup_input_is_a_400(client):
    assert client.post("/events/registration/", {"reference": "", "contact": ""}).status_code == 400


def test_the_status_page_fills_the_reference_from_the_link(client):
    page = client.get("/events/registration/?ref=hd2026%2000007").content.decode()
    assert 'value="HD2026-00007"' in page
    assert 'value="<script' not in client.get("/events/registration/?ref=<script>").content.decode()
