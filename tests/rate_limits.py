"""Resetting the public forms' rate limits between submissions in one test."""

from django.core.cache import cache


def reset_rate_limits():
    """Forget every count kept by kokoron.core.rate_limits (and the per-address counts of the
    newsletter and the volunteer's own page), which live in Django's cache."""
    cache.clear()
