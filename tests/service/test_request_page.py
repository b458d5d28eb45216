"""Issue 24, item 6: the grid officer's page of a request shows the firm's space needs, the spaces on offer
ranked by spaces.matching with their reasons, one button per common move, and one outcome per save."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from service.models import ServiceRequest
from tests.factories import SpaceFactory
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def space_request(enterprise, space_category):
    return make_request(
        enterprise=enterprise,
        category=space_category,
        need_kind="factory",
        need_min_area_m2=Decimal("8000"),
        need_power_kva=Decimal("2000"),
        need_clear_height_m=Decimal("9"),
    )


@pytest.fixture
def spaces(enterprise):
    """Three factories on offer: one meets every need, one is short of power, one is far too small."""
    zone = enterprise.zone
    return {
        "small": SpaceFactory(
            code="ZT-2026-101", name="小厂房", kind="factory", floor_area_m2=Decimal("900"), zone=zone
        ),
        "fits": SpaceFactory(
            code="ZT-2026-102",
            name="合适厂房",
            kind="factory",
            floor_area_m2=Decimal("10000"),
            power_kva=Decimal("2500"),
            clear_height_m=Decimal("12"),
            zone=zone,
        ),
        "weak": SpaceFactory(
            code="ZT-2026-103",
            name="电力不足厂房",
            kind="factory",
            floor_area_m2=Decimal("9000"),
            power_kva=Decimal("800"),
            clear_height_m=Decimal("10"),
            zone=zone,
        ),
    }


def change_url(service_request):
    return reverse("admin:service_servicerequest_change", args=[service_request.pk])


def post_data(service_request, **changes):
    due = timezone.localtime(service_request.resolve_due_at)
    return {
        "owner": service_request.owner_id or "",
        "grid": service_request.grid_id or "",
        "resolve_due_at_0": due.strftime("%Y-%m-%d"),
        "resolve_due_at_1": due.strftime("%H:%M:%S"),
        "reply": service_request.reply,
        "referred_to": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("attachments", "notes", "stage_log")
            for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
        },
        **changes,
    }


def save(client, url, data):
    """POST the page and read the banners on the page it leads to, as the officer's browser does."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    return response, [(m.level_tag, str(m)) for m in page.context["messages"]]


def test_the_page_shows_the_needs_and_the_spaces_ranked_with_their_reasons(client, grid_officer, space_request, spaces):
    client.force_login(grid_officer)
    response = client.get(change_url(space_request))
    html = response.content.decode()
    titles = [str(title) for title, _options in response.context["adminform"].fieldsets]
    assert titles[0] == "企业诉求" and "投资需求" not in titles
    needs = html[html.index('class="form-row field-need_kind') : html.index('class="form-row field-need_by')]
    assert "标准厂房" in needs or "厂房" in needs
    assert "8000" in needs.replace(",", "") and "2000" in needs.replace(",", "") and "9" in needs

    ranking = html[html.index("sv-ranking") :]
    order = [ranking.index(code) for code in ("ZT-2026-102", "ZT-2026-103", "ZT-2026-101")]
    assert order == sorted(order), "the space meeting every need comes first, the far too small one last"
    assert "满足全部需求" in ranking or "Meets every need" in ranking
    assert "800 kVA &lt; 所需 2,000 kVA（差 1,200 kVA）" in ranking  # the reason, with its numbers
    assert ranking.count('name="_quick" value="propose:') == 3
    assert 'name="_quick" value="accept"' in html and 'name="_quick" value="resolve"' in html


def test_a_request_without_needs_shows_no_space_block(client, grid_officer, enterprise):
    service_request = make_request(enterprise=enterprise)
    client.force_login(grid_officer)
    html = client.get(change_url(service_request)).content.decode()
    assert "sv-ranking" not in html and "field-need_kind" not in html


