"""The admin's JavaScript catalogue (jsi18n) carries the widgets' strings in the page's language.

Django's own zh_Hans catalogue lacks the filter_horizontal widget's newer strings (“Choose %s by
selecting them…”, “Choose all %s”), so a Chinese theme picker read half English;
locale_overrides/zh_Hans/LC_MESSAGES/djangojs.po fills them in.
"""

import json
import re

import pytest

# Every string of the admin's SelectFilter2.js (the filter_horizontal widget).
SELECT_FILTER_STRINGS = [
    "Available %s",
    "Chosen %s",
    "Choose all %s",
    "Choose selected %s",
    "Remove selected %s",
    "Remove all %s",
    'Choose %s by selecting them and then select the "Choose" arrow button.',
    'Remove %s by selecting them and then select the "Remove" arrow button.',
    "Type into this box to filter down the list of available %s.",
    "Type into this box to filter down the list of selected %s.",
    "(click to clear)",
]


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("catalogue-admin", "admin@example.org", "pw-12345678")


def catalogue(response) -> dict:
    match = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}


def test_admin_javascript_catalogue_is_chinese_on_chinese_admin_pages(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    strings = catalogue(response)
    assert "可用" in strings["Available %s"]
    untranslated = [s for s in SELECT_FILTER_STRINGS if not re.search(r"[\u4e00-\u9fff]", strings.get(s, ""))]
    assert untranslated == []


def test_admin_javascript_catalogue_is_english_on_english_admin_pages(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/en/admin/jsi18n/")
    assert response.status_code == 200
    assert "Available %s" not in catalogue(response)
