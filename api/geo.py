"""/data/zones.geojson: the zones whose boundary staff have drawn, as an RFC 7946 FeatureCollection.

A zone without a boundary is left out (there is nothing to draw, and no invented outline). Each
Feature's geometry is the stored boundary (a Polygon or MultiPolygon, WGS 84 [longitude, latitude],
checked by core.geojson.validate_boundary when it was saved), its ``id`` the zone's slug and its
properties the names in both languages and the zone page's address. Small (three zones), so one
JSON body rather than a stream; like every download, counted by the API's per-client limit.
"""

import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from api.throttling import API_LIMIT, count_request
from zones.models import Zone

GEOJSON = "application/geo+json"


def zone_features(request) -> dict:
    features = [
        {
            "type": "Feature",
            "id": zone.slug,
            "geometry": zone.boundary,
            "properties": {
                "slug": zone.slug,
                "name": zone.name,
                "name_en": zone.name_en,
                "full_name": zone.full_name,
                "full_name_en": zone.full_name_en,
                "url": request.build_absolute_uri(zone.get_absolute_url()),
            },
        }
        for zone in Zone.objects.with_boundary().ordered()
    ]
    return {"type": "FeatureCollection", "features": features}


@require_safe
def zones_geojson(request):
    refused = count_request(request)
    if refused is not None:
        return refused
    body = json.dumps(zone_features(request), ensure_ascii=False)
    response = HttpResponse(body.encode(), content_type=GEOJSON)
    response["Content-Disposition"] = 'attachment; filename="zones.geojson"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Counted with the page lookup, so a stored answer counts too (the count is then read, not repeated, above).
zones_geojson.page_cache_rate_limit = API_LIMIT
