"""Staff notices on the dashboard (StaffNoticeBase): written by the case apps' services, in the same
transaction as the change they announce, and read until the recipient opens the case or dismisses them."""

from django.utils import timezone

from cases.models import StaffNoticeBase


def notice_assignment(*, notice_model, case, recipient, assigned_by=None):
    """Tell `recipient` that `case` is now theirs; returns the notice (None when there is nobody to tell).

    A former owner's unread assignment notice is retired (the case is no longer theirs), nobody is told
    of what they did themselves, and an unread notice of the same assignment is not repeated.
    """
    field = notice_model.CASE_FIELD
    unread = notice_model.objects.unread().filter(**{field: case}, kind=StaffNoticeBase.Kind.ASSIGNED)
    stale = unread.exclude(recipient=recipient) if recipient is not None else unread
    stale.update(read_at=timezone.now())
    if recipient is None or recipient == assigned_by:
        return None
    existing = unread.filter(recipient=recipient).first()
    if existing is not None:
        return existing
    return notice_model.objects.create(
        **{field: case}, recipient=recipient, sent_by=assigned_by, kind=StaffNoticeBase.Kind.ASSIGNED
    )


def notices_read(*, notice_model, case_id, user) -> int:
    """The user opened the case: their unread notices about it are read. Returns how many."""
    if not getattr(user, "pk", None):
        return 0
    field = notice_model.CASE_FIELD
    return (
        notice_model.objects.unread().filter(**{f"{field}_id": case_id}, recipient=user).update(read_at=timezone.now())
    )


def notice_dismiss(*, notice_model, notice_id, user) -> bool:
    """Dismiss one of the user's own notices; False when it is not theirs (or does not exist)."""
    notices = notice_model.objects.filter(pk=notice_id, recipient=user)
    if not notices.exists():
        return False
    notices.unread().update(read_at=timezone.now())
    return True
