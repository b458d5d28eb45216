"""Synthetic sample projects and enterprises for load tests and demonstrations.

Every generated row has ``is_demo=True`` and a name starting with 示例 (English: "Sample"), so it
can never be mistaken for the real seed content and ``demo_remove`` deletes exactly these rows.
On PostgreSQL rows go in with COPY, and the search-token GIN index is rebuilt once afterwards
(far faster than maintaining it row by row) — dropped and created again inside the transaction that
writes the rows, so a failure or a killed process leaves the index as it was; elsewhere
``bulk_create`` in batches.
"""

import datetime
import functools
import multiprocessing
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

from django.db import connection, connections, models, transaction

from core.bulk import copy_rows
from core.search import TOKENS_SQL, normalise
from enterprises.models import Enterprise, Recognition, RecognitionType
from industries.models import Industry
from projects.models import Project
from zones.models import ServiceGrid, Zone

DEMO_PREFIX = "示例"
DEMO_PREFIX_EN = "Sample"
BATCH = 5000
# Below this many new rows the GIN index is kept and maintained row by row.
REBUILD_INDEX_FROM = 5000

BRANDS = [
    ("华芯", "Huaxin"),
    ("钱江", "Qianjiang"),
    ("东辰", "Dongchen"),
    ("瑞科", "Ruike"),
    ("中恒", "Zhongheng"),
    ("博源", "Boyuan"),
    ("天澜", "Tianlan"),
    ("凯晟", "Kaisheng"),
    ("明德", "Mingde"),
    ("启航", "Qihang"),
    ("星河", "Xinghe"),
    ("汇能", "Huineng"),
]
FIELDS = [
    ("新能源", "new energy"),
    ("芯片", "chip"),
    ("集成电路", "integrated circuit"),
    ("生物医药", "biomedicine"),
    ("智能装备", "smart equipment"),
    ("新材料", "new materials"),
    ("工业互联网", "industrial internet"),
    ("储能", "energy storage"),
    ("医疗器械", "medical devices"),
    ("机器人", "robotics"),
    ("碳纤维", "carbon fibre"),
    ("数据中心", "data centre"),
]
PROJECT_KINDS = [
    ("产业园", "industrial park"),
    ("研发中心", "R&D centre"),
    ("生产基地", "production base"),
    ("总部基地", "headquarters"),
    ("扩产项目", "expansion"),
    ("技改项目", "technical upgrade"),
]
COMPANY_KINDS = [("科技", "Technology"), ("电子", "Electronics"), ("制造", "Manufacturing"), ("材料", "Materials")]
SUMMARY_PARTS = [
    "主要建设{field}生产线及配套研发设施",
    "达产后预计年产值约{n}亿元",
    "项目用地约{m}亩，建筑面积约{a}万平方米",
    "引进{field}领域高端人才团队",
    "建设数字化车间和智能仓储系统",
    "与高校共建{field}联合实验室",
]
STAGES = [Project.Stage.SIGNED] * 4 + [Project.Stage.CONSTRUCTION] * 3 + [Project.Stage.PRODUCTION] * 3
LISTING = [Enterprise.ListingStatus.UNLISTED] * 18 + [Enterprise.ListingStatus.PRE_IPO, Enterprise.ListingStatus.LISTED]
EXCHANGES = [Enterprise.Exchange.SZSE, Enterprise.Exchange.CHINEXT, Enterprise.Exchange.STAR, Enterprise.Exchange.SSE]


class DemoDataError(Exception):
    pass


def _reference_data():
    zones = list(Zone.objects.all())
    industries = list(Industry.objects.all())
    if not zones or not industries:
        raise DemoDataError("No zones or industries: run `manage.py load_seed` first.")
    return zones, industries, list(ServiceGrid.objects.all()), list(RecognitionType.objects.all())


def _date_in(rng: random.Random, year: int, today: datetime.date) -> datetime.date:
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


