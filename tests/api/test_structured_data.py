"""JSON-LD on the pages parses and carries the properties schema.org's consumers require."""

import json
import re

import pytest

from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    blocks = [json.loads(text) for text in JSON_LD.findall(response.content.decode())]
    assert blocks, f"no JSON-LD on {url}"
    for block in blocks:
        assert block["@context"] == "https://schema.org"
    return blocks


def test_home_is_a_government_organization(client, seeded):
    (data,) = json_ld(client, "/")
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] and data["url"] == "http://testserver/"


def test_enterprise_is_an_organization_with_its_credit_code(client, db):
    EnterpriseFactory(slug="acme", name="示例科技", credit_code="91110000600037341L", website="https://acme.example")
    (data,) = json_ld(client, "/enterprises/acme/")
    assert data["@type"] == "Organization" and data["name"] == "示例科技"
    assert data["url"] == "http://testserver/enterprises/acme/"
    assert data["identifier"]["value"] == "91110000600037341L"
    EnterpriseFactory(slug="plain")
    (plain,) = json_ld(client, "/en/enterprises/plain/")
    assert "identifier" not in plain and plain["url"] == "http://testserver/en/enterprises/plain/"


@pytest.mark.parametrize("url", ["/zones/north/", "/en/zones/north/"])
def test_zone_is_a_place(client, seeded, url):
    (data,) = json_ld(client, url)
    assert data["@type"] == "Place" and data["name"] and data["url"].endswith(url)


@pytest.mark.parametrize("url", ["/data/", "/en/data/"])
def test_data_catalogue_is_a_data_catalog_of_datasets(client, seeded, url):
    (data,) = json_ld(client, url)
    assert data["@type"] == "DataCatalog"
    names = set()
    for dataset in data["dataset"]:
        assert dataset["@type"] == "Dataset"
        assert 50 <= len(dataset["description"]) <= 5000 and dataset["name"]  # Google's Dataset rich result
        assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
        name = dataset["url"].rstrip("/").rsplit("/", 1)[1]
        assert dataset["url"].endswith(f"/data/{name}/")  # the dataset's page, its DCAT landing page
        assert dataset["@id"] == f"http://127.0.0.1:8000/data/{name}/#dataset"  # the DCAT IRI (SITE_URL)
        formats = {"text/csv", "application/json", XLSX} | (
            {"application/geo+json"} if name in ("spaces", "zones") else set()
        )
        assert {d["encodingFormat"] for d in dataset["distribution"]} == formats
        names.add(name)
    assert {"projects", "enterprises", "zones", "industries", "indicators", "platforms"} <= names


def test_json_ld_cannot_be_closed_by_content(client, db):
    EnterpriseFactory(slug="evil", name="</script><script>alert(1)</script>")
    page = client.get("/enterprises/evil/").content.decode()
    block = JSON_LD.search(page).group(1)
    assert "</script" not in block and json.loads(block)["name"].startswith("</script>")


def test_licence_is_staff_editable(client, seeded):
    from api.models import CatalogueSettings

    CatalogueSettings.objects.create(
        licence_name="CC0 1.0", licence_url="https://creativecommons.org/publicdomain/zero/1.0/"
    )
    page = client.get("/data/").content.decode()
    assert "CC0 1.0" in page
    (data,) = json_ld(client, "/en/data/")
    assert data["license"].endswith("/zero/1.0/")


@pytest.mark.parametrize("url", ["/api/docs/", "/en/api/docs/"])
def test_api_docs_page_uses_vendored_assets_only(client, db, url):
    page = client.get(url).content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "/static/js/api-docs.js" in page
    assert 'data-schema-url="/api/schema/"' in page
    assert "cdn" not in page.lower() and "<script>" not in page


def test_policy_is_legislation(client, db):
    from tests.policies.factories import PolicyFactory

    PolicyFactory(slug="rule", title="人才新政", document_number="钱开〔2025〕1号")
    (data,) = json_ld(client, "/policies/rule/")
    assert data["@type"] == "Legislation" and data["name"] == "人才新政"
    assert data["legislationIdentifier"] == "钱开〔2025〕1号" and data["legislationLegalForce"] == "InForce"
    assert data["legislationPassedBy"]["name"]


def test_space_is_a_real_estate_listing_with_disclosed_offers(client, db):
    from decimal import Decimal

    from tests.factories import SpaceFactory

    SpaceFactory(slug="hall", name="标准厂房", offers_lease=True, rent=Decimal("25"), rent_disclosed=True)
    SpaceFactory(slug="quiet", offers_lease=True, rent=Decimal("30"), rent_disclosed=False)
    (data,) = json_ld(client, "/spaces/hall/")
    assert data["@type"] == "RealEstateListing" and data["name"] == "标准厂房"
    (offer,) = data["offers"]
    assert offer["@type"] == "Offer" and offer["priceSpecification"]["price"] == "25.00"
    (quiet,) = json_ld(client, "/en/spaces/quiet/")
    assert "offers" not in quiet
