"""The base of every import resource: columns in the staff's language, a whole-sheet check, bulk writes.

- Columns are the model fields' labels in the current language (项目编号, 片区, 签约日期…); an
  import accepts either language's labels or the field names. A missing required column, an
  unknown or a doubled one refuses the sheet with one message instead of the same error on
  every row.
- Unique columns (the key, the slug…): a value on two rows refuses the sheet; a value another
  record already holds is a row error. Checked with one query for the whole file.
- An empty slug is made from the key (the project code), or kept for an existing record.
- Each row is validated once with the model's `full_clean()`, combined with the cell errors so
  a row's report is complete. The preview (dry run) validates but does not save; the confirmed
  import hands all rows at once to the domain's bulk service (`save_many`) with `validate=False`,
  or, for a resource without one, saves row by row through `save_with_service`. Either way every
  caller (the admin, the background job, `import_sheet`) runs the import with `use_transactions`:
  the whole write is one transaction — all rows or none, even when the database refuses a row late.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, override
from import_export import resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from core.spreadsheets.cells import LANGUAGES, ChoiceWidget, LookupWidget, is_empty, normalise
from core.spreadsheets.files import FormulaWithoutValue, SpreadsheetError

PROGRESS_EVERY = 200


class ExportResource(resources.ModelResource):
    """An export-only resource: columns titled with the fields' labels in the current language."""

    # Foreign keys the export writes per row, fetched with the rows instead of one query each.
    export_select_related: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, field in self.fields.items():
            field.column_name = self.label(name)

    def _model_field(self, name):
        attribute = self.fields[name].attribute or name
        try:
            return self._meta.model._meta.get_field(attribute)
        except Exception:  # noqa: BLE001 - a computed column has no model field
            return None

    def label(self, name, language=None) -> str:
        model_field = self._model_field(name)
        if model_field is None:
            return name
        if language is None:
            return str(capfirst(model_field.verbose_name))
        with override(language):
            return str(capfirst(model_field.verbose_name))

    def prepare_export_queryset(self, queryset):
        """The rows with their foreign keys in the same query, in a stable order for chunked reads."""
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if not queryset.query.order_by and not queryset.query.default_ordering:
            queryset = queryset.order_by("pk")
        return queryset


