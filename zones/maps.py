"""The schematic zone map (templates/includes/zone_map.html): one shape per zone slug, north at the top.

Drawn in a viewBox of 0 0 320 420, no tiles. ``box`` is a rectangle inside each shape where points
of that zone (spaces with a known position: spaces/maps.py) are placed.
"""

ZONE_SHAPES = {
    "north": {"d": "M40 20 L280 20 L290 150 L30 150 Z", "label_x": 160, "label_y": 70, "box": (56, 34, 264, 140)},
    "central": {"d": "M30 170 L290 170 L295 260 L25 260 Z", "label_x": 160, "label_y": 222, "box": (46, 182, 274, 250)},
    "south": {"d": "M25 280 L295 280 L280 400 L40 400 Z", "label_x": 160, "label_y": 330, "box": (56, 292, 264, 388)},
}


def zone_shapes(zones, current=None) -> list[dict]:
    """The shapes of `zones` that the map knows, with ``is_current`` for `current`."""
    shapes = []
    for zone in zones:
        shape = ZONE_SHAPES.get(zone.slug)
        if shape:
            shapes.append({"zone": zone, "is_current": current is not None and current.pk == zone.pk, **shape})
    return shapes
