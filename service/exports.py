"""The service-request list as a spreadsheet, through the one export path (core.spreadsheets.admin.export_or_job)."""

from django.utils.translation import gettext_lazy as _

from cases.exports import case_rows, case_value

COLUMNS = [
    ("reference", _("reference number")),
    ("created_at", _("received")),
    ("grid", _("service grid")),
    ("category", _("category")),
    ("stage", _("stage")),
    ("owner", _("officer in charge")),
    ("resolve_due_at", _("resolve by")),
    ("overdue", _("overdue")),
    ("resolved_at", _("resolved at")),
    ("referred_to", _("referred to (department)")),
    ("rating", _("satisfaction (1–5)")),
    ("enterprise_name", _("enterprise name")),
]
PERSONAL_COLUMNS = [("contact_name", _("contact person")), ("phone", _("phone")), ("email", _("e-mail"))]


def export_value(obj, name):
    return case_value(
        obj,
        name,
        datetimes=("created_at", "resolve_due_at", "resolved_at"),
        displays=("stage",),
        related=("grid", "category"),
        users=("owner",),
    )


def service_request_rows(queryset, *, personal: bool):
    columns = COLUMNS + (PERSONAL_COLUMNS if personal else [])
    return case_rows(queryset.select_related("grid", "category", "owner"), columns, export_value)
