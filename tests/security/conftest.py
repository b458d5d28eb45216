import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def public(django_db_setup, django_db_blocker):
    """The seed content, loaded once per module inside a transaction that is rolled back after it.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test changes is
    undone after it, and the hundreds of hostile-input cases do not reload the seed every time.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)
