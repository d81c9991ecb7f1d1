from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One email to one person. The key makes sending idempotent: the same key is sent once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=15)
    recipient = models.EmailField(_("recipient"))
    context = models.JSONField(_("context"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The delivery protocol (kokoron.notifications.service): when a task for it was last
    # queued, when the running attempt started (the claim, committed before the mail server is
    # reached), and not before when the next attempt may start after a failure.
    queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("attempt started"), null=True, blank=True)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    uncertain = models.BooleanField(
        _("possibly sent twice"),
        default=False,
        help_text=_(
            "An attempt was cut off while the email was being handed to the mail server, so "
            "it may have arrived and then been sent again. Every copy carries the same "
            "Message-ID, by which mail systems can drop the repeat."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email notification")
        verbose_name_plural = _("email notifications")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.template} #{self.pk}"

    @property
    def masked_recipient(self):
        """Enough of the address to tell two apart, not enough to read it."""
        local, _at, domain = self.recipient.partition("@")
        return f"{local[:1]}***@{domain}" if domain else "***"
