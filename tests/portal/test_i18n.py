"""Chinese is the default language of the site and the admin, English lives under /en/.

The catalogue checks at the end keep every helper honest: a string added to the code but left
untranslated, fuzzy or uncompiled makes this file fail.
"""

import datetime
import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from tests.factories import IndustryFactory, ProjectFactory, UserFactory, ZoneFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The site's wording of Django's and django-import-export's strings, which `make messages` would drop from PO_PATH.
OVERRIDES_PO_PATH = Path(settings.BASE_DIR) / "locale_overrides" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGUES = pytest.mark.parametrize("po_path", [PO_PATH, OVERRIDES_PO_PATH], ids=["site", "overrides"])
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def project_url(action, *args):
    with translation.override("zh-hans"):
        return reverse(f"admin:projects_project_{action}", args=args)


# --- The admin in both languages --------------------------------------------------------------


def test_admin_project_changelist_is_chinese_by_default(superuser_client):
    ProjectFactory(investment=None, investment_disclosed=False)
    # A browser that prefers English still gets Chinese at the unprefixed address.
    response = superuser_client.get(project_url("changelist"), headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans"' in html
    for text in ["签约项目", "总投资（亿元）", "项目编号", "签约日期", "未披露", "杭州钱江经济开发区管理后台"]:
        assert text in html, text
    assert "Signed projects" not in html
    assert "Total investment" not in html


def test_admin_project_add_page_is_chinese_by_default(superuser_client):
    response = superuser_client.get(project_url("add"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["增加 签约项目", "投资与用地", "项目进度", "总投资（亿元）", "用地面积（亩）", "建筑面积（平方米）"]:
        assert text in html, text
    # Choice labels of stage and status.
    for text in [">签约<", ">开工<", ">投产<", ">正常<", ">延期<", ">终止<"]:
        assert text in html, text


def test_admin_project_pages_are_english_under_en(superuser_client):
    ProjectFactory()
    changelist = superuser_client.get("/en" + project_url("changelist"))
    add = superuser_client.get("/en" + project_url("add"))
    assert changelist.status_code == add.status_code == 200
    assert changelist.headers["Content-Language"] == "en"
    html = changelist.content.decode() + add.content.decode()
    for text in [
        "Signed projects",
        "Total investment (100 million yuan)",
        "Investment and space",
        "Under construction",
    ]:
        assert text in html, text
    assert "签约项目" not in html
    assert "总投资" not in html


def test_admin_rejects_negative_investment_with_a_chinese_message(superuser_client):
    zone, industry = ZoneFactory(), IndustryFactory()
    data = {
        "code": "QK-2022-001",
        "name": "负数项目",
        "slug": "negative",
        "investor": "某投资方",
        "industry": industry.pk,
        "zone": zone.pk,
        "investment_disclosed": "on",
        "investment": "-1",
        "stage": Project.Stage.SIGNED,
        "status": Project.Status.ON_TRACK,
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "stage_log-TOTAL_FORMS": "0",
        "stage_log-INITIAL_FORMS": "0",
    }
    response = superuser_client.post(project_url("add"), data)
    assert response.status_code == 200, "the form is shown again, not saved and not a 500"
    assert not Project.objects.filter(code="QK-2022-001").exists()
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["investment"], errors
    assert CJK.search(errors["investment"][0]), errors


# --- Model validation messages ----------------------------------------------------------------


@pytest.mark.django_db
def test_negative_investment_message_is_chinese_when_zh_hans_is_active():
    project = ProjectFactory.build(zone=ZoneFactory(), industry=IndustryFactory(), investment=Decimal("-1"))
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as field_error:
            project.full_clean()
        with pytest.raises(ValidationError) as constraint_error:
            project.validate_constraints()
        assert CJK.search(str(field_error.value.message_dict["investment"][0]))
        assert "投资额不能为负数。" in constraint_error.value.messages
    with translation.override("en"):
        with pytest.raises(ValidationError) as constraint_error:
            project.validate_constraints()
        assert "The investment cannot be negative." in constraint_error.value.messages


@pytest.mark.django_db
def test_production_before_signing_message_is_chinese():
    project = ProjectFactory.build(
        zone=ZoneFactory(),
        industry=IndustryFactory(),
        signed_on=datetime.date(2022, 5, 1),
        production_on=datetime.date(2022, 1, 1),
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error.value.message_dict["production_on"] == ["投产日期不能早于签约日期。"]


# --- Everything a Chinese user sees in the admin is Chinese -----------------------------------


def project_models():
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if config.path.startswith(base) and "/.venv/" not in config.path:
            for model in config.get_models():
                if not model.__name__.startswith("Historical"):
                    yield config, model


def test_every_app_model_field_and_choice_has_a_chinese_label():
    untranslated = []
    with translation.override("zh-hans"):
        for config, model in project_models():
            opts = model._meta
            texts = {
                f"{config.label} app": config.verbose_name,
                f"{opts.label} verbose_name": opts.verbose_name,
                f"{opts.label} verbose_name_plural": opts.verbose_name_plural,
            }
            for field in opts.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                texts[f"{opts.label}.{field.name}"] = field.verbose_name
                if field.help_text:
                    texts[f"{opts.label}.{field.name} help_text"] = field.help_text
                for value, label in field.flatchoices or []:
                    texts[f"{opts.label}.{field.name} choice {value}"] = label
            untranslated += [f"{where}: {text}" for where, text in texts.items() if not CJK.search(str(text))]
    assert not untranslated, "\n".join(untranslated)


def test_every_admin_fieldset_and_column_title_is_chinese(rf):
    """All registered admins, third-party ones included: core/vendor_strings.py covers django-axes."""
    request = rf.get("/admin/")
    request.user = UserFactory.build(is_superuser=True, is_staff=True)
    untranslated = []
    with translation.override("zh-hans"):
        for model, model_admin in admin.site._registry.items():
            if not CJK.search(str(model._meta.verbose_name_plural)):
                untranslated.append(f"{model.__name__} verbose_name_plural: {model._meta.verbose_name_plural}")
            try:
                fieldsets = model_admin.get_fieldsets(request)
            except AttributeError:  # django-q2's task admins read their fields from a record: give them one
                fieldsets = model_admin.get_fieldsets(request, model())
            for title, _options in fieldsets:
                if title is not None and not CJK.search(str(title)):
                    untranslated.append(f"{model.__name__} fieldset: {title}")
            for name in model_admin.get_list_display(request):
                if callable(name) or name == "__str__":
                    description = getattr(name, "short_description", None)
                elif hasattr(model_admin, name):
                    description = getattr(getattr(model_admin, name), "short_description", None)
                else:
                    try:
                        description = model._meta.get_field(name).verbose_name
                    except FieldDoesNotExist:
                        description = getattr(getattr(model, name, None), "short_description", None)
                if description is not None and not CJK.search(str(description)):
                    untranslated.append(f"{model.__name__} column {name}: {description}")
        if not CJK.search(str(admin.site.site_header)):
            untranslated.append(f"site_header: {admin.site.site_header}")
        if not CJK.search(str(settings.SITE_NAME)):
            untranslated.append(f"SITE_NAME: {settings.SITE_NAME}")
    assert not untranslated, "\n".join(untranslated)


def test_admin_index_sidebar_is_chinese(superuser_client):
    with translation.override("zh-hans"):
        url = reverse("admin:index")
    html = superuser_client.get(url).content.decode()
    for text in ["签约项目", "成绩单指标", "创新平台", "服务网格", "登录日志", "模型名称", "修改或查看列表链接"]:
        assert text in html, text
    for text in ["Access logs", "Model name", "Add link"]:
        assert text not in html, text


# --- The catalogue itself ---------------------------------------------------------------------


def unquote(line):
    body = line[line.index('"') + 1 : line.rindex('"')]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def parse_po(path):
    """Entries of a .po file as dicts: msgid, msgstr (list, one per plural form), flags, obsolete."""
    entries, entry, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key, entry["msgid_plural"] = "msgid_plural", unquote(line)
        elif line.startswith("msgid "):
            key, entry["msgid"] = "msgid", unquote(line)
        elif line.startswith("msgstr"):
            index = int(line[7 : line.index("]")]) if line.startswith("msgstr[") else 0
            key = ("msgstr", index)
            entry["msgstr"][index] = unquote(line)
        elif line.startswith("msgctxt "):
            key, entry["msgctxt"] = "msgctxt", unquote(line)
        elif line.startswith('"'):
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += unquote(line)
            else:
                entry[key] += unquote(line)
    return entries


def messages(po_path=PO_PATH):
    return [e for e in parse_po(po_path) if e["msgid"] and not e["obsolete"]]


@CATALOGUES
def test_catalogue_has_no_untranslated_or_fuzzy_entries(po_path):
    entries = messages(po_path)
    assert len(entries) > (200 if po_path == PO_PATH else 10)
    header = next(e for e in parse_po(po_path) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"], "a fuzzy header makes msgfmt skip the charset"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())]
    assert not fuzzy, "fuzzy entries (translate them and remove the flag):\n" + "\n".join(fuzzy)
    assert not empty, "untranslated entries:\n" + "\n".join(empty)


@CATALOGUES
def test_catalogue_translations_keep_their_placeholders(po_path):
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = [
        e["msgid"]
        for e in messages(po_path)
        for msgstr in e["msgstr"].values()
        if sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(msgstr))
    ]
    assert not wrong, wrong


@CATALOGUES
def test_compiled_catalogue_matches_the_po_file(po_path):
    """The .mo is what Django reads: a .po edited without compilemessages changes nothing."""
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in messages(po_path):
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            found = compiled._catalog.get(key)
            if found != e["msgstr"].get(0):
                stale.append(e["msgid"])
        elif compiled._catalog.get((key, 0)) != e["msgstr"].get(0):
            stale.append(e["msgid"])
    assert not stale, "run compilemessages; stale or missing in the .mo:\n" + "\n".join(stale)


def test_overridden_strings_are_not_the_sites_own_and_are_translated_as_the_site_words_them():
    """locale_overrides/ holds only strings that come from Django or django-import-export (the site's own are
    in locale/, where `make messages` keeps them), and Django reads them: a required field says so in Chinese."""
    site = {(e.get("msgctxt"), e["msgid"]) for e in messages(PO_PATH)}
    overridden = {(e.get("msgctxt"), e["msgid"]) for e in messages(OVERRIDES_PO_PATH)}
    assert overridden and not overridden & site
    with translation.override("zh-hans"):
        assert translation.gettext("This field is required.") == "这个字段是必填项。"
