"""Bookings: proposals to lecturers, their answers, confirmation, and calling a booking off
(by the coordinators, the teacher's cancellation or new dates)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from kokoron.core.links import absolute_url
from kokoron.core.locking import lock, lock_name
from kokoron.notifications.service import notify

from ..engine.check import violations
from ..models import BookedPerson, Booking, ClassRequest, EquipmentLoan, RequestDate
from .common import options, programme_rows, today
from .engine_bridge import problem
from .links import answer_url, calendar_url, status_url


def still_possible(class_request, plan):
    """Is a planned booking still free of conflicts with what was booked since?"""
    return not violations(problem([class_request]), [plan])


PROPOSALS_LOCK = "education.proposals"


def propose(class_request, plan, user=None):
    """Book the plan's people and equipment and ask each person by email. Returns the booking,
    or None, changing nothing, if the request is no longer waiting (proposed already: a second
    click) or the plan clashes with what was booked since it was made."""
    staff = options()
    with transaction.atomic():
        # Proposals take turns, each checking its plan against the others' bookings: two at
        # once could otherwise both book the same lecturer or the last wheelchairs.
        lock_name(PROPOSALS_LOCK)
        class_request = _locked_request(class_request.pk)
        if class_request is None or class_request.state not in ClassRequest.PENDING:
            return None
        if not still_possible(class_request, plan):
            return None
        option = sorted(class_request.dates.all(), key=lambda d: d.rank)[plan.option]
        booking = Booking.objects.create(
            request=class_request,
            date=plan.date,
            first_period=option.first_period,
            last_period=option.last_period,
            score=plan.score,
        )
        roles = []
        for part in plan.parts:
            roles.append((part.lecturer, BookedPerson.Role.LECTURER, part.programme))
            if part.escort is not None:
                roles.append((part.escort, BookedPerson.Role.ESCORT, part.programme))
            roles += [(s, BookedPerson.Role.SUPPORTER, part.programme) for s in part.supporters]
        people = [
            BookedPerson.objects.create(
                booking=booking, lecturer_id=pid, role=role, programme_id=programme
            )
            for pid, role, programme in roles
        ]
        for item, pieces in plan.equipment:
            EquipmentLoan.objects.create(
                booking=booking,
                item_id=item,
                pieces=pieces,
                out_from=plan.date - dt.timedelta(days=staff.delivery_days),
                back_on=plan.date + dt.timedelta(days=staff.return_days),
            )
        class_request.state = ClassRequest.State.PROPOSED
        class_request.reason = ""
        class_request.save(update_fields=["state", "reason", "updated_at"])
        answer_by = today() + dt.timedelta(days=staff.answer_days)
        for booked in people:
            _ask(booked, answer_by)
    return booking


def _class_context(booking, language=None):
    """What every email about a class says; the programmes in the reader's language."""
    class_request = booking.request
    with translation.override(language or settings.LANGUAGE_CODE):
        programmes = class_request.programme_titles(localized=True)
    return {
        "reference": class_request.reference,
        "school": class_request.school.name,
        "programme": programmes,
        "date": booking.date.isoformat(),
        "periods": f"{booking.first_period}-{booking.last_period}",
        "grade": class_request.get_grade_display(),
        "pupils": class_request.pupils,
    }


def _title_in(programme, language):
    if programme is None:
        return ""
    with translation.override(language or settings.LANGUAGE_CODE):
        return programme.localized.title


def _ask(booked, answer_by):
    lecturer = booked.lecturer
    if not lecturer.email:
        return
    notify(
        key=f"education-ask-{booked.pk}",
        template="education_ask",
        to=lecturer.email,
        language=lecturer.language,
        context={
            **_class_context(booked.booking, lecturer.language),
            "name": lecturer.name,
            "role": booked.role,
            # which of the visit's programmes this person comes for
            "your_programme": _title_in(booked.programme, lecturer.language),
            "link": answer_url(booked),
            "answer_by": answer_by.isoformat(),
        },
    )


# Every change of a request or its booking locks the request's row first, then the booking's
# (kokoron.core.locking): the booking's state is derived from everyone's answers, so whoever
# decides it must see the others' answers, and one order of locks means no two changes wait
# for each other.


