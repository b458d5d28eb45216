"""The admin side of staff notices (cases.notices), shared by the case admins: opening a case reads its
notices, and a POST (CSRF-protected, as every admin view) dismisses one from the dashboard."""

from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from cases.notices import notice_dismiss, notices_read


class NoticeAdminMixin:
    """For a case's ModelAdmin; `notice_model` is the case's StaffNoticeBase model."""

    notice_model = None

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "notices/<int:notice_id>/dismiss/",
                self.admin_site.admin_view(require_POST(self.dismiss_notice_view)),
                name="{}_{}_notice_dismiss".format(*info),
            ),
            *super().get_urls(),
        ]

    def dismiss_notice_view(self, request, notice_id):
        if not notice_dismiss(notice_model=self.notice_model, notice_id=notice_id, user=request.user):
            raise Http404  # not this user's notice
        return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Read once the user could open the case (a refused or missing case leaves the notice on the dashboard).
        if response.status_code == 200 and str(object_id).isdigit():
            notices_read(notice_model=self.notice_model, case_id=int(object_id), user=request.user)
        return response
