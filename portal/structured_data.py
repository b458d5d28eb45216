"""schema.org structured data of the portal's pages: the zone's administration, its zones."""

from django.conf import settings


def government_organization(request) -> dict:
    """The home page: the development zone's administration as a `GovernmentOrganization`."""
    home = request.build_absolute_uri("/")
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": str(settings.SITE_NAME),
        "alternateName": ["钱开区", "杭州钱江经济开发区", "Hangzhou Qianjiang Economic Development Zone"],
        "url": home,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "杭州",
            "addressCountry": "CN",
        },
    }


def place(zone, url: str) -> dict:
    """A zone's page: a `Place` inside the development zone."""
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": zone.full_name_i18n or zone.name_i18n,
        "url": url,
        "containedInPlace": {"@type": "Place", "name": str(settings.SITE_NAME)},
    }
    if zone.description_i18n or zone.positioning_i18n:
        data["description"] = zone.description_i18n or zone.positioning_i18n
    if zone.area_km2 is not None:
        data["additionalProperty"] = {
            "@type": "PropertyValue",
            "name": "area",
            "value": format(zone.area_km2, "f"),
            "unitCode": "KMK",
        }
    return data


def industry_chain(industry, nodes, url: str) -> dict:
    """An industry's page: its chain as an `ItemList` of its links, in the chain's order."""
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": industry.name_i18n,
        "url": url,
        "numberOfItems": len(nodes),
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": node.name_i18n, "url": f"{url}#link-{node.pk}"}
            for i, node in enumerate(nodes, start=1)
        ],
    }
    if industry.description_i18n:
        data["description"] = industry.description_i18n
    return data
