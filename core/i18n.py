from django.utils.translation import get_language


class Localized:
    """Reads `<field>_en` while English is active and it is filled in, else `<field>`.

    Content is written in Chinese first; English versions are optional and fall back to it.
    Used as `name_i18n = Localized("name")` on a model, `{{ obj.name_i18n }}` in templates.
    """

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        language = get_language() or ""
        if language.startswith("en"):
            value = getattr(obj, f"{self.field}_en", "")
            if value:
                return value
        return getattr(obj, self.field)
