from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        from api.links import register_download_links
        from api.models import CatalogueSettings, DatasetChange
        from core.cache import watch
        from core.links import register_link
        from portal.sitemaps import register_page

        watch(CatalogueSettings)  # public pages show their rows
        watch(DatasetChange)  # the catalogue's modified dates and the datasets' change logs
        register_download_links()
        register_link("figures-api", "api:figures")  # /figures/ offers the same rows as JSON
        register_link("dataset-download", "data-download")  # args: the dataset's name and the format
        register_page("opendata:catalogue")
        register_page("opendata:api_docs")
