"""A dataset's data dictionary: each published field with its name in both languages, its type, its
unit, whether it can be empty and what empty means (/data/<dataset>/, and the .xlsx's second sheet).

Derived, not typed twice: the fields are the dataset's allow-list (api/common.py), in the CSV's
order, then the fields only the JSON carries; a field's name and whether it may be empty come from
the model field it shows (its ``verbose_name``, already translated), its type from the serializer's
field, an amount's unit from the dataset's ``amounts``. Where the model cannot say — a value the
serializer computes, a list, a label of a choice — the dataset's ``dictionary`` gives a ``Note``,
and the shared ones below cover the fields every dataset has. tests/api/test_dictionary.py fails
for a field that ends up without a name in either language or without a type.

Empty is never zero: an undisclosed investment or price, an area nobody measured, a date the source
does not give are empty, and the dictionary says which of these an empty cell means.
"""

import functools
from dataclasses import dataclass, replace

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from api.common import PageURLField, PreciseDateField

# A field's type: its code (the dictionary's value) and how the page says it.
TYPES = {
    "text": pgettext_lazy("data type", "text"),
    "code": _("code (its label is in the columns beside it)"),
    "integer": _("whole number"),
    "decimal": _("decimal number (a string in the JSON, e.g. “12.50”)"),
    "boolean": _("true or false"),
    "date": _("date, YYYY-MM-DD"),
    "partial_date": _("date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD"),
    "datetime": _("date and time with time zone (ISO 8601)"),
    "uri": _("web address (URL)"),
    "list": _("list (in the CSV one cell, items separated by “; ”)"),
    "object": _("object (JSON only)"),
}

EMPTY_TEXT = _("not given")
EMPTY_ENGLISH = _("no English kept, or the English is out of date: read the Chinese")
EMPTY_UNKNOWN = _("not known or not published (not zero)")
EMPTY_UNDISCLOSED = _("not disclosed (not zero)")
EMPTY_NOT_KNOWN = _("not known or not published")
EMPTY_NONE = _("none")
EMPTY_WITH_VALUE = _("empty when the value is")


@dataclass(frozen=True)
class Note:
    """What a dataset says of one field where the model cannot: any of its name, type, unit and empty meaning."""

    label: object = None
    type: str = ""
    unit: tuple | None = None
    empty: object = None  # what an empty value means; "" when it is never empty


@dataclass(frozen=True)
class Column:
    """One field of the dictionary, rendered in both languages."""

    name: str  # the CSV column (the JSON path, parts joined by dots)
    label_zh: str
    label_en: str
    type: str
    type_zh: str
    type_en: str
    unit_zh: str
    unit_en: str
    empty_zh: str  # what empty means; "" when it is never empty
    empty_en: str
    in_csv: bool

    @property
    def can_be_empty(self) -> bool:
        return bool(self.empty_zh)


# The fields every dataset publishes the same way.
SHARED = {
    "id": Note(label=_("row id"), type="integer", empty=""),
    "url": Note(label=_("page address"), type="uri", empty=""),
    "english_out_of_date": Note(
        label=_("English fields out of date"),
        type="list",
        empty=_("none: every English text is up to date"),
    ),
    "is_demo": Note(type="boolean", empty=""),
    "last_verified_on": Note(empty=_("not verified since it was entered")),
}
AMOUNT_PARTS = {
    "value": _("{field}: value"),
    "unit": _("{field}: unit"),
    "unit_en": _("{field}: unit (English)"),
    "disclosed": _("{field}: disclosed"),
}
OBJECT_PART = _("{field}: {part}")
CHOICE_LABEL = _("{field}: Chinese label")
CHOICE_LABEL_EN = _("{field}: English label")
LIST_ENGLISH = _("{field}: English names")


def columns(dataset) -> list[Column]:
    """The dictionary of `dataset`: the CSV's columns in order, then the JSON-only fields."""
    return list(_columns(dataset.name, id(dataset)))


@functools.lru_cache(maxsize=64)
def _columns(name, _identity) -> tuple[Column, ...]:
    from api.datasets import DATASETS

    dataset = DATASETS[name]
    notes = [*(_note(dataset, path, True) for path in dataset.columns)]
    notes += [_note(dataset, entry.name, False) for entry in dataset.allow_list.entries if not entry.columns]
    return tuple(_rendered(path, note, in_csv) for path, note, in_csv in notes)


def _rendered(path: str, note: Note, in_csv: bool) -> Column:
    texts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts[language] = (
                str(note.label or ""),
                str(TYPES.get(note.type, "")),
                str(note.unit[0 if language == "zh-hans" else 1]) if note.unit else "",
                str(note.empty or ""),
            )
    zh, en = texts["zh-hans"], texts["en"]
    return Column(path, zh[0], en[0], note.type, zh[1], en[1], zh[2], en[2], zh[3], en[3], in_csv)


def _note(dataset, path: str, in_csv: bool) -> tuple[str, Note, bool]:
    derived = _derived(dataset, path)
    given = dataset.dictionary.get(path) or SHARED.get(path) or Note()
    merged = replace(
        derived,
        **{name: getattr(given, name) for name in ("label", "type", "unit") if getattr(given, name)},
        **({"empty": given.empty} if given.empty is not None else {}),
    )
    return path, merged, in_csv


