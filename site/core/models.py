"""The core's own tables (most of its data lives in its sub-apps)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """One fixed-window counter of kokoron.core.rate_limits when there is no Redis: the key
    holds the form, a keyed hash of the address or email address and the window, never the
    address itself. Rows past `expires_at` are deleted by a daily job."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class PlanProgress(RateLimitCounter):
    """Not a table of its own: the holder of the permission to see the plan's progress report
    (kokoron.core.plan_progress), which the Managers group is given. A proxy, so that it
    needs no table and every walk over the models' rows passes it by."""

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("plan progress")
        permissions = [("view_plan_progress", _("Can see the plan's progress report"))]

    def __str__(self):
        return str(self._meta.verbose_name)
