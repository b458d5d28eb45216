"""A case list as spreadsheet rows, for the one export path (core.spreadsheets.admin.export_or_job).

Personal columns only for users who may see them: the case app passes `personal`.
"""

from django.utils import timezone
from django.utils.translation import gettext

from staff.names import staff_name


def case_value(obj, name, *, datetimes=(), displays=(), related=(), users=()):
    """One cell: `overdue` as yes/blank, datetimes in local time, choice labels, related names, staff by full name."""
    if name == "overdue":
        return gettext("yes") if obj.is_overdue else ""
    if name in datetimes:
        value = getattr(obj, name)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
    if name in displays:
        return str(getattr(obj, f"get_{name}_display")())
    if name in users:
        return staff_name(getattr(obj, name))
    if name in related:
        value = getattr(obj, name)
        return str(getattr(value, "name", value)) if value else ""
    value = getattr(obj, name)
    return "" if value is None else value


def case_rows(queryset, columns, value):
    """(headers, rows) over `columns` [(name, label)], a row per case read in chunks."""
    rows = ([value(obj, name) for name, _label in columns] for obj in queryset.iterator(chunk_size=1000))
    return [str(label) for _name, label in columns], rows
