"""The registration list as a spreadsheet, written by the one export path (core.spreadsheets.admin.export_or_job)."""

from django.utils.translation import gettext_lazy as _

from cases.exports import case_rows, case_value

COLUMNS = [
    ("reference", _("reference number")),
    ("event", _("event")),
    ("status", _("status")),
    ("waiting_position", _("place on the waiting list")),
    ("contact_name", _("name")),
    ("company", _("organisation")),
    ("phone", _("phone")),
    ("email", _("e-mail")),
    ("created_at", _("registered")),
    ("cancelled_at", _("cancelled at")),
    ("language", _("language")),
]


def export_value(obj, name, positions):
    if name == "waiting_position":
        return positions.get(obj.pk, "")
    if name == "event":
        return obj.event.title
    return case_value(obj, name, datetimes=("created_at", "cancelled_at"), displays=("status",))


def waiting_positions(queryset) -> dict:
    """{registration id: place on its event's waiting list}, over the events of `queryset`, in one query."""
    from registrations.models import Registration

    events = queryset.values("event_id")
    positions, last_event, place = {}, None, 0
    for pk, event_id in (
        Registration.objects.filter(event_id__in=events)
        .waiting()
        .order_by("event_id", "id")
        .values_list("pk", "event_id")
    ):
        place = place + 1 if event_id == last_event else 1
        last_event = event_id
        positions[pk] = place
    return positions


def registration_rows(queryset):
    queryset = queryset.select_related("event").order_by("event__starts_at", "event_id", "id")
    positions = waiting_positions(queryset)
    return case_rows(queryset, COLUMNS, lambda obj, name: export_value(obj, name, positions))
