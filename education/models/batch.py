"""The batch's runs over the pending requests and the plan item each makes for a request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kokoron.core.batchrun import BaseBatchRun

from .requests import ClassRequest


class BatchRun(BaseBatchRun):
    """One run of the batch over the pending requests: a plan the coordinator reviews."""

    requests_count = models.PositiveIntegerField(_("pending requests"), default=0)
    fulfilled = models.PositiveIntegerField(_("requests fulfilled"), default=0)
    greedy_fulfilled = models.PositiveIntegerField(_("first come, first served"), default=0)


class BatchItem(models.Model):
    run = models.ForeignKey(BatchRun, on_delete=models.CASCADE, related_name="items")
    request = models.ForeignKey(ClassRequest, on_delete=models.CASCADE, related_name="+")
    # The plan's booking (education.engine.Booking as JSON), or empty with a reason.
    plan = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    score = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request__created_at"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="one_batch_item_per_request")
        ]

    def __str__(self):
        return f"{self.run} {self.request}"
