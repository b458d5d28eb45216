import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "core.sms.backends.FileBackend"  # read with core.sms.backends.read_file_messages
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from core.cache.version import _process_values, _read_ahead

    cache.clear()
    _read_ahead.clear()
    _process_values.clear()
    yield
    cache.clear()
    _read_ahead.clear()
    _process_values.clear()


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    call_command("load_seed", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /en/ leaves English active in the thread,
    which would make the next test's reverse() and get_absolute_url() produce /en/ paths."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def run_queued_jobs() -> list[dict]:
    """Run every job waiting in the database queue as `manage.py qcluster` does (take it off the
    queue, run it, save it as a successful or failed task, acknowledge it), in this process and in
    the test's transaction. Returns the finished task packages."""
    import pydoc

    from django.utils import timezone
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.monitor import save_task
    from django_q.signing import SignedPackage

    broker = get_broker()
    finished = []
    while broker.queue_size():
        for ack_id, payload in broker.dequeue() or []:
            task = SignedPackage.loads(payload)
            task["cluster"] = Conf.CLUSTER_NAME
            try:
                task["result"], task["success"] = pydoc.locate(task["func"])(*task["args"], **task["kwargs"]), True
            except Exception as exc:  # noqa: BLE001 - recorded as a failed task, as the worker does
                task["result"], task["success"] = f"{exc}", False
            task["stopped"] = timezone.now()
            task["sync"] = True  # run in this process: keep the test's database connection open
            save_task(task, broker)
            broker.acknowledge(ack_id)
            finished.append(task)
    return finished


@pytest.fixture
def run_jobs(db):
    return run_queued_jobs


@pytest.fixture
def job_schedules(db):
    """The schedules the migration creates. A transactional test elsewhere (transaction=True)
    empties every table when it ends, rows from data migrations included, so tests that need
    them run the migration's function again (it is idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("inquiries.migrations.0005_job_schedules").create_schedules(apps, None)


# --- The staff roles as `migrate` leaves them -------------------------------------------------------
# The groups and their rights come from the staff migrations. A test never re-runs those functions:
# the groups are read once, right after pytest-django migrates the test database and before any test
# runs, and a transactional test's flush (which empties the group tables) is repaired from that copy.
MIGRATED_ROLES: dict[str, list[tuple[str, str]]] = {}
# Every row `migrate` left in the test database (role groups, request categories, schedules…), as
# Django serializes it; restore_migrated_data() puts it back after a flushing test removed it.
MIGRATED_DATA: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        from django.db import connection

        MIGRATED_DATA["default"] = connection.creation.serialize_db_to_string()
        for group in Group.objects.prefetch_related("permissions__content_type"):
            MIGRATED_ROLES[group.name] = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]
    if not MIGRATED_ROLES:
        pytest.exit(
            "The test database has no role groups: it was reused after a flush. Run once with --create-db.",
            returncode=1,
        )


def restore_migrated_roles() -> dict[str, list[tuple[str, str]]]:
    """Make the role groups again, with the rights `migrate` gave them, where a flushing test removed them."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in MIGRATED_ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created or not group.permissions.exists():
            wanted = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in perms]
            group.permissions.set(wanted)
    return MIGRATED_ROLES


def restore_migrated_data() -> None:
    """Empty the database and put back exactly what `migrate` made (a transactional test's flush
    removes the data migrations' rows, and Django's own serialized rollback does not survive the
    browser tests' event loop on this thread)."""
    from django.core.management.color import no_style
    from django.db import connection

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
    connection.creation.deserialize_db_from_string(MIGRATED_DATA["default"])


@pytest.fixture
def migrated_roles(db):
    """The role groups with the rights `migrate` gave them (restored if a flushing test removed them)."""
    return restore_migrated_roles()
