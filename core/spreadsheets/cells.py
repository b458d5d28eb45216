"""Cell widgets: strict parsing of what staff type, in either language, with messages they understand.

A word in a number column, an unknown zone or a bad date is a row error, never a traceback and
never a silent False/None.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext
from import_export import widgets

LANGUAGES = ("zh-hans", "en")


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(value) -> str:
    """The form in which typed text is compared: trimmed, case-folded, full-width spaces removed."""
    return str(value).replace("\u3000", " ").strip().casefold()


class AmountWidget(widgets.DecimalWidget):
    """A decimal amount: 12.5, "12.50", "1,234.5"; anything else is a row error."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, bool):
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": value})
        if isinstance(value, float):
            value = repr(value)
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": value}) from None
        if not amount.is_finite():
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": value})
        return amount


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        amount = AmountWidget().clean(value)
        if amount != amount.to_integral_value():
            raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": value})
        return int(amount)


class DateWidget(widgets.DateWidget):
    """A date cell (xlsx) or text as 2021-06-01, 2021/6/1, 2021.6.1 or 2021年6月1日; written as 2021-06-01."""

    INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in self.INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(gettext("“%(value)s” is not a date; write it as 2021-06-01.") % {"value": value})


class BooleanWidget(widgets.BooleanWidget):
    """Yes/no: 1/0, true/false, yes/no, 是/否. Unlike the library's widget, "abc" is an error, not False."""

    TRUE = {"1", "true", "yes", "y", "是", "√"}
    FALSE = {"0", "false", "no", "n", "否", "×", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(gettext("“%(value)s” is not yes or no; write 是 or 否 (1 or 0).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return int(bool(value)) if kwargs.get("force_native_type") else ("1" if value else "0")


class ChoiceWidget(widgets.Widget):
    """A fixed choice: its label in either language (已签约, Signed) or the stored value (signed).

    Exported as the label in the current language, so a sheet reads as the admin does.
    """

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def _lookup(self):
        table = {}
        for value, label in self.choices:
            table[normalise(value)] = value
            for language in LANGUAGES:
                with translation.override(language):
                    table[normalise(label)] = value
        return table

    def labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return ""  # the model then says "this field cannot be blank" where a value is needed
        if not hasattr(self, "_table"):
            self._table = self._lookup()
        text = normalise(value)
        found = self._table.get(text)
        if found is None and text.startswith("已"):
            found = self._table.get(text[1:])  # 已签约, 已投产: the label with the perfective 已
        if found is None:
            raise ValueError(
                gettext("Unknown value “%(value)s”; use one of: %(allowed)s.")
                % {"value": value, "allowed": "、".join(self.labels())}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(dict(self.choices).get(value, value))


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key given by any of its names or its key, looked up once per import, not per row.

    `field` is the key written on export (a slug, a grid number); `also` lists further fields
    accepted on input (the short and full names in both languages). A name two records share is
    ambiguous, and the error names the candidates with their keys.
    """

    def __init__(self, model, field, *, also=(), **kwargs):
        self.also = also
        super().__init__(model, field=field, **kwargs)

    def _table(self):
        if not hasattr(self, "_cache"):
            table: dict[str, set] = {}
            objects = list(self.model._default_manager.all())
            for obj in objects:
                for name in self.also:
                    key = normalise(getattr(obj, name) or "")
                    if key:
                        table.setdefault(key, set()).add(obj)
                for language in LANGUAGES:  # as the admin shows it, e.g. 智能制造（一智）
                    with translation.override(language):
                        table.setdefault(normalise(str(obj)), set()).add(obj)
            for obj in objects:  # the key itself always wins
                table[normalise(getattr(obj, self.field))] = {obj}
            self._cache = table
        return self._cache

    def _by_prefix(self, text: str) -> set:
        """The records one of whose names begins with the text (北部 → 北部智能制造片区), two characters or more."""
        if len(text) < 2:
            return set()
        return {obj for key, objs in self._table().items() if key.startswith(text) for obj in objs}

    def records(self):
        return sorted({obj for found in self._table().values() for obj in found}, key=lambda obj: obj.pk)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = normalise(value)
        found = self._table().get(text) or self._by_prefix(text)
        if len(found) > 1:
            candidates = sorted(found, key=lambda obj: obj.pk)
            raise ValueError(
                gettext("“%(value)s” names more than one %(model)s: %(candidates)s. Write one of these instead.")
                % {
                    "value": value,
                    "model": self.model._meta.verbose_name,
                    "candidates": "; ".join(f"{obj} = {getattr(obj, self.field)}" for obj in candidates),
                }
            )
        if not found:
            raise ValueError(
                gettext("Unknown %(model)s “%(value)s”; the second sheet of the template lists them.")
                % {"model": self.model._meta.verbose_name, "value": value}
            )
        return next(iter(found))
