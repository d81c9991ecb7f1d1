"""The directory's background work (django-q2). Every task is safe to run twice."""

import logging

from django.db import transaction
from django.utils import timezone

from . import importer, pdf
from .models import ImportJob
from .sheet import FileProblem

logger = logging.getLogger(__name__)


def _progress(job_id, start, span):
    """A callback that records progress between start and start + span percent."""

    def report(done, total):
        ImportJob.objects.filter(pk=job_id).update(progress=start + span * done // max(total, 1))

    return report


def _plan(job, start, span):
    """The job's plan, or None after recording why the file cannot be read."""
    try:
        upload = importer.read_upload(bytes(job.data), job.filename)
    except FileProblem as error:
        job.problems = importer.problem_dicts([error.problem])
        return None
    job.kind = upload.kind
    return importer.build_plan(upload, _progress(job.pk, start, span))


def check_import(job_id):
    """Check every row and count what the import would change, writing nothing."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKING).first()
    if job is None:
        return "skipped"
    plan = _plan(job, 0, 60)
    result = importer.apply_plan(plan, dry_run=True) if plan is not None else None
    if result is not None:
        job.problems = importer.problem_dicts(result.problems)
        job.summary = result.counts
        job.preview = [list(item) for item in result.services[:200]]
    job.status = ImportJob.Status.INVALID if job.problems else ImportJob.Status.CHECKED
    job.progress = 100
    job.save(update_fields=["status", "progress", "kind", "summary", "problems", "preview"])
    logger.info("import %s checked: %s problems", job_id, len(job.problems))
    return job.status


def run_import(job_id):
    """Import a checked file: everything in one transaction, or nothing."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job_id, status=ImportJob.Status.IMPORTING)
            .first()
        )
        if job is None:
            return "skipped"
        job.progress = 0
        plan = _plan(job, 0, 50)
        result = importer.apply_plan(plan) if plan is not None else None
        if result is not None:
            job.problems = importer.problem_dicts(result.problems)
            job.summary = result.counts
        job.status = ImportJob.Status.FAILED if job.problems else ImportJob.Status.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        if job.status == ImportJob.Status.DONE:
            job.data = b""
        job.save()
    logger.info("import %s finished: %s", job_id, job.status)
    return job.status


def make_booklet_pdf(pdf_id):
    """Print the booklet with headless Chromium and keep the PDF for staff to download."""
    from .models import BookletPdf

    updated = BookletPdf.objects.filter(pk=pdf_id, status=BookletPdf.Status.QUEUED).update(
        status=BookletPdf.Status.RUNNING
    )
    if not updated:
        return "skipped"
    booklet = BookletPdf.objects.get(pk=pdf_id)

    def save_page_numbers(numbers):
        BookletPdf.objects.filter(pk=pdf_id).update(page_numbers=numbers)

    try:
        data, numbers, settled = pdf.print_booklet(booklet.query, pdf_id, save_page_numbers)
    except pdf.PdfError as error:
        booklet.status = BookletPdf.Status.FAILED
        booklet.error = str(error)
        logger.warning("booklet PDF %s failed: %s", pdf_id, error)
    else:
        if not settled:
            logger.warning(
                "booklet PDF %s: page numbers still moved after %s prints", pdf_id, pdf.MAX_PRINTS
            )
        booklet.status = BookletPdf.Status.DONE
        booklet.pdf = data
        booklet.pages = pdf.count_pages(data)
        booklet.page_numbers = numbers
    booklet.finished_at = timezone.now()
    booklet.save()
    return booklet.status


def request_verifications():
    """Scheduled daily: ask organisations to confirm entries not verified for a year."""
    from .verification import send_requests

    return send_requests()
