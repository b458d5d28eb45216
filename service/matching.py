"""Space requests matched against the space register (spaces.matching)."""

from service.models import ServiceCategory, ServiceRequest
from spaces.matching import MET, Need, case_need, facts_of, has_needs, match  # noqa: F401 - MET for callers

MATCH_CANDIDATES = 500
MATCH_SHOWN = 30


def need_of_request(service_request: ServiceRequest) -> Need:
    return case_need(
        service_request, industry_id=service_request.enterprise.industry_id if service_request.enterprise_id else None
    )


def ranked_space_requests(space):
    """The open space requests `space` fits, best first: (request, Match)."""
    facts = facts_of(space)
    candidates = (
        ServiceRequest.objects.open()
        .filter(category__slug=ServiceCategory.SPACE, anonymised_at__isnull=True)
        .select_related("enterprise")
        .order_by("-created_at")[:MATCH_CANDIDATES]
    )
    results = []
    for service_request in candidates:
        need = need_of_request(service_request)
        if not has_needs(need):
            continue
        result = match(need, facts)
        if result.fails:
            continue  # the space misses one of the request's needs
        results.append((result.sort_key(service_request.reference), service_request, result))
    results.sort(key=lambda row: row[0])
    return [(service_request, result) for _key, service_request, result in results[:MATCH_SHOWN]]