class StrictModelResource(ExportResource):
    """An import resource (see the module's docstring).

    An empty cell of a text column is "" on the model, never None: the library gives a `TextField`
    its bare `Widget`, which turns an empty cell into None, and a NOT NULL text column then refused
    the whole write after the preview had passed (issue 24). Every text field of every importable
    model gets the library's `CharWidget` with `allow_blank`, and `import_field` turns a None that
    any other widget returns for a text field that holds no NULL into "".
    """

    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget}

    required_columns: tuple[str, ...] = ()  # field names
    # A row for the template, by field name; the import skips a row that still equals it.
    example: dict[str, object] = {}
    # The field whose empty cells are filled from the key (slugified), e.g. "slug".
    generated_slug: str | None = None

    class Meta:
        # Re-importing the same file changes nothing; every row is validated; one lookup per key.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        # The library's diff deep-copies and exports every row twice; `skip_row` and the preview
        # use the snapshot taken in `after_init_instance` instead.
        skip_diff = True
        store_row_values = True
        store_instance = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_progress = None  # a background job's callback, given the number of rows done
        self._pending = []
        if type(self).save_many is StrictModelResource.save_many and self._meta.use_bulk:
            # A resource without a bulk service (or with many-to-many columns, which bulk writes
            # skip) writes row by row through `save_with_service`.
            type(self)._meta.use_bulk = False

    # --- Columns ---------------------------------------------------------------------------

    def header_aliases(self) -> dict[str, str]:
        """Every accepted spelling of a column (field name, labels in each language) → the field name."""
        aliases = {}
        for name in self.get_import_field_names():
            for spelling in (name, self.fields[name].attribute, *(self.label(name, lang) for lang in LANGUAGES)):
                if spelling:
                    aliases.setdefault(normalise(spelling), name)
        return aliases

    def get_import_fields(self):
        # Asked several times per row by the library; the fields do not change during an import.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_queryset(self):
        # The existing rows are loaded once (CachedInstanceLoader); with their related records, so
        # comparing a zone or an industry does not cost a query per row.
        related = [f.attribute for f in self.get_import_fields() if isinstance(f.widget, LookupWidget)]
        return super().get_queryset().select_related(*related)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField):
            kwargs.update({"coerce_to_string": True, "allow_blank": django_field.blank and not django_field.null})
        return kwargs

    def get_import_field_names(self) -> list[str]:
        return [name for name in self.get_import_order() if name in self.fields]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        aliases = self.header_aliases()
        typed = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
        names = [aliases.get(normalise(h)) for h in typed]
        problems = []
        unknown = [h or gettext("(empty)") for h, name in zip(typed, names, strict=True) if name is None]
        if unknown:
            problems.append(gettext("Unknown columns: %(columns)s.") % {"columns": "、".join(unknown)})
        doubled = sorted({self.label(n) for n in names if n and names.count(n) > 1})
        if doubled:
            problems.append(gettext("Columns given twice: %(columns)s.") % {"columns": "、".join(doubled)})
        missing = [self.label(c) for c in self.required_columns if c not in names]
        if missing:
            problems.append(gettext("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
        if problems:
            del dataset[:]  # the report is this one message, not the same error on every row
            raise SpreadsheetError(" ".join(problems))
        dataset.headers = [self.fields[name].column_name for name in names]
        sheet_rows = list(getattr(dataset, "sheet_rows", None) or ())
        self._sheet_rows = sheet_rows if len(sheet_rows) == len(dataset) else list(range(2, len(dataset) + 2))
        self._drop_example_row(dataset, names)
        self._fill_generated_slugs(dataset)
        self._check_unique_columns(dataset)

    def _drop_example_row(self, dataset, names):
        if not self.example:
            return
        example = [self.example_cell(name) for name in names]
        kept = [
            (row, line)
            for row, line in zip(dataset, self._sheet_rows, strict=True)
            if [("" if is_empty(v) else str(v).strip()) for v in row] != example
        ]
        if len(kept) != len(dataset):
            del dataset[:]
            for row, _line in kept:
                dataset.append(row)
            self._sheet_rows = [line for _row, line in kept]

    def sheet_row(self, number: int) -> int:
        """The row number Excel shows for the dataset's row `number` (1-based): the header is row 1, and
        the rows left out (empty ones, the template's example) keep their places."""
        rows = getattr(self, "_sheet_rows", ())
        return rows[number - 1] if 0 < number <= len(rows) else number + 1

    def _key_name(self) -> str:
        return self.get_import_id_fields()[0]

    def _key_attribute(self) -> str:
        return self.fields[self._key_name()].attribute

    def _fill_generated_slugs(self, dataset):
        if not self.generated_slug or not len(dataset):
            return
        key_column = self.fields[self._key_name()].column_name
        column = self.fields[self.generated_slug].column_name
        keys = [str(value).strip() for value in dataset[key_column]]
        if column not in dataset.headers:
            dataset.append_col([""] * len(dataset), header=column)
        existing = dict(
            self._meta.model._default_manager.filter(**{f"{self._key_attribute()}__in": keys}).values_list(
                self._key_attribute(), self.fields[self.generated_slug].attribute
            )
        )
        values = list(dataset[column])
        index = dataset.headers.index(column)
        rows = [list(row) for row in dataset]
        changed = False
        for number, (key, value) in enumerate(zip(keys, values, strict=True)):
            if is_empty(value) and key:
                rows[number][index] = existing.get(key) or slugify(key)
                changed = True
        if changed:
            del dataset[:]
            for row in rows:
                dataset.append(row)

    def _check_unique_columns(self, dataset):
        problems = []
        self._taken = {}
        for field in self._unique_fields():
            if field.column_name not in dataset.headers:
                continue
            values = [str(v).strip() for v in dataset[field.column_name] if not is_empty(v)]
            repeated = sorted(v for v, n in Counter(values).items() if n > 1)
            if repeated:
                problems.append(
                    gettext("The %(column)s %(values)s appears on more than one row.")
                    % {"column": field.column_name, "values": "、".join(repeated[:10])}
                )
            self._taken[field.attribute] = self._holders(field.attribute, values)
        if problems:
            del dataset[:]
            raise SpreadsheetError(" ".join(problems))

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

    # --- Rows ------------------------------------------------------------------------------

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name not in row:
            return  # a column the sheet leaves out (the library would log a message built per row and field)
        value = row.get(field.column_name)
        if isinstance(value, FormulaWithoutValue):
            raise ValueError(value.message())
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        model_field = self._text_fields().get(field.attribute)
        if model_field is not None and getattr(instance, field.attribute, "") is None:
            setattr(instance, field.attribute, "")  # an empty cell; the column holds no NULL

    def _text_fields(self) -> dict:
        """The model's text fields (char, slug, e-mail, text…) that hold "" for empty, never NULL."""
        if not hasattr(self, "_text_field_cache"):
            self._text_field_cache = {
                f.name: f
                for f in self._meta.model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField) and not f.null
            }
        return self._text_field_cache

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        number = kwargs.get("row_number", 0)
        if self.on_progress is not None and number % PROGRESS_EVERY == 0:
            self.on_progress(number)
        return result

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # The stored values before the row is applied: what `skip_row` and the preview compare with.
        instance._import_original = (
            None if new else {field.attribute: field.get_value(instance) for field in self.get_import_fields()}
        )
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance._history_user = user
        file_name = kwargs.get("file_name")
        instance._change_reason = gettext("Imported from %(file)s") % {"file": file_name or gettext("a spreadsheet")}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        before = getattr(instance, "_import_original", None)
        if import_validation_errors or before is None:
            return False
        return all(
            field.get_value(instance) == before[field.attribute]
            for field in self.get_import_fields()
            if field.column_name in row
        )

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
        try:
            # Uniqueness was checked above for the whole file; constraints mirror clean().
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(
                {
                    attribute: [self.reword(attribute, message) for message in ValidationError(found).messages]
                    for attribute, found in errors.items()
                }
            )

    def reword(self, attribute: str, message: str) -> str:
        """A model's message as it reads for a spreadsheet: a resource replaces one that speaks of the
        admin's form (a tick box, a button) with one that names the column and the value to write."""
        return message

    # --- Writing ---------------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not dry_run:
            self._pending += [(instance, True) for instance in self.create_instances]
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not dry_run:
            self._pending += [(instance, False) for instance in self.update_instances]
        self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Every row number a report, a message or `import_sheet` shows is the row as Excel shows it.
        result.sheet_rows = [self.sheet_row(number) for number in range(1, len(result.rows) + 1)]
        for row in [*result.invalid_rows, *result.error_rows]:
            row.number = self.sheet_row(row.number)
            for error in getattr(row, "errors", ()):
                error.number = row.number
        pending, self._pending = self._pending, []
        if pending and not (result.has_errors() or result.has_validation_errors()):
            with transaction.atomic():
                self.save_many(pending)

    def save_many(self, rows: list[tuple[object, bool]]) -> None:
        """Write the validated rows, (instance, is_new) pairs, through the domain's bulk service."""
        raise NotImplementedError

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._meta.use_bulk and kwargs.get("dry_run"):
            return  # the preview validates and compares; only the confirmed import writes
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return  # an unsaved row has no many-to-many relations yet
        super().save_m2m(instance, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        self.save_with_service(instance, is_create)

    def save_with_service(self, instance, is_create) -> None:
        """Without `save_many`: write one validated row through the domain service (pass validate=False)."""
        raise NotImplementedError

    # --- Template --------------------------------------------------------------------------

    def example_cell(self, name) -> str:
        value = self.example.get(name, "")
        return "" if value is None else str(value)

    def template_sheets(self):
        """The template's data sheet headers and example row, then its sheet of allowed values."""
        names = self.get_import_field_names()
        headers = [self.fields[name].column_name for name in names]
        example = [self.example_cell(name) for name in names]
        allowed = []
        for name in names:
            widget = self.fields[name].widget
            label = self.fields[name].column_name
            if isinstance(widget, LookupWidget):
                for obj in widget.records():
                    names_of = [str(getattr(obj, attr) or "") for attr in widget.also]
                    allowed.append([label, str(obj), getattr(obj, widget.field), "、".join(n for n in names_of if n)])
            elif isinstance(widget, ChoiceWidget):
                for value, _label in widget.choices:
                    with override("en"):
                        english = str(dict(widget.choices)[value])
                    with override("zh-hans"):
                        chinese = str(dict(widget.choices)[value])
                    allowed.append([label, chinese, value, english])
        allowed_headers = [gettext("Column"), gettext("Value"), gettext("Key"), gettext("Also accepted")]
        return headers, example, (gettext("Allowed values"), allowed_headers, allowed)
