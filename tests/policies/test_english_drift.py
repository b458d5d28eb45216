"""A policy or measure whose Chinese changed after its English (issue 13)."""

import pytest
from django.urls import reverse

from policies.models import Measure, Policy
from policies.services import policy_save
from tests.factories import UserFactory
from tests.policies.factories import MeasureFactory, PolicyFactory

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


def test_policy_save_marks_the_title_and_the_page_notes_it_once():
    policy = PolicyFactory(
        slug="talent", title="人才政策", title_en="Talent policy", summary="摘要", summary_en="Summary"
    )
    policy = Policy.objects.get(pk=policy.pk)
    policy.title = "人才新政"
    policy_save(policy=policy)
    assert Policy.objects.get(pk=policy.pk).english_out_of_date == ["title_en"]


def test_each_measure_block_gets_its_own_note(client):
    policy = PolicyFactory(slug="talent", title="人才政策", title_en="Talent policy")
    stale = MeasureFactory(
        policy=policy, title="安家补贴", title_en="Housing grant", benefit="十万元", benefit_en="100k"
    )
    MeasureFactory(policy=policy, title="培训补贴", title_en="Training grant", benefit="一万元", benefit_en="10k")
    stale = Measure.objects.get(pk=stale.pk)
    stale.benefit = "二十万元"
    stale.save()
    assert stale.history.first().english_out_of_date == ["benefit_en"]
    page = client.get("/en/policies/talent/").content.decode()
    assert "二十万元" in page and "100k" not in page
    assert "Training grant" in page and "10k" in page
    assert page.count(NOTE) == 1
    measure = page[page.index(f'id="measure-{stale.pk}"') :]
    assert measure.index(NOTE) < measure.index("</article>")


def test_the_measure_admin_has_the_filter_and_the_action(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    measure = MeasureFactory(title="安家补贴", title_en="Housing grant")
    Measure.objects.filter(pk=measure.pk).update(english_out_of_date=["title_en"])
    url = reverse("admin:policies_measure_changelist")
    assert [m.pk for m in client.get(url, {"english_out_of_date": "yes"}).context["cl"].result_list] == [measure.pk]
    client.post(url, {"action": "confirm_english", "_selected_action": [measure.pk]})
    assert Measure.objects.get(pk=measure.pk).english_out_of_date == []
