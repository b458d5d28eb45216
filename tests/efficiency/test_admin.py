"""The 亩均 evaluation's admin as the efficiency officer uses it: the rule editor's checks, frozen rules
and final sets, the workflow buttons calling the services, results with their terms, objections
answered through the contact on record, and renewal candidates opening unpublished spaces.

Every role's reach on every efficiency admin URL is the role matrix's (tests/staff/test_role_matrix.py,
docs/roles.md); here, the officer's pages and the other roles' refusals on the custom ones.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from efficiency.models import FirmYear, Objection, Result, ResultSet, RuleGroup, RuleSet
from staff.roles import CONTENT_EDITOR, EFFICIENCY_OFFICER, INVESTMENT_OFFICER
from tests.efficiency.admin_factories import (
    FirmYearFactory,
    ObjectionFactory,
    ResultFactory,
    ResultSetFactory,
    rule_set_with_group,
)
from tests.efficiency.pages import inline_rows, messages_of, page_data
from tests.efficiency.stand_ins import record
from tests.factories import EnterpriseFactory, ZoneFactory
from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(migrated_roles, admin_client):
    return create_staff(admin_client, "muxun", EFFICIENCY_OFFICER, first_name="训", last_name="穆")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def calls(monkeypatch):
    return record(monkeypatch)


def url(name, *args, query=""):
    return reverse(f"admin:efficiency_{name}", args=args) + (f"?{query}" if query else "")


# --- Who reaches what ----------------------------------------------------------------------------------


def test_the_officer_opens_every_efficiency_list(officer_client):
    from tests.efficiency.admin_factories import make_efficiency_rows

    make_efficiency_rows(1)
    for model in admin.site._registry:
        if model._meta.app_label == "efficiency":
            response = officer_client.get(reverse(f"admin:efficiency_{model._meta.model_name}_changelist"))
            assert response.status_code == 200, model


@pytest.mark.parametrize("role", [CONTENT_EDITOR, INVESTMENT_OFFICER])
def test_other_roles_are_refused_every_custom_page(client, admin_client, migrated_roles, role):
    user = create_staff(admin_client, f"other-{role}", role)
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    firm_year = FirmYearFactory()
    client.force_login(user)
    for target in (
        url("resultset_run", result_set.pk),
        url("resultset_notice", result_set.pk),
        url("resultset_finalise", result_set.pk),
        url("resultset_analysis", result_set.pk),
        url("resultset_add"),
        url("firmyear_renewal"),
        url("firmyear_renewal_space", firm_year.pk),
        url("firmyear_import"),
        url("firmyear_export"),
    ):
        assert client.get(target).status_code == 403, target
        assert client.post(target).status_code == 403, target


# --- The rule editor ------------------------------------------------------------------------------------


def group_page(client, group):
    response = client.get(url("rulegroup_change", group.pk))
    assert response.status_code == 200
    return page_data(response)


def stored_rules(group):
    return (
        sorted(group.indicators.values_list("measure", "weight")),
        sorted(group.cutoffs.values_list("firm_class", "lower", "upper")),
    )


def test_weights_that_do_not_add_up_are_refused_and_nothing_is_saved(officer_client):
    group = rule_set_with_group().groups.get()
    before = stored_rules(group)
    data = group_page(officer_client, group)
    data["indicators-1-weight"] = "30"
    data["name"] = "改名的分组"
    response = officer_client.post(url("rulegroup_change", group.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "权重合计为 90.00，不等于规定的总分 100.00。" in html
    group.refresh_from_db()
    assert group.name == "规上工业" and stored_rules(group) == before


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([("A", 0, 20), ("B", 15, 60), ("C", 60, 95), ("D", 95, 100)], "A 类（至 20）与 B 类（自 15 起）重叠。"),
        ([("A", 0, 20), ("B", 25, 60), ("C", 60, 95), ("D", 95, 100)], "A 类（至 20）与 B 类（自 25 起）之间有空档。"),
        ([("A", 0, 20), ("B", 20, 60), ("C", 60, 90)], "分档须到 100% 为止；最后一档止于 90。"),
    ],
)
def test_class_bands_that_overlap_or_leave_a_gap_are_refused_and_nothing_is_saved(officer_client, bands, message):
    group = rule_set_with_group().groups.get()
    before = stored_rules(group)
    cutoffs = list(group.cutoffs.order_by("firm_class"))
    data = group_page(officer_client, group)
    rows = [
        {
            "id": cutoffs[i].pk if i < len(cutoffs) else "",
            "group": group.pk,
            "firm_class": c,
            "lower": lower,
            "upper": upper,
        }
        for i, (c, lower, upper) in enumerate(bands)
    ]
    if len(bands) < len(cutoffs):  # the rest deleted
        rows += [
            {"id": cutoff.pk, "group": group.pk, "firm_class": cutoff.firm_class, "DELETE": "on"}
            for cutoff in cutoffs[len(bands) :]
        ]
    for key in [k for k in data if k.startswith("cutoffs-")]:
        del data[key]
    data.update(inline_rows("cutoffs", rows, initial=len(cutoffs)))
    response = officer_client.post(url("rulegroup_change", group.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\u2009", " ")
    assert stored_rules(group) == before


def test_a_valid_edit_is_saved_and_leads_back_to_the_rule_set(officer_client):
    group = rule_set_with_group().groups.get()
    data = group_page(officer_client, group)
    data["indicators-0-weight"] = "70"
    data["indicators-1-weight"] = "30"
    response = officer_client.post(url("rulegroup_change", group.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("ruleset_change", group.rule_set_id)
    assert sorted(group.indicators.values_list("weight", flat=True)) == [Decimal("30"), Decimal("70")]


def test_a_new_total_weight_must_match_the_groups_weights(officer_client):
    rule_set = rule_set_with_group()
    response = officer_client.get(url("ruleset_change", rule_set.pk))
    data = page_data(response)
    data["total_weight"] = "90"
    response = officer_client.post(url("ruleset_change", rule_set.pk), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["total_weight"]
    assert any("规上工业" in e and "不等于规定的总分 90" in e for e in errors), errors
    rule_set.refresh_from_db()
    assert rule_set.total_weight == Decimal("100")


def test_a_rule_set_page_names_what_stops_it_from_running(officer_client):
    rule_set = rule_set_with_group()
    RuleGroup.objects.create(rule_set=rule_set, code="gxgy", name="规下工业")
    html = officer_client.get(url("ruleset_change", rule_set.pk)).content.decode()
    assert "运行评价前须解决" in html and "规下工业: 该分组没有指标。" in html


def test_a_rule_set_used_by_a_final_set_is_read_only_and_says_so(officer_client):
    rule_set = rule_set_with_group()
    final = ResultSetFactory(rule_set=rule_set, final=True)
    group = rule_set.groups.get()
    page = officer_client.get(url("ruleset_change", rule_set.pk))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in html
    assert str(final) in html and "不能再修改" in html
    group_page = officer_client.get(url("rulegroup_change", group.pk))
    assert 'name="_save"' not in group_page.content.decode()
    before = stored_rules(group)
    assert officer_client.post(url("rulegroup_change", group.pk), {"name": "x"}).status_code == 403
    assert officer_client.post(url("ruleset_change", rule_set.pk), {"name": "x"}).status_code == 403
    assert stored_rules(group) == before
    # Copying is the way to new rules: the copy has every rule and may be edited.
    response = officer_client.post(
        url("ruleset_changelist"), {"action": "copy", "_selected_action": [rule_set.pk]}, follow=True
    )
    copy = RuleSet.objects.exclude(pk=rule_set.pk).get()
    assert "（副本）" in copy.name
    assert stored_rules(copy.groups.get()) == before
    assert copy.exemptions.count() == rule_set.exemptions.count() == 1
    assert 'name="_save"' in officer_client.get(url("ruleset_change", copy.pk)).content.decode()
    assert any("已复制为新的评价办法" in m for m in messages_of(response))


def test_the_rule_set_history_lists_the_edits_of_its_groups(officer_client):
    group = rule_set_with_group().groups.get()
    data = group_page(officer_client, group)
    data["indicators-0-weight"] = "70"
    data["indicators-1-weight"] = "30"
    officer_client.post(url("rulegroup_change", group.pk), data)
    html = officer_client.get(url("ruleset_history", group.rule_set_id)).content.decode()
    log = html[html.index("评价办法及其分组的修改记录") :]
    assert "muxun" in log and "规上工业" in log and "× 70" in log


# --- Firm-year figures in the admin ----------------------------------------------------------------------


def firm_year_post(**changes):
    data = {
        "year": "2024",
        "credit_code": FirmYearFactory.build().credit_code,
        "name": "杭州某某制造有限公司",
        "group_code": "gsgy",
        "land_own_mu": "20",
        "tax": "500",
    }
    data.update(changes)
    return data


def test_the_admin_form_refuses_zero_land_negative_and_absurd_figures(officer_client):
    response = officer_client.post(url("firmyear_add"), firm_year_post(land_own_mu="0", tax="-5", revenue="2e12"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "用地面积为零" in " ".join(errors["land_own_mu"])
    assert errors["tax"] and "不是合理的" in " ".join(errors["revenue"])
    assert not FirmYear.objects.exists()
    # Under construction, no land is allowed.
    response = officer_client.post(url("firmyear_add"), firm_year_post(land_own_mu="0", under_construction="on"))
    assert response.status_code == 302 and FirmYear.objects.count() == 1


def test_the_admin_form_stores_the_code_normalised_and_matches_the_enterprise(officer_client):
    code = FirmYearFactory.build().credit_code
    enterprise = EnterpriseFactory(credit_code=code)
    spaced = f"{code[:6].lower()} {code[6:]}"
    assert officer_client.post(url("firmyear_add"), firm_year_post(credit_code=spaced)).status_code == 302
    firm_year = FirmYear.objects.get()
    assert firm_year.credit_code == code and firm_year.enterprise == enterprise
    # The same firm and year again, typed differently: refused, not a server error.
    response = officer_client.post(url("firmyear_add"), firm_year_post(credit_code=code.lower()))
    assert response.status_code == 200 and FirmYear.objects.count() == 1
    assert "该企业已有本年度的数据。" in response.content.decode()


def test_the_unmatched_filter_lists_firm_years_without_an_enterprise(officer_client):
    code = FirmYearFactory.build().credit_code
    FirmYearFactory(name="甲有限公司", credit_code=code, enterprise=EnterpriseFactory(credit_code=code))
    FirmYearFactory(name="乙有限公司")
    html = officer_client.get(url("firmyear_changelist", query="matched=no")).content.decode()
    assert "乙有限公司" in html and "甲有限公司" not in html


# --- Result sets: the buttons call the services ----------------------------------------------------------


def test_adding_a_result_set_runs_the_evaluation(officer_client, officer, calls):
    rule_set = rule_set_with_group()
    FirmYearFactory()
    page = officer_client.get(url("resultset_add", query=f"rule_set={rule_set.pk}"))
    assert page.status_code == 200 and not calls.of("resultset_run")
    response = officer_client.post(url("resultset_add"), {"rule_set": rule_set.pk})
    assert calls.of("resultset_run") == [{"rule_set": rule_set, "user": officer}]
    result_set = ResultSet.objects.get(rule_set=rule_set)
    assert response.status_code == 302 and response["Location"] == url("resultset_change", result_set.pk)


def test_the_run_button_asks_then_runs(officer_client, officer, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    page = officer_client.get(url("resultset_run", result_set.pk))
    assert page.status_code == 200 and not calls
    response = officer_client.post(url("resultset_run", result_set.pk))
    assert response.status_code == 302
    assert calls.of("resultset_run") == [{"rule_set": result_set.rule_set, "user": officer}]


def test_a_refused_run_says_why_and_changes_nothing(officer_client, calls):
    rule_set = rule_set_with_group()
    RuleGroup.objects.create(rule_set=rule_set, code="empty", name="空分组")  # no indicators: refused
    result_set = ResultSetFactory(rule_set=rule_set)
    response = officer_client.post(url("resultset_run", result_set.pk))
    assert response.status_code == 400
    assert "空分组" in response.content.decode()
    assert ResultSet.objects.get(pk=result_set.pk).computed_at == result_set.computed_at


def test_the_notice_button_passes_the_dates_and_the_class_list_choice(officer_client, officer, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    ResultFactory(result_set=result_set)
    starts, ends = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=6)
    response = officer_client.post(
        url("resultset_notice", result_set.pk),
        {"starts_on": starts.isoformat(), "ends_on": ends.isoformat(), "show_classes": "on"},
    )
    assert response.status_code == 302
    assert calls.of("resultset_start_notice") == [
        {"result_set": result_set, "starts_on": starts, "ends_on": ends, "show_classes": True, "user": officer}
    ]
    result_set.refresh_from_db()
    assert result_set.status == ResultSet.Status.NOTICE and result_set.show_classes_during_notice


def test_a_notice_that_ends_before_it_starts_is_refused_before_the_service(officer_client, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    today = timezone.localdate()
    response = officer_client.post(
        url("resultset_notice", result_set.pk),
        {"starts_on": today.isoformat(), "ends_on": (today - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "公示结束日期不能早于开始日期。" in response.content.decode()
    assert not calls.of("resultset_start_notice")


def test_the_finalise_button_calls_the_service_once_the_notice_is_over(officer_client, officer, calls):
    today = timezone.localdate()
    result_set = ResultSetFactory(
        rule_set=rule_set_with_group(),
        status=ResultSet.Status.NOTICE,
        notice_starts_on=today - datetime.timedelta(days=10),
        notice_ends_on=today - datetime.timedelta(days=1),
    )
    ResultFactory(result_set=result_set)
    assert officer_client.get(url("resultset_finalise", result_set.pk)).status_code == 200
    response = officer_client.post(url("resultset_finalise", result_set.pk))
    assert response.status_code == 302
    assert calls.of("resultset_finalise") == [{"result_set": result_set, "user": officer}]
    assert ResultSet.objects.get(pk=result_set.pk).status == ResultSet.Status.FINAL


def test_finalising_during_the_notice_is_refused_with_the_services_reason(officer_client, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group(), on_notice=True)
    response = officer_client.post(url("resultset_finalise", result_set.pk))
    assert response.status_code == 400
    assert result_set.notice_ends_on.isoformat() in response.content.decode()
    assert ResultSet.objects.get(pk=result_set.pk).status == ResultSet.Status.NOTICE


def test_a_final_set_is_read_only_and_offers_only_a_new_version(officer_client, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group(), final=True)
    page = officer_client.get(url("resultset_change", result_set.pk))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in html
    assert "已定稿" in html and "重新运行为新版本" in html
    assert url("resultset_notice", result_set.pk) not in html and url("resultset_finalise", result_set.pk) not in html
    for name in ("resultset_notice", "resultset_finalise"):
        assert officer_client.post(url(name, result_set.pk)).status_code == 403
    assert not calls
    officer_client.post(url("resultset_run", result_set.pk))
    assert ResultSet.objects.get(pk=result_set.pk).status == ResultSet.Status.FINAL
    assert ResultSet.objects.filter(rule_set=result_set.rule_set, version=2).exists()


def test_the_analysis_page_shows_the_four_views(officer_client, calls):
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    ResultFactory(result_set=result_set)
    html = officer_client.get(url("resultset_analysis", result_set.pk)).content.decode()
    for heading in ("各类别企业数", "得分分布", "与上年相比类别变化的企业", "接近分档线的企业"):
        assert heading in html


def test_results_show_score_rank_class_exempt_reason_and_each_term(officer_client):
    result_set = ResultSetFactory(rule_set=rule_set_with_group())
    scored = ResultFactory(result_set=result_set, name="甲公司")
    ResultFactory(
        result_set=result_set, name="乙公司", firm_class="", score=None, rank=None, exempt_reason="成立未满2年"
    )
    html = officer_client.get(url("result_changelist", query=f"result_set__id__exact={result_set.pk}")).content.decode()
    assert "甲公司" in html and "1 / 2" in html and "成立未满2年" in html
    assert "亩均税收 74.93<br>亩均增加值 37.25" in html
    page = officer_client.get(url("result_change", scored.pk))
    assert 'name="_save"' not in page.content.decode()
    assert "74.93" in page.content.decode() and "102.44" in page.content.decode()
    assert officer_client.post(url("result_delete", scored.pk)).status_code == 403
    assert officer_client.get(url("result_add")).status_code == 403


# --- Objections ----------------------------------------------------------------------------------------


def objection_page(client, objection):
    response = client.get(url("objection_change", objection.pk))
    assert response.status_code == 200
    return response


def test_an_objection_shows_the_contact_on_record_and_never_asks_to_answer_the_filer(officer_client):
    objection = ObjectionFactory(
        firm_year=FirmYearFactory(contact_name="李经理", contact_phone="0571-86000000", contact_email="fin@firm.cn")
    )
    html = objection_page(officer_client, objection).content.decode()
    on_record = html[html.index("通过记录联系人答复") :]
    assert "李经理" in on_record and "0571-86000000" in on_record and "fin@firm.cn" in on_record
    assert "切勿通过提出人留下的联系方式" in html
    assert "仅作记录：请勿通过其答复" in html


def test_an_objection_without_a_contact_on_record_says_where_to_look(officer_client):
    objection = ObjectionFactory(firm_year=FirmYearFactory(contact_name="", contact_phone="", contact_email=""))
    html = objection_page(officer_client, objection).content.decode()
    assert "没有记录联系人" in html


def test_resolving_an_objection_goes_through_objection_resolve(officer_client, officer, calls):
    objection = ObjectionFactory()
    data = page_data(objection_page(officer_client, objection))
    data.update(status="rejected", resolution="经核实，用地面积以不动产登记为准，维持原评价。")
    response = officer_client.post(url("objection_change", objection.pk), data)
    assert response.status_code == 302
    resolved = calls.of("objection_resolve")
    assert len(resolved) == 1 and resolved[0]["status"] == "rejected" and resolved[0]["user"] == officer
    assert resolved[0]["resolution"].startswith("经核实") and resolved[0]["rerun"] is False
    objection.refresh_from_db()
    assert objection.status == "rejected" and objection.resolved_at is not None


def test_resolving_without_a_resolution_is_refused_before_the_service(officer_client, calls):
    objection = ObjectionFactory()
    data = page_data(objection_page(officer_client, objection))
    data.update(status="upheld", resolution="")
    response = officer_client.post(url("objection_change", objection.pk), data)
    assert response.status_code == 200
    assert "请写明告知企业的处理结果。" in response.content.decode()
    assert not calls.of("objection_resolve")
    assert Objection.objects.get(pk=objection.pk).status == "new"


def test_a_refusal_of_the_service_saves_nothing_of_the_page(officer_client, officer, monkeypatch, calls):
    from importlib import import_module

    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError("结果集已定稿。")

    monkeypatch.setattr(import_module("efficiency.objections"), "objection_resolve", refuse)
    objection = ObjectionFactory()
    data = page_data(objection_page(officer_client, objection))
    data.update(status="upheld", resolution="更正后重新评价。", officer=str(officer.pk), **{"notes-0-text": "备注"})
    response = officer_client.post(url("objection_change", objection.pk), data, follow=True)
    assert any("未保存任何内容" in m and "结果集已定稿。" in m for m in messages_of(response))
    objection.refresh_from_db()
    assert objection.status == "new" and objection.officer is None and not objection.notes.exists()


def test_notes_are_added_through_the_service_with_their_author(officer_client, officer, calls):
    objection = ObjectionFactory()
    data = page_data(objection_page(officer_client, objection))
    data["notes-0-text"] = "已致电记录联系人。"
    assert officer_client.post(url("objection_change", objection.pk), data).status_code == 302
    assert calls.of("objection_note_add") == [{"objection": objection, "text": "已致电记录联系人。", "user": officer}]


# --- 腾笼换鸟 --------------------------------------------------------------------------------------------


CODES = {name: FirmYearFactory.build().credit_code for name in ("idle", "once", "building")}


def test_renewal_candidates_are_the_d_class_and_long_idle_land(officer_client):
    final = ResultSetFactory(rule_set=rule_set_with_group(year=2024), final=True)
    ResultFactory(result_set=final, name="丁类企业", firm_class="D", rank=2)
    ResultFactory(result_set=final, name="甲类企业", firm_class="A")
    idle = {"revenue": None, "land_own_mu": Decimal("30")}
    for year in (2023, 2024):
        FirmYearFactory(year=year, name="闲置两年企业", credit_code=CODES["idle"], **idle)
    FirmYearFactory(year=2024, name="闲置一年企业", credit_code=CODES["once"], **idle)
    FirmYearFactory(year=2023, name="在建企业", credit_code=CODES["building"], under_construction=True, **idle)
    FirmYearFactory(year=2024, name="在建企业", credit_code=CODES["building"], under_construction=True, **idle)
    html = officer_client.get(url("firmyear_renewal")).content.decode()
    assert "丁类企业" in html and "甲类企业" not in html
    assert "闲置两年企业" in html and "闲置一年企业" not in html and "在建企业" not in html
    assert "2 年" in html


def test_opening_a_space_from_a_candidate_writes_an_unpublished_renewal_space_without_the_firms_name(
    officer_client, officer
):
    from spaces.models import Space

    firm_year = FirmYearFactory(name="杭州倒逼整治机械有限公司", revenue=Decimal("0"), land_own_mu=Decimal("42"))
    zone = ZoneFactory()
    page = officer_client.get(url("firmyear_renewal_space", firm_year.pk))
    assert page.status_code == 200 and page.context["form"]["area_mu"].value() == Decimal("42")
    response = officer_client.post(
        url("firmyear_renewal_space", firm_year.pk),
        {"name": "临平大道北侧待更新厂区", "zone": zone.pk, "area_mu": "42", "status": "available"},
    )
    assert response.status_code == 302
    space = Space.objects.get()
    assert space.kind == Space.Kind.RENEWAL and not space.is_published
    assert space.name == "临平大道北侧待更新厂区" and space.zone == zone and space.area_mu == Decimal("42")
    texts = [str(getattr(space, f.name)) for f in Space._meta.concrete_fields]
    assert not [t for t in texts if "倒逼整治机械" in t or firm_year.credit_code in t]
    assert f"#{firm_year.pk}]" in space.internal_notes
    assert space.status_log.count() == 1
    # The list shows the space against the candidate.
    ResultFactory(
        result_set=ResultSetFactory(rule_set=rule_set_with_group(), final=True), firm_year=firm_year, firm_class="D"
    )
    assert space.code in officer_client.get(url("firmyear_renewal")).content.decode()


def test_a_space_form_with_errors_writes_nothing(officer_client):
    from spaces.models import Space

    firm_year = FirmYearFactory()
    response = officer_client.post(url("firmyear_renewal_space", firm_year.pk), {"name": "", "status": "available"})
    assert response.status_code == 400 and not Space.objects.exists()


def test_the_result_of_an_objection_is_shown_to_the_officer_only_on_its_page(officer_client):
    objection = ObjectionFactory()
    ResultFactory(result_set=objection.result_set, firm_year=objection.firm_year, firm_class="C", rank=5)
    html = objection_page(officer_client, objection).content.decode()
    assert "切勿向提出人透露任何数据或得分" in html
    assert Result.objects.filter(result_set=objection.result_set).count() == 1


def test_reopening_a_resolved_objection_needs_a_reason_and_goes_through_the_service(officer_client, officer, calls):
    objection = ObjectionFactory(status="rejected", resolution="维持。", resolved_at=timezone.now())
    page = objection_page(officer_client, objection)
    assert page.context["adminform"].form["reopen_reason"].value() in (None, "")  # not the filer's reason
    data = page_data(page)
    data.update(status="reviewing")
    response = officer_client.post(url("objection_change", objection.pk), data)
    assert response.status_code == 200 and "请说明重新受理该异议的理由。" in response.content.decode()
    assert not calls.of("objection_set_status")
    data["reopen_reason"] = "企业补交了不动产权证。"
    assert officer_client.post(url("objection_change", objection.pk), data).status_code == 302
    assert calls.of("objection_set_status") == [
        {"objection": objection, "status": "reviewing", "user": officer, "reason": "企业补交了不动产权证。"}
    ]
