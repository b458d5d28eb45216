"""Staff views that join inquiries and the space register, both ways (registered here: spaces never import inquiries).

- On an inquiry: the spaces on offer ranked by spaces.matching, each criterion with its reason,
  and a button to propose one (inquiries.services.space_propose); the proposals made so far.
- On a space: the open inquiries it fits, ranked the same way, and the proposals of that space.
  The space admin is the one of spaces.admin, re-registered with these two additions.

Candidates are the latest MATCH_CANDIDATES rows (spaces on offer, or open inquiries); the page
shows the best MATCH_SHOWN of them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inquiries.matching import need_of
from inquiries.models import Inquiry, SpaceProposal
from inquiries.services import space_propose
from spaces.admin import SpaceAdmin, criteria_html
from spaces.matching import MET, facts_of, has_needs, match, rank
from spaces.models import Space

MATCH_CANDIDATES = 500
MATCH_SHOWN = 30
PROPOSE_PERMS = ("inquiries.change_inquiry", "spaces.propose_space")


def may_propose(user) -> bool:
    return user.has_perms(PROPOSE_PERMS)


def ranked_spaces(inquiry: Inquiry):
    candidates = (
        Space.objects.public()
        .on_offer()
        .select_related("zone")
        .prefetch_related("target_industries")
        .order_by("-created_at", "-id")[:MATCH_CANDIDATES]
    )
    return rank(need_of(inquiry), candidates, facts=facts_of)[:MATCH_SHOWN]


def ranked_inquiries(space: Space):
    facts = facts_of(space)
    candidates = (
        Inquiry.objects.open()
        .filter(anonymised_at__isnull=True)
        .select_related("zone", "industry")
        .order_by("-created_at")[:MATCH_CANDIDATES]
    )
    results = []
    for inquiry in candidates:
        need = need_of(inquiry)
        if not has_needs(need):
            continue
        result = match(need, facts)
        results.append((result.sort_key(inquiry.reference), inquiry, result))
    results.sort(key=lambda row: row[0])
    return [(inquiry, result) for _key, inquiry, result in results[:MATCH_SHOWN]]


class _ProposalInline(admin.TabularInline):
    model = SpaceProposal
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # proposals are made from the matching page, through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("inquiries.view_inquiry") or request.user.has_perm("spaces.view_space")


class InquiryProposalInline(_ProposalInline):
    fields = ["space", "proposed_by", "proposed_at", "note"]
    readonly_fields = fields
    verbose_name_plural = _("spaces proposed")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("space", "proposed_by")


class SpaceProposalInline(_ProposalInline):
    fields = ["inquiry", "proposed_by", "proposed_at"]
    readonly_fields = fields
    verbose_name_plural = _("proposed to inquiries")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("inquiries.view_inquiry")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inquiry", "proposed_by")


def matching_spaces_view(model_admin, request, object_id):
    if not str(object_id).isdigit():
        raise Http404
    inquiry = get_object_or_404(Inquiry, pk=int(object_id))
    if not model_admin.has_view_permission(request, inquiry):
        raise PermissionDenied
    if request.method == "POST":
        if not may_propose(request.user):
            raise PermissionDenied
        key = str(request.POST.get("space", "")).strip()
        space = Space.objects.filter(pk=int(key)).first() if key.isdigit() and len(key) < 19 else None
        if space is None:
            messages.error(request, gettext("Choose a space to propose."))
        else:
            try:
                space_propose(inquiry=inquiry, space=space, user=request.user, note=request.POST.get("note", ""))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, gettext("%(space)s proposed to %(reference)s.") % {"space": space, "reference": inquiry}
                )
        return redirect(request.path)
    proposed = set(inquiry.proposals.values_list("space_id", flat=True))
    rows = [
        {
            "space": result.space,
            "criteria": criteria_html(result),
            "met": result.count(MET),
            "full": result.is_full_match,
            "proposed": result.space.pk in proposed,
        }
        for result in ranked_spaces(inquiry)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "inquiry": inquiry,
        "rows": rows,
        "may_propose": may_propose(request.user),
        "title": gettext("Spaces for %(reference)s") % {"reference": inquiry.reference},
        "proposals": inquiry.proposals.select_related("space", "proposed_by"),
    }
    return TemplateResponse(request, "admin/inquiries/inquiry/matching_spaces.html", context)


def matching_spaces_link(obj) -> str:
    if not obj or not obj.pk:
        return "—"
    url = reverse("admin:inquiries_inquiry_spaces", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, gettext("See the spaces that fit, and propose one"))


# --- The space admin, with the inquiries it fits --------------------------------------------

admin.site.unregister(Space)


@admin.register(Space)
class SpaceWithInquiriesAdmin(SpaceAdmin):
    inlines = [*SpaceAdmin.inlines, SpaceProposalInline]

    class Media:
        css = {"all": ["inquiries/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and request.user.has_perm("inquiries.view_inquiry"):
            fieldsets.append((_("Open inquiries this space fits"), {"fields": ["fitting_inquiries"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "fitting_inquiries"]

    @admin.display(description=_("open inquiries, best fit first"))
    def fitting_inquiries(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = ranked_inquiries(obj)
        if not rows:
            return gettext("No open inquiry with space needs.")
        return format_html(
            '<table class="match-table"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td></tr>',
                (
                    (reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk]), inquiry.reference, criteria_html(r))
                    for inquiry, r in rows
                ),
            ),
        )
