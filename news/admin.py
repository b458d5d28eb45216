"""The news admin: editors write and submit, a reviewer who did not write an item publishes it.

Every save goes through `news_save` (Markdown rendered and sanitised there); the workflow moves only
through the services (`news_submit`, `news_publish`, `news_withdraw`), from the buttons under the
form or the list's actions. The status, the writer, the reviewer and their times are not fields of
the form, so no one publishes by editing, and:

- a published or scheduled item is changed only by someone who may publish it (a reviewer or an
  administrator who did not write it): otherwise its writer could change what readers see without a
  second pair of eyes. Its writer may withdraw it (an action of the list), edit it and submit it again;
- reverting to a past version is off (`revert_allowed`): a past version's status would publish
  without review.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_guard import ObjectGuardAdmin
from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetImportMixin
from news.forms import NewsItemAdminForm
from news.models import NewsItem, Status
from news.resources import NewsItemResource
from news.services import can_publish, news_publish, news_save, news_submit, news_withdraw

SUBMIT, PUBLISH, WITHDRAW = "_news_submit", "_news_publish", "_news_withdraw"
LIVE = (Status.PUBLISHED, Status.SCHEDULED)


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You may not do this.")


def workflow_buttons(item, user) -> list[dict]:
    """The workflow buttons the change form shows `user` for `item` (saved), each a submit button's name and label."""
    if item is None or item.pk is None:
        return []
    buttons = []
    if item.status in (Status.DRAFT, Status.WITHDRAWN):
        buttons.append({"name": SUBMIT, "label": _("Save and submit for review")})
    if item.status == Status.SUBMITTED and can_publish(item, user):
        if item.published_at and item.published_at > timezone.now():
            label = _("Save and schedule for the publish time")
        else:
            label = _("Save and publish now")
        buttons.append({"name": PUBLISH, "label": label})
    if item.status in (Status.SUBMITTED, Status.SCHEDULED, Status.PUBLISHED):
        buttons.append({"name": WITHDRAW, "label": _("Withdraw"), "secondary": True})
    return buttons


@admin.register(NewsItem)
class NewsItemAdmin(EnglishDriftAdminMixin, SpreadsheetImportMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    form = NewsItemAdminForm
    resource_classes = [NewsItemResource]
    change_form_template = "admin/news/newsitem/change_form.html"
    revert_allowed = False  # a past version's status would publish without review
    list_display = ["title", "kind", "status", "published_at", "pinned", "written_by", "reviewed_by"]
    list_filter = ["kind", "status", "pinned", "is_demo"]
    list_select_related = ["written_by", "reviewed_by"]
    search_fields = ["title", "title_en", "summary", "slug", "source_publisher"]
    date_hierarchy = "published_at"
    actions = ["submit_selected", "publish_selected", "withdraw_selected"]
    readonly_fields = [
        "status",
        "written_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "pinned"]}),
        (_("Cover image"), {"fields": ["cover", "cover_alt"]}),
        (
            _("Source (for reprints)"),
            {"fields": ["source_publisher", "source_author", ("source_date", "source_date_precision"), "source_url"]},
        ),
        (
            _("Event"),
            {
                "fields": [
                    ("starts_at", "ends_at"),
                    "attendance",
                    "place",
                    "online_url",
                    "capacity",
                    ("registration_opens_at", "registration_closes_at"),
                ],
                "description": _("Only for items in the Events column."),
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "published_at",
                    "status",
                    ("written_by", "submitted_at"),
                    ("reviewed_by", "reviewed_at"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
        (
            _("English"),
            {
                "fields": ["title_en", "summary_en", "body_en", "cover_alt_en", "source_publisher_en", "place_en"],
                "classes": ["collapse"],
            },
        ),
    ]

    # --- Who may change what -------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or obj.status not in LIVE:
            return allowed
        return can_publish(obj, request.user) or (
            obj.written_by_id is None and request.user.has_perm("news.publish_newsitem")
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_newsitem")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
        return form

    # --- Saving and the workflow ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        news_save(item=obj, user=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_change_permission(request, obj):
            extra_context["workflow_buttons"] = workflow_buttons(obj, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "workflow_buttons": [{"name": SUBMIT, "label": _("Save and submit for review")}],
        }
        return super().add_view(request, form_url, extra_context)

    def _run_workflow(self, request, obj) -> None:
        """The workflow button the form was posted with, after the save; refusals are messages."""
        steps = {
            SUBMIT: (lambda: news_submit(item=obj, user=request.user), _("Submitted for review.")),
            PUBLISH: (lambda: news_publish(item=obj, user=request.user), None),
            WITHDRAW: (
                lambda: news_withdraw(item=obj, user=request.user),
                _("Withdrawn: it is no longer on the site."),
            ),
        }
        for name, (step, done) in steps.items():
            if name not in request.POST:
                continue
            try:
                with transaction.atomic():
                    step()
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.message_user(request, done or self._published_message(obj), messages.SUCCESS)
            return

    def _published_message(self, obj) -> str:
        if obj.status == Status.SCHEDULED:
            local = timezone.localtime(obj.published_at)
            return gettext("Scheduled: it appears on the site at %(time)s.") % {"time": f"{local:%Y-%m-%d %H:%M}"}
        return gettext("Published: it is on the site now.")

    def response_change(self, request, obj):
        self._run_workflow(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._run_workflow(request, obj)
        return super().response_add(request, obj, post_url_continue)

    # --- The list's actions --------------------------------------------------------------------

    def _each(self, request, queryset, step, done_message):
        done, refused = 0, []
        for item in queryset.select_related(None):
            try:
                with transaction.atomic():
                    step(item)
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"{item}: {_error_text(error)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for text in refused:
            self.message_user(request, text, messages.ERROR)

    @admin.action(description=_("Submit the selected items for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: news_submit(item=item, user=request.user),
            gettext("Submitted for review: %(count)d."),
        )

    @admin.action(
        description=_("Publish the selected items (or schedule them for their publish time)"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: news_publish(item=item, user=request.user),
            gettext("Published or scheduled: %(count)d."),
        )

    @admin.action(description=_("Withdraw the selected items from the site"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: news_withdraw(item=item, user=request.user),
            gettext("Withdrawn: %(count)d."),
        )
