"""Spreadsheet import and export for the admin, on top of django-import-export.

What the library leaves to us, and this module adds:
- strict cell parsing (a word in a number column, an unknown zone or a bad date is a row error
  with a message staff understand, never a traceback and never a silent False/None);
- a size limit checked before the file is parsed, and a refusal of sheets with merged cells;
- CSV written by Chinese Excel (GB18030) as well as UTF-8;
- an all-or-nothing write: the confirm step is offered only for a file without errors, and the
  write itself is rolled back if any row fails (IMPORT_EXPORT_USE_TRANSACTIONS);
- a template file with the right headers to download.
"""

import datetime
import re
import zipfile
from collections import Counter
from decimal import Decimal, InvalidOperation
from io import BytesIO

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.instance_loaders import CachedInstanceLoader

DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_EXPORT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is shown to the user as is."""


# --- Cell widgets -----------------------------------------------------------------------------


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class AmountWidget(widgets.DecimalWidget):
    """A decimal amount: 12.5, "12.50", "1,234.5"; anything else is a row error."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
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
        if _is_empty(value):
            return None
        amount = AmountWidget().clean(value)
        if amount != amount.to_integral_value():
            raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": value})
        return int(amount)


class DateWidget(widgets.DateWidget):
    """A date cell (xlsx) or text as 2021-06-01, 2021/6/1 or 2021.6.1; written as 2021-06-01."""

    INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
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
        raise ValueError(gettext("“%(value)s” is not yes or no; write 1 or 0.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return int(bool(value)) if kwargs.get("force_native_type") else ("1" if value else "0")


class ChoiceWidget(widgets.Widget):
    """A fixed choice: the stored value (signed) or its label in either language (已签约, Signed)."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def _lookup(self):
        from django.utils import translation

        table = {}
        for value, label in self.choices:
            table[str(value).lower()] = value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    table[str(label).strip().lower()] = value
        return table

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return ""  # the model then says "this field cannot be blank" where a value is needed
        if not hasattr(self, "_table"):
            self._table = self._lookup()
        found = self._table.get(str(value).strip().lower())
        if found is None:
            allowed = ", ".join(str(v) for v, _label in self.choices)
            raise ValueError(
                gettext("Unknown value “%(value)s”; use one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


AMBIGUOUS = object()


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key given by a natural key (slug, grid number…), looked up once per import, not per row."""

    def __init__(self, model, field, *, also=(), **kwargs):
        self.also = also  # further fields accepted on input, e.g. the name
        super().__init__(model, field=field, **kwargs)

    def _table(self):
        if not hasattr(self, "_cache"):
            cache = {}
            objects = list(self.model._default_manager.all())
            for obj in objects:  # secondary keys (names) first; a name two rows share is ambiguous
                for name in self.also:
                    key = str(getattr(obj, name) or "").strip().lower()
                    if key:
                        cache[key] = AMBIGUOUS if key in cache and cache[key] is not obj else obj
            for obj in objects:  # the primary key always wins
                key = str(getattr(obj, self.field)).strip().lower()
                cache[key] = obj
            self._cache = cache
        return self._cache

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        obj = self._table().get(str(value).strip().lower())
        if obj is AMBIGUOUS:
            raise ValueError(
                gettext("“%(value)s” names more than one %(model)s; use its %(field)s.")
                % {"value": value, "model": self.model._meta.verbose_name, "field": self.field}
            )
        if obj is None:
            raise ValueError(
                gettext("Unknown %(model)s “%(value)s”.") % {"model": self.model._meta.verbose_name, "value": value}
            )
        return obj


# --- Formats ---------------------------------------------------------------------------------


class CSV(base_formats.CSV):
    """CSV in UTF-8 (with or without BOM) or GB18030, which is what Excel writes on Chinese Windows."""

    def is_binary(self):
        # Read the upload as bytes, so the encoding is chosen here rather than fixed by the admin.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    in_stream = in_stream.decode("gb18030")
                except UnicodeDecodeError:
                    raise SpreadsheetError(gettext("The CSV file is neither UTF-8 nor GB18030 text.")) from None
        if "\x00" in in_stream:
            raise SpreadsheetError(gettext("This is not a CSV text file."))
        return tablib.import_set(in_stream, format="csv", **kwargs)


class XLSX(base_formats.XLSX):
    """The first sheet of an .xlsx, refused when it has merged cells (their values would be lost)."""

    MERGE = re.compile(rb'mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            archive = zipfile.ZipFile(BytesIO(in_stream))
        except zipfile.BadZipFile:
            raise SpreadsheetError(gettext("This is not an Excel (.xlsx) file.")) from None
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(gettext("The workbook is too large once unpacked."))
        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        sheet = book.active
        merged = self._merged_ranges(archive, sheet._worksheet_path)
        if merged:
            raise SpreadsheetError(
                gettext("The sheet has merged cells (%(ranges)s); unmerge them and fill in every cell.")
                % {"ranges": ", ".join(merged[:5])}
            )
        dataset = tablib.Dataset()
        rows = sheet.iter_rows(values_only=True)
        try:
            dataset.headers = [("" if value is None else str(value).strip()) for value in next(rows)]
        except StopIteration:
            return dataset
        width = len(dataset.headers)
        for values in rows:
            if all(_is_empty(value) for value in values):
                continue
            values = list(values[:width]) + [None] * (width - len(values))
            dataset.append(values)
        return dataset

    def _merged_ranges(self, archive, sheet_path) -> list[str]:
        found, tail = [], b""
        with archive.open(sheet_path.lstrip("/")) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                found += [m.decode() for m in self.MERGE.findall(data)]
                tail = data[-200:]
        return sorted(set(found))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defuse(dataset):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula injection).

    The library's own option turns every cell into text, numbers included; this touches only text.
    """
    rows = [
        [f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell for cell in row]
        for row in dataset
    ]
    del dataset[:]
    for row in rows:
        dataset.append(row)
    return dataset


class ExportCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_defuse(dataset), **kwargs)


class ExportXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_defuse(dataset), **kwargs)


IMPORT_FORMATS = [CSV, XLSX]
EXPORT_FORMATS = [ExportCSV, ExportXLSX]


# --- Admin -----------------------------------------------------------------------------------


class SizeLimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported. Split it into smaller files."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


class _ExportFormatsMixin:
    to_encoding = "utf-8-sig"  # Excel on Chinese Windows reads UTF-8 CSV only with a byte-order mark

    def get_export_formats(self):
        return EXPORT_FORMATS

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # The library keeps numbers and dates native only for its own binary format classes.
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data


class SpreadsheetImportMixin(_ExportFormatsMixin, ImportExportMixin):
    """Import (with preview, all-or-nothing) and export for a changelist. Mix in before the ModelAdmin."""

    import_form_class = SizeLimitedImportForm
    import_template_name = "staff/import.html"
    formats = IMPORT_FORMATS

    def get_import_formats(self):
        return IMPORT_FORMATS

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The confirmed write is undone as a whole if any row fails validation after all.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", gettext("The file could not be read. Check that you chose the right format."))

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["template_formats"] = [fmt.get_title(fmt()) for fmt in EXPORT_FORMATS]
        return context

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, extension):
        """An empty sheet with the import columns, to fill in and upload."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {fmt().get_extension(): fmt() for fmt in EXPORT_FORMATS}
        if extension not in formats:
            raise Http404
        file_format = formats[extension]
        resource = self.get_import_resource_classes(request)[0]()
        dataset = tablib.Dataset(headers=[field.column_name for field in resource.get_import_fields()])
        data = file_format.export_data(dataset)
        if not file_format.is_binary():
            data = data.encode("utf-8-sig")
        response = HttpResponse(data, content_type=file_format.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-template.{extension}"'
        return response


class SpreadsheetExportMixin(_ExportFormatsMixin, ExportMixin):
    """Export only (for models that are not imported)."""


# --- Resources -------------------------------------------------------------------------------


class StrictModelResource(resources.ModelResource):
    """A model resource that checks the whole sheet first, then each row once.

    - Columns: a missing required column, an unknown or a doubled one refuses the sheet with one
      message instead of the same error on every row.
    - Unique columns (the key, the slug…): a value on two rows refuses the sheet; a value another
      record already holds is a row error. Checked with one query for the whole file.
    - Each row is validated once with the model's `full_clean()` (fields, `clean()`), combined
      with the cell errors so a row's report is complete. The database check constraints mirror
      `clean()` and the validators, and still guard the write itself.
    - The preview (dry run) validates and diffs but does not save, so it costs one pass of
      validation; the confirmed write saves through the domain service (`save_with_service`).
    """

    required_columns: tuple[str, ...] = ()
    # Foreign keys the export writes per row, fetched with the rows instead of one query each.
    export_select_related: tuple[str, ...] = ()

    class Meta:
        # Re-importing the same file changes nothing; every row is validated; one lookup per key.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    def export(self, queryset=None, **kwargs):
        if queryset is not None and self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        return super().export(queryset, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
        known = {field.column_name for field in self.get_import_fields()}
        problems = []
        missing = [c for c in self.required_columns if c not in headers]
        if missing:
            problems.append(gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        unknown = [h or gettext("(empty)") for h in headers if h not in known]
        if unknown:
            problems.append(gettext("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        doubled = sorted({h for h in headers if headers.count(h) > 1})
        if doubled:
            problems.append(gettext("Columns given twice: %(columns)s.") % {"columns": ", ".join(doubled)})
        self._taken = {}
        if not problems:
            dataset.headers = headers
            for field in self._unique_fields():
                if field.column_name not in headers:
                    continue
                values = [str(v).strip() for v in dataset[field.column_name] if not _is_empty(v)]
                repeated = sorted(v for v, n in Counter(values).items() if n > 1)
                if repeated:
                    problems.append(
                        gettext("The %(column)s %(values)s appears on more than one row.")
                        % {"column": field.column_name, "values": ", ".join(repeated[:10])}
                    )
                self._taken[field.attribute] = self._holders(field.attribute, values)
        if problems:
            # Drop the rows so the report is this one message, not the same error on every row.
            del dataset[:]
            raise SpreadsheetError(" ".join(problems))

    def _key_attribute(self) -> str:
        return self.fields[self.get_import_id_fields()[0]].attribute

    def _unique_fields(self):
        model_fields = {f.name: f for f in self._meta.model._meta.concrete_fields}
        key = self._key_attribute()
        for field in self.get_import_fields():
            model_field = model_fields.get(field.attribute)
            if model_field is None or not model_field.unique or model_field.primary_key:
                continue
            if field.attribute == key or model_field.get_internal_type() in {"CharField", "SlugField"}:
                yield field

    def _holders(self, attribute: str, values: list[str]) -> dict[str, str]:
        """Which record (by key) already holds each of these values."""
        key = self._key_attribute()
        queryset = self._meta.model._default_manager.filter(**{f"{attribute}__in": values})
        return {str(value): str(owner) for value, owner in queryset.values_list(attribute, key)}

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance._history_user = user
        file_name = kwargs.get("file_name")
        instance._change_reason = gettext("Imported from %(file)s") % {"file": file_name or gettext("a spreadsheet")}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        key = str(getattr(instance, self._key_attribute()))
        for attribute, holders in getattr(self, "_taken", {}).items():
            value = getattr(instance, attribute)
            owner = holders.get(str(value))
            if owner is not None and owner != key and attribute not in errors:
                errors[attribute] = ValidationError(
                    gettext("“%(value)s” is already used by %(owner)s.") % {"value": value, "owner": owner},
                    code="unique",
                )
        exclude = set(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, LookupWidget) and field.attribute not in errors:
                # The widget found the related row itself: skip Django's per-row existence query.
                exclude.add(field.attribute)
                model_field = self._meta.model._meta.get_field(field.attribute)
                if getattr(instance, model_field.attname) is None and not model_field.null:
                    errors[field.attribute] = ValidationError(model_field.error_messages["null"], code="null")
        if self._meta.clean_model_instances:
            try:
                # Uniqueness was checked above for the whole file; constraints mirror clean().
                instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            except ValidationError as e:
                errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        instance._validated_by_import = True

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return  # the preview validates and diffs; only the confirmed import writes
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return  # the preview saved no row to attach many-to-many values to (save_instance)
        super().save_m2m(instance, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        with _validated(instance):
            self.save_with_service(instance, is_create)

    def save_with_service(self, instance, is_create):
        raise NotImplementedError


class _validated:
    """While the domain service saves a row this resource has just validated, skip the repeat.

    The services call `full_clean()` before saving; for an import row that is the second full
    validation in a millisecond, and Django's per-row uniqueness and constraint queries made a
    10,000-row import take minutes. The database constraints still apply to the INSERT/UPDATE.
    """

    def __init__(self, instance):
        self.instance = instance

    def __enter__(self):
        if getattr(self.instance, "_validated_by_import", False):
            self.instance.full_clean = lambda *args, **kwargs: None
        return self.instance

    def __exit__(self, *exc):
        self.instance.__dict__.pop("full_clean", None)
        return False
