"""The journeys' starting point is what `make run` creates: the seed, the sample rows, the administrator."""

import pytest

from tests.e2e.helpers import admin_log_in

pytestmark = pytest.mark.e2e


def test_deployed_site_holds_make_runs_data_and_accounts_are_made_in_the_admin(
    deployed_site, staff_account, desktop_page
):
    from policies.models import Policy
    from projects.models import Project
    from spaces.models import Space
    from staff.roles import GRID_OFFICER
    from zones.models import ServiceGrid

    assert "Admin account created" in deployed_site.setup_output
    assert Project.objects.filter(is_demo=False).exists()
    assert Policy.objects.count() >= 8 and Space.objects.count() >= 12
    grid = ServiceGrid.objects.order_by("number").first()
    officer = staff_account(GRID_OFFICER, "grid-e2e", email="grid@example.com", grids=[grid], first_name="网格")
    assert officer.groups.get().name == GRID_OFFICER and officer.email == "grid@example.com"
    admin_log_in(desktop_page, deployed_site.url, "grid-e2e", officer.password_for_tests)
    assert desktop_page.locator("#content").is_visible()


def test_a_second_deployed_site_starts_from_migrate_again(deployed_site):
    """After the first journey's flush, the data migrations' rows are there again for setup_site."""
    from service.models import ServiceCategory, ServiceRequest

    assert ServiceCategory.objects.exists()
    assert ServiceRequest.objects.filter(is_demo=True).count() == 40
