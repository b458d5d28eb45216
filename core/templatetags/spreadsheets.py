"""What templates outside the admin need to know about spreadsheet jobs: how long their files are kept (/privacy/)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def spreadsheet_job_files_days() -> int:
    return settings.SPREADSHEET_JOB_FILES_DAYS
