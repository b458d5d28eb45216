from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from core.cache import watch
        from news.models import NewsItem

        watch(NewsItem)  # public pages show its rows
