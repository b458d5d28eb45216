"""The figures of the staff home page, each shown only to those who may see the records behind it."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from inquiries.models import Inquiry
from policies.dashboard import expiring_policies
from portal.models import Indicator
from projects.models import Project

RECENT_CHANGES = 8


@dataclass
class Dashboard:
    projects_by_stage: list = field(default_factory=list)
    projects_by_zone: list = field(default_factory=list)
    inquiries: dict | None = None
    stale: list = field(default_factory=list)
    recent_changes: list = field(default_factory=list)
    expiring_policies: dict | None = None

    @property
    def is_empty(self):
        return not (
            self.projects_by_stage or self.inquiries or self.stale or self.recent_changes or self.expiring_policies
        )


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _may_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def dashboard_for(user) -> Dashboard:
    dashboard = Dashboard()
    if _may_view(user, Project):
        counts = dict(Project.objects.order_by().values_list("stage").annotate(n=Count("id")))
        dashboard.projects_by_stage = [
            (label, counts.get(value, 0), _changelist(Project, stage__exact=value))
            for value, label in Project.Stage.choices
        ]
        dashboard.projects_by_zone = [
            (row["zone__name"], row["n"], _changelist(Project, zone__id__exact=row["zone"]))
            for row in Project.objects.order_by("zone__order", "zone")
            .values("zone", "zone__name", "zone__order")
            .annotate(n=Count("id"))
        ]
    if _may_view(user, Inquiry):
        figures = Inquiry.objects.aggregate(
            new=Count("id", filter=Q(stage=Inquiry.Stage.NEW)),
            overdue=Count("id", filter=Q(stage=Inquiry.Stage.NEW, due_at__lt=timezone.now())),
        )
        dashboard.inquiries = {
            **figures,
            "new_url": _changelist(Inquiry, stage__exact=Inquiry.Stage.NEW),
        }
    days = settings.STALE_AFTER_DAYS
    for model in (Project, Enterprise):
        if _may_view(user, model):
            count = model.objects.public().stale(days).count()
            url = _changelist(model, verification="due", is_published__exact=1)
            dashboard.stale.append((model._meta.verbose_name_plural, count, url))
    dashboard.recent_changes = _recent_changes(user)
    dashboard.expiring_policies = expiring_policies(user)
    return dashboard


def _recent_changes(user) -> list:
    """The latest edits across the models with history, newest first: one query per model."""
    records = []
    for model in (Project, Enterprise, Indicator, Inquiry):
        if not _may_view(user, model):
            continue
        history = model.history.model
        for record in history.objects.select_related("history_user").order_by("-history_date")[:RECENT_CHANGES]:
            records.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "type": record.get_history_type_display(),
                    "kind": model._meta.verbose_name,
                    # Inquiries carry personal data: show the reference number only.
                    "label": record.reference if model is Inquiry else str(record.history_object),
                    "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[record.id]),
                }
            )
    records.sort(key=lambda r: r["date"], reverse=True)
    return records[:RECENT_CHANGES]
