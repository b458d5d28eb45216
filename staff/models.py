"""Staff people: what an officer chooses to show the public about themself."""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized

# What the apps above add to an officer's public contact, each under its "publish" box on the profile:
# key -> (the box's field name, a function giving the names to show). Registered from their
# AppConfig.ready with register_public_list; the zones app adds the zones and grids looked after.
PUBLIC_LISTS: dict[str, tuple[str, Callable]] = {}


def register_public_list(key: str, flag: str, names: Callable) -> None:
    PUBLIC_LISTS[key] = (flag, names)


class OfficerProfile(models.Model):
    """An officer's public profile. Each field is shown on the site only when its "publish" box is ticked.

    The space pages, the investor's dossier (/inquiry/status/) and later the service desk show
    `public_contact()`, never the user account behind it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="officer_profile"
    )
    name = models.CharField(_("public name"), max_length=80)
    name_en = models.CharField(_("public name (English)"), max_length=120, blank=True)
    show_name = models.BooleanField(_("publish the name"), default=False)
    title = models.CharField(_("title"), max_length=80, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    show_title = models.BooleanField(_("publish the title"), default=False)
    phone = models.CharField(_("work phone"), max_length=32, blank=True)
    show_phone = models.BooleanField(_("publish the phone"), default=False)
    email = models.EmailField(_("work e-mail"), blank=True)
    show_email = models.BooleanField(_("publish the e-mail"), default=False)
    show_zones = models.BooleanField(_("publish the zones"), default=False)
    show_grids = models.BooleanField(
        _("publish the service grids served"),
        default=False,
        help_text=_("The grids come from the service grids that list this officer."),
    )
    languages = models.CharField(
        _("languages"), max_length=120, blank=True, help_text=_("For example 中文、English、日本語.")
    )
    show_languages = models.BooleanField(_("publish the languages"), default=False)

    name_i18n = Localized("name")
    title_i18n = Localized("title")

    class Meta:
        ordering = ["name"]
        verbose_name = _("officer's public profile")
        verbose_name_plural = _("officers' public profiles")

    def __str__(self):
        return self.name

    def public_contact(self) -> dict:
        """Only what the officer chose to publish; empty when nothing is. The lists other apps add
        (PUBLIC_LISTS) say what to prefetch: the zones app's need prefetch_related("zones",
        "user__service_grids")."""
        contact = {}
        if self.show_name and self.name:
            contact["name"] = self.name_i18n
        if self.show_title and self.title:
            contact["title"] = self.title_i18n
        if self.show_phone and self.phone:
            contact["phone"] = self.phone
        if self.show_email and self.email:
            contact["email"] = self.email
        for key, (flag, names) in PUBLIC_LISTS.items():
            if getattr(self, flag):
                values = names(self)
                if values:
                    contact[key] = values
        if self.show_languages and self.languages:
            contact["languages"] = self.languages
        return contact


def public_contact_of(user) -> dict:
    """The public contact of `user` (an officer), {} when they have no profile or publish nothing."""
    if user is None:
        return {}
    try:
        profile = user.officer_profile
    except OfficerProfile.DoesNotExist:
        return {}
    return profile.public_contact()
