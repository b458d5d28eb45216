import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="invest.example.gov.cn",
        DJANGO_TRUSTED_PROXY_COUNT="1",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_variables():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_values():
    code = (
        "import django,json;django.setup();from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s,k) for k in ['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT',"
        "'DEBUG','SECURE_PROXY_SSL_HEADER','TRUSTED_PROXY_COUNT','EMAIL_BACKEND']}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="kaiqu.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    import json

    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_SSL_REDIRECT"] and not values["DEBUG"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Never the console backend, which would print investors' messages into the log.
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.django_db
def test_security_headers_on_a_public_page(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives.get("style-src", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Permissions-Policy"]
    for feature in ["camera=()", "geolocation=()", "microphone=()", "payment=()"]:
        assert feature in policy


@pytest.mark.django_db
def test_hsts_and_secure_cookies_when_https_is_on(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/inquiry/", secure=True)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert client.get("/inquiry/").status_code == 301  # plain http is redirected
    assert client.get("/healthz").status_code == 200  # except the load balancer's probe
