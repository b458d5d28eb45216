import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import SafeImageField, make_thumbnail, sanitise_image
from enterprises.forms import EnterpriseAdminForm
from projects.forms import ProjectImageForm
from tests.factories import ProjectFactory
from tests.security import images


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopen(result) -> Image.Image:
    result.seek(0)
    return Image.open(io.BytesIO(result.read()))


def exif_with_gps_and_orientation(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 17.0, 0.0), 3: "E", 4: (120.0, 9.0, 0.0)}  # GPSInfo
    return exif


def test_jpeg_is_reencoded_upright_without_exif_or_comment():
    data = images.jpeg(size=(40, 30), exif=exif_with_gps_and_orientation(6), comment=b"<script>alert(1)</script>")
    assert b"SecretCam" in data and b"<script>" in data

    result = sanitise_image(upload(data))
    raw = result.read()
    image = reopen(result)

    assert image.format == "JPEG"
    assert image.size == (30, 40)  # turned upright by the orientation tag before it was dropped
    assert not image.getexif()
    assert "comment" not in image.info and "icc_profile" not in image.info
    assert b"SecretCam" not in raw and b"<script>" not in raw
    assert result.name.endswith(".jpg") and "photo" not in result.name


def test_png_text_chunks_and_icc_profile_are_dropped():
    from PIL import ImageCms, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script></html>")
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGBA", (20, 20), (1, 2, 3, 128)).save(out, format="PNG", pnginfo=info, icc_profile=icc)

    result = sanitise_image(upload(out.getvalue(), "logo.png", "image/png"))
    image = reopen(result)

    assert image.format == "PNG" and image.mode == "RGBA"
    assert "icc_profile" not in image.info and "Comment" not in image.info
    assert b"<script>" not in result.read()


def test_webp_is_accepted():
    result = sanitise_image(upload(images.webp(), "x.webp", "image/webp"))
    assert reopen(result).format == "WEBP" and result.name.endswith(".webp")


def test_format_comes_from_content_not_name():
    result = sanitise_image(upload(images.png(), "innocent.html", "text/html"))
    assert result.name.endswith(".png") and result.content_type == "image/png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (images.SVG, "logo.svg"),
        (images.SVG, "logo.png"),
        (images.HTML, "photo.jpg"),
        (images.PDF, "photo.jpg"),
        (images.gif(), "photo.jpg"),
        (b"", "empty.jpg"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "truncated.jpg"),
    ],
    ids=["svg", "svg-named-png", "html-named-jpg", "pdf", "gif", "empty", "jpeg-magic-only"],
)
def test_disguised_and_foreign_files_are_refused(data, name):
    field = SafeImageField()
    with pytest.raises(ValidationError) as excinfo:
        field.clean(upload(data, name))
    assert excinfo.value.messages  # a readable message, not an exception from Pillow


def test_refusal_message_is_translated(settings):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        SafeImageField().clean(upload(images.SVG, "logo.svg"))
    message = excinfo.value.messages[0]
    assert "JPEG" in message and "Upload a" not in message


def test_truncated_jpeg_is_refused_as_damaged():
    data = images.jpeg(size=(300, 200))
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(upload(data[: len(data) // 2]))
    assert excinfo.value.code in {"broken", "format"}


def test_size_cap(settings):
    settings.IMAGE_MAX_BYTES = 1000
    data = images.jpeg(size=(400, 400))
    assert len(data) > 1000
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(upload(data))
    assert excinfo.value.code == "too_large"


@pytest.mark.parametrize(
    ("width", "height"),
    [(7000, 7000), (10_000, 10_000), (100_000, 100_000), (1, 2**31 - 1)],
    ids=["over-setting", "over-pillow-warning", "over-pillow-error", "one-pixel-wide-strip"],
)
def test_pixel_bombs_are_refused_before_decoding(width, height, settings):
    assert settings.IMAGE_MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(upload(images.png_header_only(width, height), "bomb.png"))
    assert excinfo.value.code == "too_many_pixels"


def test_pixel_cap_setting_is_respected(settings):
    settings.IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError):
        sanitise_image(upload(images.png(size=(11, 10))))
    assert sanitise_image(upload(images.png(size=(10, 10))))


def test_thumbnail_is_webp_640_wide():
    result = sanitise_image(upload(images.jpeg(size=(1600, 900))))
    thumb = make_thumbnail(result)
    image = reopen(thumb)
    assert image.format == "WEBP" and image.size == (640, 360)


@pytest.mark.django_db
def test_project_image_form_saves_reencoded_image_and_thumbnail():
    project = ProjectFactory()
    data = images.jpeg(size=(1280, 720), exif=exif_with_gps_and_orientation(1))
    form = ProjectImageForm(
        data={"alt_text": "厂房", "order": 0},
        files={"image": upload(data, "IMG_0001.JPG")},
        instance=project.images.model(project=project),
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert saved.image.name.startswith("projects/images/") and saved.image.name.endswith(".jpg")
    assert "IMG_0001" not in saved.image.name
    with saved.image.open("rb") as f:
        assert b"SecretCam" not in f.read()
    with saved.thumbnail.open("rb") as f:
        assert Image.open(f).size == (640, 360)


@pytest.mark.django_db
def test_project_image_form_shows_error_for_svg():
    project = ProjectFactory()
    form = ProjectImageForm(
        data={"alt_text": "x", "order": 0},
        files={"image": upload(images.SVG, "x.svg", "image/svg+xml")},
        instance=project.images.model(project=project),
    )
    assert not form.is_valid()
    assert "image" in form.errors


def test_enterprise_form_uses_the_safe_field():
    assert isinstance(EnterpriseAdminForm.base_fields["logo"], SafeImageField)
    assert not EnterpriseAdminForm.base_fields["logo"].required
