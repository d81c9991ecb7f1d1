"""The address of the client behind the proxies the site trusts (`KOKORON_TRUSTED_PROXIES`),
for the rate limits and the admin's lockout alike."""

from django.conf import settings

from ipware import get_client_ip


def client_address(request):
    """The client's address behind the configured number of trusted proxies.

    Each proxy appends the address it saw to X-Forwarded-For, so with N proxies the client is
    the N-th entry from the right; whatever stands left of it was written by the client and is
    not believed. A request that came through fewer of them (it skipped an outer proxy) counts
    under the farthest address a trusted proxy wrote; one that came through none, under its
    own address.
    """
    proxies = getattr(settings, "KOKORON_TRUSTED_PROXIES", 0)
    if proxies > 0:
        # ipware counts the proxies listed in the header after the client; ours also
        # counts the one in REMOTE_ADDR.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if 0 < len(forwarded) < proxies:
            address, _routable = get_client_ip(
                request,
                proxy_order="left-most",
                proxy_count=len(forwarded) - 1,
                request_header_order=["HTTP_X_FORWARDED_FOR"],
                strict=False,
            )
            if address:
                return address
    return request.META.get("REMOTE_ADDR", "")
