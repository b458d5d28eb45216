"""No field the public pages do not show: every serializer's fields against an allow-list.

The lists here are written out on purpose, not read from the datasets' allow-lists in api/ (api.common.AllowList):
a field added there is published only once it is added here too. Every serializer class defined in any
module of the api package is checked, so one added in a new module cannot escape.
"""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from rest_framework import serializers

import api
from api import common, enterprises, figures, news, policies, projects, reference, spaces

s = SimpleNamespace(
    **{
        **vars(common),
        **vars(reference),
        **vars(projects),
        **vars(enterprises),
        **vars(policies),
        **vars(spaces),
        **vars(news),
        **vars(figures),
    }
)

# What each model may publish (the public pages show these). A new field is private until added here.
ALLOWED = {
    s.ZoneSerializer: {
        "slug",
        "name",
        "name_en",
        "full_name",
        "full_name_en",
        "positioning",
        "positioning_en",
        "description",
        "description_en",
        "area",
        "english_out_of_date",
        "boundary",  # the outline the zone page draws, when staff have drawn one
    },
    s.ZoneRefSerializer: {"slug", "name", "name_en"},
    s.IndustryRefSerializer: {"slug", "name", "name_en"},
    s.GridRefSerializer: {"number", "name", "name_en"},
    s.IndustrySerializer: {
        "slug",
        "name",
        "name_en",
        "category",
        "category_name",
        "category_name_en",
        "description",
        "description_en",
        "chain_nodes",
        "english_out_of_date",
    },
    # A chain's link and an investment target: what /industries/<slug>/ shows. Whether a link is present is
    # derived there from the records, never stored; when staff created or changed a link is not published.
    s.ChainNodeSerializer: {
        "id",
        "stage",
        "stage_name",
        "stage_name_en",
        "name",
        "name_en",
        "parent",
        "order",
        "is_target",
        "target_kind",
        "target_brief",
        "target_brief_en",
        "is_demo",
        "english_out_of_date",
    },  # fmt: skip
    s.TargetSerializer: {
        "id",
        "industry",
        "stage",
        "stage_name",
        "stage_name_en",
        "name",
        "name_en",
        "parent",
        "target_kind",
        "target_kind_name",
        "target_kind_name_en",
        "target_brief",
        "target_brief_en",
        "is_demo",
        "inquiry_url",
        "english_out_of_date",
    },  # fmt: skip
    s.IndicatorSerializer: {
        "id",
        "label",
        "label_en",
        "value",
        "is_lower_bound",
        "unit",
        "unit_en",
        "period",
        "period_en",
        "source",
        "source_en",
        "english_out_of_date",
    },
    s.PlatformSerializer: {
        "slug",
        "name",
        "name_en",
        "kind",
        "kind_name",
        "kind_name_en",
        "zone",
        "opened_year",
        "recognition",
        "recognition_en",
        "summary",
        "summary_en",
        "english_out_of_date",
    },
    s.ProjectSerializer: {
        "code",
        "slug",
        "url",
        "name",
        "name_en",
        "investor",
        "investor_en",
        "zone",
        "industry",
        "chain_node",
        "investment",
        "signed_on",
        "signed_on_precision",
        "stage",
        "stage_name",
        "stage_name_en",
        "status",
        "status_name",
        "status_name_en",
        "started_on",
        "started_on_precision",
        "production_on",
        "production_on_precision",
        "land",
        "floor_area",
        "summary",
        "summary_en",
        "last_verified_on",
        "is_demo",
        "english_out_of_date",
    },
    s.RecognitionSerializer: {"slug", "name", "name_en", "level", "level_name", "level_name_en", "year"},
    s.EnterpriseSerializer: {
        "slug",
        "url",
        "name",
        "name_en",
        "short_name",
        "credit_code",
        "zone",
        "industry",
        "chain_node",
        "lead_of",
        "grid",
        "founded_year",
        "website",
        "listing_status",
        "listing_status_name",
        "listing_status_name_en",
        "exchange",
        "exchange_name",
        "exchange_name_en",
        "listed_on",
        "recognitions",
        "summary",
        "summary_en",
        "last_verified_on",
        "is_demo",
        "english_out_of_date",
    },
    # /api/v1/figures/ (api/figures.py): the rows of /figures/'s two CSVs, aggregates only — no case, no person.
    s.FiguresSerializer: {"as_of", "min_sample", "percentile_method", "speed", "space_market"},
    s.LedgerRowSerializer: {
        "process",
        "process_name",
        "process_name_en",
        "stage",
        "stage_name",
        "stage_name_en",
        "breakdown",
        "group",
        "group_name",
        "group_name_en",
        "n",
        "median_working_days",
        "p90_working_days",
        "hidden",
        "is_sample",
        "period_from",
        "period_to",
    },
    s.MarketRowSerializer: {
        "table",
        "row",
        "row_name",
        "row_name_en",
        "column",
        "column_name",
        "column_name_en",
        "measure",
        "value",
        "unit",
        "unit_en",
        "n",
        "hidden",
        "is_sample",
        "as_of",
    },
}
ALLOWED.update(
    {
        s.ThemeRefSerializer: {"slug", "name", "name_en"},
        s.MeasureSerializer: {
            "title", "title_en", "benefit", "benefit_en", "benefit_amount", "benefit_ratio", "benefit_cap",
            "no_application", "how_to_apply", "how_to_apply_en", "deadline", "department", "department_en", "contact",
            "english_out_of_date",
        },
        s.PolicySerializer: {
            "slug", "url", "title", "title_en", "document_number", "issuer", "issuer_en", "level", "level_name",
            "level_name_en", "published_on", "in_force_from", "in_force_until", "status", "themes", "industries",
            "summary", "summary_en", "source_url", "measures", "last_verified_on", "is_demo",
            "english_out_of_date",
        },
    }
)  # fmt: skip
ALLOWED.update(
    {
        s.SpaceStatusChangeSerializer: {"to_status", "changed_on", "date_precision"},
        s.SpaceSerializer: {
            "code", "slug", "url", "name", "name_en", "kind", "kind_name", "kind_name_en", "zone", "address",
            "address_en", "status", "status_name", "status_name_en", "available_from", "area", "land_area",
            "floor_area", "clear_height", "floor_load", "power", "offers_lease", "offers_sale", "offers_transfer",
            "rent", "sale_price", "land_price", "target_industries", "min_investment_intensity", "min_tax_per_mu",
            "min_value_added_per_mu", "bar_years", "operator", "operator_en", "summary", "summary_en", "latitude",
            "longitude", "status_log", "last_verified_on", "is_demo",
            "english_out_of_date",
        },
    }
)  # fmt: skip
# News: what the item's page shows. Never its Markdown source, its workflow status, who wrote or
# published it, or when it was submitted and reviewed.
ALLOWED.update(
    {
        s.NewsItemSerializer: {
            "slug", "url", "kind", "kind_name", "kind_name_en", "title", "title_en", "summary", "summary_en",
            "body_html", "body_html_en", "cover", "cover_alt", "cover_alt_en", "source_publisher",
            "source_publisher_en", "source_author", "source_date", "source_date_precision", "source_url", "pinned",
            "published_at", "starts_at", "ends_at", "attendance", "attendance_name", "attendance_name_en", "place",
            "place_en", "online_url", "capacity", "registration_opens_at", "registration_closes_at", "is_demo",
            "english_out_of_date",
        },
        s.EventSerializer: {
            "slug", "url", "title", "title_en", "summary", "summary_en", "starts_at", "ends_at", "attendance",
            "attendance_name", "attendance_name_en", "place", "place_en", "online_url", "capacity",
            "registration_opens_at", "registration_closes_at", "body_html", "body_html_en", "cover", "cover_alt",
            "cover_alt_en", "published_at", "is_demo", "english_out_of_date",
        },
    }
)  # fmt: skip
# Never, under any serializer: internal notes, staff and personal data, search internals.
PRIVATE = {
    "internal_notes",
    "status_reason",
    "officers",
    "changed_by",
    "note",
    "search_text",
    "search_tokens",
    "email",
    "phone",
    "contact_name",
    "created_at",
    "updated_at",
    "is_published",
    "investment_disclosed",
    "written_by",
    "reviewed_by",
    "submitted_at",
    "reviewed_at",
    "body",
    "body_en",
}