def _locked_request(pk):
    """The class request, read again under its lock (None if it is gone)."""
    return lock(
        ClassRequest.objects.select_related("school").prefetch_related(programme_rows()), pk
    )


def _locked_booking(pk):
    """The booking and its request, both read again under their locks (request first)."""
    request_id = Booking.objects.filter(pk=pk).values_list("request_id", flat=True).first()
    class_request = _locked_request(request_id) if request_id is not None else None
    booking = lock(Booking.objects, pk) if class_request is not None else None
    if booking is not None:
        booking.request = class_request
    return booking


def respond(booked, accept):
    """A lecturer's or supporter's answer. All yes: the class is confirmed. A no: the booking
    is called off and the request goes back to the coordinators. Returns (booked, taken): the
    same answer sent again (a double click) is taken and changes nothing; another answer, or
    one to a booking no longer asked, is not taken."""
    answer = BookedPerson.Answer.ACCEPTED if accept else BookedPerson.Answer.DECLINED
    with transaction.atomic():
        booking = _locked_booking(booked.booking_id)
        booked = BookedPerson.objects.select_related("lecturer", "programme").get(pk=booked.pk)
        if booked.answer == answer:
            return booked, True
        if booking is None or booking.state != Booking.State.ASKED:
            return booked, False
        booked.booking = booking
        if booked.answer != BookedPerson.Answer.PENDING:
            return booked, False
        booked.answer = answer
        booked.answered_at = timezone.now()
        booked.save(update_fields=["answer", "answered_at"])
        if not accept:
            _call_off(booking, "declined")
            tell_coordinators(booking.request, "education_declined", f"declined-{booked.pk}")
        elif not booking.people.exclude(answer=BookedPerson.Answer.ACCEPTED).exists():
            confirm(booking)
    return booked, True


def confirm_for_everyone(booking):
    """The coordinator confirms a class agreed by phone: everyone still asked counts as yes."""
    with transaction.atomic():
        booking = _locked_booking(booking.pk)
        if booking is None or booking.state != Booking.State.ASKED:
            return False
        if booking.people.filter(answer=BookedPerson.Answer.DECLINED).exists():
            return False
        booking.people.filter(answer=BookedPerson.Answer.PENDING).update(
            answer=BookedPerson.Answer.ACCEPTED, answered_at=timezone.now()
        )
        confirm(booking)
    return True


def confirm(booking):
    booking.state = Booking.State.CONFIRMED
    booking.confirmed_at = timezone.now()
    booking.save(update_fields=["state", "confirmed_at"])
    class_request = booking.request
    class_request.state = ClassRequest.State.CONFIRMED
    class_request.save(update_fields=["state", "updated_at"])
    with translation.override(class_request.language):
        people = [
            {
                "name": b.lecturer.name,
                "role": str(b.get_role_display()),
                "programme": _title_in(b.programme, class_request.language),
            }
            for b in booking.people.select_related("lecturer", "programme")
        ]
        equipment = [
            f"{loan.item.display_name} x{loan.pieces}"
            for loan in booking.loans.select_related("item")
        ]
    notify(
        key=f"education-confirmed-{booking.pk}",
        template="education_confirmed",
        to=class_request.teacher_email,
        language=class_request.language,
        context={
            **_class_context(booking, class_request.language),
            "name": class_request.teacher_name,
            "people": people,
            "equipment": equipment,
            "link": status_url(class_request),
            "ics": calendar_url(class_request),
        },
    )


def _call_off(booking, why):
    booking.state = Booking.State.CANCELLED
    booking.save(update_fields=["state"])
    class_request = booking.request
    if class_request.state in (ClassRequest.State.PROPOSED, ClassRequest.State.CONFIRMED):
        class_request.state = ClassRequest.State.ARRANGING
        class_request.save(update_fields=["state", "updated_at"])
    for booked in booking.people.select_related("lecturer").exclude(
        answer=BookedPerson.Answer.DECLINED
    ):
        if booked.lecturer.email:
            notify(
                key=f"education-off-{booked.pk}",
                template="education_called_off",
                to=booked.lecturer.email,
                language=booked.lecturer.language,
                context={
                    **_class_context(booking, booked.lecturer.language),
                    "name": booked.lecturer.name,
                    "why": why,
                },
            )


