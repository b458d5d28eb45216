"""/api/v1/figures/: the numbers of /figures/ (portal.figures, spaces.market), row for row as its two CSVs.

One answer, unpaginated: the date the figures are as of, the minimum sample below which a median,
percentile or share is null (``hidden`` true), the percentile method, and the rows of the speed
ledger (``speed``) and of the space market (``space_market``), each with the fields of its CSV's
columns (``/figures/speed-ledger.csv``, ``/figures/space-market.csv``). Numbers are decimal strings,
as elsewhere in the API; counts are integers.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response

from api.views import COMMON_RESPONSES, OpenDataMixin
from portal.figures import PERCENTILE_METHOD, current_figures, ledger_rows
from spaces.market import market_rows

_DECIMAL = {"allow_null": True, "help_text": "A decimal string; null when there is nothing to count or it is hidden."}


class LedgerRowSerializer(serializers.Serializer):
    """One step of one process for one group (the whole, a month or year, a zone, an industry, a grid)."""

    process = serializers.ChoiceField(["inquiries", "service", "projects"])
    process_name = serializers.CharField()
    process_name_en = serializers.CharField()
    stage = serializers.CharField(help_text="first_reply, site_visit, signing; acceptance, resolution; "
                                  "construction, production, signing_to_production")  # fmt: skip
    stage_name = serializers.CharField()
    stage_name_en = serializers.CharField()
    breakdown = serializers.ChoiceField(["all", "month", "year", "zone", "industry", "grid"])
    group = serializers.CharField(help_text="all; 2025-03; 2024; a zone's or industry's slug; a grid's number; "
                                  "empty for “not stated”")  # fmt: skip
    group_name = serializers.CharField(allow_blank=True)
    group_name_en = serializers.CharField(allow_blank=True)
    n = serializers.IntegerField(help_text="How many steps were measured")
    median_working_days = serializers.CharField(**_DECIMAL)
    p90_working_days = serializers.CharField(**_DECIMAL)
    hidden = serializers.BooleanField(help_text="Fewer steps than the minimum sample: median and p90 are null")
    is_sample = serializers.BooleanField(help_text="Computed over sample records, as no real one exists")
    period_from = serializers.DateField(allow_null=True, help_text="null: every record (projects)")
    period_to = serializers.DateField()


class MarketRowSerializer(serializers.Serializer):
    """One measure of one cell of a space-market table."""

    table = serializers.ChoiceField(
        ["vacancy", "vacancy_by_quarter", "asking_prices", "pipeline", "months_to_occupied"]
    )
    row = serializers.CharField(allow_blank=True, help_text="A kind of space, a quarter (2025-Q3), today or all")
    row_name = serializers.CharField(allow_blank=True)
    row_name_en = serializers.CharField(allow_blank=True)
    column = serializers.CharField(allow_blank=True, help_text="A zone (empty: all zones), a kind, a term "
                                   "(lease, sale), a quarter, or empty (every kind)")  # fmt: skip
    column_name = serializers.CharField(allow_blank=True)
    column_name_en = serializers.CharField(allow_blank=True)
    measure = serializers.CharField(
        help_text="vacant_m2, total_m2, vacancy_share; offered, median; area_m2; median_months, p90_months"
    )
    value = serializers.CharField(**_DECIMAL)
    unit = serializers.CharField(allow_blank=True)
    unit_en = serializers.CharField(allow_blank=True)
    n = serializers.IntegerField(help_text="What the measure counts: spaces, disclosed prices, occupied spells")
    hidden = serializers.BooleanField()
    is_sample = serializers.BooleanField()
    as_of = serializers.DateField()


class FiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    min_sample = serializers.IntegerField(help_text="A median, percentile or share over fewer is null (hidden)")
    percentile_method = serializers.CharField()
    speed = LedgerRowSerializer(many=True)
    space_market = MarketRowSerializer(many=True)


@extend_schema_view(get=extend_schema(responses={200: FiguresSerializer, **COMMON_RESPONSES}))
class Figures(OpenDataMixin, generics.GenericAPIView):
    """The speed ledger and the space market of /figures/, as its CSVs give them."""

    serializer_class = FiguresSerializer
    pagination_class = None

    def get(self, request, *args, **kwargs):
        figures = current_figures()
        body = {
            "as_of": figures.today,
            "min_sample": figures.min_sample,
            "percentile_method": PERCENTILE_METHOD,
            "speed": ledger_rows(figures),
            "space_market": market_rows(figures.market),
        }
        return Response(self.get_serializer(body).data)
