"""Who /contact/ (联系我们) names: the officers' own published contacts, by industry chain and by grid.

The industry ↔ officer link is portal's IndustryOfficer (edited with the site settings); the grid's
officers are zones' ServiceGrid.officers. Only what an officer publishes in staff.OfficerProfile is
shown, and only an officer who publishes a phone number or an e-mail address is listed at all.
"""

from django.db.models import Prefetch

from portal.models import IndustryOfficer
from staff.models import OfficerProfile
from zones.models import ServiceGrid


def reachable(contact: dict) -> bool:
    """An officer's published contact that lets someone reach them: a phone number or an e-mail."""
    return bool(contact.get("phone") or contact.get("email"))


def _published(officer) -> dict:
    """The officer's own published contact when it is reachable and their account active, else {}."""
    profile = getattr(officer, "officer_profile", None)
    contact = profile.public_contact() if profile is not None and officer.is_active else {}
    return contact if reachable(contact) else {}


def contact_officers():
    """(industries, grids): [(industry, [contacts])] and [(grid, [contacts])], only the officers who
    publish a phone or an e-mail in their own profile (staff.OfficerProfile), in the admin's order."""
    profiles = Prefetch(
        "officer__officer_profile", queryset=OfficerProfile.objects.prefetch_related("zones", "user__service_grids")
    )
    industries = {}
    rows = IndustryOfficer.objects.select_related("industry", "officer").prefetch_related(profiles)
    for row in rows.order_by("industry__order", "industry_id", "order", "id"):
        contact = _published(row.officer)
        if contact:
            industries.setdefault(row.industry, []).append(contact)
    grid_profiles = Prefetch(
        "officers__officer_profile", queryset=OfficerProfile.objects.prefetch_related("zones", "user__service_grids")
    )
    grids = []
    for grid in ServiceGrid.objects.select_related("zone").prefetch_related("officers", grid_profiles):
        contacts = [c for c in (_published(officer) for officer in grid.officers.all()) if c]
        if contacts:
            grids.append((grid, contacts))
    return list(industries.items()), grids
