"""schema.org structured data of a news page (`NewsArticle`) and an event's page (`Event`), as JSON-LD
(core's `json_ld` tag: a data block, escaped, which the CSP's script-src does not concern)."""

from core import dates
from news.models import Attendance

ATTENDANCE_MODE = {
    Attendance.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _image(item, absolute) -> dict:
    if not item.cover:
        return {}
    return {"image": absolute(item.cover.url)}


def news_article(item, url: str, absolute, publisher: str) -> dict:
    """`absolute(path)` makes a path absolute; `publisher` is the site's name."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title_i18n[:110],
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "GovernmentOrganization", "name": publisher},
    }
    if item.summary_i18n:
        data["description"] = item.summary_i18n
    if item.published_at:
        data["datePublished"] = item.published_at.isoformat()
    if item.updated_at:
        data["dateModified"] = item.updated_at.isoformat()
    if item.source_author:
        data["author"] = {"@type": "Person", "name": item.source_author}
    elif item.source_publisher:
        data["author"] = {"@type": "Organization", "name": item.source_publisher_i18n}
    if item.source_publisher or item.source_url:
        source = {"@type": "CreativeWork"}
        if item.source_publisher:
            source["publisher"] = {"@type": "Organization", "name": item.source_publisher_i18n}
        if item.source_date:
            source["datePublished"] = dates.iso(item.source_date, item.source_date_precision)
        if item.source_url:
            source["url"] = item.source_url
        data["isBasedOn"] = source
    data.update(_image(item, absolute))
    return data


def event(item, url: str, absolute, organiser: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": item.title_i18n,
        "url": url,
        "startDate": item.starts_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {"@type": "GovernmentOrganization", "name": organiser},
    }
    if item.ends_at:
        data["endDate"] = item.ends_at.isoformat()
    if item.summary_i18n:
        data["description"] = item.summary_i18n
    if item.attendance in ATTENDANCE_MODE:
        data["eventAttendanceMode"] = ATTENDANCE_MODE[item.attendance]
    locations = []
    if item.place:
        locations.append({"@type": "Place", "name": item.place_i18n, "address": item.place_i18n})
    if item.online_url:
        locations.append({"@type": "VirtualLocation", "url": item.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if item.capacity:
        data["maximumAttendeeCapacity"] = item.capacity
    data.update(_image(item, absolute))
    return data
