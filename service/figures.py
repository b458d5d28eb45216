"""The live figures of /service/, per grid, over the last 12 months.

One query reads the bounded 12-month set (grid, received, resolved, stage, rating, sample flag);
the figures are computed here in Python, so SQLite and PostgreSQL give the same numbers (a median
of working days is not SQL both can do). Real requests only; only when there are none but samples
exist are the samples counted, and the page labels the figures 示例/Sample.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.utils import timezone

from core.figures import min_sample
from core.workdays import WorkingCalendar
from service.models import ServiceRequest


@dataclass
class GridFigures:
    received: int = 0
    resolved: int = 0
    days: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @property
    def resolved_share(self):
        return round(100 * self.resolved / self.received) if self.received else None

    @property
    def median_days(self):
        return statistics.median(self.days) if self.days else None

    @property
    def average_rating(self):
        # An average of fewer ratings than the site's minimum sample (FIGURES_MIN_SAMPLE) is not shown.
        return round(statistics.fmean(self.ratings), 1) if len(self.ratings) >= min_sample() else None


def grid_figures(now=None) -> tuple[dict, bool]:
    """({grid id or None: GridFigures}, whether these are samples)."""
    since = (now or timezone.now()) - datetime.timedelta(days=365)
    rows = list(
        ServiceRequest.objects.filter(created_at__gte=since).values_list(
            "grid_id", "created_at", "resolved_at", "stage", "rating", "is_demo"
        )
    )
    real = [row for row in rows if not row[5]]
    samples = not real and bool(rows)
    counted = real or rows
    spans = [
        (timezone.localtime(created_at).date(), timezone.localtime(resolved_at).date())
        if stage in ServiceRequest.DONE_STAGES and resolved_at
        else None
        for _grid, created_at, resolved_at, stage, _rating, _demo in counted
    ]
    # One calendar over every span, its overrides read in one query: the due dates' calendar (holidays, 调休).
    known = [span for span in spans if span]
    calendar = WorkingCalendar(min(a for a, _b in known), max(b for _a, b in known)) if known else None
    figures = {}
    for (grid_id, _created, _resolved, _stage, rating, _demo), span in zip(counted, spans, strict=True):
        figure = figures.setdefault(grid_id, GridFigures())
        figure.received += 1
        if span:
            figure.resolved += 1
            figure.days.append(calendar.between(*span))
        if rating:
            figure.ratings.append(rating)
    return figures, samples
