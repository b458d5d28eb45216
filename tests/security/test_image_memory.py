"""Issue 22, finding 2: what one uploaded image may cost in memory (core.images; the peak of the whole
attachment path, in a subprocess, is bench/attachment_memory.py's)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import images
from core.images import sanitise_image
from tests.security.images import png_header_only


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def encoded(size, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, format=fmt, **options)
    return out.getvalue()


def test_the_reviews_6320_square_png_is_refused_from_its_header(settings):
    """40 megapixels were allowed: ~160 MB of pixels per image, copied again by tobytes()/frombytes()."""
    with pytest.raises(ValidationError) as refused:
        sanitise_image(upload(png_header_only(6320, 6320), "plan.png"))
    assert refused.value.code == "too_many_pixels"
    assert refused.value.params["limit"] == 25.0


def test_a_24_megapixel_phone_photo_is_accepted():
    exif = Image.Exif()
    exif[0x0112] = 6  # taken upright: turned on re-encoding
    result = sanitise_image(upload(encoded((6000, 4000), "JPEG", exif=exif), "IMG_0001.jpg"))
    with Image.open(result) as image:
        assert image.size == (4000, 6000) and not image.getexif()


def test_webp_gets_the_pixels_that_fit_the_same_memory(settings):
    """Pillow decodes WebP through libwebp's animation decoder: about 18 bytes a pixel, against 12 for
    the worst JPEG, so a WebP is allowed two thirds of the pixels."""
    settings.IMAGE_MAX_PIXELS = 100
    assert sanitise_image(upload(encoded((10, 10), "PNG"), "a.png"))
    assert sanitise_image(upload(encoded((8, 8), "WEBP"), "b.webp"))  # 64 ≤ 100 × 12 / 18
    with pytest.raises(ValidationError) as refused:
        sanitise_image(upload(encoded((10, 10), "WEBP"), "c.webp"))
    assert refused.value.code == "too_many_pixels"
    assert images.memory_bound() == 12 * 100


def test_the_pixels_are_let_go_and_the_new_file_is_on_disk(monkeypatch):
    """The old code kept the decoded image, a bytes copy of its pixels and a second image from them, and
    the re-encoded file in memory, until the form was done with every attachment."""
    real_open, opened = images._open, []

    def open_and_keep(data):
        opened.append(real_open(data))
        return opened[-1]

    monkeypatch.setattr(images, "_open", open_and_keep)
    result = sanitise_image(upload(encoded((300, 200), "JPEG"), "a.jpg"))
    with pytest.raises(ValueError):
        opened[0].getpixel((0, 0))  # closed: its pixel memory is freed
    assert result.file.fileno() >= 0 and result.size == len(result.read())
