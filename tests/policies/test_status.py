"""The status computed from the dates: the SQL (with_status, in_force…) and the property agree at every boundary."""

import datetime

import pytest

from policies.models import EXPIRING_WITHIN_DAYS, Policy, Status, status_on
from tests.policies.factories import PolicyFactory

DAY = datetime.date(2026, 6, 15)
D = datetime.timedelta

CASES = [
    # (in_force_from, in_force_until, expected status on DAY)
    (DAY + D(1), None, Status.NOT_YET),
    (DAY, None, Status.IN_FORCE),  # the first day counts
    (None, None, Status.IN_FORCE),
    (DAY - D(10), DAY - D(1), Status.EXPIRED),
    (DAY - D(10), DAY, Status.EXPIRING),  # the last day still counts
    (DAY - D(10), DAY + D(EXPIRING_WITHIN_DAYS), Status.EXPIRING),
    (DAY - D(10), DAY + D(EXPIRING_WITHIN_DAYS + 1), Status.IN_FORCE),
    (DAY + D(5), DAY + D(20), Status.NOT_YET),  # not started beats ending soon
]


@pytest.mark.parametrize(("start", "end", "expected"), CASES)
def test_status_on_boundaries(start, end, expected):
    assert status_on(start, end, DAY) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end", "expected"), CASES)
def test_queryset_status_matches_python(start, end, expected):
    policy = PolicyFactory(in_force_from=start, in_force_until=end)
    annotated = Policy.objects.with_status(DAY).get(pk=policy.pk)
    assert annotated.computed_status == expected
    in_force = Policy.objects.in_force(DAY).filter(pk=policy.pk).exists()
    assert in_force == (expected in (Status.IN_FORCE, Status.EXPIRING))
    assert Policy.objects.expiring(DAY).filter(pk=policy.pk).exists() == (expected == Status.EXPIRING)
    assert Policy.objects.expired(DAY).filter(pk=policy.pk).exists() == (expected == Status.EXPIRED)
    assert Policy.objects.not_yet_in_force(DAY).filter(pk=policy.pk).exists() == (expected == Status.NOT_YET)


@pytest.mark.django_db
def test_status_property_uses_today():
    today = datetime.date.today()
    assert PolicyFactory(in_force_until=today - D(1)).status == Status.EXPIRED
    assert PolicyFactory(in_force_until=today + D(30)).status == Status.EXPIRING
    assert PolicyFactory(in_force_until=None).is_in_force


@pytest.mark.django_db
def test_policy_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    policy = PolicyFactory.build(in_force_from=DAY, in_force_until=DAY - D(1))
    with pytest.raises(ValidationError) as caught:
        policy.full_clean()
    assert "in_force_until" in caught.value.message_dict
