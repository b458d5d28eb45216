import logging
import time

from django.conf import settings

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
