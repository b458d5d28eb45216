"""Bulk writes that keep the history a save would have written (the spreadsheet imports' bulk services).

New rows and their history records go in through `insert_objects`: `bulk_create` on every database,
and on PostgreSQL the same rows through COPY, with their ids drawn from the table's sequence first
(COPY returns nothing). Both paths store the same values (tests/core/test_bulk.py compares them).
"""

import io

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from core.i18n import TranslatedModel, english_states

COPY_FROM = 50  # fewer new rows than this go in with bulk_create on PostgreSQL as well

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Columns whose Python values COPY takes as they print; any other column goes through get_db_prep_save.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.DecimalField, models.BooleanField)
_PLAIN_FIELDS += (models.DateField, models.IntegerField, models.ForeignKey)


def copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if type(value) is str:
        escaped = "\\" in value or "\t" in value or "\n" in value or "\r" in value
        return value.translate(_COPY_ESCAPES) if escaped else value
    if hasattr(value, "adapted") and hasattr(value, "dumps"):  # a JSONField's psycopg2 Json adapter
        value = value.dumps(value.adapted)  # its str() would be an SQL literal ('[]'::jsonb), not JSON text
    return str(value).translate(_COPY_ESCAPES)


def copy_rows(model, fields, rows, *, batch_size: int = 5000) -> None:
    """COPY `rows` (dicts of Python values by attname) into `model`'s table, PostgreSQL only.

    A column a row leaves out takes the model's default (as an unsaved instance holds it).
    """
    template = model()
    defaults = {f.attname: copy_text(f.get_db_prep_save(getattr(template, f.attname), connection)) for f in fields}
    prepared = {f.attname: f for f in fields if not isinstance(f, _PLAIN_FIELDS)}
    attnames = [f.attname for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"

    def cell(row: dict, name: str) -> str:
        if name not in row:
            return defaults[name]
        if name in prepared:
            return copy_text(prepared[name].get_db_prep_save(row[name], connection))
        return copy_text(row[name])

    with connection.cursor() as cursor:
        for offset in range(0, len(rows), batch_size):
            lines = ["\t".join([cell(row, name) for name in attnames]) for row in rows[offset : offset + batch_size]]
            cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))


def insert_objects(model, objs: list, *, batch_size: int = 1000) -> list:
    """`model.objects.bulk_create(objs)` for new, unsaved objects; on PostgreSQL through COPY.

    As with bulk_create, each object gets its id and its fields' `pre_save` values (auto_now dates)
    and counts as saved afterwards; no signals are sent.
    """
    if connection.vendor != "postgresql" or len(objs) < COPY_FROM:
        return model.objects.bulk_create(objs, batch_size=batch_size)
    opts = model._meta
    pk = opts.pk
    if any(getattr(obj, pk.attname) is not None for obj in objs) or not isinstance(pk, models.AutoField):
        return model.objects.bulk_create(objs, batch_size=batch_size)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    fields = list(opts.concrete_fields)
    rows = []
    for obj, new_id in zip(objs, ids, strict=True):
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # as bulk_create does
        setattr(obj, pk.attname, new_id)
        rows.append({f.attname: f.pre_save(obj, True) for f in fields})
    copy_rows(model, fields, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def history_rows(model, objs, *, update: bool = False, user=None, reason=None, date=None) -> list:
    """The historical records `model.history.bulk_history_create` makes for `objs` (not saved)."""
    history = model.history.model
    rows = []
    for instance in objs:
        row = history(
            history_date=getattr(instance, "_history_date", date or timezone.now()),
            history_user=getattr(instance, "_history_user", user or history.get_default_history_user(instance)),
            history_change_reason=get_change_reason_from_object(instance) or reason,
            history_type="~" if update else "+",
            **{field.attname: getattr(instance, field.attname) for field in history.tracked_fields},
        )
        if hasattr(history, "history_relation"):
            row.history_relation_id = instance.pk
        rows.append(row)
    return rows


def bulk_save_with_history(model, rows: list, *, user=None, note: str = "", batch_size: int = 1000) -> set[int]:
    """Insert the new rows and update the existing ones in bulk queries, with the one history record
    each that a save would have written (the bulk siblings of the write services call this after
    their own checks). Returns the `id()`s of the rows that were new.
    """
    new = [row for row in rows if row.pk is None]
    existing = [row for row in rows if row.pk is not None]
    now = timezone.now()
    for row in existing:
        row.updated_at = now  # bulk_update leaves auto_now alone
    translated = issubclass(model, TranslatedModel)
    if translated:
        english_states(existing)  # bulk_update calls no save(): the English drift rules (core.i18n) here
    insert_objects(model, new, batch_size=batch_size)
    if existing:
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        model.objects.bulk_update(existing, fields, batch_size=batch_size)
    reason = note or None
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        records = history_rows(model, new, user=user, reason=reason, date=now)
        records += history_rows(model, existing, update=True, user=user, reason=reason, date=now)
        insert_objects(model.history.model, records, batch_size=batch_size)
    if translated:
        for row in rows:
            row._remember_texts()
    return {id(row) for row in new}
