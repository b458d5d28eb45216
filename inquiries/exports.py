"""The inquiry list as a spreadsheet, written by the one export path (core.spreadsheets.admin.export_or_job).

Personal fields are columns only for users who may see them; the admin passes `personal`.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inquiries.models import InquiryNote
from staff.names import staff_name

COLUMNS = [
    ("reference", _("reference number")),
    ("created_at", _("received")),
    ("stage", _("stage")),
    ("owner", _("owner")),
    ("due_at", _("first response due")),
    ("overdue", _("overdue")),
]
PERSONAL_COLUMNS = [
    ("contact_name", _("contact name")),
    ("company", _("company")),
    ("job_title", _("job title")),
    ("phone", _("phone")),
    ("email", _("e-mail")),
    ("message", _("message")),
]
CASE_COLUMNS = [
    ("country", _("country or region")),
    ("industry", _("industry")),
    ("investment_band", _("intended investment")),
    ("investment_amount", _("intended investment (100 million yuan)")),
    ("land_mu", _("land needed (mu)")),
    ("floor_area_m2", _("floor space needed (m²)")),
    ("zone", _("preferred zone")),
    ("timing", _("expected timing")),
    ("project", _("resulting project")),
    ("notes", _("notes")),
]


def export_columns(*, personal: bool):
    return COLUMNS + (PERSONAL_COLUMNS if personal else []) + CASE_COLUMNS


def export_value(obj, name):
    if name == "overdue":
        return gettext("yes") if obj.is_overdue else ""
    if name in ("created_at", "due_at"):
        return timezone.localtime(getattr(obj, name)).strftime("%Y-%m-%d %H:%M")
    if name in ("stage", "investment_band", "timing"):
        return str(getattr(obj, f"get_{name}_display")())
    if name == "owner":
        return staff_name(obj.owner)
    if name == "notes":  # prefetched by inquiry_rows
        return "\n".join(
            f"{timezone.localtime(note.created_at):%Y-%m-%d %H:%M} {staff_name(note.author)}: {note.text}"
            for note in obj.notes.all()
        )
    if name in ("industry", "zone", "project"):
        related = getattr(obj, name)
        return related.name if related else ""
    value = getattr(obj, name)
    return "" if value is None else value


def inquiry_rows(queryset, *, personal: bool):
    columns = export_columns(personal=personal)
    queryset = queryset.select_related("industry", "zone", "owner", "project").prefetch_related(
        Prefetch("notes", queryset=InquiryNote.objects.select_related("author"))
    )
    rows = ([export_value(obj, name) for name, _label in columns] for obj in queryset.iterator(chunk_size=1000))
    return [str(label) for _name, label in columns], rows
