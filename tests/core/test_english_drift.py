"""Out-of-date English (issue 13): the rules, every write path, the public read and its note (core.i18n)."""

import importlib

import pytest
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from core.cache import content_version
from core.i18n import Localized, TranslatedModel, english_confirm, english_drift, english_drift_from_history
from projects.models import Project
from projects.services import project_save, projects_save_many
from tests.factories import ProjectFactory, ZoneFactory
from zones.models import Zone

NOTE = "The English translation of this text is being updated; the Chinese original is shown."
PAIRS = ("name", "summary")


def values(**given):
    return {"name": "名", "name_en": "Name", "summary": "简介", "summary_en": "Summary", **given}


# --- The rules ------------------------------------------------------------------------------


def test_chinese_changed_and_english_not_makes_the_english_out_of_date():
    assert english_drift([], PAIRS, values(), values(summary="新简介")) == ["summary_en"]


def test_english_changed_makes_it_up_to_date_again():
    assert english_drift(["summary_en"], PAIRS, values(), values(summary_en="New summary")) == []


def test_both_changed_in_one_write_is_up_to_date():
    assert english_drift([], PAIRS, values(), values(summary="新简介", summary_en="New summary")) == []


def test_empty_english_is_never_out_of_date():
    assert english_drift([], PAIRS, values(summary_en=""), values(summary="新简介", summary_en="")) == []
    # Emptying the English clears it too.
    assert english_drift(["summary_en"], PAIRS, values(), values(summary_en="")) == []


def test_an_unrelated_write_keeps_what_was_out_of_date():
    assert english_drift(["name_en"], PAIRS, values(), values()) == ["name_en"]
    assert english_drift(["name_en"], PAIRS, values(), values(summary="新简介")) == ["name_en", "summary_en"]


def test_a_new_row_keeps_what_it_is_given():
    assert english_drift([], PAIRS, None, values()) == []


# --- The model mixin ------------------------------------------------------------------------


def test_pairs_come_from_the_localized_descriptors():
    assert Project.translated_pairs() == ("name", "investor", "summary")
    assert Zone.translated_pairs() == ("name", "full_name", "positioning", "description")


def test_every_model_with_localized_text_tracks_its_english():
    """A new public model with `Localized` pairs must mix in TranslatedModel (or be named here, with why)."""
    # No migrations may be added to these apps in issue 13: their English cannot be tracked yet.
    untracked = {"staff.OfficerProfile", "service.ServiceCategory"}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if any(isinstance(value, Localized) for klass in model.__mro__ for value in vars(klass).values())
        and not issubclass(model, TranslatedModel)
    ]
    assert sorted(missing) == sorted(untracked)


@pytest.mark.django_db
def test_saving_a_loaded_row_applies_the_rules():
    zone = ZoneFactory(name="北部", name_en="North", description="旧", description_en="Old")
    zone = Zone.objects.get(pk=zone.pk)
    zone.description = "新的介绍"
    zone.save()
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["description_en"]
    # The same instance saved again, now with the English: compared with what was just written.
    zone.description_en = "New description"
    zone.save()
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == []
    zone.name = "北片"
    zone.save()
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["name_en"]


@pytest.mark.django_db
def test_a_row_saved_without_being_loaded_is_compared_with_the_database():
    zone = ZoneFactory(name="北部", name_en="North", slug="north")
    rebuilt = Zone(pk=zone.pk, slug="north", name="北片", name_en="North", order=zone.order)
    rebuilt.save()
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["name_en"]


@pytest.mark.django_db
def test_refresh_from_db_forgets_the_old_values():
    zone = ZoneFactory(name="北部", name_en="North")
    Zone.objects.filter(pk=zone.pk).update(name_en="Northern zone")
    zone.refresh_from_db()
    zone.name = "北片"
    zone.save()
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["name_en"]


@pytest.mark.django_db
def test_save_with_update_fields_writes_the_state_too():
    zone = ZoneFactory(name="北部", name_en="North")
    zone.name = "北片"
    zone.save(update_fields=["name"])
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["name_en"]


@pytest.mark.django_db
def test_the_service_marks_drift_and_keeps_it_in_history():
    project = ProjectFactory(summary="旧简介", summary_en="Old summary")
    project = Project.objects.get(pk=project.pk)
    project.summary = "新简介"
    project_save(project=project)
    assert project.history.first().english_out_of_date == ["summary_en"]


@pytest.mark.django_db
def test_bulk_saves_apply_the_rules_with_one_query_for_unloaded_rows(django_assert_max_num_queries):
    loaded = ProjectFactory(name="甲", name_en="A")
    loaded = Project.objects.get(pk=loaded.pk)
    other = ProjectFactory(name="乙", name_en="B", summary="旧", summary_en="Old")
    unloaded = Project(**{f.attname: getattr(other, f.attname) for f in Project._meta.concrete_fields})
    loaded.name = "甲甲"
    unloaded.summary = "新"
    projects_save_many(projects=[loaded, unloaded], validate=False)
    assert Project.objects.get(pk=loaded.pk).english_out_of_date == ["name_en"]
    assert Project.objects.get(pk=other.pk).english_out_of_date == ["summary_en"]
    assert Project.history.filter(id=other.pk).first().english_out_of_date == ["summary_en"]