@functools.cache
def _summary_pool(seed: int, prefix: str = "") -> dict[str, list[str]]:
    """A few hundred summaries per field, reused across rows so their tokens are computed once."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    pool = {}
    for field, _field_en in FIELDS:
        texts = []
        for _ in range(200):
            parts = rng.sample(SUMMARY_PARTS, 2)
            body = "，".join(
                p.format(field=field, n=rng.randint(2, 80), m=rng.randint(20, 400), a=rng.randint(1, 30)) for p in parts
            )
            texts.append(f"本条为示例数据。{prefix}{body}。")
        pool[field] = texts
    return pool


@functools.lru_cache(maxsize=50_000)
def _normalised(part: str) -> str:
    return normalise(part)


@functools.lru_cache(maxsize=50_000)
def _word_tokens(word: str) -> frozenset[str]:
    """`search_tokens` of one word, as a set: its characters and its pairs of adjacent characters."""
    return frozenset(word).union(map(str.__add__, word, word[1:]))


def row_search(parts: list[str]) -> tuple[str, str]:
    """`build_search_text(*parts)` and its `search_tokens`, as `refresh_search()` makes them, faster.

    Each part is normalised on its own and the text's tokens are the union of its words' tokens, both
    cached (summaries, zone and industry names repeat across rows). Normalising part by part gives
    the text `build_search_text` gives: NFKC, lower case and collapsed whitespace do not reach across
    the space that joins two parts (tests/portal/test_demo_data.py compares the two on sample rows).
    """
    normalised = [text for text in (_normalised(part) for part in parts if part) if text]
    text = " ".join(normalised)
    tokens = set().union(*(_word_tokens(word) for word in text.split(" ")))
    return text, " ".join(tokens)  # the order does not matter to the index (search_tokens sorts them)


def _bookkeeping(rng: random.Random, today: datetime.date, now: datetime.datetime) -> dict:
    """The columns every sample directory row shares: mostly published, verified within 400 days, flagged."""
    return {
        "is_published": rng.random() < 0.95,
        "last_verified_on": today - datetime.timedelta(days=rng.randint(0, 400)),
        "is_demo": True,
        "created_at": now,
        "updated_at": now,
    }


def _add_search(model, row: dict, names: dict) -> None:
    """The row's search text and tokens, from the model's SEARCH_* as refresh_search() would make them.

    `names` caches the zones' and industries' names across the rows of a batch (Searchable.search_parts).
    """
    row["search_text"], row["search_tokens"] = row_search(model.search_parts(row, names))


def _block(index: int) -> str:
    """Letters for the project code: SMA for rows 0–99,999, SMB for the next 100,000…"""
    return "SM" + chr(ord("A") + index // 100_000)


def build_projects(*, start: int, count: int, rng: random.Random, zones, industries) -> list[dict]:
    """Column values (by attname) of `count` sample projects; unset columns take the model's defaults."""
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    summaries = _summary_pool(0)
    zone_ids = [z.id for z in zones]
    industry_ids = [i.id for i in industries]
    rows, names = [], {}
    for index in range(start, start + count):
        brand, brand_en = rng.choice(BRANDS)
        field, field_en = rng.choice(FIELDS)
        kind, kind_en = rng.choice(PROJECT_KINDS)
        year = rng.randint(2012, today.year)
        signed_on = _date_in(rng, year, today) if rng.random() > 0.02 else None
        stage = rng.choice(STAGES)
        started_on = production_on = None
        if signed_on and stage != Project.Stage.SIGNED:
            started_on = signed_on + datetime.timedelta(days=rng.randint(30, 400))
            if stage == Project.Stage.PRODUCTION:
                production_on = started_on + datetime.timedelta(days=rng.randint(180, 900))
        status, reason, changed_on = Project.Status.ON_TRACK, "", None
        roll = rng.random()
        if roll < 0.05:
            status, reason, changed_on = Project.Status.DELAYED, "示例：审批延后", today
        elif roll < 0.07:
            status, reason, changed_on = Project.Status.TERMINATED, "示例：投资方调整计划", today
        disclosed = rng.random() < 0.8
        row = {
            "code": f"{_block(index)}-{year}-{index % 100_000:05d}",
            "name": f"{DEMO_PREFIX}{brand}{field}{kind}（{index + 1}）",
            "name_en": f"{DEMO_PREFIX_EN} {brand_en} {field_en} {kind_en} ({index + 1})",
            "slug": f"sample-project-{index + 1}",
            "investor": f"{DEMO_PREFIX}{brand}{field}有限公司",
            "investor_en": f"{DEMO_PREFIX_EN} {brand_en} {field_en} Co., Ltd.",
            "industry_id": rng.choice(industry_ids),
            "zone_id": rng.choice(zone_ids),
            "investment": Decimal(rng.randint(50, 20_000)) / 100 if disclosed or rng.random() < 0.5 else None,
            "investment_disclosed": disclosed,
            "signed_on": signed_on,
            "stage": stage,
            "status": status,
            "status_reason": reason,
            "status_changed_on": changed_on,
            "started_on": started_on,
            "production_on": production_on,
            "land_mu": Decimal(rng.randint(1000, 50_000)) / 100,
            "floor_area_m2": Decimal(rng.randint(1000, 200_000)),
            "summary": rng.choice(summaries[field]),
            "summary_en": f"Sample data. A {field_en} {kind_en}.",
            **_bookkeeping(rng, today, now),
        }
        _add_search(Project, row, names)
        rows.append(row)
    return rows