def tell_coordinators(class_request, template, key, **context):
    address = options().coordinator_email
    if address:
        notify(
            key=f"education-{key}",
            template=template,
            to=address,
            language=settings.LANGUAGE_CODE,
            context={
                "reference": class_request.reference,
                "request_url": absolute_url(
                    reverse("education_requests:edit", args=[class_request.pk])
                ),
                **context,
            },
        )


def mark_impossible(class_request, reason):
    """The coordinators cannot arrange the request: its booking is called off and the teacher
    told. Returns False if the request has ended (done, cancelled, impossible already)."""
    with transaction.atomic():
        class_request = _locked_request(class_request.pk)
        if class_request is None:
            return False
        if class_request.state == ClassRequest.State.IMPOSSIBLE:
            return class_request.reason == reason  # the same sent twice: done once
        if class_request.state not in (*ClassRequest.CHANGEABLE, ClassRequest.State.CONFIRMED):
            return False
        _call_off_active(class_request, "impossible")
        class_request.state = ClassRequest.State.IMPOSSIBLE
        class_request.reason = reason
        class_request.save(update_fields=["state", "reason", "updated_at"])
        notify(
            key=f"education-impossible-{class_request.pk}-{class_request.updated_at:%Y%m%d%H%M%S}",
            template="education_impossible",
            to=class_request.teacher_email,
            language=class_request.language,
            context={
                "reference": class_request.reference,
                "reason": reason,
                "link": status_url(class_request),
            },
        )
    return True


def _call_off_active(class_request, why):
    """Call off the request's booking still asked or confirmed (the request is locked)."""
    booking = class_request.bookings.filter(
        state__in=[Booking.State.ASKED, Booking.State.CONFIRMED]
    ).first()
    if booking is not None:
        booking = lock(Booking.objects, booking.pk)
        booking.request = class_request
        _call_off(booking, why)


def cancel_booking(booking):
    """The coordinator calls a booking off; the request can be arranged again. Returns False
    if it was not asked or confirmed any more (called off already, done)."""
    with transaction.atomic():
        booking = _locked_booking(booking.pk)
        if booking is None or booking.state not in (Booking.State.ASKED, Booking.State.CONFIRMED):
            return False
        _call_off(booking, "coordinator")
    return True


# The teacher's own changes


def cancel(class_request, states=ClassRequest.CHANGEABLE):
    """The teacher cancels (or an erasure does, in `states`). True if the request is cancelled
    (by this call, or already: a second click changes nothing); False, changing nothing, if it
    is no longer in one of `states` (confirmed meanwhile, done)."""
    with transaction.atomic():
        class_request = _locked_request(class_request.pk)
        if class_request is None:
            return False
        if class_request.state == ClassRequest.State.CANCELLED:
            return True
        if class_request.state not in states:
            return False
        _call_off_active(class_request, "cancelled")
        class_request.state = ClassRequest.State.CANCELLED
        class_request.save(update_fields=["state", "updated_at"])
        tell_coordinators(class_request, "education_changed", f"cancel-{class_request.pk}")
    return True


def change_dates(class_request, dates):
    """New preferred dates [(date, first period, last period)]: back to being arranged.
    Returns False, changing nothing, if the request can no longer be changed."""
    with transaction.atomic():
        class_request = _locked_request(class_request.pk)
        if class_request is None or class_request.state not in ClassRequest.CHANGEABLE:
            return False
        _call_off_active(class_request, "dates_changed")
        class_request.dates.all().delete()
        RequestDate.objects.bulk_create(
            RequestDate(request=class_request, rank=rank, date=d, first_period=a, last_period=b)
            for rank, (d, a, b) in enumerate(dates, start=1)
        )
        class_request.state = ClassRequest.State.RECEIVED
        class_request.save(update_fields=["state", "updated_at"])
        tell_coordinators(
            class_request,
            "education_changed",
            f"dates-{class_request.pk}-{timezone.now():%Y%m%d%H%M%S}",
        )
    return True
