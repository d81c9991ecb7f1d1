"""Limits on how many forms one client, and one email address, may send in a while: spam
protection that does not burden people.

Each limit is over a sliding window, estimated from two fixed windows: this window's count plus
the last one's, weighed by how much of it the sliding window still covers. So the count does not
fall to nothing on the hour: five forms at 9:59 still count at 10:00. Counters are kept where no
visitor can cull them: in Redis (a key space of their own, written with a direct client, never
Django's cache) when `REDIS_URL` is set, otherwise in a small database table whose expired rows
a daily job deletes. Filling or clearing Django's cache leaves them alone.

The client is the address `KOKORON_TRUSTED_PROXIES` proxies in front of the site saw (read from
X-Forwarded-For by django-ipware; 0 proxies: the connection's own address). Addresses and email
addresses are kept only as keyed hashes, never stored or logged in the clear.
"""

import datetime as dt
import functools
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

import redis

from .client_address import client_address

LIMIT = 5  # forms per client address in a window
EMAIL_LIMIT = 3  # emails one address may be sent by a form in a window
WINDOW = 3600  # seconds


def _digest(kind, value):
    # Keyed by SECRET_KEY: a plain hash of an IPv4 address is undone by trying all 2**32.
    return salted_hmac(f"kokoron.rate-limits.{kind}", value).hexdigest()[:32]


def normalize_email(email):
    return (email or "").strip().lower()


def _key(form_name, kind, value, window, start):
    return f"{form_name}:{kind}:{_digest(kind, value)}:{window}:{start}"


def now():
    """The limiter's clock, in seconds (a function of its own: tests move it across a window)."""
    return time.time()


class DatabaseCounters:
    """Counters in kokoron.core's RateLimitCounter table (the embedded default)."""

    def hit(self, key, expires, previous_key):
        """This window's count after this hit, and the last window's."""
        from .models import RateLimitCounter

        counters = RateLimitCounter.objects.filter(key=key)
        with transaction.atomic():
            if not counters.update(count=F("count") + 1):
                expires_at = dt.datetime.fromtimestamp(expires, tz=dt.UTC)
                try:
                    with transaction.atomic():
                        RateLimitCounter.objects.create(key=key, count=1, expires_at=expires_at)
                except IntegrityError:  # another request made the row first
                    counters.update(count=F("count") + 1)
            counts = dict(
                RateLimitCounter.objects.filter(key__in=[key, previous_key]).values_list(
                    "key", "count"
                )
            )
        return counts[key], counts.get(previous_key, 0)

    def delete_expired(self):
        from .models import RateLimitCounter

        deleted, _rows = RateLimitCounter.objects.filter(expires_at__lte=timezone.now()).delete()
        return deleted

    def clear(self):
        from .models import RateLimitCounter

        RateLimitCounter.objects.all().delete()


@functools.cache
def _redis_client(url):
    return redis.Redis.from_url(url)


class RedisCounters:
    """Counters in Redis under their own prefix, expiring with their window."""

    def __init__(self, url):
        self.client = _redis_client(url)
        self.prefix = f"{settings.KOKORON_RATE_LIMIT_PREFIX}:"

    def hit(self, key, expires, previous_key):
        pipe = self.client.pipeline()
        pipe.incr(self.prefix + key)
        pipe.expireat(self.prefix + key, expires + 1)
        pipe.get(self.prefix + previous_key)
        count, _expiry, previous = pipe.execute()
        return count, int(previous or 0)

    def delete_expired(self):
        return 0  # Redis forgets them itself

    def clear(self):
        keys = list(self.client.scan_iter(match=f"{self.prefix}*", count=1000))
        if keys:
            self.client.delete(*keys)


def counters():
    url = getattr(settings, "REDIS_URL", None)
    return RedisCounters(url) if url else DatabaseCounters()


def _over(form_name, kind, value, limit, window):
    moment = now()
    start = int(moment // window) * window
    # Kept one window longer than their own: the next window weighs them.
    count, previous = counters().hit(
        _key(form_name, kind, value, window, start),
        start + 2 * window,
        _key(form_name, kind, value, window, start - window),
    )
    still_covered = (start + window - moment) / window
    return count + previous * still_covered > limit


def email_rate_limited(email, form_name, limit=EMAIL_LIMIT, window=WINDOW):
    """True when a form has been asked `limit` times in `window` seconds to write to this
    address; counts this time otherwise."""
    return _over(form_name, "email", normalize_email(email), limit, window)


def rate_limited(
    request, form_name, limit=LIMIT, window=WINDOW, *, emails=(), email_limit=EMAIL_LIMIT
):
    """True when this client has sent `limit` of these forms in `window` seconds, or when one
    of `emails` (the addresses the form will write to) has been given `email_limit` times;
    counts this one otherwise. A client over its limit does not use up the addresses' counts."""
    if _over(form_name, "client", client_address(request), limit, window):
        return True
    addresses = {normalize_email(email) for email in emails if normalize_email(email)}
    over = [email_rate_limited(email, form_name, email_limit, window) for email in addresses]
    return any(over)


def delete_expired():
    """The daily job: counters whose window has ended are deleted (Redis expires its own)."""
    return counters().delete_expired()


def reset():
    """Forget every counter (for tests: each starts with none)."""
    counters().clear()
