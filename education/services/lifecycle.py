"""Before and after the class: reminders, unanswered asks expired, classes done and their
feedback; the daily task runs them."""

import datetime as dt

from django.db import transaction

from kokoron.notifications.service import notify

from ..models import BookedPerson, Booking, ClassRequest, Feedback
from .bookings import _call_off, _class_context, _locked_booking, tell_coordinators
from .common import options, programme_rows, today
from .links import answer_url, calendar_url, feedback_url, lecturer_feedback_url, status_url


def send_reminders(on=None):
    """Confirmed classes coming in `reminder_days`: the teacher and everyone booked hear again."""
    on = on or today()
    day = on + dt.timedelta(days=options().reminder_days)
    sent = 0
    for booking in (
        Booking.objects.filter(state=Booking.State.CONFIRMED, date__gt=on, date__lte=day)
        .select_related("request__school")
        .prefetch_related(programme_rows("request__"))
    ):
        class_request = booking.request
        ics = calendar_url(class_request)
        notify(
            key=f"education-remind-{booking.pk}-teacher",
            template="education_reminder",
            to=class_request.teacher_email,
            language=class_request.language,
            context={
                **_class_context(booking, class_request.language),
                "ics": ics,
                "name": class_request.teacher_name,
                "link": status_url(class_request),
            },
        )
        sent += 1
        for booked in booking.people.select_related("lecturer"):
            if booked.lecturer.email:
                notify(
                    key=f"education-remind-{booking.pk}-{booked.pk}",
                    template="education_reminder",
                    to=booked.lecturer.email,
                    language=booked.lecturer.language,
                    context={
                        **_class_context(booking, booked.lecturer.language),
                        "ics": ics,
                        "name": booked.lecturer.name,
                        "link": answer_url(booked),
                    },
                )
                sent += 1
    return sent


def finish_classes(on=None):
    """Classes that took place: done, and a feedback link to the teacher and the lecturers."""
    on = on or today()
    finished = 0
    for booking_id in list(
        Booking.objects.filter(state=Booking.State.CONFIRMED, date__lt=on).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            booking = _locked_booking(booking_id)
            # Called off or finished by someone else since the list was read: left alone.
            if booking is None or booking.state != Booking.State.CONFIRMED:
                continue
            booking.state = Booking.State.DONE
            booking.save(update_fields=["state"])
            class_request = booking.request
            class_request.state = ClassRequest.State.DONE
            class_request.save(update_fields=["state", "updated_at"])
            notify(
                key=f"education-feedback-{booking.pk}-teacher",
                template="education_feedback",
                to=class_request.teacher_email,
                language=class_request.language,
                context={
                    **_class_context(booking, class_request.language),
                    "name": class_request.teacher_name,
                    "link": feedback_url(class_request),
                },
            )
            for booked in booking.people.select_related("lecturer").filter(
                role=BookedPerson.Role.LECTURER
            ):
                if booked.lecturer.email:
                    notify(
                        key=f"education-feedback-{booking.pk}-{booked.pk}",
                        template="education_feedback",
                        to=booked.lecturer.email,
                        language=booked.lecturer.language,
                        context={
                            **_class_context(booking, booked.lecturer.language),
                            "name": booked.lecturer.name,
                            "link": lecturer_feedback_url(booked),
                        },
                    )
        finished += 1
    return finished


def expire_unanswered(on=None):
    """Bookings someone has not answered in `answer_days`: called off, back to the
    coordinators, who ask someone else."""
    on = on or today()
    cutoff = on - dt.timedelta(days=options().answer_days)
    expired = 0
    for booking_id in list(
        Booking.objects.filter(state=Booking.State.ASKED, created_at__date__lt=cutoff).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            booking = _locked_booking(booking_id)
            # The last answer may have come (or the teacher cancelled) since the list was read.
            if booking is None or booking.state != Booking.State.ASKED:
                continue
            _call_off(booking, "no_answer")
            tell_coordinators(
                booking.request, "education_declined", f"no-answer-{booking.pk}", no_answer=True
            )
        expired += 1
    return expired


def daily(on=None):
    """The scheduled task: unanswered asks, reminders, then classes that took place. `on` (a
    date) runs it as of another day, to catch up after the worker was down."""
    return {
        "expired": expire_unanswered(on),
        "reminders": send_reminders(on),
        "finished": finish_classes(on),
    }


def record_feedback(booking, author, data, lecturer=None):
    """Store feedback once; a second form for the same class and author changes nothing."""
    feedback, created = Feedback.objects.get_or_create(
        booking=booking,
        author=author,
        lecturer=lecturer,
        defaults={
            "rating": data["rating"],
            "pupils_reached": data.get("pupils_reached") or 0,
            "comments": data.get("comments", ""),
        },
    )
    return feedback, created
