"""Peak memory of the service form's attachment path (issue 22, finding 2): `python bench/attachment_memory.py`.

Each case runs in a fresh child process on a migrated SQLite copy (no server, no PostgreSQL): the child
warms up (the form page and a small valid request, so that Django, the templates and Pillow's plugins
are loaded), notes its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: Pillow's
pixel buffers are outside Python's allocator, so tracemalloc would not see them), posts the case to
/service/request/ through Django's test client and the whole middleware stack, and reports its peak
again. The growth is what the request cost; it is compared with the stated bound (docs/operations.md,
"Uploads and memory"): ``core.images.memory_bound()`` (12 bytes × IMAGE_MAX_PIXELS, one image in work
at a time) plus the uploads' own bytes (SERVICE_ATTACHMENT_MAX_FILES × SERVICE_ATTACHMENT_MAX_BYTES).

Cases: the hostile request of the review (three 6320 × 6320 PNGs of 131 kB, consent left out), the same
with every field right (refused from the images' headers), and three 24-megapixel phone photos
(6000 × 4000 JPEGs under 5 MB, turned by their EXIF orientation), which must be accepted.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CASES = ("hostile-png-no-consent", "hostile-png-valid-fields", "three-24mp-photos")


def env(workdir: Path) -> dict:
    values = dict(os.environ)
    values.update(
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="kaiqu.settings",
        DJANGO_DEBUG="1",  # plain static files storage: no collectstatic manifest needed
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        KAIQU_PRIVATE_FILES_ROOT=str(workdir / "private"),
        REDIS_URL="",
    )
    values.pop("DATABASE_URL_TEST", None)
    return values


def make_files(workdir: Path) -> None:
    """The hostile PNG and the three phone photos, written once and read by every child."""
    from PIL import Image

    Image.new("RGB", (6320, 6320), (10, 20, 30)).save(workdir / "hostile.png")
    # Photo-like content (smooth noise), so that 24 megapixels fit the 5 MB cap as a phone's JPEG does.
    photo = Image.effect_noise((600, 400), 60).convert("RGB").resize((6000, 4000), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x0112] = 6  # held upright: turned on re-encoding
    for n in range(3):
        photo.save(workdir / f"photo{n}.jpg", quality=88 + n, exif=exif)


def child(case: str, workdir: Path) -> None:
    import resource
    import time

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cases.forms import sign_render_time
    from service.models import ServiceAttachment, ServiceRequest

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

    def data(**changes):
        values = {
            "enterprise_name": "杭州测试科技有限公司",
            "credit_code": "91350100M000100Y43",
            "contact_name": "李经理",
            "phone": "13912345678",
            "category": "other",
            "description": "请协助。",
            "consent": "on",
            "rendered": sign_render_time(time.time() - 60),
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    def files(name: str, count: int = 3):
        return [SimpleUploadedFile(f"{n}-{name}", (workdir / name).read_bytes()) for n in range(count)]

    setup_test_environment()  # responses carry their context (the form's errors); mail stays in memory
    client = Client()
    client.get("/service/request/")
    tiny = SimpleUploadedFile("tiny.png", _tiny_png())
    if client.post("/service/request/", data(attachments=[tiny]), REMOTE_ADDR="10.9.9.9").status_code != 302:
        raise SystemExit("the warm-up request was not accepted")
    baseline = peak_mb()

    if case == "hostile-png-no-consent":
        response = client.post("/service/request/", data(consent=None, attachments=files("hostile.png")))
        expected = response.status_code == 200 and "consent" in response.context["form"].errors
    elif case == "hostile-png-valid-fields":
        response = client.post("/service/request/", data(attachments=files("hostile.png")))
        expected = response.status_code == 200 and "attachments" in response.context["form"].errors
    else:
        photos = [SimpleUploadedFile(f"photo{n}.jpg", (workdir / f"photo{n}.jpg").read_bytes()) for n in range(3)]
        response = client.post("/service/request/", data(attachments=photos))
        saved = ServiceRequest.objects.order_by("-pk").first()
        expected = response.status_code == 302 and ServiceAttachment.objects.filter(request=saved).count() == 3

    peak = peak_mb()
    try:
        from core.images import memory_bound
    except ImportError:  # the code before issue 22, for a comparison: the same bound, stated for it
        memory_bound = lambda: 12 * settings.IMAGE_MAX_PIXELS  # noqa: E731
    bound = (memory_bound() + settings.SERVICE_ATTACHMENT_MAX_FILES * settings.SERVICE_ATTACHMENT_MAX_BYTES) / 2**20
    print(
        json.dumps(
            {
                "case": case,
                "status": response.status_code,
                "as_expected": bool(expected),
                "baseline_mb": round(baseline, 1),
                "peak_mb": round(peak, 1),
                "growth_mb": round(peak - baseline, 1),
                "bound_mb": round(bound, 1),
                "ratio": round((peak - baseline) / bound, 3),
                "image_max_pixels": settings.IMAGE_MAX_PIXELS,
            }
        )
    )


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kaiqu-attachment-bench-"))
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--verbosity", "0"], check=True, cwd=ROOT, env=env(workdir))
        make_files(workdir)
        print("case                        status  ok     baseline MB  peak MB  growth MB  bound MB  growth/bound")
        failed = False
        for case in CASES:
            database = workdir / "db.sqlite3"
            pristine = workdir / "pristine.sqlite3"
            if not pristine.exists():
                shutil.copy(database, pristine)
            shutil.copy(pristine, database)  # each child starts from the migrated database
            result = subprocess.run(
                [PYTHON, __file__, "--child", case, str(workdir)],
                cwd=ROOT,
                env=env(workdir),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                sys.stderr.write(result.stderr[-3000:])
                return result.returncode
            row = json.loads(result.stdout.strip().splitlines()[-1])
            failed |= not row["as_expected"] or row["ratio"] > 1
            print(
                f"{row['case']:<27} {row['status']:>6}  {str(row['as_expected']):<5} {row['baseline_mb']:>12.1f}"
                f" {row['peak_mb']:>8.1f} {row['growth_mb']:>10.1f} {row['bound_mb']:>9.1f} {row['ratio']:>13.3f}"
            )
        print(f"IMAGE_MAX_PIXELS = {row['image_max_pixels']:,}; bound = 12 B × IMAGE_MAX_PIXELS + 3 × 5 MB uploads")
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        sys.exit(main())
