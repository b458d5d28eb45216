"""Which models move the content version: each app registers its own (``core.cache.watch``)."""

from django.apps import apps
from simple_history.models import HistoricalChanges

from core.cache import watched_models

# The apps whose every model is shown on public pages: the directories and the reference data.
# A model added to one of them is public until said otherwise here, so forgetting to watch it fails.
PUBLIC_APPS = ("projects", "enterprises", "spaces", "policies", "news", "zones", "industries")
NOT_PUBLIC = set()  # "app.Model" of a model in PUBLIC_APPS that no public page shows, with the reason

# Public models of apps that also hold private ones (the site's settings, officers' public profiles,
# the data catalogue's settings): named one by one.
PUBLIC_ELSEWHERE = {
    "portal.Indicator",
    "portal.IndustryOfficer",
    "portal.NewsLink",
    "portal.PageBlock",
    "portal.SiteSettings",
    "staff.OfficerProfile",
    "api.CatalogueSettings",
    "api.DatasetChange",  # the catalogue's modified dates and the datasets' change logs
}


def _labels(models) -> set[str]:
    return {model._meta.label for model in models}


def test_every_model_of_a_public_app_is_watched():
    public = {
        model
        for name in PUBLIC_APPS
        for model in apps.get_app_config(name).get_models()
        if not issubclass(model, HistoricalChanges)  # history records: read by staff only
    }
    assert _labels(public) - NOT_PUBLIC - _labels(watched_models()) == set()


def test_the_public_models_of_the_other_apps_are_watched():
    assert PUBLIC_ELSEWHERE - _labels(watched_models()) == set()


def test_only_public_models_are_watched():
    """A private model (an inquiry, a service request) must not churn every public page's cache."""
    public_apps = {model._meta.label for name in PUBLIC_APPS for model in apps.get_app_config(name).get_models()}
    assert _labels(watched_models()) - public_apps - PUBLIC_ELSEWHERE == set()


def test_the_watched_models_are_the_28_public_ones():
    assert len(watched_models()) == len(_labels(watched_models())) == 28
