from django.db import transaction

from enterprises.models import Enterprise


@transaction.atomic
def enterprise_save(*, enterprise: Enterprise) -> Enterprise:
    enterprise.full_clean()
    enterprise.refresh_search()
    enterprise.save()
    return enterprise
