from django import template

from policies.eligibility import number, rule_text

register = template.Library()


@register.simple_tag
def condition_text(condition):
    """A condition in plain words; its industries come from the prefetched rows."""
    return rule_text(condition)


@register.filter
def plain_number(value):
    return number(value)
