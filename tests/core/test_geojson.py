"""Zone boundaries as GeoJSON (core/geojson.py): what a stored boundary must be, what pasted text becomes."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.geojson import (
    MAX_MESSAGES,
    MAX_POSITIONS,
    MAX_TEXT_CHARS,
    outline,
    parse_boundary,
    rewound,
    ring_area,
    validate_boundary,
)

# Counter-clockwise around a square near the zone (longitude first), and a clockwise hole inside it.
OUTER = [[120.30, 30.30], [120.40, 30.30], [120.40, 30.40], [120.30, 30.40], [120.30, 30.30]]
HOLE = [[120.33, 30.33], [120.33, 30.36], [120.36, 30.36], [120.36, 30.33], [120.33, 30.33]]
POLYGON = {"type": "Polygon", "coordinates": [OUTER]}


@pytest.fixture(autouse=True)
def _english():
    """The messages below are checked in English (Chinese is the default language)."""
    with translation.override("en"):
        yield


def codes(value) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_boundary(value)
    return [error.code for error in caught.value.error_list]


def messages(value) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_boundary(value)
    return caught.value.messages


def shifted(ring, dx):
    return [[lon + dx, lat] for lon, lat in ring]


@pytest.mark.parametrize(
    "value",
    [
        None,
        POLYGON,
        {"type": "Polygon", "coordinates": [OUTER, HOLE]},
        {"type": "MultiPolygon", "coordinates": [[OUTER], [shifted(OUTER, 0.2), shifted(HOLE, 0.2)]]},
        {"type": "Polygon", "coordinates": [[[*p, 12.5] for p in OUTER]]},  # an altitude is allowed
    ],
    ids=["none", "polygon", "polygon-with-hole", "multipolygon", "with-altitude"],
)
def test_good_boundaries_pass(value):
    validate_boundary(value)


def test_unclosed_ring_names_its_first_position():
    (message,) = messages({"type": "Polygon", "coordinates": [OUTER[:-1] + [[120.31, 30.30]]]})
    assert message.startswith("coordinates[0]: the ring is not closed") and "[120.3, 30.3]" in message


def test_messages_speak_chinese_by_default():
    with translation.override("zh-hans"):
        (message,) = messages({"type": "Polygon", "coordinates": [OUTER[:-1] + [[120.31, 30.30]]]})
    assert message == "coordinates[0]：环未闭合：最后一个坐标点必须与第一个相同，即 [120.3, 30.3]。"


def test_too_few_positions():
    triangle_without_closing = [[120.3, 30.3], [120.4, 30.3], [120.3, 30.3]]
    assert codes({"type": "Polygon", "coordinates": [triangle_without_closing]}) == ["boundary_ring_short"]
    assert "this one has 3" in messages({"type": "Polygon", "coordinates": [triangle_without_closing]})[0]


def test_swapped_latitude_and_longitude_are_named_once_per_ring():
    swapped = [[lat, lon] for lon, lat in OUTER]
    (message,) = messages({"type": "Polygon", "coordinates": [swapped]})
    assert "latitude 120.3 is outside" in message and "swapped" in message


@pytest.mark.parametrize(
    ("position", "code"),
    [
        ([181, 30], "boundary_longitude"),
        ([-180.5, 30], "boundary_longitude"),
        ([120, 90.01], "boundary_latitude"),
        ([120], "boundary_position"),
        ([120, 30, 1, 2], "boundary_position"),
        (["120", 30], "boundary_position"),
        ([True, 30], "boundary_position"),
        ([float("nan"), 30], "boundary_position"),
        ([float("inf"), 30], "boundary_position"),
        ({"lon": 120, "lat": 30}, "boundary_ring"),
    ],
)
def test_out_of_range_and_malformed_positions(position, code):
    ring = [position, *OUTER[1:-1], position]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == [code]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ({"type": "Point", "coordinates": [120.3, 30.3]}, "boundary_type"),
        ({"type": "LineString", "coordinates": OUTER}, "boundary_type"),
        ({"type": "Feature", "geometry": POLYGON}, "boundary_type"),
        ({"coordinates": [OUTER]}, "boundary_type"),
        ([OUTER], "boundary_not_object"),
        ("POLYGON((120.3 30.3, …))", "boundary_not_object"),
        ({"type": "Polygon"}, "boundary_coordinates"),
        ({"type": "Polygon", "coordinates": []}, "boundary_coordinates"),
        ({"type": "Polygon", "coordinates": OUTER}, "boundary_polygon_depth"),
        ({"type": "MultiPolygon", "coordinates": [OUTER]}, "boundary_polygon_depth"),
        ({"type": "MultiPolygon", "coordinates": [[]]}, "boundary_polygon"),
    ],
)
def test_wrong_types_and_shapes(value, code):
    assert code in codes(value)


def test_every_problem_is_reported_not_only_the_first():
    value = {
        "type": "MultiPolygon",
        "coordinates": [[OUTER[:-1]], [[[200, 30], *OUTER[1:]]], [OUTER[::-1]]],
        "bbox": [120.3, 30.3, 120.4, 30.4],
    }
    assert codes(value) == ["boundary_members", "boundary_ring_open", "boundary_longitude", "boundary_winding"]
    assert messages(value)[1].startswith("coordinates[0][0]:") and messages(value)[2].startswith(
        "coordinates[1][0][0]:"
    )


def test_messages_are_capped():
    rings = [[p, p, p] for p in OUTER] * 5  # 25 short rings
    errors = messages({"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]})
    assert len(errors) == MAX_MESSAGES + 1 and errors[-1] == f"…and {len(rings) - MAX_MESSAGES} more problems."


def test_winding_is_enforced_for_outer_rings_and_holes():
    assert codes({"type": "Polygon", "coordinates": [OUTER[::-1]]}) == ["boundary_winding"]
    assert codes({"type": "Polygon", "coordinates": [OUTER, HOLE[::-1]]}) == ["boundary_winding"]


def test_a_ring_without_area_is_refused():
    flat = [[120.3, 30.3], [120.4, 30.3], [120.5, 30.3], [120.3, 30.3]]
    assert codes({"type": "Polygon", "coordinates": [flat]}) == ["boundary_ring_flat"]


def test_huge_boundaries_are_refused():
    step = 0.1 / MAX_POSITIONS
    bottom = [[120.3 + i * step, 30.3] for i in range(MAX_POSITIONS)]
    ring = [*bottom, [120.4, 30.4], [120.3, 30.4], bottom[0]]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == ["boundary_too_large"]
    assert codes({"type": "MultiPolygon", "coordinates": [[OUTER]] * (MAX_POSITIONS // 4)}) == ["boundary_too_large"]
    validate_boundary({"type": "MultiPolygon", "coordinates": [[OUTER]] * (MAX_POSITIONS // 5)})


def test_rewound_turns_outer_rings_counter_clockwise_and_holes_clockwise():
    turned = rewound({"type": "Polygon", "coordinates": [OUTER[::-1], HOLE[::-1]]})
    assert turned["coordinates"] == [OUTER, HOLE]
    assert ring_area(OUTER) > 0 > ring_area(HOLE)
    multi = rewound({"type": "MultiPolygon", "coordinates": [[OUTER[::-1]], [OUTER]]})
    assert multi["coordinates"] == [[OUTER], [OUTER]]
    garbage = {"type": "Polygon", "coordinates": [[[1, 2], "x"]]}
    assert rewound(garbage) == garbage  # left for the validator to report


def test_pasted_feature_is_unwrapped_reduced_and_rewound():
    feature = {"type": "Feature", "properties": {"name": "北区"}, "geometry": {**POLYGON, "bbox": [1, 2, 3, 4]}}
    collection = {"type": "FeatureCollection", "features": [feature]}
    for pasted in (feature, collection, {"type": "Polygon", "coordinates": [OUTER[::-1]]}):
        assert parse_boundary(json.dumps(pasted)) == POLYGON
    assert parse_boundary("  ") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"type": "Polygon", "coordinates": [[[120.3, 30.3]', "boundary_json"),
        ('{"type": "Polygon", "coordinates": [[[NaN, 30.3]]]}', "boundary_json"),
        ("[" * 100_000, "boundary_json"),
        (json.dumps({"type": "FeatureCollection", "features": [{}, {}]}), "boundary_features"),
        (json.dumps({"type": "FeatureCollection"}), "boundary_features"),
        (json.dumps({"type": "Feature", "geometry": None}), "boundary_feature_empty"),
        (
            json.dumps({**POLYGON, "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}),
            "boundary_crs",
        ),
        (" " * (MAX_TEXT_CHARS + 1) + "{}", "boundary_text_too_long"),
    ],
)
def test_pasted_garbage_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_boundary(text)
    assert caught.value.code == code


def test_outline_keeps_the_shape_north_up():
    drawing = outline({"type": "Polygon", "coordinates": [OUTER, HOLE]})
    # 0.1° of longitude at 30.35°N is about 0.86 of 0.1° of latitude: narrower than tall.
    assert drawing["height"] == 240 and 200 < drawing["width"] < 215
    assert drawing["d"].count("M") == 2 and drawing["d"].count("Z") == 2
    first = drawing["d"].split(" L")[0]
    assert first == "M6.0 234.0"  # the south-west corner: bottom left
    assert outline(None) is None


def test_an_outline_that_crosses_itself_is_refused_naming_both_edges():
    # A figure of eight: the first edge and the third cross at (120.312, 30.312).
    eight = [[120.30, 30.30], [120.32, 30.32], [120.32, 30.30], [120.30, 30.33], [120.30, 30.30]]
    assert ring_area(eight) != 0
    [message] = [m for m in messages({"type": "Polygon", "coordinates": [eight]}) if "crosses" in m]
    assert message == (
        "coordinates: the outline crosses itself at [120.312, 30.312]: "
        "the edge coordinates[0][0]–[1] meets the edge coordinates[0][2]–[3]."
    )


def test_a_hole_crossing_its_outer_ring_or_a_spike_back_along_an_edge_is_refused():
    hole_out = [[120.33, 30.33], [120.33, 30.36], [120.45, 30.36], [120.45, 30.33], [120.33, 30.33]]
    assert codes({"type": "Polygon", "coordinates": [OUTER, hole_out]}) == ["boundary_self_intersection"]
    # Out to (120.40, 30.35) and straight back the same way: two edges lying along each other.
    spike = [*OUTER[:2], [120.40, 30.35], [120.45, 30.35], [120.40, 30.35], *OUTER[2:]]
    assert codes({"type": "Polygon", "coordinates": [spike]}) == ["boundary_self_intersection"]
    assert messages({"type": "Polygon", "coordinates": [spike]}) == [
        "coordinates: the outline crosses itself at [120.45, 30.35]: "
        "the edge coordinates[0][2]–[3] meets the edge coordinates[0][3]–[4]."
    ]


def test_a_hole_outside_its_outer_ring_is_refused_naming_it():
    elsewhere = shifted(HOLE, 0.5)
    assert messages({"type": "Polygon", "coordinates": [OUTER, HOLE, elsewhere]}) == [
        "coordinates: the hole coordinates[2] is not inside the outer ring coordinates[0]: its position "
        "[120.83, 30.33] lies outside it (a separate area is a polygon of its own, in a MultiPolygon)."
    ]
    # In the second polygon of a MultiPolygon, named by its place there.
    value = {"type": "MultiPolygon", "coordinates": [[OUTER, HOLE], [shifted(OUTER, 0.2), elsewhere]]}
    assert codes(value) == ["boundary_hole_outside"]
    assert messages(value)[0].startswith("coordinates[1]: the hole coordinates[1][1] is not inside")


def test_a_hole_inside_another_hole_is_refused_naming_both():
    island = [[120.34, 30.34], [120.34, 30.35], [120.35, 30.35], [120.35, 30.34], [120.34, 30.34]]
    assert messages({"type": "Polygon", "coordinates": [OUTER, HOLE, island]}) == [
        "coordinates: the hole coordinates[2] lies inside the hole coordinates[1] (at [120.34, 30.34]): holes "
        "may not be nested (an island in a hole is a polygon of its own, in a MultiPolygon)."
    ]


def test_a_ring_touching_itself_is_refused_naming_the_edges_that_meet():
    # The outline passes (120.35, 30.35) twice: an hourglass pinched at its waist.
    pinched = [*OUTER[:2], [120.35, 30.35], OUTER[2], OUTER[3], [120.35, 30.35], OUTER[0]]
    assert messages({"type": "Polygon", "coordinates": [pinched]}) == [
        "coordinates: the ring touches itself at [120.35, 30.35], where the edge coordinates[0][1]–[2] meets "
        "the edge coordinates[0][4]–[5]: a ring may pass a point only once (draw the parts as separate "
        "polygons of a MultiPolygon)."
    ]


def test_a_hole_cutting_the_inside_apart_is_refused():
    # A diamond whose corners touch the middle of each side: the inside is four separate corners.
    diamond = [[120.30, 30.35], [120.35, 30.40], [120.40, 30.35], [120.35, 30.30], [120.30, 30.35]]
    [message] = messages({"type": "Polygon", "coordinates": [OUTER, diamond]})
    assert message.startswith("coordinates: the rings touch at [") and "cut the inside of the polygon" in message
    assert "the edge coordinates[0][" in message and "the edge coordinates[1][" in message


def test_edges_that_only_meet_at_a_corner_are_allowed():
    # A hole touching the outer ring at one corner, and each polygon of a MultiPolygon checked on its own.
    touching = [[120.30, 30.30], [120.33, 30.36], [120.36, 30.36], [120.36, 30.33], [120.30, 30.30]]
    validate_boundary({"type": "Polygon", "coordinates": [OUTER, touching]})
    validate_boundary({"type": "MultiPolygon", "coordinates": [[OUTER], [shifted(OUTER, 0.05)]]})


def test_a_large_simple_outline_passes_and_its_crossing_is_found():
    import math

    n = MAX_POSITIONS - 1
    circle = [
        [120.35 + 0.05 * math.cos(2 * math.pi * k / n), 30.35 + 0.05 * math.sin(2 * math.pi * k / n)] for k in range(n)
    ]
    validate_boundary({"type": "Polygon", "coordinates": [[*circle, circle[0]]]})
    circle[10], circle[n // 2] = circle[n // 2], circle[10]  # two far corners swapped: edges now cross
    assert "boundary_self_intersection" in codes({"type": "Polygon", "coordinates": [[*circle, circle[0]]]})


def accordion(positions: int) -> list:
    """A valid outline of long, nearly parallel diagonal edges (issue 22: 804 positions took 2.6 s to check,
    1,604 took 23.7 s, with hand-written geometry); bench/boundary_time.py times it up to MAX_POSITIONS."""
    folds = (positions - 4) // 2
    step = 0.05 / (2 * folds + 2)
    ring = []
    for k in range(folds):
        ring += [[120.30 + 2 * k * step, 30.30], [120.40 + (2 * k + 1) * step, 30.40]]
    ring += [[120.30 + 2 * folds * step, 30.30], [120.30 + 2 * folds * step, 30.29], [120.30, 30.29], ring[0]]
    return ring if ring_area(ring) > 0 else ring[::-1]


def test_an_accordion_outline_passes_and_a_fold_pushed_across_its_neighbour_is_found():
    ring = accordion(804)
    assert len(ring) == 804
    validate_boundary({"type": "Polygon", "coordinates": [ring]})
    ring[100] = [ring[100][0] + 0.01, ring[100][1]]  # a corner moved past the next fold
    [message] = messages({"type": "Polygon", "coordinates": [ring]})
    assert message.startswith("coordinates: the outline crosses itself at [")
