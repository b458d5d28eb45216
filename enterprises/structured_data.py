"""schema.org structured data of an enterprise's page (JSON-LD, shown with core's `json_ld` tag)."""


def organization(enterprise, url: str) -> dict:
    """An `Organization`; the unified social credit code, when known, is its identifier."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": enterprise.name,
        "url": url,
    }
    if enterprise.name_en:
        data["alternateName"] = enterprise.name_en
    if enterprise.summary_i18n:
        data["description"] = enterprise.summary_i18n
    if enterprise.website:
        data["sameAs"] = [enterprise.website]
    if enterprise.founded_year:
        data["foundingDate"] = str(enterprise.founded_year)
    if enterprise.credit_code:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "统一社会信用代码 (Unified Social Credit Code)",
            "value": enterprise.credit_code,
        }
        data["taxID"] = enterprise.credit_code
    data["location"] = {"@type": "Place", "name": enterprise.zone.full_name_i18n or enterprise.zone.name_i18n}
    return data
