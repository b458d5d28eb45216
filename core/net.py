from django.conf import settings


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as the deployment says.

    With DJANGO_TRUSTED_PROXY_COUNT=N the N-th address from the right of X-Forwarded-For is the
    one our own proxy saw; anything further left was written by the client and can be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote
