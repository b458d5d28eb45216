"""Figures the public site shows: which rows they count, and how an amount reads.

One rule for every figure (issue 13): a figure counts real records. Only when no real record exists
but synthetic samples (`is_demo`) do is it computed over the samples, and then it carries a visible
示例/Sample label. Nothing disclosed reads "not disclosed", never 0.

Amounts are stored in 亿元 (100 million yuan). Chinese pages keep 亿元; English pages say
"RMB 18.6 billion", which a foreign reader understands without arithmetic.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, gettext


def real_or_sample_totals(queryset, **aggregates) -> dict:
    """`aggregates` over the real rows of `queryset`, or over its samples when it has no real row.

    One query (grouped by `is_demo`). The result has `is_sample`, true when the figures come from
    samples; with no row at all, the aggregates' empty values (0 for a count, None for a sum).
    """
    groups = {row.pop("is_demo"): row for row in queryset.order_by().values("is_demo").annotate(**aggregates)}
    for is_sample in (False, True):
        if is_sample in groups:
            return {**groups[is_sample], "is_sample": is_sample}
    return {**queryset.none().aggregate(**aggregates), "is_sample": False}


def _trimmed(number: Decimal, places: int) -> str:
    """`number` rounded to `places` decimals, trailing zeros dropped, thousands grouped: 1,234.5."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


WAN_PER_YI = Decimal("10000")  # 1 亿元 (100 million yuan) = 10,000 万元 (10,000 yuan each)


def yi_to_wan(value: Decimal | None) -> Decimal | None:
    """An amount in 亿元 in 万元, the unit the per-mu (亩均) figures are stated in: 2.5 → 25000."""
    return None if value is None else Decimal(value) * WAN_PER_YI


def amount_in_yi(value, language: str | None = None) -> str:
    """An amount in 亿元 for a reader: "186.08 亿元" / "RMB 18.6 billion" (or "RMB 350 million")."""
    number = Decimal(value)
    if (language or get_language() or "").startswith("en"):
        if number >= 10:  # 10 亿元 = 1 billion yuan
            return f"RMB {_trimmed(number / 10, 1)} billion"
        return f"RMB {_trimmed(number * 100, 1)} million"
    return gettext("%(amount)s × 100 million yuan") % {"amount": _trimmed(number, 2)}
