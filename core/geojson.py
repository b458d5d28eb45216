"""Boundaries as GeoJSON geometry (RFC 7946), kept in a JSONField: checked, turned, drawn.

No PostGIS: a boundary is a plain geometry object, ``{"type": "Polygon", "coordinates": [...]}`` or a
``MultiPolygon``, in WGS 84 longitude/latitude (RFC 7946 §4: longitude first). What a stored
boundary must be (``validate_boundary``, the model field's validator):

- a Polygon (a list of linear rings: the outer ring, then holes) or a MultiPolygon (a list of those),
  with only ``type`` and ``coordinates``;
- each ring closed (its last position repeats its first) with at least 4 positions and an area;
- each position 2 numbers (an altitude as a third is allowed), longitude in −180…180, latitude in −90…90;
- outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6);
- at most ``MAX_POSITIONS`` positions in all;
- each polygon valid as GEOS checks it (OGC simple features; ``_check_topology``): no edges crossing or
  running along each other, no ring touching itself, every hole inside its outer ring and outside the
  other holes, and no holes cutting the inside apart. A hole may touch its outer ring at a corner.
  The polygons of a MultiPolygon are each checked on their own.

Every problem found is reported (up to ``MAX_MESSAGES``), each with where it is (``coordinates[0][3]``,
the edge ``coordinates[0][2]–[3]``); GEOS finds one topological problem per polygon, at a point, and
the message names the edges there. Nothing is ever repaired.

Staff paste boundaries in the admin (``BoundaryFormField``): the text may be at most
``MAX_TEXT_CHARS`` long, may be a Feature or a one-feature FeatureCollection holding the geometry
(as map tools export it), and rings wound the wrong way are turned (``rewound``) before the checks.
The admin shows the outline it read (``BoundaryWidget``, an inline SVG drawn here, no map tiles) —
only a boundary already checked: the stored one (checked when it was saved), or pasted text once
the form's checks passed. Showing never checks again (issue 22: a page that re-checked an awkward
10,000-position outline on every view took longer than gunicorn's timeout).
"""

import itertools
import json
import math
import re

import shapely
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
MAX_POSITIONS = 10_000
MAX_TEXT_CHARS = 500_000
MAX_MESSAGES = 10


