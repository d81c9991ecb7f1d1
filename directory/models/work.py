"""The staff's work on the directory: readers' corrections, import jobs and the booklet PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .services import Service


class CorrectionSuggestion(models.Model):
    """A reader's note that an entry is wrong or out of date, waiting for staff to look at it.

    The name and email are optional and used only to reply; they are never shown publicly.
    """

    NEW, ACCEPTED, REJECTED = "new", "accepted", "rejected"
    STATUSES = [(NEW, _("new")), (ACCEPTED, _("corrected")), (REJECTED, _("no change needed"))]

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("service")
    )
    message = models.TextField(_("what should change"), max_length=2000)
    name = models.CharField(_("your name"), max_length=100, blank=True)
    email = models.EmailField(_("your email"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=NEW)
    staff_note = models.TextField(_("staff note"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")

    def __str__(self):
        return f"{self.service} ({self.created_at:%Y-%m-%d})"


class ImportJob(models.Model):
    """A file staff uploaded for import: checked by a task, then imported on confirmation.

    The file itself is kept in the row until the job is finished, so that the task that checks
    it and the task that imports it read exactly what was uploaded.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("ready to import")
        INVALID = "invalid", _("has errors")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file"), max_length=250)
    data = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    kind = models.CharField(_("kind of file"), max_length=10, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class BookletPdf(models.Model):
    """A PDF of the booklet, printed by headless Chromium in a task, kept for staff."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("printing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    query = models.CharField(_("filter"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # {anchor: printed page} of the headings, found in the first print; the next print of the
    # booklet page writes them in its contents and index (directory.pdf).
    page_numbers = models.JSONField(default=dict, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("booklet PDF")
        verbose_name_plural = _("booklet PDFs")

    def __str__(self):
        return f"booklet {self.created_at:%Y-%m-%d %H:%M}"
