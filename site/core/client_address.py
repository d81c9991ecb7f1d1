"""The address of the client behind the proxies the site trusts.

Each trusted proxy appends the address it was reached from to X-Forwarded-For, so with N of
them the client is the N-th entry from the right; anything further left was written by the
client and proves nothing. With no trusted proxy (the default) only REMOTE_ADDR counts.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as text, read through `KOKORON_TRUSTED_PROXIES` proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "KOKORON_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped an outer proxy; the leftmost is the
    # farthest hop that a trusted proxy wrote.
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
