"""An inquiry's space needs for the space matching (spaces.matching)."""

from decimal import Decimal

from spaces.matching import Need, case_need
from spaces.models import M2_PER_MU


def need_of(inquiry) -> Need:
    """The inquiry's needs.

    Without an explicit area range, the land (亩, converted) or floor space it asked for is the minimum.
    """
    area_from = None
    if inquiry.floor_area_m2 is not None:
        area_from = inquiry.floor_area_m2
    elif inquiry.land_mu is not None:
        area_from = (inquiry.land_mu * M2_PER_MU).quantize(Decimal("0.01"))
    return case_need(inquiry, industry_id=inquiry.industry_id, area_from=area_from)
