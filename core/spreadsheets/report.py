"""The preview of an import as plain data (stored by a background job, rendered by one template).

Each row shows what was typed, the value it replaces beside it, and its errors at the cell they
belong to — instead of the library's table of codes with errors in hover badges.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Model
from django.utils.translation import gettext, pgettext

from core.spreadsheets.cells import is_empty

ROW_LIMIT = 500


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(field, value) -> str:
    """A stored value as staff would type it: a record by its name, yes/no in words, a choice by its label."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Model):
        return str(value)
    return _text(field.widget.render(value))


def action_labels() -> dict[str, str]:
    return {
        "new": pgettext("import row", "Add"),
        "update": pgettext("import row", "Change"),
        "skip": pgettext("import row", "Unchanged"),
        "delete": pgettext("import row", "Delete"),
        "invalid": pgettext("import row", "Error"),
        "error": pgettext("import row", "Error"),
    }


def build_report(resource, result, *, notes=(), limit: int = ROW_LIMIT) -> dict:
    """A JSON-ready summary of an import result: totals, sheet-wide errors, and up to `limit` rows."""
    by_attribute = {field.attribute: field for field in resource.get_import_fields()}
    labels = action_labels()
    rows, shown_errors = [], 0
    has_errors = result.has_errors() or result.has_validation_errors()
    sheet_rows = getattr(result, "sheet_rows", None) or range(2, len(result.rows) + 2)  # the header is row 1
    for number, row_result in zip(sheet_rows, result.rows, strict=False):
        kind = row_result.import_type
        if has_errors and kind not in ("invalid", "error"):
            continue  # with errors, the preview lists only the rows to correct
        if len(rows) >= limit:
            break
        values = row_result.row_values or {}
        errors = {}
        general = []
        if row_result.validation_error is not None:
            for attribute, messages in getattr(row_result.validation_error, "message_dict", {}).items():
                field = by_attribute.get(attribute)
                if field is None or attribute == NON_FIELD_ERRORS:
                    general += messages
                else:
                    errors[field.column_name] = messages
            if not hasattr(row_result.validation_error, "message_dict"):
                general += row_result.validation_error.messages
        general += [str(error.error) for error in row_result.errors]
        instance = getattr(row_result, "instance", None)
        before = getattr(instance, "_import_original", None)
        cells = []
        for field in resource.get_import_fields():
            column = field.column_name
            typed = _text(values.get(column))
            was = ""
            if kind == "update" and before is not None and field.get_value(instance) != before[field.attribute]:
                was = _shown(field, before[field.attribute])
            if kind == "update" and not was and column not in errors:
                continue  # an update lists only what it changes
            if is_empty(typed) and column not in errors:
                continue
            cells.append({"column": column, "typed": typed, "was": was, "errors": errors.get(column, [])})
        key_field = resource.fields[resource.get_import_id_fields()[0]]
        shown_errors += bool(errors or general)
        rows.append(
            {
                "number": number,
                "action": kind,
                "action_label": labels.get(kind, kind),
                "key": _text(values.get(key_field.column_name)),
                "cells": [] if kind == "skip" else cells,
                "errors": general,
            }
        )
    return {
        "totals": dict(result.totals),
        "base_errors": [str(error.error) for error in result.base_errors],
        "rows": rows,
        "total_rows": len(result.rows),
        "has_errors": has_errors,
        "notes": list(notes),
        "limit": limit,
    }


# --- What a write did --------------------------------------------------------------------------


def row_errors(result) -> list[tuple[int, list]]:
    """The rows that failed, each by its row number as Excel shows it (the header is row 1), with its errors.

    The library's own `row_errors()` numbers them by their place among the data rows."""
    sheet_rows = getattr(result, "sheet_rows", None) or range(2, len(result.rows) + 2)
    return [(number, row.errors) for number, row in zip(sheet_rows, result.rows, strict=False) if row.errors]


def write_failure(result) -> str:
    """Why an import wrote nothing, for the job page and the admin's message (the transaction was rolled back)."""
    reasons = [str(error.error) for error in result.base_errors]
    reasons += [
        gettext("row %(number)s: %(error)s") % {"number": number, "error": error.error}
        for number, errors in row_errors(result)
        for error in errors
    ]
    if reasons:
        return gettext("Nothing was written: the database refused the write (%(reason)s).") % {
            "reason": "; ".join(reasons[:3])
        }
    return gettext("Nothing was written: correct the rows below.")


def written_counts(model, *, before: int, result) -> dict:
    """What the table holds after the commit: its rows counted again, not the rows the file planned."""
    total = model._default_manager.count()
    return {"added": total - before, "changed": result.totals.get("update", 0), "total": total}


def written_message(counts: dict, model) -> str:
    return gettext("Written: %(added)s added, %(changed)s changed; there are now %(total)s %(records)s.") % {
        **counts,
        "records": model._meta.verbose_name_plural,
    }