# --- Checking a stored boundary --------------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def ring_area(ring) -> float:
    """Twice the signed planar area of a closed ring of [lon, lat] positions: > 0 counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:], strict=False))


class _Problems:
    def __init__(self):
        self.errors = []
        self.more = 0

    def add(self, message, code, **params):
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(ValidationError(message, code=code, params=params))
        else:
            self.more += 1

    def raise_any(self):
        if self.more:
            self.errors.append(
                ValidationError(
                    _("…and %(count)s more problems."), code="boundary_more_problems", params={"count": self.more}
                )
            )
        if self.errors:
            raise ValidationError(self.errors)


def _check_position(position, where, problems) -> bool:
    if not isinstance(position, list) or len(position) not in (2, 3) or not all(_is_number(n) for n in position):
        problems.add(
            _("%(where)s: a position is [longitude, latitude], two numbers (an altitude may follow)."),
            "boundary_position",
            where=where,
        )
        return False
    lon, lat = position[0], position[1]
    if not -90 <= lat <= 90:
        problems.add(
            _(
                "%(where)s: latitude %(lat)s is outside −90…90. GeoJSON puts longitude first: are the two "
                "numbers swapped, or is this not WGS 84 longitude/latitude?"
            ),
            "boundary_latitude",
            where=where,
            lat=lat,
        )
        return False
    if not -180 <= lon <= 180:
        problems.add(
            _("%(where)s: longitude %(lon)s is outside −180…180 (is this not WGS 84 longitude/latitude?)."),
            "boundary_longitude",
            where=where,
            lon=lon,
        )
        return False
    return True


def _check_ring(ring, where, *, outer, problems, budget) -> bool:
    """Report what is wrong with a ring; True when it is a closed ring of valid positions (its edges can be checked)."""
    budget[0] -= max(len(ring), 1) if isinstance(ring, list) else 1
    if budget[0] < 0:
        return False  # reported once, by validate_boundary
    if not isinstance(ring, list) or not all(isinstance(position, list) for position in ring):
        problems.add(
            _("%(where)s: a ring is a list of positions, [longitude, latitude] pairs."), "boundary_ring", where=where
        )
        return False
    if len(ring) < 4:
        problems.add(
            _(
                "%(where)s: a ring needs at least 4 positions (3 corners and the first repeated at the end); "
                "this one has %(count)s."
            ),
            "boundary_ring_short",
            where=where,
            count=len(ring),
        )
        return False
    for i, position in enumerate(ring):
        if not _check_position(position, f"{where}[{i}]", problems):
            return False  # the first bad position of a ring is enough to say what is wrong with it
    if ring[0][:2] != ring[-1][:2]:
        problems.add(
            _("%(where)s: the ring is not closed: its last position must repeat its first, %(first)s."),
            "boundary_ring_open",
            where=where,
            first=json.dumps(ring[0]),
        )
        return False
    area = ring_area(ring)
    if area == 0:
        problems.add(_("%(where)s: the ring encloses no area."), "boundary_ring_flat", where=where)
        return False  # its edges run over each other: saying so again would add nothing
    if outer and area < 0:
        problems.add(
            _("%(where)s: an outer ring must run counter-clockwise (RFC 7946); this one runs clockwise."),
            "boundary_winding",
            where=where,
        )
    elif not outer and area > 0:
        problems.add(
            _("%(where)s: a hole must run clockwise (RFC 7946); this one runs counter-clockwise."),
            "boundary_winding",
            where=where,
        )
    return True


def _check_polygon(rings, where, problems, budget) -> None:
    if not isinstance(rings, list) or not rings:
        problems.add(
            _("%(where)s: a polygon is a list of rings (the outer ring, then any holes)."),
            "boundary_polygon",
            where=where,
        )
        return
    if isinstance(rings[0], list) and rings[0] and all(_is_number(n) for n in rings[0]):
        problems.add(
            _(
                "%(where)s: this looks like a single ring, not a list of rings: a polygon's coordinates take one "
                "more pair of brackets, [[[lon, lat], …]]."
            ),
            "boundary_polygon_depth",
            where=where,
        )
        return
    usable = True
    for i, ring in enumerate(rings):
        usable = _check_ring(ring, f"{where}[{i}]", outer=i == 0, problems=problems, budget=budget) and usable
        if budget[0] < 0:
            return
    if usable:  # closed rings of valid positions: is the polygon they make valid?
        _check_topology(rings, where, problems)


# What GEOS's validity check reports ("Self-intersection[120.3 30.3]"), and the point it names.
_GEOS_REASON = re.compile(r"^(?P<reason>[^\[]+)\[(?P<x>\S+) (?P<y>\S+)\]$")
# How far from the reported point an edge may pass and still be named as one meeting there, in
# degrees (about 0.1 mm): GEOS computes a crossing point in floating point, so it lies on both edges
# only to within rounding.
_AT_POINT = 1e-9


def _check_topology(rings, where, problems) -> None:
    """Report the first way the polygon's rings fail GEOS's validity check (OGC simple features).

    GEOS (through shapely) checks what hand-written geometry got wrong or slow: edges crossing or
    lying along each other, a ring touching itself, holes outside their outer ring, holes inside
    other holes, holes cutting the inside apart. It finds one problem and the point where it is; the
    message names the edges at that point. Nothing is repaired (no ``make_valid``).

    Its cost grows with the pairs of edges whose bounding boxes overlap: about linear for a real
    outline, quadratic at worst (long edges whose boxes all overlap; ``bench/boundary_time.py``).
    """
    polygon = shapely.Polygon([p[:2] for p in rings[0]], [[p[:2] for p in ring] for ring in rings[1:]])
    found = _GEOS_REASON.match(shapely.is_valid_reason(polygon))
    if found is None:  # "Valid Geometry"
        return
    reason, point = found["reason"], (float(found["x"]), float(found["y"]))
    shown = json.dumps([round(point[0], 7), round(point[1], 7)])
    edges = _edges_at(rings, point)

    def name(edge):
        r, i = edge
        return f"{where}[{r}][{i}]–[{i + 1}]"

    if reason in ("Self-intersection", "Ring Self-intersection", "Interior is disconnected") and len(edges) >= 2:
        first, second, crossing = _worst_pair(rings, edges)
        if crossing or reason == "Self-intersection":
            problems.add(
                _("%(where)s: the outline crosses itself at %(point)s: the edge %(first)s meets the edge %(second)s."),
                "boundary_self_intersection",
                where=where,
                point=shown,
                first=name(first),
                second=name(second),
            )
        elif first[0] == second[0]:
            problems.add(
                _(
                    "%(where)s: the ring touches itself at %(point)s, where the edge %(first)s meets the edge "
                    "%(second)s: a ring may pass a point only once (draw the parts as separate polygons of a "
                    "MultiPolygon)."
                ),
                "boundary_ring_touch",
                where=where,
                point=shown,
                first=name(first),
                second=name(second),
            )
        else:
            problems.add(
                _(
                    "%(where)s: the rings touch at %(point)s, where the edge %(first)s meets the edge %(second)s, "
                    "and so cut the inside of the polygon into separate parts (draw each part as a polygon of a "
                    "MultiPolygon)."
                ),
                "boundary_interior_disconnected",
                where=where,
                point=shown,
                first=name(first),
                second=name(second),
            )
    elif reason == "Hole lies outside shell" and edges:
        problems.add(
            _(
                "%(where)s: the hole %(hole)s is not inside the outer ring %(outer)s: its position %(point)s lies "
                "outside it (a separate area is a polygon of its own, in a MultiPolygon)."
            ),
            "boundary_hole_outside",
            where=where,
            hole=f"{where}[{edges[0][0]}]",
            outer=f"{where}[0]",
            point=shown,
        )
    elif reason == "Holes are nested" and edges:
        inner = edges[0][0]
        outer = next(
            (r for r in range(1, len(rings)) if r != inner and shapely.Polygon(rings[r]).covers(shapely.Point(point))),
            None,
        )
        problems.add(
            _(
                "%(where)s: the hole %(inner)s lies inside the hole %(outer)s (at %(point)s): holes may not be "
                "nested (an island in a hole is a polygon of its own, in a MultiPolygon)."
            ),
            "boundary_holes_nested",
            where=where,
            inner=f"{where}[{inner}]",
            outer=f"{where}[{outer}]" if outer is not None else "?",
            point=shown,
        )
    else:  # a reason GEOS gives that the checks above leave no room for; said as GEOS says it
        problems.add(
            _("%(where)s: the polygon is not valid at %(point)s (%(reason)s)."),
            "boundary_invalid",
            where=where,
            point=shown,
            reason=reason,
        )


def _edges_at(rings, point) -> list[tuple[int, int]]:
    """The edges ``(ring, index)`` passing through ``point``, in ring order (one pass over the edges)."""
    found = []
    for r, ring in enumerate(rings):
        segments = shapely.linestrings([[p[:2], q[:2]] for p, q in zip(ring, ring[1:], strict=False)])
        near = shapely.dwithin(segments, shapely.Point(point), _AT_POINT)
        found.extend((r, int(i)) for i in near.nonzero()[0])
    return found


def _worst_pair(rings, edges) -> tuple:
    """Two of the edges meeting at a point, and whether they cross or overlap (rather than touch):
    a crossing pair first, else two edges that are not neighbours on their ring, else the first two."""

    def segment(edge):
        r, i = edge
        return shapely.LineString([rings[r][i][:2], rings[r][i + 1][:2]])

    def neighbours(a, b):
        last = len(rings[a[0]]) - 2
        return a[0] == b[0] and (abs(a[1] - b[1]) == 1 or {a[1], b[1]} == {0, last})

    pairs = list(itertools.combinations(edges, 2))
    for a, b in pairs:
        if shapely.relate_pattern(segment(a), segment(b), "T********"):  # their insides share a point
            return a, b, True
    a, b = next(((a, b) for a, b in pairs if not neighbours(a, b)), pairs[0])
    return a, b, False


def validate_boundary(value) -> None:
    """The model field's validator: raises one ValidationError listing every problem (see the module)."""
    if value is None:
        return
    problems = _Problems()
    if not isinstance(value, dict):
        problems.add(
            _('A boundary is a GeoJSON geometry object: {"type": "Polygon", "coordinates": […]}.'),
            "boundary_not_object",
        )
        problems.raise_any()
    kind = value.get("type")
    if kind not in GEOMETRY_TYPES:
        problems.add(
            _("A boundary is a Polygon or a MultiPolygon, not %(type)s."),
            "boundary_type",
            type=json.dumps(kind, ensure_ascii=False)[:40],
        )
    extra = sorted(set(value) - {"type", "coordinates"})
    if extra:
        problems.add(
            _("Unexpected member %(names)s: a boundary keeps only type and coordinates."),
            "boundary_members",
            names=", ".join(str(name)[:40] for name in extra[:5]),
        )
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        problems.add(_("The boundary has no coordinates."), "boundary_coordinates")
    if kind not in GEOMETRY_TYPES or not isinstance(coordinates, list) or not coordinates:
        problems.raise_any()
    budget = [MAX_POSITIONS]
    if kind == "Polygon":
        _check_polygon(coordinates, "coordinates", problems, budget)
    else:
        for i, rings in enumerate(coordinates):
            _check_polygon(rings, f"coordinates[{i}]", problems, budget)
            if budget[0] < 0:
                break
    if budget[0] < 0:
        problems.add(
            _("The boundary has more than %(max)s positions: simplify the outline before pasting it."),
            "boundary_too_large",
            max=MAX_POSITIONS,
        )
    problems.raise_any()


