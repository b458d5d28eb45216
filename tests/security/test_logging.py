import io
import json
import logging

import pytest
from django.core import mail

from core.logging import JsonFormatter

EMAIL = "li.secret@example.com"
PHONE = "13912345678"


@pytest.fixture
def log_output():
    """Everything logged during the test, formatted exactly as on stdout in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    security = logging.getLogger("django.security.DisallowedHost")
    old_level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    security.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    security.removeHandler(handler)
    root.setLevel(old_level)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_request_log_is_json_with_method_path_status(client, log_output):
    client.get("/privacy/?utm=1")
    records = [r for r in lines(log_output) if r["logger"] == "kaiqu.request"]
    assert len(records) == 1
    record = records[0]
    assert record["method"] == "GET" and record["path"] == "/privacy/" and record["status"] == 200
    assert isinstance(record["duration_ms"], float)
    assert "utm" not in json.dumps(record)


@pytest.mark.django_db
def test_inquiry_post_personal_data_never_reaches_the_log(client, seeded, log_output):
    client.get("/inquiry/")
    client.post(
        "/inquiry/",
        {
            "contact_name": "李秘密",
            "company": "秘密公司",
            "email": EMAIL,
            "phone": PHONE,
            "message": "我们想投资 " + PHONE,
            "consent": "on",
        },
    )
    client.get("/inquiry/status/", {"reference": "QK2026-00001", "email": EMAIL, "phone": PHONE})
    output = log_output.getvalue()
    paths = [r["path"] for r in lines(log_output) if r["logger"] == "kaiqu.request"]
    assert "/inquiry/" in paths and "/inquiry/status/" in paths  # the requests were logged…
    assert EMAIL not in output and PHONE not in output and "李秘密" not in output  # …without the person


def test_formatter_drops_personal_extras():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "saved", (), None)
    record.email = EMAIL
    record.phone = PHONE
    record.password = "hunter2"
    record.reference = "QK2026-00001"
    data = json.loads(JsonFormatter().format(record))
    assert data["reference"] == "QK2026-00001"
    assert EMAIL not in json.dumps(data) and PHONE not in json.dumps(data) and "hunter2" not in json.dumps(data)


@pytest.mark.django_db
def test_unknown_host_is_400_logged_once_and_mails_nobody(client, log_output, settings):
    settings.ADMINS = [("ops", "ops@example.gov.cn")]
    response = client.get("/", HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    assert mail.outbox == []
    disallowed = [r for r in lines(log_output) if r["logger"] == "django.security.DisallowedHost"]
    assert len(disallowed) == 1


@pytest.mark.django_db
def test_server_errors_do_mail_the_admins(client, settings):
    """The counterpart: the mail_admins handler is live, so the test above could fail."""
    from unittest import mock

    settings.ADMINS = [("ops", "ops@example.gov.cn")]
    with mock.patch("portal.views.render", side_effect=RuntimeError("boom")):
        client.raise_request_exception = False
        response = client.get("/privacy/")
    assert response.status_code == 500
    assert len(mail.outbox) == 1
