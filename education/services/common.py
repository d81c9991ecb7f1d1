"""What every part of the services reads: today, the coordinators' settings, and a
request's programmes in the teacher's order."""

from django.db.models import Prefetch
from django.utils import timezone

from ..models import EducationSettings, RequestProgramme


def programme_rows(prefix=""):
    """Prefetch a request's programmes in the teacher's order (`prefix`: the path to it)."""
    return Prefetch(
        f"{prefix}programme_rows",
        queryset=RequestProgramme.objects.select_related("programme").order_by("rank"),
    )


def today():
    return timezone.localdate()


def options():
    return EducationSettings.load()
