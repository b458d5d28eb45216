"""Private files: service-request attachments live under settings.PRIVATE_FILES_ROOT, outside MEDIA_ROOT.

nginx serves /media/ only; nothing here has a public URL. The file is read back only by
service.views.attachment_download, for staff allowed to see the request.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")


_PRIVATE = PrivateStorage()


def private_storage():
    """The storage of attachments (a callable, so migrations name it instead of copying a path)."""
    return _PRIVATE
