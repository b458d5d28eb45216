"""The admin's success messages end with a full-width stop in Chinese (issue 24): Django's catalogue ended
"您可以在下面再次编辑它." with an ASCII stop; locale_overrides/ words them as the rest of the site."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext

from tests.factories import UserFactory, ZoneFactory
from tests.staff.accounts import create_staff, form_data

pytestmark = pytest.mark.django_db

# The success messages staff see after a save, a delete, an action or a history save (Django, simple-history, ours).
SUCCESS_MESSAGES = [
    "The {name} “{obj}” was added successfully.",
    "You may edit it again below.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.",
    "The {name} “{obj}” was changed successfully. You may edit it again below.",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.",
    "The {name} “{obj}” was changed successfully.",
    "The %(name)s “%(obj)s” was deleted successfully.",
    "Successfully deleted %(count)d %(items)s.",
    'The %(name)s "%(obj)s" was changed successfully.',
    "You may edit it again below",
    "Password changed successfully.",
    "The English was confirmed as still correct.",
    "Written: %(added)s added, %(changed)s changed; there are now %(total)s %(records)s.",
]
PLURAL_MESSAGES = [
    ("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully."),
    ("%(count)d record marked as verified today.", "%(count)d records marked as verified today."),
]


def test_every_admin_success_message_ends_with_a_full_width_stop_in_chinese():
    with translation.override("zh-hans"):
        texts = [gettext(message) for message in SUCCESS_MESSAGES]
        texts += [ngettext(one, many, n) for one, many in PLURAL_MESSAGES for n in (1, 2)]
    wrong = [text for text in texts if not text.endswith("。") or re.search(r"[\u4e00-\u9fff]\.", text)]
    assert wrong == []


def test_the_change_message_after_a_save_reads_in_chinese(client, migrated_roles):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    admin = create_staff(client, "chief", "系统管理员")
    client.force_login(admin)
    zone = ZoneFactory(name="北部片区")
    url = reverse("admin:zones_zone_change", args=[zone.pk])
    form = client.get(url).context["adminform"].form
    data = {**form_data(form), "_continue": "保存并继续编辑"}
    response = client.get(url)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value() or 0
    response = client.post(url, data, follow=True)
    shown = [strip_tags(str(message)) for message in response.context["messages"]]
    assert len(shown) == 1, shown
    assert shown[0].startswith("成功修改了 片区“北部片区”。")
    assert shown[0].endswith("您可以在下面再次编辑它。")
    assert "您可以在下面再次编辑它。" in response.content.decode()