def build_enterprises(*, start: int, count: int, rng: random.Random, zones, industries, grids) -> list[dict]:
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    summaries = _summary_pool(1, prefix="企业")
    industry_ids = [i.id for i in industries]
    grids_by_zone = {z.id: [g.id for g in grids if g.zone_id in (None, z.id)] for z in zones}
    rows, names = [], {}
    for index in range(start, start + count):
        brand, brand_en = rng.choice(BRANDS)
        field, field_en = rng.choice(FIELDS)
        kind, kind_en = rng.choice(COMPANY_KINDS)
        zone = rng.choice(zones)
        usable_grids = grids_by_zone[zone.id]
        listing = rng.choice(LISTING)
        listed = listing == Enterprise.ListingStatus.LISTED
        row = {
            "name": f"{DEMO_PREFIX}{brand}{field}{kind}有限公司（{index + 1}）",
            "name_en": f"{DEMO_PREFIX_EN} {brand_en} {field_en} {kind_en} Co., Ltd. ({index + 1})",
            "short_name": f"{DEMO_PREFIX}{brand}{index + 1}",
            "slug": f"sample-enterprise-{index + 1}",
            "zone_id": zone.id,
            "grid_id": rng.choice(usable_grids) if usable_grids and rng.random() < 0.9 else None,
            "industry_id": rng.choice(industry_ids),
            "founded_year": rng.randint(1990, today.year),
            "summary": rng.choice(summaries[field]),
            "summary_en": f"Sample data. A {field_en} company.",
            "listing_status": listing,
            "exchange": rng.choice(EXCHANGES) if listed else "",
            "listed_on": _date_in(rng, rng.randint(2010, today.year), today) if listed else None,
            **_bookkeeping(rng, today, now),
        }
        _add_search(Enterprise, row, names)
        rows.append(row)
    return rows


def build_recognitions(*, enterprise_ids, rng: random.Random, kinds) -> list[dict]:
    year_now = datetime.date.today().year
    levels = list(Recognition.Level)
    rows = []
    for enterprise_id in enterprise_ids:
        count = rng.choice((0, 0, 1, 1, 2, 3))
        for kind in rng.sample(kinds, min(count, len(kinds))):
            rows.append(
                {
                    "enterprise_id": enterprise_id,
                    "kind_id": kind.id,
                    "level": rng.choice(levels),
                    "year": rng.randint(2015, year_now),
                    "note": DEMO_PREFIX,
                }
            )
    return rows


# --- Writing ------------------------------------------------------------------------------------


