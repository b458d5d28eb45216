"""`.env.example` is the map of the environment: every variable the code reads, and nothing else."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_HELPERS = {"env_bool", "env_int", "env_list"}
# Variables set for a process rather than configured: the settings module's own name.
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE"}


def _is_os_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def environment_reads(path: Path) -> set[str]:
    """Names read with os.environ.get/[]/setdefault, os.getenv, the settings' env_* helpers or `env=`."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            reads = (
                (isinstance(func, ast.Name) and func.id in ENV_HELPERS)
                or (isinstance(func, ast.Attribute) and _is_os_environ(func.value) and func.attr == "get")
                or (isinstance(func, ast.Attribute) and func.attr == "getenv" and getattr(func.value, "id", "") == "os")
            )
            if reads and node.args and isinstance(node.args[0], ast.Constant):
                names.add(node.args[0].value)
            names.update(
                kw.value.value for kw in node.keywords if kw.arg == "env" and isinstance(kw.value, ast.Constant)
            )
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value) and isinstance(node.slice, ast.Constant):
            names.add(node.slice.value)
    return names - NOT_CONFIGURATION


def example_names() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def code_files():
    skip = {".venv", "tests", "bench", "node_modules", ".git"}
    for path in ROOT.rglob("*.py"):
        if not skip & set(path.relative_to(ROOT).parts):
            yield path


def test_env_example_lists_every_variable_the_settings_read():
    read = environment_reads(ROOT / "kaiqu" / "settings.py")
    assert {"DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "INQUIRY_STATUS_RATE_LIMIT"} <= read  # the parser sees them
    assert read - example_names() == set()


def test_env_example_lists_only_variables_something_reads():
    read = set().union(*(environment_reads(path) for path in code_files()))
    assert example_names() - read == set()


def test_inquiry_status_rate_limit_is_a_setting_read_from_the_environment(settings):
    from inquiries import views

    assert settings.INQUIRY_STATUS_RATE_LIMIT == 20
    settings.INQUIRY_STATUS_RATE_LIMIT = 7
    assert views._status_limit() == 7
    assert 'getattr(settings, "INQUIRY_STATUS_RATE_LIMIT"' not in (ROOT / "inquiries" / "views.py").read_text()


def test_middleware_is_written_out_in_order():
    source = (ROOT / "kaiqu" / "settings.py").read_text(encoding="utf-8")
    assert "MIDDLEWARE.insert" not in source and "MIDDLEWARE +=" not in source and "MIDDLEWARE.append" not in source
    from django.conf import settings

    middleware = settings.MIDDLEWARE
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[whitenoise + 1] == "core.cache.PublicPageCacheMiddleware"
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
