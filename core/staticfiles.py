"""The static files' storage in production: WhiteNoise's, each file's URL looked up once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """``{% static %}`` asks for the same few URLs on every page; the manifest's answer for a name does
    not change while the process runs (``collectstatic`` writes a new manifest for the next deploy,
    which starts new processes), so each is worked out once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
