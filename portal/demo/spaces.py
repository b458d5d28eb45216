"""Synthetic sample spaces for demonstrations and load tests (`generate_demo_data --spaces N`).

Every row has ``is_demo=True``, a name starting with 示例 / "Sample" and a summary that says it is
sample data, so it can never pass for the real register; ``demo_spaces_remove`` deletes exactly
these rows. The area in m² comes from ``Space.computed_area_m2``, as the write service's
``space_prepare`` does, and the search text from ``Space.search_parts`` with the target industries
chosen before the row is written (what ``refresh_search`` gives the saved row, computed once instead
of a second pass that rewrites every row); rows go in through ``portal.demo.projects.insert_rows``
(COPY on PostgreSQL, ``bulk_create`` elsewhere), in batches.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from industries.models import Industry
from portal.demo.projects import insert_rows, row_search
from spaces.models import Space, SpaceStatusLog
from zones.models import Zone

DEMO_PREFIX = "示例"
DEMO_PREFIX_EN = "Sample"
CODE_PREFIX = "SL"
BATCH = 2000

KINDS = [
    # kind, Chinese noun, English noun, weight
    (Space.Kind.LAND, "工业地块", "industrial parcel", 2),
    (Space.Kind.FACTORY, "标准厂房", "standard factory", 4),
    (Space.Kind.OFFICE, "研发楼", "R&D building", 3),
    (Space.Kind.INCUBATOR, "孵化器", "incubator", 2),
    (Space.Kind.RENEWAL, "更新厂区", "renewal site", 2),
]
PLACES = [("钱江", "Qianjiang"), ("仁和", "Renhe"), ("良渚", "Liangzhu"), ("运河", "Grand Canal"), ("星桥", "Xingqiao")]
STATUSES = (
    [Space.Status.AVAILABLE] * 6
    + [Space.Status.TALKS] * 2
    + [
        Space.Status.FITTING,
        Space.Status.OCCUPIED,
        Space.Status.WITHDRAWN,
    ]
)


class DemoSpacesError(Exception):
    pass


def _choice_weighted(rng: random.Random):
    return rng.choices(KINDS, weights=[k[3] for k in KINDS])[0]


def _decimal(rng: random.Random, low: float, high: float, places: int = 0) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), places)))


def build_space(*, index: int, rng: random.Random, zones, today: datetime.date) -> Space:
    kind, noun, noun_en, _weight = _choice_weighted(rng)
    place, place_en = rng.choice(PLACES)
    space = Space(
        code=f"{CODE_PREFIX}-{today.year}-{index:05d}",
        slug=f"sample-space-{index}",
        name=f"{DEMO_PREFIX}{place}{noun}{index}号",
        name_en=f"{DEMO_PREFIX_EN} {place_en} {noun_en} {index}",
        kind=kind,
        zone=rng.choice(zones),
        status=rng.choice(STATUSES),
        summary=f"本条为示例数据，不是真实载体。{place}{noun}，用于演示和测试。",
        summary_en=f"Sample data, not a real space: a {noun_en} near {place_en}, for demonstrations and tests.",
        is_published=rng.random() > 0.05,
        is_demo=True,
        last_verified_on=today - datetime.timedelta(days=rng.randrange(400)) if rng.random() > 0.3 else None,
        available_from=today + datetime.timedelta(days=rng.randrange(365)) if rng.random() < 0.3 else None,
        power_kva=_decimal(rng, 200, 5000, -2) if rng.random() > 0.2 else None,
    )
    if kind == Space.Kind.LAND:
        space.area_mu = _decimal(rng, 10, 200, 1)
        space.land_use = rng.choice([Space.LandUse.INDUSTRIAL, Space.LandUse.INNOVATIVE])
        space.plot_ratio = _decimal(rng, 1.2, 3.0, 1)
        space.height_limit_m = _decimal(rng, 24, 80, 0)
        space.offers_transfer = rng.random() > 0.2
        space.offers_lease = not space.offers_transfer or rng.random() > 0.7
        if rng.random() > 0.4:
            space.land_price_disclosed = True
            space.land_price = _decimal(rng, 30, 150, 0)
        space.min_investment_intensity = _decimal(rng, 300, 600, -1) if rng.random() > 0.5 else None
        space.min_tax_per_mu = _decimal(rng, 20, 60, 0) if rng.random() > 0.5 else None
        space.min_value_added_per_mu = _decimal(rng, 80, 250, 0) if rng.random() > 0.5 else None
        space.bar_years = rng.choice([2, 3, 3, 5]) if space.has_entry_bar else None
        return space
    if kind == Space.Kind.RENEWAL and rng.random() > 0.5:
        space.area_mu = _decimal(rng, 5, 90, 1)
    else:
        space.floor_area_m2 = _decimal(rng, 300, 30000, -1)
    space.floors = rng.randint(1, 12)
    space.floor_numbers = str(rng.randint(1, space.floors))
    space.clear_height_m = _decimal(rng, 3.5, 12, 1) if rng.random() > 0.2 else None
    space.floor_load_kn = _decimal(rng, 3, 25, 1) if rng.random() > 0.3 else None
    space.lifts_cranes = "货梯2部" if rng.random() > 0.5 else ""
    space.lifts_cranes_en = "2 goods lifts" if space.lifts_cranes else ""
    space.offers_lease = rng.random() > 0.15
    space.offers_sale = rng.random() > 0.6 or not space.offers_lease
    if space.offers_lease and rng.random() > 0.4:
        space.rent_disclosed = True
        space.rent = _decimal(rng, 15, 60, 0)
    if space.offers_sale and rng.random() > 0.5:
        space.sale_price_disclosed = True
        space.sale_price = _decimal(rng, 4000, 15000, -2)
    return space


def _prepare(space: Space, industry_ids: list[int], names: dict) -> None:
    """The derived fields of `space_prepare`, the search text with the target industries it will have."""
    space.area_m2 = space.computed_area_m2()
    values = {name: getattr(space, name) for name in (*Space.SEARCH_FIELDS, *Space.SEARCH_LABELS)}
    values.update(zone_id=space.zone_id, target_industries=industry_ids)
    space.search_text, space.search_tokens = row_search(Space.search_parts(values, names))


def demo_spaces_generate(*, count: int, seed: int = 2022, top_up: bool = False) -> int:
    """Add `count` sample spaces (with `top_up`, only as many as are missing to reach `count`); returns how many."""
    from core.cache import content_changed

    zones = list(Zone.objects.all())
    industries = list(Industry.objects.order_by("order", "id"))
    if not zones:
        raise DemoSpacesError("No zones: run `manage.py load_seed` first.")
    existing = Space.objects.filter(is_demo=True).count()
    if top_up:
        count = max(0, count - existing)
    rng = random.Random(seed + existing)  # noqa: S311 - sample data, not secrets
    today = datetime.date.today()
    created = 0
    Through = Space.target_industries.through
    with transaction.atomic():
        start = (
            max(
                (
                    int(code.rsplit("-", 1)[1])
                    for code in Space.objects.filter(is_demo=True).values_list("code", flat=True)
                ),
                default=0,
            )
            + 1
        )
        fields = [f for f in Space._meta.concrete_fields if not f.primary_key]
        position = {industry.pk: n for n, industry in enumerate(industries)}  # Industry's own order
        names: dict = {}
        while created < count:
            size = min(BATCH, count - created)
            batch = [build_space(index=start + created + i, rng=rng, zones=zones, today=today) for i in range(size)]
            # Drawn newest first, the order in which the rows used to be read back after their insert.
            targets = {
                space.code: sorted((i.pk for i in rng.sample(industries, rng.randint(0, 2))), key=position.get)
                if industries
                else []
                for space in reversed(batch)
            }
            for space in batch:
                _prepare(space, targets[space.code], names)
            insert_rows(Space, [{f.attname: f.pre_save(space, True) for f in fields} for space in batch])
            ids = dict(Space.objects.filter(code__in=list(targets)).values_list("code", "id"))
            SpaceStatusLog.objects.bulk_create(
                SpaceStatusLog(space_id=ids[s.code], from_status="", to_status=s.status, changed_on=today)
                for s in batch
            )
            Through.objects.bulk_create(
                Through(space_id=ids[code], industry_id=industry_id)
                for code, industry_ids in targets.items()
                for industry_id in industry_ids
            )
            created += size
        transaction.on_commit(content_changed)
    content_changed()  # bulk_create sends no post_save (core/cache/)
    return created


def demo_spaces_remove() -> int:
    """Delete every sample space (with its log, images, proposals and history rows); returns how many."""
    from core.cache import content_changed

    with transaction.atomic():
        demo = Space.objects.filter(is_demo=True)
        count = demo.count()
        demo.delete()
        Space.history.filter(is_demo=True).delete()
        transaction.on_commit(content_changed)
    content_changed()
    return count