@pytest.mark.django_db
def test_confirming_clears_the_state_with_a_history_record_and_moves_the_page_cache():
    project = ProjectFactory(summary="旧", summary_en="Old")
    project = Project.objects.get(pk=project.pk)
    project.summary = "新"
    project_save(project=project)
    before = content_version()
    assert english_confirm(obj=project) == ["summary_en"]
    assert Project.objects.get(pk=project.pk).english_out_of_date == []
    record = project.history.first()
    assert record.english_out_of_date == []
    assert record.history_change_reason == "已确认英文仍然正确：公开简介（英文）"
    assert content_version() != before
    assert english_confirm(obj=project) == []  # nothing left to confirm


# --- Reading --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_english_reads_give_the_chinese_while_the_english_is_out_of_date():
    zone = ZoneFactory(name="北部", name_en="North", positioning="智造", positioning_en="Manufacturing")
    zone.english_out_of_date = ["name_en"]
    with translation.override("en"):
        assert zone.name_i18n == "北部"
        assert zone.positioning_i18n == "Manufacturing"
    with translation.override("zh-hans"):
        assert zone.name_i18n == "北部"


@pytest.mark.django_db
def test_the_note_appears_once_per_block_and_only_in_english():
    zone = ZoneFactory(name="北部", name_en="North", positioning="智造", positioning_en="Manufacturing")
    zone.english_out_of_date = ["name_en", "positioning_en"]
    template = Template(
        "{% load translations %}{% translation_note %}<h1>{{ zone.name_i18n }}</h1>"
        "<p>{{ zone.positioning_i18n }}</p>{% endtranslation_note %}"
        "{% translation_note %}<p>{{ zone.slug }}</p>{% endtranslation_note %}"
    )
    with translation.override("en"):
        html = template.render(Context({"zone": zone}))
    assert html.count(NOTE) == 1
    assert "<h1>北部</h1>" in html
    with translation.override("zh-hans"):
        html = template.render(Context({"zone": zone}))
    assert "北部" in html and NOTE not in html
    zone.english_out_of_date = []
    with translation.override("en"):
        html = template.render(Context({"zone": zone}))
    assert "<h1>North</h1>" in html and NOTE not in html


@pytest.mark.django_db
def test_a_nested_block_keeps_its_note_to_itself():
    zone = ZoneFactory(name="北部", name_en="North")
    zone.english_out_of_date = ["name_en"]
    template = Template(
        "{% load translations %}{% translation_note %}<section>{% translation_note %}"
        "{{ zone.name_i18n }}{% endtranslation_note %}</section>{% endtranslation_note %}"
    )
    with translation.override("en"):
        html = template.render(Context({"zone": zone}))
    assert html.count(NOTE) == 1
    assert html.index(NOTE) < html.index("</section>")


# --- The data migrations --------------------------------------------------------------------


@pytest.mark.django_db
def test_history_gives_the_initial_state():
    drifted = ProjectFactory(summary="旧", summary_en="Old")
    drifted = Project.objects.get(pk=drifted.pk)
    drifted.summary = "新"
    project_save(project=drifted)
    caught_up = ProjectFactory(name="甲", name_en="A")
    caught_up = Project.objects.get(pk=caught_up.pk)
    caught_up.name = "甲甲"
    project_save(project=caught_up)
    caught_up.name_en = "AA"
    project_save(project=caught_up)
    never_translated = ProjectFactory(summary="旧", summary_en="")
    never_translated = Project.objects.get(pk=never_translated.pk)
    never_translated.summary = "新"
    project_save(project=never_translated)
    Project.objects.update(english_out_of_date=[])  # as before the migration

    english_drift_from_history(apps, "projects", {"Project": ("name", "investor", "summary")})

    assert Project.objects.get(pk=drifted.pk).english_out_of_date == ["summary_en"]
    assert Project.objects.get(pk=caught_up.pk).english_out_of_date == []
    assert Project.objects.get(pk=never_translated.pk).english_out_of_date == []


@pytest.mark.django_db
def test_a_write_that_bypassed_history_still_counts():
    project = ProjectFactory(name="甲", name_en="A")
    Project.objects.filter(pk=project.pk).update(name="甲甲")
    english_drift_from_history(apps, "projects", {"Project": ("name", "investor", "summary")})
    assert Project.objects.get(pk=project.pk).english_out_of_date == ["name_en"]


@pytest.mark.parametrize(
    "module",
    [
        "projects.migrations.0008_english_drift_from_history",
        "enterprises.migrations.0007_english_drift_from_history",
        "spaces.migrations.0004_english_drift_from_history",
        "policies.migrations.0004_english_drift_from_history",
        "portal.migrations.0004_english_drift_from_history",
    ],
)
def test_each_migration_freezes_the_pairs_of_its_models(module):
    """A migration keeps the pairs its models had when it was written; pairs added later (the contact
    page's hours on the site settings) have no history before them to read, so they may only be extra."""
    migration = importlib.import_module(module)
    app_label = module.split(".")[0]
    for model_name, pairs in migration.PAIRS.items():
        current = apps.get_model(app_label, model_name).translated_pairs()
        assert set(pairs) <= set(current), (model_name, pairs, current)
