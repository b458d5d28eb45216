"""schema.org structured data of a policy's page: a `Legislation` (JSON-LD, core's `json_ld` tag)."""

from policies.models import Policy

# schema.org's legislationJurisdiction: the level's area, as the article and the zone name it.
JURISDICTION = {
    Policy.Level.NATIONAL: "CN",
    Policy.Level.PROVINCIAL: "CN-ZJ",
}


def legislation(policy, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": policy.title_i18n,
        "url": url,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": policy.issuer_i18n},
        "inLanguage": "zh-CN",
    }
    if policy.document_number:
        data["legislationIdentifier"] = policy.document_number
    if policy.published_on:
        data["legislationDate"] = policy.published_on.isoformat()
    if policy.in_force_from:
        data["legislationDateVersion"] = policy.in_force_from.isoformat()
    if policy.summary_i18n:
        data["abstract"] = policy.summary_i18n
    if policy.source_url:
        data["sameAs"] = policy.source_url
    if policy.level in JURISDICTION:
        data["legislationJurisdiction"] = JURISDICTION[policy.level]
    data["legislationLegalForce"] = "InForce" if policy.is_in_force else "NotInForce"
    return data
