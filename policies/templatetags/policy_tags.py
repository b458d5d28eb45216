from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from policies.eligibility import Verdict, amount_in_wan, number, rule_text

register = template.Library()


@register.simple_tag
def condition_text(condition):
    """A condition in plain words; its industries come from the prefetched rows."""
    return rule_text(condition)


@register.filter
def plain_number(value):
    return number(value)


@register.filter
def wan_yuan(value):
    """An amount stored in 万元 for the reader: "500 万元" on Chinese pages, "RMB 5 million" on English ones."""
    return "" if value is None else amount_in_wan(value)


# Per language: the words every result repeats (a page lists every measure in force, each with its conditions).
_WORDS: dict = {}


def _words() -> dict:
    language = get_language() or ""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = {
            Verdict.MET: conditional_escape(_("Met")),
            Verdict.ON_ARRIVAL: conditional_escape(_("Met once you register")),
            Verdict.NOT_MET: conditional_escape(_("Not met")),
            Verdict.UNKNOWN: conditional_escape(_("Unknown")),
            "not answered": conditional_escape(_("not answered")),
            "why": conditional_escape(_("Why:")),
        }
    return words


def verdict_item(item, words: dict) -> str:
    """One condition's line in the checker's results: its verdict, its rule in words, by how much it misses."""
    gap = f' <span class="verdict-gap">({conditional_escape(item.gap)})</span>' if item.gap else ""
    if item.verdict == Verdict.UNKNOWN:
        gap = f'{gap} <span class="verdict-gap">({words["not answered"]})</span>'
    return (
        f'<li class="verdict verdict-{conditional_escape(item.verdict)}"><span class="verdict-label">'
        f"{words[Verdict(item.verdict)]}</span> {conditional_escape(rule_text(item.condition))}{gap}</li>"
    )


@register.simple_tag
def checker_result(result):
    """One measure in the checker's results (policies.views.check): its heading and figures (fragments
    remembered per measure, ``add_measure_fragments``), why it is in its group, each condition's verdict.

    Written here rather than as an included template, with f-strings and escaping rather than
    ``format_html``: the page lists every measure in force, and the per-node and per-call work for
    each of them was most of the page's time.
    """
    head, figures = result.measure.check_fragments[get_language() or ""]
    words = _words()
    verdicts = ""
    if result.conditions and not result.error:
        lines = "\n".join(f"          {verdict_item(item, words)}" for item in result.conditions)
        verdicts = f'\n        <ul class="verdicts">\n{lines}\n        </ul>'
    return mark_safe(  # noqa: S308 - every value above is escaped; the fragments are rendered templates
        f'<li class="result">\n        {conditional_escape(head)}\n        <p class="result-reason">'
        f"<strong>{words['why']}</strong> {conditional_escape(result.reason)}</p>"
        f"\n        {conditional_escape(figures)}{verdicts}\n      </li>"
    )
