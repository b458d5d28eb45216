"""A news item's links to projects, enterprises, spaces and policies, edited on the news item's admin page.

The news admin (news.admin, a floor below) never imports portal: the inline is attached from here to
whichever admin the site registered for `NewsItem` (docs/architecture.md, "Something the admin of a
lower app must show from a higher one"). `attach_news_links` runs when portal's admin module is
imported by the admin's autodiscovery, after the news app's (INSTALLED_APPS lists news first); with no
news admin registered it does nothing.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from news.models import NewsItem
from portal.models import NEWS_LINK_TARGETS, NewsLink


class NewsLinkFormSet(BaseInlineFormSet):
    def clean(self):
        """Each record once per item: the database's conditional unique constraints are not checked
        across the rows of one submission by the formset, so a repeated row would fail on save."""
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            for name in NEWS_LINK_TARGETS:
                target = data.get(name)
                if target is None:
                    continue
                if (name, target.pk) in seen:
                    raise ValidationError(_("%(record)s is linked twice; keep one row.") % {"record": target})
                seen.add((name, target.pk))


class NewsLinkInline(admin.TabularInline):
    model = NewsLink
    formset = NewsLinkFormSet
    extra = 0
    fields = ["project", "enterprise", "space", "policy", "order"]
    autocomplete_fields = ["project", "enterprise", "space", "policy"]
    verbose_name = _("linked record")
    verbose_name_plural = _("Linked projects, enterprises, spaces and policies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*NEWS_LINK_TARGETS)


def attach_news_links(site: admin.AdminSite = admin.site) -> bool:
    """Add the links inline to the news item's registered admin; False when none is registered."""
    model_admin = site._registry.get(NewsItem)
    if model_admin is None:
        return False
    if NewsLinkInline not in model_admin.inlines:
        model_admin.inlines = [*model_admin.inlines, NewsLinkInline]
    return True
