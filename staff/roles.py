"""The staff roles of the portal's design ("Who uses it": editor, officers, administrator), as Django groups.

Group names are what staff see in the admin; code refers to them through these constants.
The groups are created by this app's migrations; each app grants the rights on its own models in its
own `*_role_grants` migration (core/grants.py).
"""

from django.utils.translation import gettext_lazy as _

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
ADMINISTRATOR = "系统管理员"

ROLE_LABELS = {
    CONTENT_EDITOR: _("Content editor"),
    INVESTMENT_OFFICER: _("Investment officer"),
    GRID_OFFICER: _("Grid officer"),
    ADMINISTRATOR: _("Administrator"),
}
# The 钱小二 service desk: sees every grid's service requests (group from migration 0005_service_desk_roles,
# rights from the apps' `*_role_grants`; not one of the four roles of 0001_roles that ROLE_LABELS lists).
SERVICE_DESK = "钱小二服务台"
# The reviewer (审核): publishes what editors write (news, notices, events), never their own
# (group from migration 0010_reviewer_role, rights from news' `*_role_grants`).
REVIEWER = "审核"
# The efficiency officer (亩均评价专员): imports firms' yearly figures, runs the 亩均 evaluation and
# handles objections; the only role that sees a firm's tax, energy and emission figures, besides the
# administrator (group from migration 0011_efficiency_officer_role, rights from efficiency's
# `*_role_grants`).
EFFICIENCY_OFFICER = "亩均评价专员"
