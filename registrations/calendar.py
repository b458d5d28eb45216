"""The `.ics` file sent with a confirmed seat, written with the `icalendar` library (RFC 5545).

Its VEVENT carries the event's UID, the same for the event's whole life and the same as in the
events' iCalendar feed (`news.calendar.event_uid`), so a calendar that already has the
event updates it instead of showing it twice. Times are in the zone's time zone (Asia/Shanghai,
``TIME_ZONE``) with its VTIMEZONE; the event page's URL is absolute.
"""

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from news.calendar import event_uid

PRODID = "-//Hangzhou Qianjiang Economic Development Zone//kaiqu registrations//EN"


def registration_calendar(registration) -> bytes:
    """A VCALENDAR with the registration's event, in the active language (the mail's)."""
    event = registration.event
    zone = ZoneInfo(settings.TIME_ZONE)
    url = f"{settings.SITE_URL.rstrip('/')}{event.get_absolute_url()}"
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", event.title_i18n)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    if event.ends_at:
        vevent.add("dtend", event.ends_at.astimezone(zone))
    location = event.place_i18n or event.online_url
    if location:
        vevent.add("location", location)
    vevent.add("description", f"{registration.reference}\n{url}")
    vevent.add("url", url)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
