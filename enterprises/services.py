from django.db import transaction

from core.search import build_search_text, search_tokens
from enterprises.models import Enterprise


def enterprise_search_text(enterprise: Enterprise) -> str:
    return build_search_text(
        enterprise.name, enterprise.name_en, enterprise.short_name, enterprise.summary, enterprise.summary_en
    )


@transaction.atomic
def enterprise_save(*, enterprise: Enterprise) -> Enterprise:
    enterprise.full_clean()
    enterprise.search_text = enterprise_search_text(enterprise)
    enterprise.search_tokens = search_tokens(enterprise.search_text)
    enterprise.save()
    return enterprise
