from django import forms

from core.images import SafeImageField, make_thumbnail
from projects.models import ProjectImage


class ProjectImageForm(forms.ModelForm):
    """A project photo: checked and re-encoded by SafeImageField; the thumbnail is made here, once."""

    image = SafeImageField(label=ProjectImage._meta.get_field("image").verbose_name)

    class Meta:
        model = ProjectImage
        fields = ["image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]

    def save(self, commit=True):
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            self.instance.thumbnail = make_thumbnail(self.cleaned_data["image"])
        return super().save(commit=commit)
