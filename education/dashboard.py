"""What welfare education has waiting for staff, for the admin's home page."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kokoron.core.dashboard import WorkItem, list_url

from .models import BookedPerson, Booking, ClassRequest

PERMISSION = "education.change_classrequest"


def work_items(today=None):
    today = today or timezone.localdate()
    waiting = [ClassRequest.State.RECEIVED, ClassRequest.State.ARRANGING]
    in_two_weeks = today + dt.timedelta(days=14)
    return [
        WorkItem(
            _("Class requests to arrange"),
            ClassRequest.objects.filter(state__in=waiting).count(),
            list_url("education_requests:index", state=waiting),
        ),
        WorkItem(
            _("Lecturers and supporters asked who have not answered yet"),
            BookedPerson.objects.filter(
                answer=BookedPerson.Answer.PENDING,
                booking__state=Booking.State.ASKED,
                booking__date__gte=today,
            ).count(),
            list_url("education_requests:index", state=ClassRequest.State.PROPOSED),
        ),
        WorkItem(
            _("Classes in the next two weeks"),
            Booking.objects.filter(
                state=Booking.State.CONFIRMED, date__gte=today, date__lte=in_two_weeks
            ).count(),
            list_url(
                "education_bookings:index",
                date_after=today.isoformat(),
                date_before=in_two_weeks.isoformat(),
            ),
        ),
    ]
