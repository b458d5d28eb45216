"""Staff side: the condition editor refuses impossible rules, PDFs are sniffed, expiring policies listed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from policies.admin import ConditionForm
from policies.models import Condition, Policy, PolicyAttachment, validate_pdf
from tests.factories import IndustryFactory, UserFactory
from tests.policies.factories import MeasureFactory, PolicyFactory

Kind = Condition.Kind


def _form(measure, **data):
    return ConditionForm(data={"kind": Kind.EMPLOYEES, "order": 0, **data}, instance=Condition(measure=measure))


@pytest.mark.django_db
def test_condition_editor_refuses_minimum_above_maximum():
    form = _form(MeasureFactory(), minimum="100", maximum="10")
    assert not form.is_valid()
    assert "maximum" in form.errors


@pytest.mark.django_db
def test_condition_editor_refuses_unknown_recognition():
    form = _form(MeasureFactory(), kind=Kind.RECOGNITION, recognition="nobel_prize")
    assert not form.is_valid()
    assert "recognition" in form.errors


@pytest.mark.django_db
def test_condition_editor_refuses_number_rule_without_bounds_and_industry_rule_without_industry():
    measure = MeasureFactory()
    assert "minimum" in _form(measure).errors
    assert "industries" in _form(measure, kind=Kind.INDUSTRY).errors
    assert "minimum" in _form(measure, kind=Kind.RD_SHARE, minimum="120").errors
    assert "minimum" in _form(measure, kind=Kind.EMPLOYEES, minimum="-1").errors


@pytest.mark.django_db
def test_condition_editor_accepts_a_sound_rule():
    measure = MeasureFactory()
    industry = IndustryFactory()
    assert _form(measure, minimum="10", maximum="10").is_valid()
    assert _form(measure, kind=Kind.INDUSTRY, industries=[industry.pk]).is_valid()


def test_attachment_must_be_a_pdf_by_content(settings):
    with pytest.raises(ValidationError) as caught:
        validate_pdf(SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"))
    assert caught.value.code == "not_pdf"
    validate_pdf(SimpleUploadedFile("notice.pdf", b"%PDF-1.7\n...", content_type="application/octet-stream"))


def test_attachment_size_is_capped(settings):
    settings.POLICY_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_pdf(
            SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024), content_type="application/pdf")
        )
    assert caught.value.code == "too_large"


@pytest.mark.django_db
def test_attachment_model_validation_runs_the_sniffer():
    attachment = PolicyAttachment(policy=PolicyFactory(), title="原文", file=SimpleUploadedFile("a.pdf", b"<html>"))
    with pytest.raises(ValidationError) as caught:
        attachment.full_clean()
    assert "file" in caught.value.message_dict


@pytest.mark.django_db
def test_dashboard_lists_policies_expiring_within_90_days(client):
    today = datetime.date.today()
    soon = PolicyFactory(title="即将到期的政策", in_force_until=today + datetime.timedelta(days=30))
    PolicyFactory(title="长期有效的政策", in_force_until=today + datetime.timedelta(days=300))
    PolicyFactory(title="已经失效的政策", in_force_until=today - datetime.timedelta(days=1))
    client.force_login(UserFactory(is_superuser=True))
    page = client.get("/admin/").content.decode()
    assert "dashboard-expiring-policies" in page
    assert soon.title in page
    assert "长期有效的政策" not in page and "已经失效的政策" not in page


@pytest.mark.django_db
def test_policy_admin_pages_open(client):
    policy = PolicyFactory()
    measure = MeasureFactory(policy=policy)
    client.force_login(UserFactory(is_superuser=True))
    for url in [
        "/admin/policies/policy/",
        "/admin/policies/policy/?status=expiring",
        "/admin/policies/policy/?verification=due",
        f"/admin/policies/policy/{policy.pk}/change/",
        f"/admin/policies/measure/{measure.pk}/change/",
        "/admin/policies/policy/export/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_demo_policies_are_flagged_and_removable(seeded):
    call_command("generate_demo_data", policies=6, stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Policy.objects.filter(is_demo=True)
    assert demo.count() == 6
    assert all(p.title.startswith("示例") and p.title_en.startswith("Sample") for p in demo)
    assert all(p.document_number.startswith("示例〔") for p in demo)
    assert Condition.objects.filter(measure__policy__is_demo=True).exists()
    call_command("generate_demo_data", policies=6, if_none=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert demo.count() == 6  # --if-none adds nothing when samples exist
    real = PolicyFactory()
    call_command("generate_demo_data", remove=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Policy.objects.all()) == [real]


@pytest.mark.django_db
def test_mark_verified_action_sets_today_with_history(client):
    policy = PolicyFactory(last_verified_on=None)
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        "/admin/policies/policy/", {"action": "mark_verified", "_selected_action": [policy.pk]}, follow=True
    )
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.last_verified_on == datetime.date.today()
    assert policy.history.count() == 2


@pytest.mark.django_db
def test_condition_editor_saves_through_the_measure_page(client):
    measure = MeasureFactory()
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/policies/measure/{measure.pk}/change/"
    data = {
        "policy": measure.policy_id,
        "title": measure.title,
        "order": 0,
        "benefit": "补助",
        "conditions-TOTAL_FORMS": 1,
        "conditions-INITIAL_FORMS": 0,
        "conditions-MIN_NUM_FORMS": 0,
        "conditions-MAX_NUM_FORMS": 1000,
        "conditions-0-kind": "employees",
        "conditions-0-minimum": "100",
        "conditions-0-maximum": "10",
        "conditions-0-order": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert not Condition.objects.filter(measure=measure).exists()
    data["conditions-0-maximum"] = "1000"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Condition.objects.get(measure=measure).minimum == 100


@pytest.mark.django_db
def test_policy_with_a_chinese_title_only_gets_a_slug_in_the_admin(client):
    PolicyFactory(slug="policy-2024-001")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = {
        "title": "关于支持新材料产业发展的若干意见",
        "slug": "",
        "issuer": "钱江经济开发区管委会",
        "level": "zone",
        "published_on": "2024-03-01",
        "is_published": "on",
    }
    for prefix in ("measures", "attachments"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post("/admin/policies/policy/add/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    policy = Policy.objects.get(title="关于支持新材料产业发展的若干意见")
    assert policy.slug == "policy-2024-002"
    assert client.get(policy.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_generated_policy_slug_follows_the_english_title_and_stays_unique():
    from policies.services import policy_save

    PolicyFactory(slug="new-materials-support")
    policy = policy_save(
        policy=Policy(title="新材料", title_en="New materials support", issuer="管委会", level=Policy.Level.ZONE)
    )
    assert policy.slug == "new-materials-support-2"


@pytest.mark.django_db
def test_a_generated_slug_taken_at_the_same_moment_is_stepped_around(monkeypatch):
    import policies.services

    PolicyFactory(slug="new-materials-support")
    real_slug = policies.services.policy_slug
    stale = iter(["new-materials-support"])  # computed before the other save committed
    monkeypatch.setattr(policies.services, "policy_slug", lambda policy: next(stale, None) or real_slug(policy))
    policy = policies.services.policy_save(
        policy=Policy(title="新材料", title_en="New materials support", issuer="管委会", level=Policy.Level.ZONE)
    )
    assert policy.slug == "new-materials-support-2"


@pytest.mark.django_db
def test_policy_page_lists_each_measures_conditions_with_a_link_to_edit_them(client):
    measure = MeasureFactory()
    Condition.objects.create(measure=measure, kind=Condition.Kind.EMPLOYEES, minimum=50)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/admin/policies/policy/{measure.policy_id}/change/").content.decode()
    label = str(Condition.Kind.EMPLOYEES.label)
    assert f'<ul class="measure-conditions"><li>{label}</li></ul>' in page
    assert f"/admin/policies/measure/{measure.pk}/change/#conditions-group" in page
