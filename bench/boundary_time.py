"""How long a zone boundary takes to check (core.geojson.validate_boundary), issue 22.

    .venv/bin/python bench/boundary_time.py [-n 3]

Valid outlines that are awkward for a checker, at the sizes of the issue and at the most a boundary
may have (``MAX_POSITIONS``): an accordion of long, nearly parallel diagonal edges (every edge's
bounding box overlaps every other's: with hand-written geometry 804 positions took 2.6 s and 1,604
took 23.7 s; it is also GEOS's worst kind of input, whose cost grows with the pairs of overlapping
boxes), the same at 22.5°, a comb of long teeth, and a circle. For each it prints the positions, the
CPU seconds of the check (the least of ``-n`` rounds; CPU rather than wall time, which a shared
machine moves) and their ratio to the 1 s target. No database is needed.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiqu.settings")

TARGET_SECONDS = 1.0


def turned(ring, degrees):
    """The ring turned about its first position (still valid: turning keeps every crossing and gap)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    x0, y0 = ring[0]
    out = [[x0 + (x - x0) * c - (y - y0) * s, y0 + (x - x0) * s + (y - y0) * c] for x, y in ring]
    out[-1] = out[0]
    return out


def comb(positions):
    """Long thin teeth standing on a bar: a 0.1° square holding ``positions // 4`` teeth."""
    teeth = (positions - 4) // 4
    step = 0.1 / (2 * teeth)
    ring = []
    for k in range(teeth):
        x = 120.30 + 2 * k * step
        ring += [[x, 30.30], [x + step / 2, 30.40], [x + step, 30.40], [x + 1.5 * step, 30.30]]
    end = 120.30 + 2 * teeth * step
    return [*ring, [end, 30.30], [end, 30.29], [120.30, 30.29], ring[0]]


def circle(positions):
    n = positions - 1
    ring = [
        [120.35 + 0.05 * math.cos(2 * math.pi * k / n), 30.35 + 0.05 * math.sin(2 * math.pi * k / n)] for k in range(n)
    ]
    return [*ring, ring[0]]


def outlines():
    from core.geojson import MAX_POSITIONS, ring_area
    from tests.core.test_geojson import accordion

    shapes = [(f"accordion {n:,}", accordion(n)) for n in (804, 1_604, MAX_POSITIONS)]
    shapes += [
        (f"accordion at 22.5° {MAX_POSITIONS:,}", turned(accordion(MAX_POSITIONS), -22.5)),
        (f"comb {MAX_POSITIONS:,}", comb(MAX_POSITIONS)),
        (f"circle {MAX_POSITIONS:,}", circle(MAX_POSITIONS)),
    ]
    for name, ring in shapes:
        yield name, {"type": "Polygon", "coordinates": [ring if ring_area(ring) > 0 else ring[::-1]]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from core.geojson import validate_boundary

    print(f"{'outline':<28} {'positions':>9} {'CPU s':>8} {'÷ 1 s':>7}")
    for name, boundary in outlines():
        best = math.inf
        for _round in range(args.rounds):
            start = time.process_time()
            validate_boundary(boundary)  # each outline here is valid: this raises if the check says otherwise
            best = min(best, time.process_time() - start)
        positions = sum(len(ring) for ring in boundary["coordinates"])
        print(f"{name:<28} {positions:>9,} {best:>8.3f} {best / TARGET_SECONDS:>7.2f}")


if __name__ == "__main__":
    main()
