"""schema.org structured data of a space's page: a `RealEstateListing` whose offers are the disclosed terms."""


def _offer(price, unit_text: str, business_function: str) -> dict:
    return {
        "@type": "Offer",
        "businessFunction": f"http://purl.org/goodrelations/v1#{business_function}",
        "priceSpecification": {
            "@type": "UnitPriceSpecification",
            "price": format(price, "f"),
            "priceCurrency": "CNY",
            "unitText": unit_text,
        },
    }


def real_estate_listing(space, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "RealEstateListing",
        "name": space.name_i18n,
        "url": url,
    }
    if space.summary_i18n:
        data["description"] = space.summary_i18n
    offers = []
    if space.offers_lease and space.rent_disclosed and space.rent is not None:
        offers.append(_offer(space.rent, "元/平方米·月", "LeaseOut"))
    if space.offers_sale and space.sale_price_disclosed and space.sale_price is not None:
        offers.append(_offer(space.sale_price, "元/平方米", "Sell"))
    if space.offers_transfer and space.land_price_disclosed and space.land_price is not None:
        offers.append(_offer(space.land_price * 10000, "元/亩", "Sell"))
    if offers:
        data["offers"] = offers
    place = {"@type": "Place", "name": space.zone.name_i18n}
    if space.address:
        place["address"] = space.address
    if space.latitude is not None and space.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(space.latitude),
            "longitude": float(space.longitude),
        }
    data["about"] = place
    if space.area_m2 is not None:
        data["about"]["additionalProperty"] = {
            "@type": "PropertyValue", "name": "area", "value": format(space.area_m2, "f"), "unitCode": "MTK",
        }  # fmt: skip
    return data
