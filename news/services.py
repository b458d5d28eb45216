"""The one write path of news: the admin, the seed, the demo data and the scheduled job call these.

- `news_save` renders the Markdown bodies to sanitised HTML (markdown-it-py, raw HTML never rendered,
  then nh3), fills a missing slug and saves. Scripts, raw HTML and `javascript:` links are removed, not
  shown as text.
- `news_submit`: the writer hands a draft to review.
- `news_publish`: a reviewer other than the writer publishes it now, or schedules it for a later
  publish time (a time in the past publishes at once).
- `news_publish_unattended`: the seed and the demo data publish the items no person wrote.
- `news_publish_due`: the scheduled job; publishes what is due through `news_publish_at_time`, a
  save like any other, so the content version moves (core.cache.watch) and cached pages show it.
- `news_withdraw`: takes a published or scheduled item off the site.

Each write records who made it in the item's history (simple_history's `_history_user`).
"""

import datetime
import re

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from news.models import RESERVED_SLUGS, NewsItem, Status

GENERATED_ATTEMPTS = 5

# What the rendered Markdown may keep: the elements CommonMark and its tables produce.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Raw HTML is parsed (so that it can be recognised) but never rendered: `_drop_html` removes every
# HTML token, and with a script, style or similar element inside a paragraph its content too, so
# that markup is removed rather than shown as text; nh3 then sanitises what Markdown produced.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_CONTENT_DROPPED = re.compile(
    r"<\s*(/?)\s*(script|style|iframe|object|embed|noscript|template|textarea|title|svg|math)\b", re.I
)


def _drop_html(tokens) -> list:
    kept, skipping = [], None
    for token in tokens:
        if token.type == "html_block":
            continue
        if token.children:
            token.children = _drop_html(token.children)
        if token.type == "html_inline":
            match = _CONTENT_DROPPED.match(token.content)
            if match and not match.group(1) and not token.content.rstrip().endswith("/>"):
                skipping = match.group(2).lower()
            elif match and match.group(1) and skipping == match.group(2).lower():
                skipping = None
            continue
        if skipping is None:
            kept.append(token)
    return kept


def render_markdown(text: str) -> str:
    """Sanitised HTML of `text`: raw HTML is removed (not escaped into view), nh3 cleans the rest.

    A heading `#` becomes `<h2>` at most: the page's own title is the only `<h1>`.
    """
    if not text.strip():
        return ""
    tokens = _drop_html(_markdown.parse(text))
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align"},
    ).strip()


def news_prepare(item: NewsItem) -> NewsItem:
    """The derived fields (HTML bodies, search text) without saving: shared with bulk writers."""
    item.body_html = render_markdown(item.body)
    item.body_html_en = render_markdown(item.body_en)
    item.refresh_search()
    return item


def news_next_slug(item: NewsItem) -> str:
    """`<yyyymmdd>-<n>`: the creation day and the next free number on it (a Chinese title gives no Latin slug)."""
    day = timezone.localdate(item.created_at) if item.created_at else timezone.localdate()
    stem = f"{day:%Y%m%d}-"
    taken = set(NewsItem.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def _as(item: NewsItem, user) -> None:
    item._history_user = user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def news_save(*, item: NewsItem, user=None) -> NewsItem:
    """Validate, render and save an item. A new item's writer is `user`."""
    if item.pk is None and item.written_by_id is None and user is not None and user.is_authenticated:
        item.written_by = user
    generated = not item.slug
    if generated:
        item.slug = news_next_slug(item)
    item.full_clean(exclude=["slug"] if generated else None)
    news_prepare(item)
    _as(item, user)
    for attempt in range(GENERATED_ATTEMPTS):
        try:
            with transaction.atomic():
                item.save()
            break
        except IntegrityError:
            if not generated or attempt == GENERATED_ATTEMPTS - 1:
                raise
            item.slug = news_next_slug(item)
    return item


def _set_status(item: NewsItem, user, status: str, **fields) -> NewsItem:
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    _as(item, user)
    item.save()
    return item


@transaction.atomic
def news_submit(*, item: NewsItem, user) -> NewsItem:
    """The writer hands a draft (or a withdrawn item) to review.

    An item no person wrote (the seed's, a sample), once withdrawn, gets the person who submits it
    as its writer: someone else must then publish it, as for any item.
    """
    if item.status not in (Status.DRAFT, Status.WITHDRAWN):
        raise ValidationError(_("Only a draft or a withdrawn item can be submitted for review."))
    fields = {"submitted_at": timezone.now()}
    if item.written_by_id is None and user is not None and getattr(user, "is_authenticated", False):
        fields["written_by"] = user
    return _set_status(item, user, Status.SUBMITTED, **fields)


def can_publish(item: NewsItem, user) -> bool:
    """A reviewer publishes items others wrote, never their own (issue 27: four eyes)."""
    return bool(
        user
        and user.is_authenticated
        and user.has_perm("news.publish_newsitem")
        and item.written_by_id is not None
        and item.written_by_id != user.pk
    )


@transaction.atomic
def news_publish(*, item: NewsItem, user, at: datetime.datetime | None = None, now=None) -> NewsItem:
    """Publish a submitted item now, or schedule it for `at` (a time in the past publishes at once).

    Refused when `user` wrote the item or may not publish; the writer and the reviewer are both in
    the history.
    """
    if not can_publish(item, user):
        if item.written_by_id == getattr(user, "pk", None):
            raise PermissionDenied(_("You wrote this item: another reviewer must publish it."))
        raise PermissionDenied(_("You may not publish news items."))
    if item.status != Status.SUBMITTED:
        raise ValidationError(_("Only an item submitted for review can be published."))
    now = now or timezone.now()
    at = at or item.published_at
    if at and at > now:
        return _set_status(item, user, Status.SCHEDULED, published_at=at, reviewed_by=user, reviewed_at=now)
    return _set_status(item, user, Status.PUBLISHED, published_at=now, reviewed_by=user, reviewed_at=now)


@transaction.atomic
def news_publish_unattended(*, item: NewsItem, at: datetime.datetime | None = None, now=None) -> NewsItem:
    """Publish an item no person wrote (the seed from the source article, the demo data): there is no
    writer for a reviewer to differ from, so it is published as the system, recorded with no user.

    Refused for an item a person wrote: that one goes through `news_publish`.
    """
    if item.written_by_id is not None:
        raise PermissionDenied(_("A person wrote this item: a reviewer must publish it."))
    now = now or timezone.now()
    at = at or item.published_at or now  # the demo data's items carry their (past or future) times
    status = Status.SCHEDULED if at > now else Status.PUBLISHED
    return _set_status(item, None, status, published_at=at)


@transaction.atomic
def news_withdraw(*, item: NewsItem, user) -> NewsItem:
    if item.status not in (Status.PUBLISHED, Status.SCHEDULED, Status.SUBMITTED):
        raise ValidationError(_("Only a submitted, scheduled or published item can be withdrawn."))
    return _set_status(item, user, Status.WITHDRAWN)


def news_publish_due(now: datetime.datetime | None = None) -> int:
    """Publish every scheduled item whose time has come (the scheduled job). Returns how many."""
    now = now or timezone.now()
    published = 0
    for pk in NewsItem.objects.due(now).values_list("pk", flat=True):
        with transaction.atomic():
            item = NewsItem.objects.select_for_update().filter(pk=pk, status=Status.SCHEDULED).first()
            if item is None or item.published_at > now:
                continue
            item._history_user = None
            item.status = Status.PUBLISHED
            item.save()
            published += 1
    return published


def is_reserved(slug: str) -> bool:
    return slug in RESERVED_SLUGS
