"""Checking a request's attachment from its bytes before anything is saved: a PDF or a JPEG/PNG/WebP image.

The type is sniffed from the content (core.images for images, which also re-encodes them so that
only pixels are kept); the file name's extension must agree with it, so a page or a program renamed
to .pdf or .jpg (a disguised file) is refused, as is anything over settings.SERVICE_ATTACHMENT_MAX_BYTES.
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.images import sanitise_image

ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
EXTENSIONS = {"pdf": "pdf", "jpg": "image", "jpeg": "image", "png": "image", "webp": "image"}


def _refuse(name: str, message, code: str, **params):
    return ValidationError(message, code=code, params={"name": name, **params})


def checked_attachment(upload) -> tuple[SimpleUploadedFile, str, str]:
    """(the file to store, its original name, its content type); raises ValidationError with a message."""
    name = os.path.basename(str(upload.name or ""))[:200] or "attachment"
    limit = settings.SERVICE_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise _refuse(
            name,
            _("%(name)s is %(size)s; an attachment may be at most %(limit)s."),
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(limit),
        )
    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower().lstrip("."))
    if kind is None:
        raise _refuse(name, _("%(name)s is not a PDF or an image (JPEG, PNG, WebP)."), "type")
    upload.seek(0)
    data = upload.read(limit + 1)
    if data.startswith(b"%PDF-"):
        if kind != "pdf" or b"%%EOF" not in data[-2048:]:
            raise _refuse(name, _("%(name)s does not contain what its name says; it was not accepted."), "disguised")
        stored = SimpleUploadedFile(f"{uuid.uuid4().hex}.pdf", data, content_type="application/pdf")
        return stored, name, "application/pdf"
    if kind != "image":
        raise _refuse(name, _("%(name)s does not contain what its name says; it was not accepted."), "disguised")
    upload.seek(0)
    try:
        stored = sanitise_image(upload)
    except ValidationError as exc:
        raise _refuse(name, _("%(name)s is not a readable JPEG, PNG or WebP image."), "disguised") from exc
    return stored, name, stored.content_type
