"""What every domain module of the open data shares: units, labels and amounts, the English rule,
the small reference serializers, precise dates, and the allow-list a dataset is published from.

Conventions (docs in the schema and docs/open-data.md):
- Chinese and English side by side: ``name`` and ``name_en`` (empty when no English is kept, or when it
  is out of date: the Chinese changed after it, and ``english_out_of_date`` lists it, core.i18n).
- A choice is its code plus its label in both languages (``stage``, ``stage_name``, ``stage_name_en``).
- An amount is an object ``{"value": "12.50", "unit": "亿元", "unit_en": "100 million yuan"}`` with the
  value a decimal string; the investment adds ``disclosed`` and its value is null when undisclosed.
- Dates are ISO 8601 as precise as the source: ``2021``, ``2021-06`` or ``2021-06-01``, with the
  ``*_precision`` field beside them (``year``, ``month``, ``day``) where the model keeps one (a project's
  signing, construction and production dates; a space's status changes); other dates are full dates, and
  a year-only fact (founded, opened) is an integer year.

The allow-list: each dataset is published from ONE ``AllowList`` (in its domain module): the
serializer's ``Meta.fields`` and the download's CSV columns both come from it. Only what the public
pages show is listed. Internal notes, status reasons, personal data, staff accounts (grid officers,
who recorded a stage change), search columns and demo markers other than ``is_demo`` never appear;
tests/api/test_private_fields.py holds every serializer's fields against its own list (``ALLOWED``,
written there and not read from here), so a field added to a model is private until it is added to
an allow-list here and to that test.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min, TextChoices
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import DatePrecision, iso
from industries.models import Industry
from zones.models import ServiceGrid, Zone

YUAN_100M = ("亿元", "100 million yuan")
MU = ("亩", "mu")
SQUARE_METRES = ("平方米", "m²")
SQUARE_KM = ("平方千米", "km²")
YUAN_10K = ("万元", "10,000 yuan")
PER_CENT = ("%", "%")
METRES = ("米", "m")
KN_PER_M2 = ("千牛/平方米", "kN/m²")
KVA = ("千伏安", "kVA")
YUAN_PER_M2_MONTH = ("元/平方米·月", "yuan per m² and month")
YUAN_PER_M2 = ("元/平方米", "yuan per m²")
YUAN_10K_PER_MU = ("万元/亩", "10,000 yuan per mu")
YUAN_10K_PER_MU_YEAR = ("万元/亩·年", "10,000 yuan per mu and year")


# --- One allow-list per dataset -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One field of an allow-list: its name in the API and the CSV columns (paths into the row) it gives."""

    name: str
    columns: tuple[str, ...]
    last: bool = False  # the CSV puts it after every other column (the page's address)


def api_only(name: str) -> Entry:
    """A field the API publishes and the CSV leaves out (a precision, a nested list, a second label)."""
    return Entry(name, ())


def nested(name: str, *parts: str) -> Entry:
    """An object field (zone, amount): one CSV column per listed part, ``name.part``."""
    return Entry(name, tuple(f"{name}.{part}" for part in parts))


# The page's address: in the API after the slug, in the CSV the last column.
URL = Entry("url", ("url",), last=True)
ENGLISH_OUT_OF_DATE = api_only("english_out_of_date")


class AllowList:
    """A dataset's published fields, in the API's order, and the CSV columns they give.

    Entries are a field name (one CSV column of that name), an ``Entry`` (``nested``, ``api_only``,
    ``URL``) or a tuple ``(name, part, …)`` (short for ``nested``).
    """

    def __init__(self, *entries):
        self.entries = tuple(self._entry(entry) for entry in entries)

    @staticmethod
    def _entry(entry) -> Entry:
        if isinstance(entry, Entry):
            return entry
        if isinstance(entry, tuple):
            return nested(*entry)
        return Entry(entry, (entry,))

    @property
    def fields(self) -> list[str]:
        """The serializer's ``Meta.fields``."""
        return [entry.name for entry in self.entries]

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV header: each entry's columns in order, those marked ``last`` at the end."""
        first = [column for entry in self.entries if not entry.last for column in entry.columns]
        last = [column for entry in self.entries if entry.last for column in entry.columns]
        return (*first, *last)


