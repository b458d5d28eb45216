"""The spaces of a list page with a known position, drawn on the schematic zone map (no tiles).

The zone map is schematic (zones.maps), so a position is placed inside its own zone's shape: the
zone's boundary (when one is stored) frames the shape, else the spread of the known positions of
the zone's published spaces does, so that two spaces far apart in a zone are drawn apart. Each dot
links to its space and is numbered like the list under the map, which gives the coordinates as
text for anyone who cannot see the drawing.
"""

from django.db.models import Max, Min

from core.geojson import bounds, place_in_box
from spaces.models import Space
from zones.maps import ZONE_SHAPES, zone_shapes
from zones.models import Zone


def _frames(zone_ids) -> dict:
    frames = {}
    for zone in Zone.objects.filter(pk__in=zone_ids).only("pk", "boundary"):
        frame = bounds(zone.boundary)
        if frame:
            frames[zone.pk] = frame
    spread = (
        Space.objects.public()
        .filter(zone_id__in=set(zone_ids) - set(frames), latitude__isnull=False, longitude__isnull=False)
        .values("zone_id")
        .annotate(west=Min("longitude"), south=Min("latitude"), east=Max("longitude"), north=Max("latitude"))
    )
    for row in spread:
        frames[row["zone_id"]] = tuple(float(row[key]) for key in ("west", "south", "east", "north"))
    return frames


def space_positions(spaces) -> dict:
    """``{"shapes", "points", "unplaced"}`` for the spaces given (a page of the list): every zone's
    shape, a numbered point per space with a position inside its zone's shape."""
    spaces = list(spaces)
    placed = [s for s in spaces if s.latitude is not None and s.longitude is not None]
    frames = _frames({s.zone_id for s in placed}) if placed else {}
    points = []
    for space in placed:
        shape = ZONE_SHAPES.get(space.zone.slug)
        if shape is None or space.zone_id not in frames:
            continue
        x, y = place_in_box(float(space.longitude), float(space.latitude), frames[space.zone_id], shape["box"])
        points.append({"number": len(points) + 1, "space": space, "x": x, "y": y})
    return {
        "shapes": zone_shapes(Zone.objects.order_by("order", "id")) if points else [],
        "points": points,
    }
