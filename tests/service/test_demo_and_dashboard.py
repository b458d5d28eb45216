import pytest
from django.core import mail
from django.core.management import call_command

from service.models import ServiceRequest
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db


def test_generate_demo_data_adds_sample_requests_on_real_grids_without_mail(grid, capsys):
    call_command("generate_demo_data", "--service-requests", "20")
    samples = ServiceRequest.objects.filter(is_demo=True)
    assert samples.count() == 20 and not ServiceRequest.objects.filter(is_demo=False).exists()
    assert all(r.enterprise_name.startswith("示例") and r.grid_id == grid.pk for r in samples)
    assert all(r.reference.startswith("FW") for r in samples) and mail.outbox == []
    call_command("generate_demo_data", "--remove")
    assert not ServiceRequest.objects.exists()


def test_generate_demo_data_without_grids_says_what_is_missing(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_demo_data", "--service-requests", "3")


def test_dashboard_counts_open_overdue_per_grid_for_the_grid_officer(client, grid_officer, enterprise, other_grid):
    from tests.factories import EnterpriseFactory
    from tests.service.conftest import local

    make_request(enterprise=enterprise, now=local(2020, 1, 6, 9, 0))  # long overdue
    make_request(enterprise=enterprise)
    make_request(enterprise=EnterpriseFactory(grid=other_grid, zone=other_grid.zone))
    client.force_login(grid_officer)
    page = client.get("/admin/").content.decode()
    assert "各网格企业诉求" in page and grid_officer.service_grids.get().name in page
    assert other_grid.name not in page
    from service.dashboard import service_counts

    [(name, open_count, overdue, resolved, _url)] = service_counts(grid_officer)
    assert (open_count, overdue, resolved) == (2, 1, 0)


def test_dashboard_hides_requests_from_investment_officers(client, investment_officer, enterprise):
    from service.dashboard import service_counts

    make_request(enterprise=enterprise)
    assert service_counts(investment_officer) is None
