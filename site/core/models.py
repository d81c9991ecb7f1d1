"""The core's own tables (most of its data lives in its sub-apps)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class AuditEntry(models.Model):
    """Who did what, when: every change and every disclosure of personal data.

    It names the fields, never their values, so the log itself holds nothing personal.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        STATE = "state", _("State changed")
        DISCLOSE = "disclose", _("Personal data shown")
        EXPORT = "export", _("Personal data exported")
        PROPOSE = "propose", _("Proposed")
        RESPOND = "respond", _("Answered")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (when not a staff account)"), max_length=80, blank=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=40)
    object_id = models.PositiveIntegerField(_("record"))
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
