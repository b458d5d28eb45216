"""Events as iCalendar (RFC 5545), written with the `icalendar` library.

Each event is a VEVENT whose UID stays the same for the event's life (`event_uid`: its id and the
site's host from ``SITE_URL``), so a calendar that subscribed to /events/calendar.ics updates the
event instead of adding a second one when its time or place changes. Times are written in the
zone's time zone (Asia/Shanghai, ``TIME_ZONE``) with its VTIMEZONE; URLs are absolute.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Hangzhou Qianjiang Economic Development Zone//kaiqu news//EN"


def event_uid(item) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"news-event-{item.pk}@{host}"


def event_component(item, url: str, *, stamp: datetime.datetime | None = None) -> icalendar.Event:
    """The VEVENT of a published event; `url` is the event page's absolute URL."""
    zone = ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", event_uid(item))
    event.add("dtstamp", stamp or timezone.now())
    event.add("last-modified", item.updated_at)
    event.add("summary", item.title_i18n)
    event.add("dtstart", item.starts_at.astimezone(zone))
    if item.ends_at:
        event.add("dtend", item.ends_at.astimezone(zone))
    if item.summary_i18n:
        event.add("description", f"{item.summary_i18n}\n\n{url}")
    else:
        event.add("description", url)
    location = item.place_i18n or item.online_url
    if location:
        event.add("location", location)
    event.add("url", url)
    return event


def calendar(items, absolute, *, name: str, stamp: datetime.datetime | None = None) -> bytes:
    """A VCALENDAR of `items` (published events); `absolute(path)` makes a page's URL absolute."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = stamp or timezone.now()
    for item in items:
        cal.add_component(event_component(item, absolute(item.get_absolute_url()), stamp=stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