def insert_rows(model, rows: list[dict]) -> None:
    """Insert rows given as {attname: Python value}; columns a row leaves out take the model's defaults.

    One path for every database: `bulk_create` in batches, or on PostgreSQL the same rows through
    COPY (the values a save would store: `get_db_prep_save` for any column that is not plain text,
    a number, a date or a key).
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    copy_rows(model, fields, rows, batch_size=BATCH)


def _search_index(model) -> str:
    return f"{model._meta.model_name}_search_tokens_gin"


def _drop_search_index(model) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(_search_index(model))}")
    return True


def _create_search_index(model) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Django's foreign keys are deferred; their pending checks must run before an index can be built.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(_search_index(model))} "
            f"ON {quote(model._meta.db_table)} USING gin ({TOKENS_SQL.format(column='search_tokens')})"
        )


def _analyze(*models_) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models_:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _generate_projects(*, count: int, seed: int, zones, industries) -> dict[str, int]:
    vacuum = _may_vacuum()
    with transaction.atomic():
        start = Project.objects.filter(is_demo=True).count()
        rng = random.Random(seed + start)  # noqa: S311 - sample data, not secrets
        rebuilt = count >= REBUILD_INDEX_FROM and _drop_search_index(Project)
        for offset in range(0, count, BATCH):
            rows = build_projects(
                start=start + offset, count=min(BATCH, count - offset), rng=rng, zones=zones, industries=industries
            )
            insert_rows(Project, rows)
        if rebuilt:
            _create_search_index(Project)
        if not vacuum:
            _analyze(Project)
    if vacuum:
        _vacuum(Project)
    return {"projects": count}


def _generate_enterprises(*, count: int, seed: int, zones, industries, grids, kinds) -> dict[str, int]:
    vacuum = _may_vacuum()
    with transaction.atomic():
        start = Enterprise.objects.filter(is_demo=True).count()
        rng = random.Random(seed + 1 + start)  # noqa: S311 - sample data, not secrets
        last_id = Enterprise.objects.aggregate(m=models.Max("id"))["m"] or 0
        rebuilt = count >= REBUILD_INDEX_FROM and _drop_search_index(Enterprise)
        for offset in range(0, count, BATCH):
            rows = build_enterprises(
                start=start + offset,
                count=min(BATCH, count - offset),
                rng=rng,
                zones=zones,
                industries=industries,
                grids=grids,
            )
            insert_rows(Enterprise, rows)
        if rebuilt:
            _create_search_index(Enterprise)
        ids = list(Enterprise.objects.filter(is_demo=True, id__gt=last_id).values_list("id", flat=True))
        recognitions = build_recognitions(enterprise_ids=ids, rng=rng, kinds=kinds) if kinds else []
        insert_rows(Recognition, recognitions)
        if not vacuum:
            _analyze(Enterprise, Recognition)
    if vacuum:
        _vacuum(Enterprise, Recognition)
    return {"enterprises": count, "recognitions": len(recognitions)}


def _in_own_process(function: Callable, kwargs: dict):
    """`function(**kwargs)` in a forked process, which closes its own connections at the end."""
    try:
        return function(**kwargs)
    finally:
        connections.close_all()


def demo_generate(
    *, projects: int, enterprises: int, seed: int = 2022, alongside: Callable | None = None
) -> dict[str, int]:
    """Add `projects` sample projects and `enterprises` sample enterprises (with recognitions).

    `alongside`: more sample rows to make at the same time (a picklable function of no arguments, such
    as a ``functools.partial`` of ``portal.demo.spaces.demo_spaces_generate``); what it returns is
    under ``"alongside"``. It runs first when the tables are loaded one after the other.

    Large runs on PostgreSQL load the two tables (and `alongside`) side by side, each in its own
    process, connection and transaction: building the rows is Python work that threads would take
    turns at, and COPY and index builds then use every CPU. Each transaction drops and re-creates its own table's search
    index, so a failure (or a killed process) rolls the drop back with the rows. The projects'
    deferred foreign-key checks read the enterprises table, which the enterprises' DROP INDEX locks
    until their commit: the projects' process waits there, after its COPY, and builds its index
    while the enterprises are vacuumed.
    """
    from core.cache import content_changed

    zones, industries, grids, kinds = _reference_data()
    created = {"projects": 0, "enterprises": 0, "recognitions": 0}
    project_args = {"count": projects, "seed": seed, "zones": zones, "industries": industries}
    enterprise_args = {
        "count": enterprises,
        "seed": seed,
        "zones": zones,
        "industries": industries,
        "grids": grids,
        "kinds": kinds,
    }
    side_by_side = (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and min(projects, enterprises) >= REBUILD_INDEX_FROM
    )
    if side_by_side:
        connections.close_all()  # the forked process opens its own
        workers = 2 if alongside is not None else 1
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            made_projects = pool.submit(_in_own_process, _generate_projects, project_args)
            made_alongside = pool.submit(_in_own_process, alongside, {}) if alongside is not None else None
            created.update(_generate_enterprises(**enterprise_args))
            created.update(made_projects.result())
            if made_alongside is not None:
                created["alongside"] = made_alongside.result()
    else:
        if alongside is not None:
            created["alongside"] = alongside()
        with transaction.atomic():
            if projects:
                created.update(_generate_projects(**project_args))
            if enterprises:
                created.update(_generate_enterprises(**enterprise_args))
            transaction.on_commit(content_changed)
        _vacuum(Project, Enterprise, Recognition)
    content_changed()
    return created


def _may_vacuum() -> bool:
    """Whether the rows' transaction is the outermost one, so VACUUM (which includes ANALYZE) follows it."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _vacuum(*models_) -> None:
    """Outside a transaction only: sets the visibility map, so deep pages get index-only scans at once."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in models_:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _delete_dependents(model) -> None:
    """Clear what points at demo rows of `model`: SET_NULL references are nulled, CASCADE rows deleted.

    Done in SQL because the per-row path (Collector) would load 100,000 objects into memory.
    """
    quote = connection.ops.quote_name
    parent = quote(model._meta.db_table)
    for relation in model._meta.related_objects:
        if not relation.field.concrete or relation.many_to_many:
            continue
        child = quote(relation.related_model._meta.db_table)
        column = quote(relation.field.column)
        demo_ids = f"SELECT id FROM {parent} WHERE is_demo"  # noqa: S608 - names from the model, no input
        with connection.cursor() as cursor:
            if relation.on_delete is models.SET_NULL:
                cursor.execute(f"UPDATE {child} SET {column} = NULL WHERE {column} IN ({demo_ids})")  # noqa: S608
            elif relation.on_delete is models.CASCADE:
                cursor.execute(f"DELETE FROM {child} WHERE {column} IN ({demo_ids})")  # noqa: S608


def demo_remove() -> dict[str, int]:
    """Delete every demo row (and what hangs off it) and nothing else."""
    from core.cache import content_changed

    counts = {
        "projects": Project.objects.filter(is_demo=True).count(),
        "enterprises": Enterprise.objects.filter(is_demo=True).count(),
    }
    quote = connection.ops.quote_name
    with transaction.atomic():
        for model in (Project, Enterprise):
            _delete_dependents(model)
            model.history.filter(is_demo=True).delete()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE is_demo")  # noqa: S608
        transaction.on_commit(content_changed)
    content_changed()
    return counts
