import datetime
import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from policies.models import Policy

# How often a save takes the next generated slug when another save took it first.
GENERATED_ATTEMPTS = 5


def policy_slug(policy: Policy) -> str:
    """A slug for a policy that has none: from the English title when there is one, else
    ``policy-<year>-<next number>`` (the year it was published, else this year), so a policy with
    only a Chinese title never needs an invented Latin name. Unique, with -2, -3… if need be."""
    others = Policy.objects.exclude(pk=policy.pk)
    base = slugify(policy.title_en)[:90]
    if not base:
        year = (policy.published_on or policy.in_force_from or datetime.date.today()).year
        stem = f"policy-{year}-"
        numbers = [
            int(match.group(1))
            for slug in others.filter(slug__startswith=stem).values_list("slug", flat=True)
            if (match := re.fullmatch(rf"{stem}(\d+)", slug))
        ]
        base = f"{stem}{max(numbers, default=0) + 1:03d}"
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def policy_save(*, policy: Policy) -> Policy:
    """The one write path of a policy's own fields: the admin, the spreadsheet import and the demo data.
    An empty slug is generated (policy_slug)."""
    generated = not policy.slug
    if generated:
        policy.slug = policy_slug(policy)
    # A generated slug is unique when made; a save at the same moment that took it first is settled by
    # the unique index, and the next free one is taken then.
    policy.full_clean(exclude=["slug"] if generated else None)
    for attempt in range(GENERATED_ATTEMPTS):
        try:
            with transaction.atomic():
                policy.save()
            break
        except IntegrityError:
            if not generated or attempt == GENERATED_ATTEMPTS - 1:
                raise
            policy.slug = policy_slug(policy)
    return policy
