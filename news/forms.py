from django import forms

from core.images import SafeImageField
from news.models import NewsItem


class NewsItemAdminForm(forms.ModelForm):
    """The news item's change form; the cover goes through the same checks as every uploaded image."""

    cover = SafeImageField(label=NewsItem._meta.get_field("cover").verbose_name, required=False)

    class Meta:
        model = NewsItem
        fields = ["cover"]  # the admin adds the fields of its fieldsets
