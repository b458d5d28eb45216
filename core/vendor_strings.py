"""Strings of installed packages that reach Chinese users untranslated.

django-axes ships no Chinese catalogue, and Django's own zh_Hans admin catalogue lags behind a
few newer admin template strings. Marking the exact msgids here makes `makemessages` keep them in
`locale/zh_Hans/LC_MESSAGES/django.po`, and LOCALE_PATHS catalogues take precedence over the
packages' own, so the admin shows our Chinese. Nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

VENDOR_STRINGS = [
    # django/contrib/admin/templates (admin/app_list.html, auth/user/add_form.html, login.html, …)
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Error:"),
    _("Forgotten your login credentials?"),
    # django-axes models and admin
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
]