def test_accept_propose_resolve_one_button_and_one_save_each(
    client, grid_officer, space_request, spaces, django_capture_on_commit_callbacks, run_jobs
):
    client.force_login(grid_officer)
    response, shown = save(client, change_url(space_request), post_data(space_request, _quick="accept"))
    assert response["Location"] == change_url(space_request)
    space_request.refresh_from_db()
    assert space_request.stage == ServiceRequest.Stage.ACCEPTED and space_request.owner == grid_officer
    [(level, text)] = shown
    assert level == "success" and "已受理" in text and "成功修改" not in text

    fits = spaces["fits"]
    with django_capture_on_commit_callbacks(execute=True):
        response, shown = save(client, change_url(space_request), post_data(space_request, _quick=f"propose:{fits.pk}"))
    run_jobs()
    assert list(space_request.spaces.all()) == [fits]
    [(level, text)] = shown
    assert level == "success" and fits.code in text
    assert any(m.to == ["li@example.com"] and "推荐" in m.subject for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        response, shown = save(
            client,
            change_url(space_request),
            post_data(space_request, reply="已为您推荐合适厂房，请联系看房。", _quick="resolve"),
        )
    run_jobs()
    space_request.refresh_from_db()
    assert space_request.stage == ServiceRequest.Stage.RESOLVED and space_request.reply.startswith("已为您推荐")
    [(level, text)] = shown
    assert level == "success" and "已办结" in text and "答复" in text
    page = client.get(change_url(space_request)).content.decode()
    assert 'name="_quick"' not in page  # nothing left to press on a resolved request


def test_a_refused_move_shows_only_the_error_and_says_what_was_saved(client, grid_officer, space_request, spaces):
    """Choosing a stage the pipeline refuses and a space in one save: the error and "成功修改" were one banner."""
    client.force_login(grid_officer)
    fits = spaces["fits"]
    response, shown = save(
        client,
        change_url(space_request),
        post_data(space_request, reply="正在对接。", propose_space=fits.pk, move_to=ServiceRequest.Stage.CONFIRMED),
    )
    assert response["Location"] == change_url(space_request)
    [(level, text)] = shown
    assert level == "error" and "成功修改" not in text and "修改成功" not in text
    assert "未完成" in text and "企业已确认" in text  # what was not done, and why
    assert "已保存" in text and fits.code in text and "答复" in text  # what was
    space_request.refresh_from_db()
    assert space_request.stage == ServiceRequest.Stage.SUBMITTED and space_request.reply == "正在对接。"
    assert list(space_request.spaces.all()) == [fits]


def test_a_plain_save_reports_one_success(client, grid_officer, space_request):
    client.force_login(grid_officer)
    _response, shown = save(
        client, change_url(space_request), post_data(space_request, reply="已联系企业。", _save="1")
    )
    [(level, text)] = shown
    assert level == "success" and space_request.reference in text


def test_someone_who_may_only_view_sees_no_move_buttons(client, space_request, spaces):
    from django.contrib.auth.models import Group, Permission

    from tests.service.conftest import staff_user

    viewer = staff_user("viewer")
    group = Group.objects.create(name="查看诉求")
    group.permissions.add(
        Permission.objects.get(codename="view_servicerequest"),
        Permission.objects.get(codename="view_all_service_requests"),
    )
    viewer.groups.add(group)
    client.force_login(viewer)
    html = client.get(change_url(space_request)).content.decode()
    assert "sv-ranking" in html and 'name="_quick"' not in html


def resolve_help(client, service_request, prefix=""):
    html = client.get(prefix + change_url(service_request)).content.decode()
    button = html[html.index('name="_quick" value="resolve"') :]
    return button[button.index('<span class="help">') + len('<span class="help">') : button.index("</span>")]


@pytest.mark.parametrize(
    ("contact", "zh", "en"),
    [
        (
            {},
            "企业将收到包含上方答复的邮件，并被邀请对答复进行评价。",
            "The enterprise is mailed the reply above and asked to rate the answer.",
        ),
        (
            {"email": ""},
            "企业将收到短信，请其在网站“诉求进度”页面查看上方答复、进行评价，并说明问题是否已解决。",
            "The enterprise gets a text message asking it to read the reply above under “Follow a service request” "
            "on the website, rate it and say whether the problem is solved.",
        ),
        (
            {"email": "", "phone": ""},
            "不会通知任何人：此诉求没有电子邮箱，也没有电话号码。",
            "No one is told: this request has neither an e-mail address nor a phone number.",
        ),
        (
            {"is_demo": True},
            "不会通知任何人：这是示例诉求，不发送邮件或短信。",
            "No one is told: this is a sample request, which is sent no mail or text message.",
        ),
    ],
    ids=["email", "phone-only", "no-contact", "sample"],
)
def test_the_resolve_button_says_what_the_enterprise_receives_in_both_languages(
    client, grid_officer, enterprise, contact, zh, en
):
    service_request = make_request(enterprise=enterprise, **contact)
    client.force_login(grid_officer)
    assert resolve_help(client, service_request) == zh
    assert resolve_help(client, service_request, "/en") == en
