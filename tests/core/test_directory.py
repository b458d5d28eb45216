"""The directory layer (core/directory.py and the `cards` tag): the rules every directory shares."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.cache import content_changed
from core.directory import (
    DirectoryDetailView,
    DirectoryFilterSet,
    SortFilter,
    by_display_name,
    database_choices,
    lookup_for,
)
from core.search import build_search_text, search_tokens
from enterprises.models import Enterprise
from enterprises.views import EnterpriseDetailView
from projects.models import Project
from projects.views import ProjectDetailView
from tests.factories import EnterpriseFactory, ProjectFactory, ZoneFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db


class ZoneDirectoryFilter(DirectoryFilterSet):
    """A directory over zones, as a new app would declare one."""

    sort = SortFilter({"name": ("Name", by_display_name), "newest": ("Newest", ("-id",))})

    class Meta:
        model = Zone
        fields = ["q", "sort"]


@pytest.mark.parametrize(("key", "expected"), [("12", {"pk": 12}), ("north-zone", {"slug": "north-zone"})])
def test_lookup_for_reads_digits_as_an_id_and_anything_else_as_a_slug(key, expected):
    assert lookup_for(key) == expected


@pytest.mark.parametrize("key", ["0", str(2**62), "١٢", "a b", "x\x00", "名字"])
def test_lookup_for_refuses_what_is_neither_an_id_nor_a_slug(key):
    with pytest.raises(Http404):
        lookup_for(key)


def test_sort_defaults_to_its_first_entry_and_is_applied_after_the_filters():
    ZoneFactory(slug="b", name="乙")
    ZoneFactory(slug="a", name="甲")
    ZoneFactory(slug="c", name="丙")
    names = [z.name for z in ZoneDirectoryFilter({}, queryset=Zone.objects.all()).qs]
    assert names == sorted(names)
    newest = ZoneDirectoryFilter({"sort": "newest"}, queryset=Zone.objects.all()).qs
    assert [z.pk for z in newest] == sorted((z.pk for z in newest), reverse=True)


def test_a_sort_outside_the_allow_list_is_an_error_not_ignored():
    filterset = ZoneDirectoryFilter({"sort": "id; drop"}, queryset=Zone.objects.all())
    assert not filterset.is_valid()
    assert "sort" in filterset.form.errors


def test_name_sort_uses_the_english_name_when_english_is_active_and_it_is_filled_in():
    ZoneFactory(slug="z1", name="甲", name_en="Zulu")
    ZoneFactory(slug="z2", name="乙", name_en="")  # falls back to the Chinese name
    ZoneFactory(slug="z3", name="丙", name_en="Alpha")
    with translation.override("en"):
        english = [z.slug for z in ZoneDirectoryFilter({}, queryset=Zone.objects.all()).qs]
    assert english == ["z3", "z1", "z2"]  # Alpha, Zulu, 乙 (non-ASCII after ASCII)


def test_keyword_box_has_no_colon_and_the_directorys_own_help_text():
    from projects.filters import ProjectFilter

    with translation.override("en"):
        form = ProjectFilter({}, queryset=Project.objects.all()).form
        assert form.label_suffix == ""
        assert str(form.fields["q"].help_text) == "Name, investor or summary"
    assert form.fields["q"].max_length == 200


def test_database_choices_are_remembered_until_the_content_changes():
    calls = []

    def build():
        calls.append(1)
        return [(1, "一")]

    assert database_choices("test", build) == [("1", "一")]
    assert database_choices("test", build) == [("1", "一")]
    assert len(calls) == 1
    with translation.override("en"):
        database_choices("test", build)
    assert len(calls) == 2  # each language apart
    content_changed()
    database_choices("test", build)
    assert len(calls) == 3


def test_searchable_models_compute_search_text_and_tokens_from_their_field_list():
    project = ProjectFactory.build(code="QK-2021-007", name="新能源 装备", investor="某公司", summary="电池")
    project.refresh_search()
    parts = Project.search_parts(project)
    assert parts[: len(Project.SEARCH_FIELDS)] == [getattr(project, field) for field in Project.SEARCH_FIELDS]
    assert project.search_text == build_search_text(*parts) and "电池" in project.search_text
    assert project.search_tokens == search_tokens(project.search_text)
    # A bulk writer's dict of column values (foreign keys by attname) gives the same parts.
    row = {field.attname: getattr(project, field.attname) for field in Project._meta.concrete_fields}
    assert Project.search_parts(row) == parts
    assert "short_name" in Enterprise.SEARCH_FIELDS


def test_related_blocks_belong_to_the_view_they_were_added_to():
    assert "projects" in EnterpriseDetailView.related
    assert "projects" not in ProjectDetailView.related and DirectoryDetailView.related == {}


def test_undated_projects_come_last_in_the_public_order():
    zone = ZoneFactory()
    undated = ProjectFactory(zone=zone, signed_on=None)
    old = ProjectFactory(zone=zone, signed_on=datetime.date(2019, 1, 1))
    new = ProjectFactory(zone=zone, signed_on=datetime.date(2022, 1, 1))
    assert list(Project.objects.newest_first()) == [new, old, undated]


CARDS = Template('{% load directory %}{% cards rows "projects/includes/project_card.html" %}')


def render_cards(rows) -> str:
    return CARDS.render(Context({"rows": rows}))


def test_cards_are_rendered_once_per_content_version_and_language():
    project = ProjectFactory(name="旧名", name_en="Old name")
    rows = list(Project.objects.select_related("zone", "industry"))
    first = render_cards(rows)
    assert first.startswith("<li><article") and "旧名" in first
    # A write that bypasses signals and updated_at: the card stays as it was rendered.
    Project.objects.filter(pk=project.pk).update(name="改名")
    assert "旧名" in render_cards(list(Project.objects.select_related("zone", "industry")))
    with translation.override("en"):
        assert "Old name" in render_cards(rows)
    # A real edit moves updated_at and the content version: the card is rendered again.
    project.refresh_from_db()
    project.save()
    assert "改名" in render_cards(list(Project.objects.select_related("zone", "industry")))


def test_warm_cards_cost_no_query():
    EnterpriseFactory.create_batch(3)
    template = Template('{% load directory %}{% cards rows "enterprises/includes/enterprise_card.html" %}')
    rows = list(Enterprise.objects.select_related("zone", "industry", "grid").prefetch_related("recognitions"))
    cold = template.render(Context({"rows": rows}))
    with CaptureQueriesContext(connection) as queries:
        warm = template.render(Context({"rows": rows}))
    assert warm == cold and cold.count("<li>") == 3
    assert len(queries) == 0


def test_filter_forms_copy_fields_and_widget_attributes_without_sharing_them():
    from spaces.filters import SpaceFilter

    first = SpaceFilter(data={"min_area": "5"}).form
    second = SpaceFilter(data={}).form
    first.fields["kind"].widget.attrs["data-x"] = "1"
    first.fields["kind"].label = "changed"
    assert "data-x" not in second.fields["kind"].widget.attrs
    assert second.fields["kind"].label != "changed"
    assert first.fields["kind"] is not second.fields["kind"]
    assert first.fields["kind"].widget is not second.fields["kind"].widget
    assert first.is_valid() and second.is_valid()
