"""Static files collect with the hashed-name storage production uses (a vendored CSS once named a
source map it did not ship, and only the production stack found out)."""

from django.core.management import call_command


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
