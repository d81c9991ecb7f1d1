"""The log of personal-data requests: who exported or erased, when, how many places in which
register. It never holds the person's data (not even the address that was asked for)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataRequest(models.Model):
    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    # The screen or job it came through, e.g. "privacy", "matching.signups".
    through = models.CharField(_("through"), max_length=80, blank=True)
    # {contributor key: number of places}
    places = models.JSONField(_("places"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        permissions = [
            (
                "manage_personal_data",
                _("Can find, export and erase a person's data in every register"),
            )
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def total(self):
        return sum(self.places.values())
