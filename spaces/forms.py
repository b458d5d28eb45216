from django import forms
from django.utils.translation import gettext_lazy as _

from core.images import SafeImageField, make_thumbnail
from spaces.models import Space, SpaceImage


class SpaceAdminForm(forms.ModelForm):
    """The floor plan goes through the same checks and re-encoding as every uploaded image (core.images).

    Code and slug may be left empty: spaces.services.space_save generates them.
    """

    floor_plan = SafeImageField(label=Space._meta.get_field("floor_plan").verbose_name, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in (
            ("code", _("Leave empty to get the next code of the year, such as ZT-2026-003.")),
            ("slug", _("The address of the space's page. Leave empty to make it from the code.")),
        ):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = help_text

    class Meta:
        model = Space
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields shown


class SpaceImageForm(forms.ModelForm):
    """A photo of a space: checked and re-encoded by SafeImageField; the thumbnail is made here, once."""

    image = SafeImageField(label=SpaceImage._meta.get_field("image").verbose_name)

    class Meta:
        model = SpaceImage
        fields = ["image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]

    def save(self, commit=True):
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            self.instance.thumbnail = make_thumbnail(self.cleaned_data["image"])
        return super().save(commit=commit)
