"""Resetting the public forms' rate limits between submissions in one test."""

from django.core.cache import cache

from kokoron.core import rate_limits


def reset_rate_limits():
    """Forget every count kept by kokoron.core.rate_limits (in their own store, which clearing
    the cache leaves alone) and the few kept in Django's cache."""
    rate_limits.reset()
    cache.clear()
