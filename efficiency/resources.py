"""Spreadsheet rows ↔ firm-year figures (亩均 evaluation). Keyed by (year, unified social credit code).

The house rules of core.spreadsheets apply: columns in the staff's language (either language's
labels or the field names), a preview, then one transaction — every row or none. Beyond them:

- a credit code is compared as normalised (spaces out, capitals, full-width to half-width) and must
  pass its check character; the same firm twice for one year refuses the sheet, naming the rows;
- every figure passes efficiency.firmyears' checks (no negative value, none beyond a plausible
  ceiling, and land unless the land is under construction or a public utility);
- the group column takes a group's code or name. Where rule sets of that year exist, a group that
  none of them has is a row error naming the groups they have; where none exists yet (figures are
  often gathered before the year's rules are adopted), the rows are taken and the preview notes that
  their groups were not checked;
- a row whose credit code no enterprise holds (or several do) is imported with no enterprise: the
  preview lists such rows, and the changelist's filter 'unmatched' shows them after the write.
"""

from collections import Counter

from django.utils.translation import gettext
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader

from core.spreadsheets.cells import AmountWidget, BooleanWidget, IntegerWidget, is_empty
from core.spreadsheets.files import SpreadsheetError
from core.spreadsheets.resources import StrictModelResource
from core.validators import normalise_credit_code
from efficiency.firmyears import (
    enterprise_ids_by_code,
    firm_year_problems,
    firm_years_save_many,
    group_codes_by_year,
)
from efficiency.models import FirmYear

AMOUNTS = [
    "land_own_mu",
    "land_leased_mu",
    "tax",
    "value_added",
    "revenue",
    "energy_tce",
    "emission_t",
    "electricity_kwh",
    "rd_spending",
]
WHOLE_NUMBERS = ["year", "headcount", "founded_year", "land_supplied_year"]
FLAGS = ["under_construction", "is_utility"]
UNMATCHED_LISTED = 30  # the preview names this many unmatched rows, then counts the rest


class CreditCodeWidget(widgets.CharWidget):
    """A credit code as typed (gaps, lower case, full-width), stored normalised; the model checks it."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return ""
        return normalise_credit_code(str(value))


class FirmYearLoader(BaseInstanceLoader):
    """The firm-years the sheet names, found by (year, credit code) with one query for the whole sheet."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = {key for row in (dataset.dict if dataset is not None else []) if (key := self.key(row))}
        self.found = {}
        if keys:
            existing = resource.get_queryset().filter(
                year__in={year for year, _code in keys}, credit_code__in={code for _year, code in keys}
            )
            self.found = {(row.year, row.credit_code): row for row in existing}

    def key(self, row):
        try:
            year = self.resource.fields["year"].clean(row)
            code = self.resource.fields["credit_code"].clean(row)
        except (KeyError, ValueError):
            return None  # a bad cell: the row's own check says what is wrong with it
        return (year, code) if year and code else None

    def get_instance(self, row):
        key = self.key(row)
        return self.found.get(key) if key else None


