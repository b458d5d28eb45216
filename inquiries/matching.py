"""An inquiry's space needs and projections for the space matching (spaces.matching)."""

import dataclasses
from decimal import Decimal

from core.figures import yi_to_wan
from spaces.matching import Need, case_need
from spaces.models import M2_PER_MU


def need_of(inquiry) -> Need:
    """The inquiry's needs.

    Without an explicit area range, the land (亩, converted) or floor space it asked for is the minimum.
    The projections go in 万元: the intended investment is asked in 亿元, the tax and value added in 万元.
    """
    area_from = None
    if inquiry.floor_area_m2 is not None:
        area_from = inquiry.floor_area_m2
    elif inquiry.land_mu is not None:
        area_from = (inquiry.land_mu * M2_PER_MU).quantize(Decimal("0.01"))
    return dataclasses.replace(
        case_need(inquiry, industry_id=inquiry.industry_id, area_from=area_from),
        investment_wan=yi_to_wan(inquiry.investment_amount),
        annual_tax_wan=inquiry.expected_annual_tax,
        annual_value_added_wan=inquiry.expected_annual_value_added,
    )