# --- What staff paste --------------------------------------------------------------------------


def _polygons(geometry) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates")]
    return list(geometry.get("coordinates") or [])


def _turnable(ring) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(isinstance(p, list) and len(p) >= 2 and _is_number(p[0]) and _is_number(p[1]) for p in ring)
    )


def rewound(geometry):
    """The geometry with outer rings counter-clockwise and holes clockwise; anything malformed is left
    as it is, for ``validate_boundary`` to report."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return geometry
    if not isinstance(geometry.get("coordinates"), list):
        return geometry
    polygons = []
    for rings in _polygons(geometry):
        if not isinstance(rings, list):
            polygons.append(rings)
            continue
        turned = []
        for i, ring in enumerate(rings):
            if _turnable(ring) and (ring_area(ring) < 0 if i == 0 else ring_area(ring) > 0):
                ring = ring[::-1]
            turned.append(ring)
        polygons.append(turned)
    coordinates = polygons[0] if geometry["type"] == "Polygon" else polygons
    return {**geometry, "coordinates": coordinates}


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number in JSON")


def parse_boundary(text: str):
    """Pasted text to a geometry (not yet checked): None when empty; a Feature or one-feature
    FeatureCollection gives its geometry; only ``type`` and ``coordinates`` are kept, rings turned."""
    if text is None or not str(text).strip():
        return None
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            _("The boundary text is %(count)s characters long; at most %(max)s are read. Simplify the outline."),
            code="boundary_text_too_long",
            params={"count": len(text), "max": MAX_TEXT_CHARS},
        )
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ValidationError(
            _("This is not valid JSON: %(error)s."), code="boundary_json", params={"error": str(error)[:200]}
        ) from None
    return geometry_of(value)


def geometry_of(value):
    """The geometry in a pasted GeoJSON object, reduced to type and coordinates and rewound."""
    if not isinstance(value, dict):
        return value  # validate_boundary says what is wrong
    if value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(
                _(
                    "Paste one Polygon or MultiPolygon: this FeatureCollection holds %(count)s features "
                    "(merge them into one MultiPolygon first)."
                ),
                code="boundary_features",
                params={"count": len(features) if isinstance(features, list) else 0},
            )
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            raise ValidationError(_("The Feature has no geometry."), code="boundary_feature_empty")
    if not isinstance(value, dict):
        return value
    crs = value.get("crs")
    if crs is not None:
        name = json.dumps(crs)
        if "CRS84" not in name and "4326" not in name:
            raise ValidationError(
                _("Coordinates must be WGS 84 longitude/latitude (RFC 7946); this names another system: %(crs)s."),
                code="boundary_crs",
                params={"crs": name[:120]},
            )
    if value.get("type") in GEOMETRY_TYPES:
        value = {"type": value["type"], "coordinates": value.get("coordinates")}
    return rewound(value)


# --- Drawing it ----------------------------------------------------------------------------


def bounds(geometry) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of a valid boundary's positions; None for no boundary."""
    if not geometry:
        return None
    positions = [p for rings in _polygons(geometry) for ring in rings for p in ring]
    if not positions:
        return None
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    return min(lons), min(lats), max(lons), max(lats)


