"""A limit on how many forms one client may send in a while: spam protection that does not
burden people. The address is kept only as a hash in the cache, never stored or logged."""

import hashlib

from django.core.cache import cache

LIMIT = 5
WINDOW = 3600  # seconds


def rate_limited(request, form_name, limit=LIMIT, window=WINDOW):
    """True when this client has sent `limit` of these forms in `window` seconds; counts this
    one otherwise."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"kokoron-rate-{form_name}-{digest}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
