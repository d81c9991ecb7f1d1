"""What the directory has waiting for staff, for the admin's home page."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kokoron.core.dashboard import WorkItem, list_url

from .models import CorrectionSuggestion, ImportJob, Service


def work_items(today=None):
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    unverified = Service.objects.active().filter(
        Q(assured_date__isnull=True) | Q(assured_date__lt=year_ago)
    )
    return [
        WorkItem(
            _("Suggested corrections to look at"),
            CorrectionSuggestion.objects.filter(status=CorrectionSuggestion.NEW).count(),
            list_url("directory_corrections:index", status=CorrectionSuggestion.NEW),
        ),
        WorkItem(
            _("Entries not verified for over a year"),
            unverified.count(),
            list_url("directory_services:index", unverified="true"),
        ),
        WorkItem(
            _("Imports checked and waiting for confirmation"),
            ImportJob.objects.filter(status=ImportJob.Status.CHECKED).count(),
            list_url("directory_import"),
        ),
    ]