class FirmYearResource(StrictModelResource):
    credit_code = fields.Field(attribute="credit_code", widget=CreditCodeWidget(allow_blank=True))
    locals().update(
        {name: fields.Field(attribute=name, widget=AmountWidget()) for name in AMOUNTS}
        | {name: fields.Field(attribute=name, widget=IntegerWidget()) for name in WHOLE_NUMBERS}
        | {name: fields.Field(attribute=name, widget=BooleanWidget()) for name in FLAGS}
    )

    required_columns = ("year", "credit_code", "name", "group_code")
    example = {
        "year": "2024",
        "credit_code": "91330100MA2XXXXXX0",
        "name": "示例：某某制造有限公司（请删除本行）",
        "group_code": "gsgy",
        "land_own_mu": "50",
        "tax": "300",
        "under_construction": "否",
        "is_utility": "否",
    }

    class Meta:
        model = FirmYear
        import_id_fields = ["credit_code", "year"]
        instance_loader_class = FirmYearLoader
        fields = [
            "year",
            "credit_code",
            "name",
            "group_code",
            "parcel",
            "land_own_mu",
            "land_leased_mu",
            "tax",
            "value_added",
            "revenue",
            "energy_tce",
            "emission_t",
            "electricity_kwh",
            "headcount",
            "rd_spending",
            "founded_year",
            "land_supplied_year",
            "under_construction",
            "is_utility",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        export_order = fields

    # --- The whole sheet ----------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        loader = FirmYearLoader(self, None)
        keys = [loader.key(row) for row in dataset.dict]
        self._check_doubled_firms(dataset, keys)
        years = {key[0] for key in keys if key}
        self._groups = group_codes_by_year(years)
        self._matches = enterprise_ids_by_code({key[1] for key in keys if key})
        notes = getattr(dataset, "notes", None)
        if notes is None:
            return
        for year in sorted(years - set(self._groups)):
            notes.append(
                gettext(
                    "No rule set for %(year)s exists yet: the group column of its rows was not checked "
                    "against one. Check them once the year's rules are entered."
                )
                % {"year": year}
            )
        name_column = self.fields["name"].column_name
        unmatched = [
            (self.sheet_row(number), row.get(name_column) or "", key[1])
            for number, (row, key) in enumerate(zip(dataset.dict, keys, strict=True), start=1)
            if key and key[1] not in self._matches
        ]
        if unmatched:
            listed = "; ".join(
                gettext("row %(row)s %(name)s (%(code)s)") % {"row": row, "name": name, "code": code}
                for row, name, code in unmatched[:UNMATCHED_LISTED]
            )
            more = len(unmatched) - UNMATCHED_LISTED
            if more > 0:
                listed += " " + gettext("and %(count)s more") % {"count": more}
            notes.append(
                gettext(
                    "%(count)s rows match no enterprise by credit code. They are imported without one and "
                    "listed under the filter “unmatched” of the firm-year list: %(rows)s."
                )
                % {"count": len(unmatched), "rows": listed}
            )

    def _check_doubled_firms(self, dataset, keys):
        counts = Counter(key for key in keys if key)
        doubled = [key for key, n in counts.items() if n > 1]
        if not doubled:
            return
        problems = []
        for year, code in sorted(doubled)[:10]:
            rows = [str(self.sheet_row(n)) for n, key in enumerate(keys, start=1) if key == (year, code)]
            problems.append(
                gettext("The firm %(code)s appears more than once for %(year)s (rows %(rows)s).")
                % {"code": code, "year": year, "rows": "、".join(rows)}
            )
        del dataset[:]
        raise SpreadsheetError(" ".join(problems) + " " + gettext("Keep one row per firm and year."))

    # --- Each row -----------------------------------------------------------------------------

    def _prepare(self, instance):
        """The group as its code, and the enterprise that holds the credit code (as the write will set it)."""
        groups = getattr(self, "_groups", {}).get(instance.year)
        if groups and instance.group_code:
            instance.group_code = groups.get(instance.group_code.strip().casefold(), instance.group_code)
        instance.enterprise_id = getattr(self, "_matches", {}).get(instance.credit_code)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._prepare(instance)
        if instance.pk is not None and instance.enterprise_id != instance._enterprise_before:
            return False  # an enterprise took or gave up the code since the last import
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._enterprise_before = None if new else instance.enterprise_id

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for field, messages in firm_year_problems(instance).items():
            if field not in errors:
                errors[field] = messages
        groups = getattr(self, "_groups", {}).get(instance.year)
        if groups and instance.group_code and instance.group_code not in groups.values() and "group_code" not in errors:
            errors["group_code"] = [
                gettext("No rule set of %(year)s has the group “%(group)s”; its groups are: %(groups)s.")
                % {
                    "year": instance.year,
                    "group": instance.group_code,
                    "groups": "、".join(sorted(set(groups.values()))),
                }
            ]
        super().validate_instance(instance, errors, validate_unique)

    def save_many(self, rows):
        firm_years = [instance for instance, _is_new in rows]
        firm_years_save_many(
            firm_years=firm_years,
            user=getattr(firm_years[0], "_history_user", None),
            note=str(getattr(firm_years[0], "_change_reason", "")),
            validate=False,  # every row was validated by the resource just before
        )
