"""Strings of installed packages that reach Chinese users untranslated.

django-axes ships no Chinese catalogue, django-q2's misses most of its field labels, and Django's
own zh_Hans admin catalogue lags behind a few newer admin template strings. Marking the exact
msgids here makes `makemessages` keep them in `locale/zh_Hans/LC_MESSAGES/django.po`, and
LOCALE_PATHS catalogues take precedence over the packages' own, so the admin shows our Chinese.
Nothing imports this module.
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
    # django-q2 models (shown by core/admin.py)
    _("Function"),
    _("Hook"),
    _("Arguments"),
    _("Keyword arguments"),
    _("Result"),
    _("Group"),
    _("Cluster"),
    _("Started at"),
    _("Stopped at"),
    _("Attempt count"),
    _("Task id"),
    _("Last task id"),
    _("Cron"),
    _("Cluster key"),
    _("Payload"),
    _("Lock until"),
    _("Optional label to identify this schedule in the admin."),
    _("How often this task should be enqueued."),
    _("When this schedule runs next (stored in UTC)."),
    _("e.g. module.tasks.function"),
    _("Dotted import path to the callable, e.g. myapp.tasks.job."),
    _("32-character task identifier."),
    _("Optional human-readable name for lookup and display."),
    _("Pickled positional arguments (tuple)."),
    _("Pickled keyword arguments (dict)."),
    _("Pickled return value or error payload."),
    _("Optional group id to aggregate related tasks."),
    _("When the worker started executing the task."),
    _("When the worker finished (success or failure)."),
    _("How many times execution was attempted."),
    _("Id of the last task spawned from this schedule (read-only)."),
]