def place_in_box(lon: float, lat: float, frame, box) -> tuple[float, float]:
    """Where (lon, lat) falls in `box` (x0, y0, x1, y1 of a drawing, y down) when `frame` (west,
    south, east, north) fills it, north up; a frame of no width or height puts the point at 3/4 of
    that side (clear of a map's centre line and labels). Points outside the frame are drawn at its edge."""
    west, south, east, north = frame
    x0, y0, x1, y1 = box

    def share(value, low, high):
        return 0.75 if high - low <= 0 else min(max((value - low) / (high - low), 0.0), 1.0)

    return round(x0 + share(lon, west, east) * (x1 - x0), 1), round(y0 + (1 - share(lat, south, north)) * (y1 - y0), 1)


def outline(geometry, *, size: int = 240, pad: int = 6) -> dict | None:
    """An SVG drawing of a valid boundary fitted in a `size` square: ``{"width", "height", "d"}``.

    Longitudes are scaled by the cosine of the middle latitude (equirectangular), so a zone keeps its
    shape; north is up. Holes are subpaths (draw with ``fill-rule: evenodd``). None for no boundary.
    """
    if not geometry:
        return None
    polygons = _polygons(geometry)
    positions = [p for rings in polygons for ring in rings for p in ring]
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * squeeze
    span_y = max(lats) - min(lats)
    scale = (size - 2 * pad) / max(span_x, span_y, 1e-12)
    width = round(span_x * scale + 2 * pad, 1)
    height = round(span_y * scale + 2 * pad, 1)

    def point(p):
        x = pad + (p[0] - min(lons)) * squeeze * scale
        y = pad + (max(lats) - p[1]) * scale
        return f"{x:.1f} {y:.1f}"

    subpaths = []
    for rings in polygons:
        for ring in rings:
            subpaths.append("M" + " L".join(point(p) for p in ring[:-1]) + " Z")
    return {"width": width, "height": height, "d": " ".join(subpaths)}


