"""Running a batch as a background task and showing its progress: what matching's batch (needs
and volunteers) and education's (class requests and lecturers) share. The runs are models of
BaseBatchRun (abstract, here); each app keeps its own computation and its own plan items."""

import gc
import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from django_q.tasks import async_task

logger = logging.getLogger(__name__)


class BaseBatchRun(models.Model):
    """One run of a batch (the needs here, education's class requests): a plan the coordinator
    reviews, never applied silently, with the progress a page shows while it runs. Each app
    adds its own figures; run_task below runs it as a task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    total_score = models.PositiveIntegerField(_("total score"), default=0)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        verbose_name = _("batch run")
        verbose_name_plural = _("batch runs")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk} ({self.get_status_display()})"

    # Updates by primary key: the page polling the run sees each step at once.

    def _update(self, **fields):
        type(self).objects.filter(pk=self.pk).update(**fields)

    def start(self):
        self._update(
            status=self.Status.RUNNING, started_at=timezone.now(), stage="load", progress=5
        )

    def set_stage(self, name, progress):
        self._update(stage=name[:40], progress=progress)

    def finish(self, **figures):
        self._update(
            status=self.Status.DONE,
            stage="done",
            progress=100,
            computed_at=timezone.now(),
            **figures,
        )

    def fail(self, error):
        self._update(status=self.Status.FAILED, error=error[:200])


def enqueue(task, run_id, group):
    """Queue the run's task once the transaction that created the run has committed."""
    transaction.on_commit(
        lambda: async_task(task, run_id, task_name=f"{group}-batch-{run_id}", group=group)
    )


@contextmanager
def cycle_collection_paused():
    """A batch makes a few hundred thousand objects that live until it ends (a candidate per
    volunteer, their sets): Python's collector of reference cycles would walk them again and
    again as they are made, for nothing (matching's batch at city scale spent half of its
    loading time there). Paused while the batch computes; what it leaves is collected after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_task(model, run_id, compute, label):
    """The task: compute the run once (a run already done is skipped); a failure is stored on
    the run, by the error's type only (no data in it), logged and raised for django-q2."""
    run = model.objects.filter(pk=run_id).first()
    if run is None or run.status == model.Status.DONE:
        return "skipped"
    try:
        with cycle_collection_paused():
            compute(run)
    except Exception as error:
        run.fail(type(error).__name__)
        logger.exception("%s batch %s failed", label, run_id)
        raise
    return "done"


class BatchRunsMixin:
    """The batch page: the last 20 runs, the one shown (by pk, else the newest) with its plan,
    starting a run, and applying the items the coordinator chose of a finished run. Set
    `run_model`, `board` (the URL namespace with a "batch_run" view), `enqueue` (a
    staticmethod queueing the run's task by its id), and define `plan_items(run)` (what the
    template lists) and `apply(request, run, items)` (propose them, say how it went)."""

    page_title = _("Batch plans")
    run_model = None
    board = ""
    enqueue = None

    def plan_items(self, run):
        return []

    def apply(self, request, run, items):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = self.run_model.objects.all()[:20]
        if self.kwargs.get("pk"):
            run = get_object_or_404(self.run_model, pk=self.kwargs["pk"])
        else:
            run = runs[0] if runs else None
        context.update(
            {
                "runs": runs,
                "run": run,
                "items": self.plan_items(run) if run is not None else [],
                # for core/admin/batch_base.html
                "batch_run_url": f"{self.board}:batch_run",
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "run":
            run = self.run_model.objects.create(requested_by=request.user)
            self.enqueue(run.pk)
            messages.success(
                request, gettext("The batch is running; this page shows its progress.")
            )
            return redirect(f"{self.board}:batch_run", pk=run.pk)
        run = get_object_or_404(
            self.run_model, pk=kwargs.get("pk"), status=self.run_model.Status.DONE
        )
        items = run.items.filter(applied_at__isnull=True)
        if request.POST.get("action") != "apply_all":
            chosen = [pk for pk in request.POST.getlist("item") if pk.isdigit()]
            items = items.filter(pk__in=chosen)
        self.apply(request, run, items)
        return redirect(f"{self.board}:batch_run", pk=run.pk)
