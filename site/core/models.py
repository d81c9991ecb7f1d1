"""The core's own tables (most of its data lives in its sub-apps)."""

from django.db import models


class RateLimitCounter(models.Model):
    """One fixed-window counter of kokoron.core.rate_limits when there is no Redis: the key
    holds the form, a keyed hash of the address or email address and the window, never the
    address itself. Rows past `expires_at` are deleted by a daily job."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key
