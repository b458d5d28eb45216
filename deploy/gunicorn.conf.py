"""gunicorn settings for kaiqu: `gunicorn -c deploy/gunicorn.conf.py kaiqu.wsgi`.

One gunicorn per app server, bound to a loopback or private address that only nginx reaches.
Environment: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default 2 × CPUs + 1),
GUNICORN_THREADS (default 1). Request lines are written by Django (core.middleware.RequestLogMiddleware),
so gunicorn's own access log is off; its error log is JSON on stderr like the app's logs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-* only from nginx on this host.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Limits on the request head, below nginx's.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = None
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
