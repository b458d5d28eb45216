"""Uploaded images: checked from their content, re-encoded so that nothing but pixels is kept.

An upload is accepted only when Pillow recognises it as JPEG, PNG or WebP from its bytes (the
file name and the browser's content type are ignored), it is no larger than
``settings.IMAGE_MAX_BYTES`` and has no more than ``settings.IMAGE_MAX_PIXELS`` pixels (checked
from the header, before any pixel is decoded, and below Pillow's own decompression-bomb limit).
It is then decoded, turned upright by its EXIF orientation and written anew, so EXIF (GPS
positions, camera serials), ICC profiles, comments and anything appended to the file are gone.
SVG, HTML, GIF, TIFF and every other format are refused with a translated message.

Memory (issue 22): one image in work holds at most ``PEAK_BYTES_PER_PIXEL[format]`` bytes per
pixel of the size its header states — the decoded pixels (Pillow keeps RGB in 4 bytes a pixel)
with the decoder's buffers, then one turned or converted copy while it is made (the original is
let go as soon as the copy exists), then the JPEG encoder's buffers (libjpeg's whole-image
coefficients when optimising, 3 bytes a pixel, and Pillow's output buffer, 1). The pixels are
never copied to ``bytes`` and back; the new file goes to a temporary file on disk, not to memory,
and the image is closed before the function returns. A format that needs more a pixel (WebP) is
allowed fewer pixels, so that no image takes more than ``memory_bound()``: 12 bytes ×
``IMAGE_MAX_PIXELS`` (300 MB at 25 megapixels). A caller that handles its images one after
another (service.forms) therefore stays within that bound plus the uploads' own bytes, however
many images a request carries; bench/attachment_memory.py measures it.
"""

import io
import tempfile
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (file extension, content type, save options)
ALLOWED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 88, "optimize": True}),
    "PNG": ("png", "image/png", {"optimize": True}),
    "WEBP": ("webp", "image/webp", {"quality": 88}),
}
ACCEPT = ",".join(content_type for _ext, content_type, _opts in ALLOWED_FORMATS.values())
THUMBNAIL_WIDTH = 640
# The most memory one image in work takes, per pixel of its size, by format (measured with
# bench/attachment_memory.py; see the module docstring). JPEG: a progressive CMYK file's decoder
# keeps every coefficient (8 bytes a pixel) beside the pixels (4). WebP: Pillow decodes through
# libwebp's animation decoder (two canvases) and copies the frame (bytes, then pixels).
PEAK_BYTES_PER_PIXEL = {"JPEG": 12, "PNG": 8, "WEBP": 18}

MESSAGES = {
    "format": _("Upload a JPEG, PNG or WebP image. This file is not one (its content was checked, not its name)."),
    "too_large": _("The image is %(size)s; the largest accepted is %(limit)s."),
    "too_many_pixels": _("The image is %(width)s × %(height)s pixels; at most %(limit)s million pixels are accepted."),
    "too_many_pixels_unknown": _("The image has too many pixels; at most %(limit)s million pixels are accepted."),
    "broken": _("The image file is damaged or incomplete."),
}


def memory_bound() -> int:
    """The most bytes one image in work may take: a JPEG or PNG of IMAGE_MAX_PIXELS at its format's peak."""
    return max(PEAK_BYTES_PER_PIXEL["JPEG"], PEAK_BYTES_PER_PIXEL["PNG"]) * settings.IMAGE_MAX_PIXELS


def _pixel_limit(fmt: str | None = None) -> int:
    """IMAGE_MAX_PIXELS, or fewer for a format that needs more memory a pixel (WebP): what fits the
    memory bound. Never above Pillow's own bomb threshold, whatever the setting says."""
    limit = settings.IMAGE_MAX_PIXELS
    if fmt in PEAK_BYTES_PER_PIXEL:
        limit = min(limit, memory_bound() // PEAK_BYTES_PER_PIXEL[fmt])
    return min(limit, Image.MAX_IMAGE_PIXELS or limit)


def _too_many_pixels(width: int, height: int, fmt: str | None = None) -> ValidationError:
    return ValidationError(
        MESSAGES["too_many_pixels"],
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": round(_pixel_limit(fmt) / 1_000_000, 1)},
    )


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    limit = settings.IMAGE_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
        )
    return data


