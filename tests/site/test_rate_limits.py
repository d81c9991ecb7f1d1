"""The limit on forms per client: counted per form and per address, the address never kept."""

from django.core.cache import cache
from django.test import RequestFactory

from kokoron.core.rate_limits import rate_limited


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_each_form_and_each_address_has_its_own_count():
    first = request_from("198.51.100.4")
    assert [rate_limited(first, "ask", limit=3) for _ in range(4)] == [False, False, False, True]
    assert rate_limited(first, "register", limit=3) is False
    assert rate_limited(request_from("198.51.100.5"), "ask", limit=3) is False


def test_the_address_is_not_kept_in_the_cache_key():
    rate_limited(request_from("203.0.113.9"), "subscribe")
    keys = list(cache._cache.keys())  # locmem: the keys as stored
    assert keys and not any("203.0.113.9" in key for key in keys)