class Openness(TextChoices):
    """China's open-data classes (公共数据开放分级): what a reader may do with the dataset."""

    UNCONDITIONAL = "unconditional", _("Open without conditions")
    CONDITIONAL = "conditional", _("Open on conditions")
    NOT_OPEN = "not_open", _("Not open")

    @property
    def access_right(self) -> str:
        """The EU access-right code the catalogue gives it (api.vocabularies.ACCESS_RIGHTS)."""
        return {"unconditional": "PUBLIC", "conditional": "RESTRICTED", "not_open": "NON_PUBLIC"}[self.value]


@dataclass(frozen=True)
class Series:
    """A dataset published again each year (the report card): each year is a dataset of the series.

    `periods()` gives each year there are rows for, oldest first, with the first year its rows cover
    (its temporal coverage runs from that year to the year itself); the year's rows are the dataset's
    downloads with ``?<param>=<year>`` (its FilterSet has that filter).
    """

    title: object
    description: object
    periods: object
    param: str = "year"


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """What /data/ lists, what /data/<name>.csv|json|xlsx streams, what the API serves (api/datasets.py),
    and everything the catalogue says of it (api/dcat.py) and its data dictionary shows (api/dictionary.py).

    Declared once, in its domain module; api/datasets.py lists it. tests/api/test_dcat.py and
    tests/api/test_dictionary.py hold every declared dataset to the catalogue's rules (descriptions of
    50 to 5,000 characters in both languages, keywords in both, a theme, every column described).
    """

    name: str
    title: object
    description: object  # 50 to 5,000 characters in both languages (search engines' and portals' bounds)
    openness: Openness  # 无条件开放 / 有条件开放 / 不予开放
    queryset: object
    serializer: type
    allow_list: AllowList
    api_list: str
    html_list: str = ""
    filterset_class: type | None = None
    modified: object = None  # a function giving the last change, when the rows record one
    keywords: tuple = field(default=())  # translatable words, each given in both languages
    themes: tuple[str, ...] = ()  # EU data themes (api.vocabularies.THEMES)
    frequency: str = "IRREG"  # how often it changes (api.vocabularies.FREQUENCIES)
    temporal: object = None  # a function giving the (first, last) dates the rows cover, each (date, precision)
    industries: str = ""  # the rows' path to their industries: the zone's industries become themes
    zoned: bool = False  # the rows lie in the zones: the zones are its spatial coverage too
    amounts: dict = field(default_factory=dict)  # an amount field: (the model field it shows, its unit)
    dictionary: dict = field(default_factory=dict)  # column: api.dictionary.Note, where the model cannot say
    series: Series | None = None  # also published year by year (api/dcat.py: a dcat:DatasetSeries)
    geojson: bool = False  # also /data/<name>.geojson: the rows with a known position, as RFC 7946 points
    geojson_view: str = ""  # or a GeoJSON view of its own, by URL name (zones: their drawn boundaries)
    geojson_note: object = ""  # what the GeoJSON holds, for the catalogue

    @property
    def columns(self) -> tuple[str, ...]:
        return self.allow_list.columns

    def geojson_url(self) -> str:
        if self.geojson_view:
            return reverse(self.geojson_view)
        if self.geojson:
            return reverse("data-download", kwargs={"dataset": self.name, "fmt": "geojson"})
        return ""

    def rows(self):
        return self.queryset.all()


def latest(queryset, column):
    """A dataset's ``modified``: the latest value of `column` over `queryset`."""
    return lambda: queryset.aggregate(latest=Max(column))["latest"]


