from django import template

from policies.eligibility import amount_in_wan, number, rule_text

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
