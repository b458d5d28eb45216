"""Public labels of industries that say one thing each.

智能制造 is both the core industry (一智) and one of the five chains (五链), and the two give different
results; wherever industries are offered as choices, a name that several industries share carries
its category, as the admin does: 智能制造（一智）, 智能制造（五链）. In English the brackets are plain
and the suffix short ("Intelligent manufacturing (five chains)"), so the chosen option shows whole in a
phone's select.
"""

from collections import Counter

from django.utils.translation import gettext_lazy as _

from industries.models import Industry

CATEGORY_SHORT = {
    Industry.Category.CORE: _("core industry"),
    Industry.Category.NEW: _("new industry"),
    Industry.Category.CHAIN: _("five chains"),
    Industry.Category.SERVICE: _("services"),
}


def industry_labels(industries) -> dict[int, str]:
    """`{industry pk: label}`, the category added to a name that more than one industry has."""
    industries = list(industries)
    shared = Counter(industry.name_i18n for industry in industries)
    return {
        industry.pk: (
            _("%(name)s (%(category)s)")
            % {
                "name": industry.name_i18n,
                "category": CATEGORY_SHORT.get(industry.category, industry.get_category_display()),
            }
            if shared[industry.name_i18n] > 1
            else industry.name_i18n
        )
        for industry in industries
    }