def span(queryset, column, precision: str = ""):
    """A dataset's ``temporal``: the first and last value of `column` over `queryset` as (date, precision)
    pairs (core.dates), or None without rows. With a `precision` column, each end keeps its own
    (a project signed "in 2019" starts the span at 2019, not 2019-01-01); a time is taken as its local date."""

    def ends():
        dated = queryset.filter(**{f"{column}__isnull": False}).order_by()
        if precision:
            first = dated.order_by(column).values_list(column, precision).first()
            last = dated.order_by(f"-{column}").values_list(column, precision).first()
        else:
            found = dated.aggregate(first=Min(column), last=Max(column))
            first, last = (found["first"], DatePrecision.DAY), (found["last"], DatePrecision.DAY)
        if not first or first[0] is None:
            return None
        return tuple((_local_date(value), kind) for value, kind in (first, last))

    return ends


def _local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


# --- Labels and amounts ---------------------------------------------------------------------------

# label object's id -> (the label, Chinese, English): switching the language twice per label and
# row was a fifth of a list's CPU. Holding the label keeps its id from being reused.
_TRANSLATED_LABELS: dict[int, tuple] = {}


def labels(choices, value) -> tuple[str, str]:
    """The label of `value` in Chinese and in English."""
    label = dict(choices).get(value, "")
    found = _TRANSLATED_LABELS.get(id(label))
    if found is None or found[0] is not label:
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            en = str(label)
        found = _TRANSLATED_LABELS[id(label)] = (label, zh, en)
    return found[1], found[2]


def priced(value, disclosed, unit) -> dict:
    """A price with its `disclosed` flag; the value is null unless disclosed."""
    shown = bool(disclosed) and value is not None
    return {"value": format(value, "f") if shown else None, "unit": unit[0], "unit_en": unit[1], "disclosed": shown}


def amount(value, unit) -> dict | None:
    if value is None:
        return None
    return {"value": format(value, "f"), "unit": unit[0], "unit_en": unit[1]}


class CurrentEnglishMixin:
    """An English field that is out of date (core.i18n: its Chinese changed since) is served empty, as
    one never written: a client falls back to the Chinese, as the site's English pages do."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in getattr(instance, "english_out_of_date", None) or ():
            if name in data:
                data[name] = ""
        return data


def english_out_of_date_field():
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The English fields (e.g. summary_en) served empty because the Chinese changed after the "
        "English was last edited; they return once an editor updates or confirms the English.",
    )


class AmountSerializer(serializers.Serializer):
    value = serializers.CharField(help_text='A decimal number as a string, e.g. "12.50".')
    unit = serializers.CharField(help_text="The unit in Chinese")
    unit_en = serializers.CharField(help_text="The unit in English")


class InvestmentSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="A decimal string; null when not disclosed.")
    unit = serializers.CharField()
    unit_en = serializers.CharField()
    disclosed = serializers.BooleanField()


# --- References to rows of other tables ------------------------------------------------------------


class ZoneRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["slug", "name", "name_en"]


class IndustryRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["slug", "name", "name_en"]


class GridRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = ServiceGrid
        fields = ["number", "name", "name_en"]


# --- The row's page --------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "description": "The row's public page on this site as an absolute URL, on the scheme and host the "
        "request was made to.",
    }
)
class PageURLField(serializers.Field):
    """The row's page (``get_absolute_url``) as an absolute URL, built from the request in the context
    (API views put it there; the downloads pass theirs, api/downloads.py)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


# --- Dates ----------------------------------------------------------------------------------------

PRECISE_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "ISO 8601 as precise as the source: 2021, 2021-06 or 2021-06-01 (the `*_precision` "
    "field beside it says which); null when not published.",
}


@extend_schema_field(PRECISE_DATE_SCHEMA)
class PreciseDateField(serializers.Field):
    """A date at the precision its `<name>_precision` column gives (core.dates): "2021-06", never "2021-06-01"."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return iso(getattr(instance, self.field_name), getattr(instance, f"{self.field_name}_precision")) or None
