import logging
import time

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

request_logger = logging.getLogger("kaiqu.request")
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """One structured line per request on the `kaiqu.request` logger (JSON on stdout).

    Only the method, the path without its query string, the status, the duration and the
    resolved view are written: no query strings (the status lookup carries an e-mail address
    there), no bodies, no cookies, no client addresses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        request_logger.info(
            "request",
            extra={
                "method": request.method if request.method in _METHODS else "OTHER",
                "path": request.path[:200],
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "view": match.view_name if match else "",
            },
        )
        return response


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, its two headers built once per configuration rather than per response.

    ``build_policy`` joins every directive of ``CONTENT_SECURITY_POLICY`` (and the report-only one)
    on every response; a response that carries no policy of its own (``csp_update``, ``csp_replace``,
    ``csp_exempt``…) and a request that used no nonce get the same two strings each time. Those are
    remembered here until a setting changes; anything else is django-csp's own path.
    """

    _built: dict = {}

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _CSP_RESPONSE_ATTRIBUTES
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for header, setting, report_only in _CSP_HEADERS:
            built = self._built.get(header)
            if built is None:
                built = self._built[header] = csp.utils.build_policy(report_only=report_only)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if built and header not in response and not request.path_info.startswith(tuple(prefixes)):
                response[header] = built
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


_CSP_RESPONSE_ATTRIBUTES = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_config_ro",
    "_csp_update",
    "_csp_update_ro",
    "_csp_replace",
    "_csp_replace_ro",
)
_CSP_HEADERS = (
    (csp.constants.HEADER, "CONTENT_SECURITY_POLICY", False),
    (csp.constants.HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
)


@receiver(setting_changed)
def _forget_csp_headers(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        CSPMiddleware._built.clear()
