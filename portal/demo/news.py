"""Sample news, notices, events and interpretations (`generate_demo_data --news N`), so that every
column of /news/ and /events/ has something on `make run`.

The report gives one news item (the seed's); everything here is invented and says so: ``is_demo=True``,
titles starting with 示例 / "Sample", bodies that call themselves sample data, places named 示例会场,
links on example.com. The items go through the news write service like any other (``news_save``
renders and sanitises the Markdown) and are published by ``news_publish_unattended``, since no
person wrote them (`make run` has a single administrator, who cannot review their own items).

Publish times are spread over the last six weeks; when more items than columns are made, the last one
is scheduled a day or two ahead, so the scheduled publishing job has something to publish. Events
take turns: upcoming in person with registration open and a small capacity (the waiting list is
reached soon), upcoming in person and online with registration open, and past.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from news.models import Attendance, Kind, NewsItem
from news.services import news_publish_unattended, news_save

DEMO_PREFIX = "示例"
DEMO_PREFIX_EN = "Sample"
KINDS = [Kind.NEWS, Kind.NOTICE, Kind.EVENT, Kind.INTERPRETATION]

TOPICS = {
    Kind.NEWS: [
        ("园区企业新生产线投产", "a zone company starts a new production line"),
        ("智能制造项目集中签约", "intelligent manufacturing projects signed together"),
        ("企业服务专员走访网格企业", "service officers visit the companies of their grid"),
        ("存量厂房改造完成验收", "a renovated factory passes inspection"),
    ],
    Kind.NOTICE: [
        ("关于申报年度企业研发补助的通知", "notice on applying for this year's R&D subsidy"),
        ("关于标准厂房租赁申请的公告", "announcement on applications to lease standard factory space"),
        ("关于道路施工临时交通管制的通知", "notice of temporary traffic control during road works"),
        ("关于开展企业数字化诊断的通知", "notice on digital readiness assessments for companies"),
    ],
    Kind.EVENT: [
        ("智能制造产业招商推介会", "intelligent manufacturing investment fair"),
        ("新材料产业对接会", "new materials industry matchmaking"),
        ("惠企政策宣讲会", "briefing on support for companies"),
        ("创新创业项目路演", "start-up pitch day"),
    ],
    Kind.INTERPRETATION: [
        ("一图读懂研发费用补助", "the R&D subsidy at a glance"),
        ("人才政策问答", "questions and answers on the talent policy"),
        ("上市扶持政策要点解读", "the listing support measures explained"),
        ("亩均效益评价办法解读", "the output-per-mu assessment explained"),
    ],
}

BODY = {
    Kind.NEWS: (
        "本条为**示例数据**，不是真实新闻，用于演示新闻动态栏目。\n\n"
        "- 示例要点一：项目进展顺利。\n- 示例要点二：企业服务持续跟进。",
        "This is **sample data**, not real news, to demonstrate the news column.\n\n"
        "- Sample point one: the project is on track.\n- Sample point two: the service desk follows up.",
    ),
    Kind.NOTICE: (
        "本条为**示例数据**，不是真实通知，不具有任何效力。\n\n"
        "1. 示例条件：在区内注册的企业。\n2. 示例材料：营业执照复印件。\n\n"
        "详情见[示例链接](https://www.example.com/notice)。",
        "This is **sample data**, not a real notice, and has no force.\n\n"
        "1. Sample condition: companies registered in the zone.\n2. Sample document: a copy of the business "
        "licence.\n\nSee the [sample link](https://www.example.com/notice).",
    ),
    Kind.EVENT: (
        "本条为**示例数据**，不是真实活动，用于演示招商活动和报名。\n\n"
        "## 示例议程\n\n- 开场致辞\n- 项目推介\n- 交流对接",
        "This is **sample data**, not a real event, to demonstrate events and registration.\n\n"
        "## Sample agenda\n\n- Welcome\n- Presentations\n- Networking",
    ),
    Kind.INTERPRETATION: (
        "本条为**示例数据**，不是真实的政策解读。\n\n"
        "## 适用对象\n\n示例：区内符合条件的企业。\n\n## 怎么申请\n\n示例：通过示例平台在线申报。",
        "This is **sample data**, not a real policy interpretation.\n\n"
        "## Who it is for\n\nSample: eligible companies in the zone.\n\n## How to apply\n\n"
        "Sample: online, through the sample platform.",
    ),
}

UPCOMING_SMALL, UPCOMING_HYBRID, PAST = range(3)


def demo_news_count() -> int:
    return NewsItem.objects.filter(is_demo=True).count()


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _event_fields(variant: int, number: int, rng: random.Random, now: datetime.datetime) -> dict:
    today = timezone.localdate(now)
    place = {"place": f"示例会场{number}号厅", "place_en": f"Sample venue, hall {number}"}
    if variant == PAST:
        starts = _at(today - datetime.timedelta(days=rng.randint(10, 60)), 14)
        return {
            **place,
            "attendance": Attendance.OFFLINE,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=3),
            "capacity": 40,
            "registration_opens_at": starts - datetime.timedelta(days=20),
            "registration_closes_at": starts - datetime.timedelta(days=1),
        }
    starts = _at(today + datetime.timedelta(days=rng.randint(7, 40)), 14)
    fields = {
        **place,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "registration_opens_at": now - datetime.timedelta(days=3),
        "registration_closes_at": starts - datetime.timedelta(days=1),
    }
    if variant == UPCOMING_SMALL:
        return {**fields, "attendance": Attendance.OFFLINE, "capacity": rng.choice([3, 5, 8])}
    return {
        **fields,
        "attendance": Attendance.HYBRID,
        "capacity": 30,
        "online_url": f"https://www.example.com/live/sample-{number}",
    }


@transaction.atomic
def demo_news_generate(*, count: int, seed: int = 2022, now: datetime.datetime | None = None) -> dict:
    """Adds `count` sample items, the columns in turn; returns how many were published and scheduled."""
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    now = now or timezone.now()
    start = NewsItem.objects.filter(is_demo=True).count() + 1
    made = {"published": 0, "scheduled": 0}
    events = NewsItem.objects.filter(is_demo=True, kind=Kind.EVENT).count()
    for index in range(count):
        number = start + index
        kind = KINDS[index % len(KINDS)]
        title, title_en = TOPICS[kind][(index // len(KINDS)) % len(TOPICS[kind])]
        scheduled = count > len(KINDS) and index == count - 1
        body, body_en = BODY[kind]
        item = NewsItem(
            kind=kind,
            slug=f"sample-{kind}-{number}",
            title=f"{DEMO_PREFIX}：{title}（第{number}号）",
            title_en=f"{DEMO_PREFIX_EN}: {title_en} (no. {number})",
            summary=f"本条为示例数据，不是真实内容：{title}。",
            summary_en=f"Sample data, not real content: {title_en}.",
            body=body,
            body_en=body_en,
            is_demo=True,
        )
        published_at = now - datetime.timedelta(days=rng.randint(1, 42), hours=rng.randint(0, 10))
        if kind == Kind.EVENT:
            variant = UPCOMING_SMALL if scheduled else events % 3
            events += 1
            for name, value in _event_fields(variant, number, rng, now).items():
                setattr(item, name, value)
            published_at = min(published_at, item.starts_at - datetime.timedelta(days=5))
        if scheduled:
            published_at = now + datetime.timedelta(days=rng.choice([1, 2]))
        item.published_at = published_at
        news_save(item=item)
        news_publish_unattended(item=item, now=now)
        made["scheduled" if item.status == NewsItem.Status.SCHEDULED else "published"] += 1
    return made


@transaction.atomic
def demo_news_remove() -> int:
    """Deletes every sample item (with what hangs on it) and nothing else."""
    _total, by_model = NewsItem.objects.filter(is_demo=True).delete()
    return by_model.get(NewsItem._meta.label, 0)
