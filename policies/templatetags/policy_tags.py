from django import template
from django.utils.html import format_html, format_html_join
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


def _verdict_labels() -> dict:
    return {
        Verdict.MET: _("Met"),
        Verdict.ON_ARRIVAL: _("Met once you register"),
        Verdict.NOT_MET: _("Not met"),
        Verdict.UNKNOWN: _("Unknown"),
    }


def verdict_item(item, labels: dict) -> str:
    """One condition's line in the checker's results: its verdict, its rule in words, by how much it misses."""
    gap = format_html(' <span class="verdict-gap">({})</span>', item.gap) if item.gap else ""
    if item.verdict == Verdict.UNKNOWN:
        gap = format_html('{} <span class="verdict-gap">({})</span>', gap, _("not answered"))
    return format_html(
        '<li class="verdict verdict-{}"><span class="verdict-label">{}</span> {}{}</li>',
        item.verdict,
        labels[Verdict(item.verdict)],
        rule_text(item.condition),
        gap,
    )


@register.simple_tag
def checker_result(result):
    """One measure in the checker's results (policies.views.check): its heading and figures (fragments
    remembered per measure, ``add_measure_fragments``), why it is in its group, each condition's verdict.

    Written here rather than as an included template: the page lists every measure in force, and a
    template's per-node work for each of them was most of the page's time.
    """
    measure = result.measure
    verdicts = ""
    if result.conditions and not result.error:
        labels = _verdict_labels()
        verdicts = format_html(
            '\n        <ul class="verdicts">\n{}\n        </ul>',
            format_html_join("\n", "          {}", ((verdict_item(item, labels),) for item in result.conditions)),
        )
    return format_html(
        '<li class="result">\n        {}\n        <p class="result-reason"><strong>{}</strong> {}</p>'
        "\n        {}{}\n      </li>",
        measure.check_head,
        _("Why:"),
        result.reason,
        measure.check_figures,
        verdicts,
    )
