"""Items no person wrote (the seed's, the samples): published unattended; once withdrawn, the person who
submits one becomes its writer, and someone else publishes it."""

import pytest
from django.core.exceptions import PermissionDenied

from news.models import NewsItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_withdrawn_seed_item_is_submitted_by_a_person_and_published_by_another():
    from django.contrib.auth.models import Permission

    from news.services import news_publish, news_publish_unattended, news_save, news_submit, news_withdraw

    item = news_publish_unattended(item=news_save(item=NewsItem(kind="news", title="种子", summary="摘要。")))
    editor = UserFactory(username="seed-editor", is_staff=True)
    reviewer = UserFactory(username="seed-reviewer", is_staff=True)
    publish = Permission.objects.get(codename="publish_newsitem")
    editor.user_permissions.add(publish)
    reviewer.user_permissions.add(publish)
    news_withdraw(item=item, user=reviewer)
    news_submit(item=item, user=editor)
    assert item.written_by == editor
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    with pytest.raises(PermissionDenied):
        news_publish(item=item, user=editor)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    news_publish(item=item, user=reviewer)
    assert item.status == "published"