def all_serializers():
    found = []
    for info in pkgutil.walk_packages(api.__path__, "api."):
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, serializers.Serializer)
            and value.__module__ == module.__name__
        ]
    return found


@pytest.mark.parametrize("serializer", all_serializers(), ids=lambda c: c.__name__)
def test_serializer_fields_are_on_the_allow_list(serializer):
    fields = set(serializer().fields)
    if serializer in (s.AmountSerializer, s.InvestmentSerializer):
        assert fields <= {"value", "unit", "unit_en", "disclosed"}
        return
    assert serializer in ALLOWED, f"{serializer.__name__} has no allow-list entry"
    assert fields == ALLOWED[serializer]
    assert not fields & PRIVATE


@pytest.mark.django_db
def test_no_private_value_in_any_response(client):
    from tests.factories import EnterpriseFactory, ProjectFactory, ServiceGridFactory, UserFactory

    officer = UserFactory(username="officer-zhang", email="zhang.officer@example.gov.cn")
    grid = ServiceGridFactory()
    grid.officers.add(officer)
    ProjectFactory(slug="p", internal_notes="SECRET-NOTE", status="delayed", status_reason="SECRET-REASON")
    EnterpriseFactory(slug="e", grid=grid)
    bodies = b"".join(
        client.get(url).content
        for url in ["/api/v1/projects/", "/api/v1/projects/p/", "/api/v1/enterprises/", "/api/v1/enterprises/e/"]
    )
    for secret in [b"SECRET-NOTE", b"SECRET-REASON", b"officer-zhang", b"zhang.officer"]:
        assert secret not in bodies