def _open(data: bytes) -> Image.Image:
    """Opens the image from its bytes and checks format and dimensions before decoding it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                MESSAGES["too_many_pixels_unknown"],
                code="too_many_pixels",
                params={"limit": round(_pixel_limit() / 1_000_000, 1)},
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ValidationError(MESSAGES["format"], code="format") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(MESSAGES["format"], code="format")
    width, height = image.size
    if width * height > _pixel_limit(image.format) or width <= 0 or height <= 0:
        raise _too_many_pixels(width, height, image.format)
    return image


def sanitise_image(upload) -> UploadedFile:
    """Returns a freshly encoded copy of ``upload`` named from its real format; raises ValidationError.

    The copy is a temporary file on disk (deleted when closed, or moved into place by the storage)."""
    image = _open(_read(upload))
    fmt = image.format
    extension, content_type, options = ALLOWED_FORMATS[fmt]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image.load()  # the first frame only, for animated WebP/PNG
                # In place: a turned image replaces the original's pixels, never sits beside a copy.
                ImageOps.exif_transpose(image, in_place=True)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise _too_many_pixels(*image.size, fmt) from exc
            except (OSError, ValueError, SyntaxError, EOFError) as exc:
                raise ValidationError(MESSAGES["broken"], code="broken") from exc
        converted = _normalise_mode(image, fmt)
        if converted is not image:
            image.close()  # let the original go before encoding
            image = converted
        # Nothing but the pixels is written: Pillow reads ICC profiles, comments and transparency
        # from `info` when saving, and nothing else is passed to save().
        image.info = {}
        # Handed to the caller (an UploadedFile closes it); closed here only when encoding fails.
        out = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR or None)  # noqa: SIM115
        try:
            image.save(out, format=fmt, **options)
        except BaseException:
            out.close()
            raise
    finally:
        image.close()
    size = out.tell()
    out.seek(0)
    return UploadedFile(out, name=f"{uuid.uuid4().hex}.{extension}", content_type=content_type, size=size)


def _normalise_mode(image: Image.Image, fmt: str) -> Image.Image:
    keeps_alpha = fmt in {"PNG", "WEBP"}
    if image.mode in {"RGB", "L"} or (keeps_alpha and image.mode in {"RGBA", "LA"}):
        return image
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if has_alpha and keeps_alpha:
        return image.convert("RGBA")
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def make_thumbnail(upload, width: int = THUMBNAIL_WIDTH) -> SimpleUploadedFile:
    """A WebP no wider than ``width`` pixels, from an image already passed through sanitise_image."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        thumb = image.convert("RGBA") if image.mode in {"RGBA", "LA", "P"} else image.convert("RGB")
        if thumb.width > width:
            height = max(1, round(thumb.height * width / thumb.width))
            thumb = thumb.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        thumb.save(out, format="WEBP", quality=80)
    upload.seek(0)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.webp", out.getvalue(), content_type="image/webp")


class SafeImageField(forms.FileField):
    """A form field for photos and logos: see the module docstring for what it accepts.

    ``cleaned_data`` holds the re-encoded file, named ``<random>.<jpg|png|webp>``.
    """

    default_error_messages = {"invalid_image": MESSAGES["format"]}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _help_text())
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", ACCEPT)
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return sanitise_image(upload)


def _help_text_now():
    return _("JPEG, PNG or WebP, at most %(size)s.") % {"size": filesizeformat(settings.IMAGE_MAX_BYTES)}


_help_text = lazy(_help_text_now, str)
