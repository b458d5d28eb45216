"""The inquiry list as a spreadsheet, written by the one export path (core.spreadsheets.admin.export_or_job).

Personal fields are columns only for users who may see them; the admin passes `personal`.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.exports import case_rows, case_value
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
    ("chain_node", _("chain link")),
    ("investment_band", _("intended investment")),
    ("investment_amount", _("intended investment (100 million yuan)")),
    ("expected_annual_tax", _("expected annual tax (10,000 yuan)")),
    ("expected_annual_value_added", _("expected annual value added (output) (10,000 yuan)")),
    ("planned_jobs", _("planned jobs (headcount)")),
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
    if name == "notes":  # prefetched by inquiry_rows
        return "\n".join(
            f"{timezone.localtime(note.created_at):%Y-%m-%d %H:%M} {staff_name(note.author)}: {note.text}"
            for note in obj.notes.all()
        )
    return case_value(
        obj,
        name,
        datetimes=("created_at", "due_at"),
        displays=("stage", "investment_band", "timing"),
        related=("industry", "chain_node", "zone", "project"),
        users=("owner",),
    )


def inquiry_rows(queryset, *, personal: bool):
    queryset = queryset.select_related("industry", "chain_node", "zone", "owner", "project").prefetch_related(
        Prefetch("notes", queryset=InquiryNote.objects.select_related("author"))
    )
    return case_rows(queryset, export_columns(personal=personal), export_value)