def _derived(dataset, path: str) -> Note:
    """What the model and the serializer say of `path` (a column or a JSON-only field)."""
    serializer = dataset.serializer()
    model = serializer.Meta.model
    top, _dot, part = path.partition(".")
    field = serializer.fields[top]
    if top in dataset.amounts:
        return _amount(dataset, model, top, part)
    if part:
        return _part(model, top, part, field)
    return _whole(model, top, field)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model_field):
    """A model field's name; for a reverse relation (an enterprise's recognitions), the related rows' plural."""
    if model_field is None:
        return None
    if isinstance(model_field, models.ForeignObjectRel):
        return model_field.related_model._meta.verbose_name_plural
    return model_field.verbose_name


def _whole(model, name: str, field) -> Note:
    model_field = _model_field(model, name)
    if model_field is None:
        for suffix, pattern in (("_name_en", CHOICE_LABEL_EN), ("_name", CHOICE_LABEL)):
            base = _model_field(model, name.removesuffix(suffix)) if name.endswith(suffix) else None
            if base is not None and base.choices:
                empty = EMPTY_NONE if base.blank else ""
                return Note(label=format_lazy(pattern, field=base.verbose_name), type="text", empty=empty)
        return Note(type=_serializer_type(field))
    kind = _serializer_type(field) or _model_type(model_field)
    if isinstance(model_field, models.ForeignObjectRel | models.ManyToManyField):
        return Note(label=_label(model_field), type=kind, empty=EMPTY_NONE)
    return Note(label=_label(model_field), type=kind, empty=_empty(name, model_field, kind))


def _part(model, top: str, part: str, field) -> Note:
    """`zone.name`, `grid.number`: a part of a related row; `themes.name_en`: a list's English names."""
    model_field = _model_field(model, top)
    top_label = _label(model_field)
    if isinstance(field, serializers.ListSerializer):
        label = format_lazy(LIST_ENGLISH, field=top_label) if top_label else None
        return Note(label=label, type="list", empty=EMPTY_NONE)
    related = getattr(model_field, "related_model", None)
    part_field = _model_field(related, part) if related is not None else None
    label = None
    if top_label and part_field is not None:
        label = format_lazy(OBJECT_PART, field=top_label, part=part_field.verbose_name)
    kind = _model_type(part_field) if part_field is not None else "text"
    if part.endswith("_en"):
        empty = EMPTY_ENGLISH
    elif getattr(model_field, "null", False):
        empty = EMPTY_NONE
    else:
        empty = ""
    return Note(label=label, type=kind, empty=empty)


def _amount(dataset, model, top: str, part: str) -> Note:
    source, unit = dataset.amounts[top]
    base = model._meta.get_field(source).verbose_name
    has_disclosed = _model_field(model, f"{source}_disclosed") is not None
    label = format_lazy(AMOUNT_PARTS[part or "value"], field=base)
    if part in ("", "value"):
        return Note(label=label, type="decimal", unit=unit, empty=EMPTY_UNDISCLOSED if has_disclosed else EMPTY_UNKNOWN)
    if part == "disclosed":
        return Note(label=label, type="boolean", empty="")
    return Note(label=label, type="text", empty=EMPTY_WITH_VALUE)


def _serializer_type(field) -> str:
    """The type a serializer field writes; "" when only the model can tell (a plain ModelSerializer field)."""
    checks = [
        (PreciseDateField, "partial_date"),
        (PageURLField, "uri"),
        (serializers.ListSerializer, "list"),
        (serializers.ListField, "list"),
        (serializers.SerializerMethodField, ""),
        (serializers.ChoiceField, "code"),
        (serializers.PrimaryKeyRelatedField, "integer"),
        (serializers.SlugRelatedField, "text"),
        (serializers.BaseSerializer, "object"),
        (serializers.URLField, "uri"),
        (serializers.BooleanField, "boolean"),
        (serializers.DateTimeField, "datetime"),
        (serializers.DateField, "date"),
        (serializers.DecimalField, "decimal"),
        (serializers.IntegerField, "integer"),
        (serializers.CharField, "text"),
    ]
    for kind, name in checks:
        if isinstance(field, kind):
            return name
    return ""


def _model_type(model_field) -> str:
    checks = [
        (models.BooleanField, "boolean"),
        (models.DateTimeField, "datetime"),
        (models.DateField, "date"),
        (models.DecimalField, "decimal"),
        (models.IntegerField, "integer"),
        (models.URLField, "uri"),
        (models.AutoField, "integer"),
        (models.ForeignKey, "integer"),
    ]
    for kind, name in checks:
        if isinstance(model_field, kind):
            return name
    if getattr(model_field, "choices", None):
        return "code"
    return "text"


def _empty(name: str, model_field, kind: str):
    """What an empty value of a plain model field means; "" when it cannot be empty."""
    if kind == "boolean" or model_field.primary_key or not (model_field.null or model_field.blank):
        return ""
    if name.endswith("_en"):
        return EMPTY_ENGLISH
    if kind in ("date", "datetime", "partial_date"):
        return EMPTY_NOT_KNOWN
    if kind in ("integer", "decimal"):
        return EMPTY_UNKNOWN
    return EMPTY_TEXT
