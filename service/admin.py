"""Staff work the requests here. A grid officer sees only the requests of their grids (another grid's,
by direct URL, answers 403); the desk role sees all (service.permissions). Routing, stage moves, notes
and linked spaces go through service.services, so the log and the mails follow.

A request's page shows the enterprise's space needs and the spaces on offer ranked by spaces.matching
(as an inquiry's matching page does), with one button per common move (accept, propose this space,
resolve) that saves the page and makes the move in one POST. Each save reports one outcome: what was
saved and done, or, when a move was refused after the fields were saved, exactly what was and what was not.
"""

from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_notices import NoticeAdminMixin
from core.admin_guard import ObjectGuardAdmin
from core.spreadsheets.admin import export_or_job
from service.admin_requester import RequesterCheckAdminMixin
from service.matching import need_of_request
from service.models import (
    ServiceAttachment,
    ServiceCategory,
    ServiceNotice,
    ServiceRequest,
    ServiceRequestNote,
    ServiceStageLog,
)
from service.permissions import can_see_request, sees_all_requests, visible_requests
from service.services import (
    queue_label,
    service_desk_officers,
    service_request_add_note,
    service_request_anonymise,
    service_request_assign,
    service_request_link_space,
    service_request_move,
    service_request_route,
)
from spaces.admin import criteria_html
from spaces.matching import facts_of, rank
from spaces.models import Space
from staff.names import staff_choice_label, staff_name

