from django.db import transaction

from policies.models import Policy


@transaction.atomic
def policy_save(*, policy: Policy) -> Policy:
    """The one write path of a policy's own fields: the admin, the spreadsheet import and the demo data."""
    policy.full_clean()
    policy.save()
    return policy
