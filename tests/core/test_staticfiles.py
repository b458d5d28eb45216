"""core.staticfiles.StaticFilesStorage: the manifest's URLs, each worked out once per process."""

from core.staticfiles import StaticFilesStorage


def test_a_url_is_the_manifests_and_is_worked_out_once(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/site.css": "css/site.0123456789ab.css"}
    calls = []
    original = storage.stored_name

    def stored_name(name):
        calls.append(name)
        return original(name)

    monkeypatch.setattr(storage, "stored_name", stored_name)
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert calls == ["css/site.css"]
    assert storage.url("css/site.css", force=True) == "/static/css/site.0123456789ab.css"
