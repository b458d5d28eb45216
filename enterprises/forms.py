from django import forms

from core.images import SafeImageField
from enterprises.models import Enterprise


class EnterpriseAdminForm(forms.ModelForm):
    """The enterprise change form; the logo goes through the same checks as every uploaded image."""

    logo = SafeImageField(label=Enterprise._meta.get_field("logo").verbose_name, required=False)

    class Meta:
        model = Enterprise
        fields = ["logo"]  # the admin adds the fields of its fieldsets