MATCH_CANDIDATES = 500
MATCH_SHOWN = 30
# Whether the person looking at a request's page may change it (readonly-field callables get only the
# object): the move buttons are drawn only for them. Per thread and per task, like _viewer below.
_may_change: ContextVar = ContextVar("service_request_may_change", default=False)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "acknowledge_working_days", "resolve_working_days", "needs_enterprise", "order"]
    list_editable = ["acknowledge_working_days", "resolve_working_days", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


class NoteInline(admin.TabularInline):
    model = ServiceRequestNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StageLogInline(admin.TabularInline):
    model = ServiceStageLog
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ServiceAttachment
    extra = 0
    fields = ["download", "content_type", "size", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class ServiceRequestAdminForm(forms.ModelForm):
    move_to = forms.ChoiceField(label=_("move to stage"), required=False)
    move_reason = forms.CharField(label=_("reason (closing)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_note = forms.CharField(label=_("add a note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    propose_space = forms.ModelChoiceField(
        label=_("or another space on offer"), required=False, queryset=Space.objects.none()
    )

    class Meta:
        model = ServiceRequest
        fields = ["owner", "grid", "resolve_due_at", "reply", "referred_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"].choices = [("", "—"), *ServiceRequest.Stage.choices]
        if "owner" in self.fields:
            # The officers who may take it, and whoever has it now (kept when another field is edited).
            allowed = Q(pk__in=service_desk_officers().values("pk")) | Q(pk=self.instance.owner_id)
            self.fields["owner"].queryset = (
                get_user_model().objects.filter(allowed).order_by("last_name", "first_name", "username")
            )
            self.fields["owner"].label_from_instance = staff_choice_label  # full names, not logins
            self.fields["owner"].help_text = _("Only active grid officers and service desk staff can be in charge.")
        if "reply" in self.fields and self.instance.pk:
            self.fields["reply"].help_text = reply_help(self.instance)
        self.fields["propose_space"].queryset = (
            Space.objects.filter(is_published=True).exclude(status__in=Space.NOT_PROPOSABLE).order_by("code")
        )


def _listing(items) -> str:
    """Items as one list in the active language: "回复、备注" or "reply, note"."""
    return ("、" if (get_language() or "").startswith("zh") else ", ").join(str(item) for item in items)


class SaveOutcome:
    """What one save of a request's page did: the fields saved, the moves done, the moves refused."""

    def __init__(self):
        self.saved: list[str] = []
        self.done: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.quick = False  # a move button was pressed: the page stays open for the next step

    def step(self, done_label, failed_label, move):
        try:
            move()
        except ValidationError as exc:
            self.failed.append((str(failed_label), " ".join(exc.messages)))
        else:
            self.done.append(str(done_label))

    def message(self, reference: str) -> str:
        what = [*self.done, *self.saved]
        if not self.failed:
            if not what:
                return gettext("%(reference)s saved: nothing had changed.") % {"reference": reference}
            return gettext("%(reference)s saved: %(what)s.") % {"reference": reference, "what": _listing(what)}
        not_done = _listing(
            gettext("%(what)s (%(why)s)") % {"what": label, "why": why.rstrip("。.")} for label, why in self.failed
        )
        saved = gettext("Saved: %(what)s.") % {"what": _listing(what)} if what else gettext("Nothing else was changed.")
        return gettext("%(reference)s: not done: %(not_done)s. %(saved)s") % {
            "reference": reference,
            "not_done": not_done,
            "saved": saved,
        }


QUICK_ACCEPT, QUICK_RESOLVE, QUICK_PROPOSE = "accept", "resolve", "propose:"
# Who hears of the resolution, and how (service_request_move mails the reply, queue_stage_sms texts a
# phone-only requester): by the request's requester_channel, for an enterprise or for a barrier report.
RESOLVE_TELLS = {
    ("email", False): _("The enterprise is mailed the reply above and asked to rate the answer."),
    ("sms", False): _(
        "The enterprise gets a text message asking it to read the reply above under “Follow a service request” "
        "on the website, rate it and say whether the problem is solved."
    ),
    ("email", True): _("The person who reported the barrier is mailed the reply above and asked to rate the answer."),
    ("sms", True): _(
        "The person who reported the barrier gets a text message asking them to read the reply above under "
        "“Follow a service request” on the website, rate it and say whether the problem is solved."
    ),
}


# Who reads the reply, and whether it is mailed (service_request_move mails it at resolving or referring,
# to an e-mail address only; the status page shows it to whoever gives the reference and the contact).
REPLY_HELP = {
    ("email", False): _(
        "Shown to the enterprise on the status page, and mailed to it when you resolve or refer the request: "
        "write it for them."
    ),
    ("sms", False): _(
        "Shown to the enterprise on the status page, where it looks the request up with its phone number; it "
        "gave no e-mail address, so the reply is not mailed: write it for them."
    ),
    ("email", True): _(
        "Shown to the person who reported the barrier on the status page, and mailed to them when you resolve or "
        "refer the report: write it for them."
    ),
    ("sms", True): _(
        "Shown to the person who reported the barrier on the status page, where they look the report up with "
        "their phone number; they gave no e-mail address, so the reply is not mailed: write it for them."
    ),
}


def reply_help(service_request: ServiceRequest) -> str:
    """Who will read the reply of `service_request`, and how, in a sentence for the reply field's help."""
    channel = service_request.requester_channel
    if channel:
        return str(REPLY_HELP[channel, service_request.is_barrier_report])
    if service_request.is_demo:
        return gettext("A sample request: the reply is mailed to no one.")
    return gettext(
        "No one can read the reply: this request has neither an e-mail address nor a phone number, so it is "
        "not mailed and cannot be looked up on the status page."
    )


def resolve_tells(service_request: ServiceRequest) -> str:
    """What resolving `service_request` sends, in a sentence for the button's help."""
    channel = service_request.requester_channel
    if channel:
        return str(RESOLVE_TELLS[channel, service_request.is_barrier_report])
    if service_request.is_demo:
        return gettext("No one is told: this is a sample request, which is sent no mail or text message.")
    return gettext("No one is told: this request has neither an e-mail address nor a phone number.")


def ranked_spaces(service_request: ServiceRequest):
    """The spaces on offer, best fit first for the request's needs (spaces.matching, as inquiries rank them)."""
    candidates = (
        Space.objects.public()
        .on_offer()
        .select_related("zone")
        .prefetch_related("target_industries")
        .order_by("-created_at", "-id")[:MATCH_CANDIDATES]
    )
    return rank(need_of_request(service_request), candidates, facts=facts_of)[:MATCH_SHOWN]


def gave_space_needs(service_request: ServiceRequest) -> bool:
    """Whether the enterprise filled in any space need (its zone and industry alone are not needs)."""
    return any(getattr(service_request, name) not in (None, "") for name in ServiceRequest.NEED_FIELDS)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(RequesterCheckAdminMixin, NoticeAdminMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    form = ServiceRequestAdminForm
    # Its form starts with an off-screen "save and continue" button, so that Enter in a field saves rather
    # than pressing the first move button (admin/service/servicerequest/change_form.html).
    # A grid officer works the requests of their own grids: list, page, history, export, attachments.
    scope_field = "grid"
    # A revert would skip the stage log, the owner's notice and the anonymiser.
    revert_allowed = False
    notice_model = ServiceNotice
    list_display = [
        "reference",
        "created_at",
        "enterprise_name",
        "category",
        "grid",
        "queue",
        "stage_badge",
        "resolve_due_at",
        "owner",
    ]
    list_filter = ["stage", "queue", "grid", "category", "is_demo"]
    search_fields = ["reference", "enterprise_name"]
    list_select_related = ["category", "grid", "owner"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline, NoteInline, StageLogInline]
    actions = ["export_csv", "anonymise"]
    readonly_fields = [
        "reference",
        "stage",
        "accept_button",
        "enterprise",
        "enterprise_name",
        "credit_code",
        "zone",
        "contact_name",
        "phone",
        "email",
        "category",
        "description",
        "queue_column",
        "acknowledge_due_at",
        "resolved_at",
        "referred_on",
        "resolve_button",
        "spaces_proposed",
        "space_ranking",
        *ServiceRequest.NEED_FIELDS,
        "rating",
        "rating_comment",
        "is_demo",
        "created_at",
    ]
    # The first section is the enterprise's request (its own title: "Request" alone is the inquiry
    # admin's 投资需求), then what a space request asks for and the spaces that fit, then who handles it.
    request_fieldset = (
        pgettext_lazy("admin fieldset", "Service request"),
        {"fields": ["reference", "stage", "accept_button", "category", "description", "created_at", "is_demo"]},
    )
    needs_fieldset = (
        _("Space needs"),
        {
            "fields": [
                "need_kind",
                ("need_min_area_m2", "need_max_area_m2"),
                "need_power_kva",
                "need_clear_height_m",
                "need_floor_load_kn",
                "need_tenure",
                "need_by",
            ],
            "description": _("As the enterprise gave them on the form."),
        },
    )
    spaces_fieldset = (
        _("Spaces to propose"),
        {"fields": ["spaces_proposed", "space_ranking", "propose_space"]},
    )
    fieldsets = [
        request_fieldset,
        (
            _("Enterprise"),
            {"fields": ["enterprise", "enterprise_name", "credit_code", "zone", "contact_name", "phone", "email"]},
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "grid",
                    "queue_column",
                    "owner",
                    "acknowledge_due_at",
                    "resolve_due_at",
                    "resolved_at",
                    "move_to",
                    "move_reason",
                    "referred_to",
                    "referred_on",
                    "reply",
                    "resolve_button",
                    "new_note",
                ]
            },
        ),
        (_("Satisfaction"), {"fields": ["rating", "rating_comment"]}),
    ]

    class Media:
        css = {"all": ["service/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and (obj.is_space_request or gave_space_needs(obj)):
            fieldsets[1:1] = [self.needs_fieldset, self.spaces_fieldset]
        return fieldsets

    def is_scoped(self, user, action):
        return not sees_all_requests(user)

    def in_scope(self, user, obj):
        return can_see_request(user, obj)

    def scope_queryset(self, user, queryset):
        return visible_requests(user, queryset)

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="service_servicerequest_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id, attachment_id):
        """A request's attachment, to those who may view the request (the same guard as its page)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        attachment = get_object_or_404(obj.attachments.all(), pk=attachment_id)
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj):
        if obj.is_overdue:
            return format_html(
                '<strong class="sv-overdue">{} · {}</strong>',
                obj.get_stage_display(),
                _("overdue"),
            )
        return obj.get_stage_display()

    @admin.display(description=_("spaces proposed"))
    def spaces_proposed(self, obj):
        return ", ".join(f"{s.code} {s.name}" for s in obj.spaces.all()) or "—"

    @admin.display(description=_("handled by"))
    def queue_column(self, obj):
        return queue_label(obj)

    def _move_button(self, obj, value, label, help_text):
        if not _may_change.get() or obj is None or obj.stage not in ServiceRequest.OPEN_STAGES:
            return "—"
        return format_html(
            '<button type="submit" class="button sv-move" name="_quick" value="{}">{}</button> '
            '<span class="help">{}</span>',
            value,
            label,
            help_text,
        )

    @admin.display(description=_("next step"))
    def accept_button(self, obj):
        if obj is None or obj.stage != ServiceRequest.Stage.SUBMITTED:
            return self._move_button(None, "", "", "")
        return self._move_button(
            obj,
            QUICK_ACCEPT,
            gettext("Accept"),
            gettext("Saves this page, moves the request to “Accepted” and puts you in charge if no one is."),
        )

    @admin.display(description=_("resolve"))
    def resolve_button(self, obj):
        return self._move_button(
            obj,
            QUICK_RESOLVE,
            gettext("Save the reply and resolve"),
            resolve_tells(obj) if obj is not None else "",
        )

    @admin.display(description=_("spaces on offer, best fit first"))
    def space_ranking(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        results = ranked_spaces(obj)
        if not results:
            return gettext("No space is on offer.")
        proposed = set(obj.spaces.values_list("pk", flat=True))
        may_propose = _may_change.get() and obj.is_space_request and obj.stage in ServiceRequest.OPEN_STAGES
        rows = []
        for result in results:
            space = result.space
            if space.pk in proposed:
                action = format_html("<strong>{}</strong>", gettext("Proposed"))
            elif may_propose:
                action = format_html(
                    '<button type="submit" class="button sv-move" name="_quick" value="{}{}">{}</button>',
                    QUICK_PROPOSE,
                    space.pk,
                    gettext("Propose this space"),
                )
            else:
                action = ""
            rows.append(
                (
                    reverse("admin:spaces_space_change", args=[space.pk]),
                    f"{space.code} {space.name}",
                    space.get_kind_display(),
                    space.zone.name_i18n if space.zone_id else "—",
                    space.get_status_display(),
                    format_html("<strong>{}</strong><br>", gettext("Meets every need")) if result.is_full_match else "",
                    criteria_html(result),
                    action,
                )
            )
        intro = (
            gettext("Best fit first for the needs above: each need met, short (by how much), a mismatch or unknown.")
            if gave_space_needs(obj)
            else gettext("The enterprise gave no space needs: the spaces are listed by code.")
        )
        return format_html(
            '<p class="sv-intro">{}</p><table class="match-table sv-ranking"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            intro,
            gettext("space"),
            gettext("criteria"),
            gettext("propose"),
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a><br><span class="quiet">{} · {} · {}</span></td>'
                "<td>{}{}</td><td>{}</td></tr>",
                rows,
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        token = _may_change.set(obj is not None and self.has_change_permission(request, obj))
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the permission is known: a TemplateResponse renders later otherwise
            return response
        finally:
            _may_change.reset(token)

    # --- Saving: each change through its service, one outcome per save ------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        outcome = request._service_outcome = SaveOutcome()
        new_owner, new_grid = obj.owner, obj.grid
        # A new grid (routing) and a new officer in charge go through their services, which tell them.
        saved = ServiceRequest.objects.values("owner_id", "grid_id").get(pk=obj.pk)
        obj.owner_id, obj.grid_id = saved["owner_id"], saved["grid_id"]
        super().save_model(request, obj, form, change)
        outcome.saved = [
            str(form.fields[name].label)
            for name in form.changed_data
            if name in ("resolve_due_at", "reply", "referred_to")
        ]
        user, data = request.user, form.cleaned_data
        if (new_grid.pk if new_grid else None) != saved["grid_id"]:
            grid_name = new_grid.name_i18n if new_grid else "—"
            outcome.step(
                gettext("grid set to %(grid)s") % {"grid": grid_name},
                gettext("set the grid to %(grid)s") % {"grid": grid_name},
                lambda: service_request_route(service_request=obj, grid=new_grid, user=user),
            )
        if (new_owner.pk if new_owner else None) != saved["owner_id"]:  # the form asked for another officer
            name = staff_name(new_owner) or "—"
            outcome.step(
                gettext("officer in charge: %(name)s") % {"name": name},
                gettext("put %(name)s in charge") % {"name": name},
                lambda: service_request_assign(service_request=obj, officer=new_owner, user=user),
            )
        quick = str(request.POST.get("_quick", ""))
        outcome.quick = bool(quick)
        space = data.get("propose_space")
        if quick.startswith(QUICK_PROPOSE):
            key = quick.removeprefix(QUICK_PROPOSE)
            space = Space.objects.filter(pk=int(key)).first() if key.isdigit() and len(key) < 19 else None
            if space is None:
                outcome.failed.append((gettext("propose a space"), gettext("No such space.")))
        if space is not None:
            outcome.step(
                gettext("space %(code)s proposed") % {"code": space.code},
                gettext("propose space %(code)s") % {"code": space.code},
                lambda: service_request_link_space(service_request=obj, space=space, user=user),
            )
        if data.get("new_note"):
            outcome.step(
                gettext("note added"),
                gettext("add the note"),
                lambda: service_request_add_note(service_request=obj, author=user, text=data["new_note"]),
            )
        to_stage = {QUICK_ACCEPT: ServiceRequest.Stage.ACCEPTED, QUICK_RESOLVE: ServiceRequest.Stage.RESOLVED}.get(
            quick, data.get("move_to") if not quick else ""
        )
        if to_stage:
            label = ServiceRequest.Stage(to_stage).label
            outcome.step(
                gettext("moved to “%(stage)s”") % {"stage": label},
                gettext("move to “%(stage)s”") % {"stage": label},
                lambda: service_request_move(
                    service_request=obj,
                    to_stage=to_stage,
                    user=user,
                    reason=data.get("move_reason", ""),
                    referred_to=data.get("referred_to", ""),
                ),
            )
        if (
            quick == QUICK_ACCEPT
            and obj.owner_id is None
            and not outcome.failed
            and service_desk_officers().filter(pk=user.pk).exists()
            and can_see_request(user, obj)
        ):
            outcome.step(
                gettext("you are in charge"),
                gettext("put you in charge"),
                lambda: service_request_assign(service_request=obj, officer=user, user=user),
            )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_service_outcome", None) is not None:
            return  # a save of a request's page reports its one outcome itself (response_change)
        super().message_user(request, message, level, *args, **kwargs)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        outcome = getattr(request, "_service_outcome", None)
        if outcome is None:
            return response
        messages.add_message(
            request, messages.ERROR if outcome.failed else messages.SUCCESS, outcome.message(obj.reference)
        )
        if not can_see_request(request.user, obj):  # routed to a grid this officer does not look after
            return HttpResponseRedirect(reverse("admin:service_servicerequest_changelist"))
        if outcome.failed or outcome.quick:
            return HttpResponseRedirect(request.path)  # the page again, for the next step or to fix the move
        return response

    @admin.action(description=_("Export the selected requests (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return export_or_job(
            request,
            queryset=queryset,
            filename=f"service-requests-{stamp}",
            fmt="csv",
            rows_function="service.exports.service_request_rows",
            options={"personal": request.user.has_perm("service.change_servicerequest")},
        )

    def has_export_permission(self, request):
        return request.user.has_perm("service.export_servicerequest")

    @admin.action(description=_("Anonymise the selected requests that have ended"), permissions=["change"])
    def anonymise(self, request, queryset):
        done = 0
        for obj in queryset:
            try:
                service_request_anonymise(service_request=obj)
                done += 1
            except ValidationError as exc:
                messages.warning(request, f"{obj.reference}: {' '.join(exc.messages)}")
        messages.info(request, _("%(count)d requests anonymised.") % {"count": done})


# --- The space admin, with the open space requests it fits (spaces.matching) -----------------
# inquiries.admin_spaces registered the space admin with the inquiries it fits; this adds the
# service requests, registered from here because spaces never import the cases floor.

_SpaceAdmin = type(admin.site._registry[Space])
# Who is looking at the space page (readonly-field callables get only the object); a ContextVar is
# per thread and per task, unlike an attribute on the shared admin instance.
_viewer: ContextVar = ContextVar("service_admin_viewer")
admin.site.unregister(Space)


@admin.register(Space)
class SpaceWithRequestsAdmin(_SpaceAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and request.user.has_perm("service.view_servicerequest"):
            fieldsets.append((_("Open space requests this space fits"), {"fields": ["fitting_requests"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "fitting_requests"]

    @admin.display(description=_("open space requests, best fit first"))
    def fitting_requests(self, obj):
        from service.matching import ranked_space_requests

        if obj is None or obj.pk is None:
            return "—"
        user = _viewer.get(None)
        rows = [(r, m) for r, m in ranked_space_requests(obj) if user is not None and can_see_request(user, r)]
        if not rows:
            return _("No open space request that this space fits.")
        return format_html(
            '<table class="match-table"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td></tr>',
                ((r.get_absolute_url(), f"{r.reference} {r.enterprise_name}", criteria_html(m)) for r, m in rows),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        token = _viewer.set(request.user)  # the list shows only the requests this user may see
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the viewer is known: a TemplateResponse renders later otherwise
            return response
        finally:
            _viewer.reset(token)