# --- The admin's field -----------------------------------------------------------------------


class CheckedBoundary(str):
    """The JSON text a textarea shows, carrying the checked geometry it stands for (to draw)."""

    def __new__(cls, text, geometry):
        shown = super().__new__(cls, text)
        shown.geometry = geometry
        return shown


class BoundaryWidget(forms.Textarea):
    """A textarea for the GeoJSON text with, under it, the outline of the boundary it holds.

    It draws only a ``CheckedBoundary`` (what ``BoundaryFormField`` gives for a stored boundary or
    for text whose checks passed) and never checks anything itself: plain text, such as text that
    failed the checks, is shown as typed, with nothing drawn.
    """

    template_name = "core/widgets/boundary.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "cols": 80, "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        geometry = getattr(value, "geometry", None)
        context["widget"]["outline"] = outline(geometry) if geometry else None
        return context


class BoundaryBoundField(forms.BoundField):
    def value(self):
        """After a POST, the text as typed; carrying its geometry when the form's checks passed for it
        (for a model form, the model field's ``validate_boundary`` among them)."""
        value = super().value()
        if self.form.is_bound and not self.errors and self.name in getattr(self.form, "cleaned_data", {}):
            geometry = self.form.cleaned_data[self.name]
            if geometry is not None and not isinstance(value, CheckedBoundary):
                return CheckedBoundary(value, geometry)
        return value


class BoundaryFormField(forms.JSONField):
    """The pasted text, parsed by ``parse_boundary``; the model field's validator then checks it.

    For a model field validated by ``validate_boundary``: a stored value (the initial one) is taken as
    checked, and so is the cleaned value of a form without errors on this field.
    """

    widget = BoundaryWidget
    bound_field_class = BoundaryBoundField

    def to_python(self, value):
        if self.disabled:
            return value
        if isinstance(value, str):
            return parse_boundary(value)
        return value

    def bound_data(self, data, initial):
        # Shown again as typed (the base class parses it, which overflows on deeply nested text).
        if self.disabled:
            return initial
        return None if data is None else forms.fields.InvalidJSONInput(data)

    def prepare_value(self, value):
        text = super().prepare_value(value)
        return CheckedBoundary(text, value) if isinstance(value, dict) else text
