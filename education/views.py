"""Public pages of welfare education: the teacher's request, its status page, the lecturers'
answer, feedback and the class's calendar file. No account: signed links instead. The
programme menu itself is Wagtail pages (/education/ and /education/programs/)."""

import datetime as dt

from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

import icalendar

from kokoron.core.no_store import no_store
from kokoron.core.rate_limits import rate_limited
from kokoron.core.signed_links import LinkError
from kokoron.events.ical import TOKYO, response
from kokoron.notifications.service import notify

from . import services
from .forms import ChangeDatesForm, FeedbackForm, RequestForm
from .models import BookedPerson, Booking, ClassRequest, Feedback, RequestDate, RequestProgramme

# School periods as times of day (a usual timetable), for the calendar file.
PERIOD_TIMES = {
    1: (dt.time(8, 45), dt.time(9, 30)),
    2: (dt.time(9, 40), dt.time(10, 25)),
    3: (dt.time(10, 45), dt.time(11, 30)),
    4: (dt.time(11, 40), dt.time(12, 25)),
    5: (dt.time(13, 40), dt.time(14, 25)),
    6: (dt.time(14, 35), dt.time(15, 20)),
}


def _status(form):
    return 400 if form.is_bound and form.errors else 200


def link_error(request, error):
    return render(request, "education/link_error.html", {"code": error.code}, status=400)


@require_http_methods(["GET", "POST"])
def request_class(request):
    form = RequestForm(request.POST or None, calendar=services.calendar())
    limited = False
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "education-request", emails=[form.cleaned_data["email"]]):
            limited = True
        else:
            data = form.cleaned_data
            with transaction.atomic():
                class_request = ClassRequest.objects.create(
                    school=data["school"],
                    teacher_name=data["teacher_name"],
                    teacher_email=data["email"],
                    teacher_phone=data.get("phone", ""),
                    language=translation.get_language() or "ja",
                    grade=data["grade"],
                    classes=data["classes"],
                    pupils=data["pupils"],
                    step_free=data.get("step_free", False),
                    has_lift=data.get("has_lift", False),
                    notes=data.get("notes", ""),
                )
                RequestProgramme.objects.bulk_create(
                    RequestProgramme(request=class_request, programme=programme, rank=rank)
                    for rank, programme in enumerate(form.programmes, start=1)
                )
                RequestDate.objects.bulk_create(
                    RequestDate(
                        request=class_request, rank=rank, date=d, first_period=a, last_period=b
                    )
                    for rank, (d, a, b) in enumerate(form.dates, start=1)
                )
                class_request.refresh_from_db(fields=["reference"])
                notify(
                    key=f"education-received-{class_request.pk}",
                    template="education_received",
                    to=class_request.teacher_email,
                    language=class_request.language,
                    context={
                        "name": class_request.teacher_name,
                        "reference": class_request.reference,
                        "link": services.status_url(class_request),
                    },
                )
            request.session["education_reference"] = class_request.reference
            request.session["education_status"] = reverse(
                "education:status", kwargs={"token": services.request_token(class_request)}
            )
            return redirect("education:thanks")
    return render(
        request,
        "education/request.html",
        {"form": form, "limited": limited, "calendar": services.calendar()},
        status=429 if limited else _status(form),
    )


@no_store
def thanks(request):
    reference = request.session.get("education_reference")
    if not reference:
        return redirect("education:request")
    return render(
        request,
        "education/thanks.html",
        {"reference": reference, "status_url": request.session.get("education_status")},
    )


@require_http_methods(["GET", "POST"])
def status(request, token):
    """The teacher's page for one request: where it stands; cancel or change the dates."""
    try:
        class_request = services.request_from_token(token)
    except LinkError as error:
        return link_error(request, error)
    form = ChangeDatesForm(calendar=services.calendar(), prefix="change")
    code = 200
    if request.method == "POST":
        # The services decide under the request's lock: a lecturer may have confirmed, or the
        # same button been pressed twice, since this page was read.
        action = request.POST.get("action")
        if action == "cancel":
            if services.cancel(class_request):
                return redirect(request.path + "?done=cancelled")
            return _locked(request, class_request, form)
        if action == "change":
            if class_request.state not in ClassRequest.CHANGEABLE:
                return _locked(request, class_request, form)
            form = ChangeDatesForm(request.POST, calendar=services.calendar(), prefix="change")
            if form.is_valid():
                if services.change_dates(class_request, form.dates):
                    return redirect(request.path + "?done=changed")
                return _locked(request, class_request, form)
            code = 400
        else:
            code = 400
    class_request.refresh_from_db()
    return render(
        request,
        "education/status.html",
        _status_context(class_request, form, request.GET.get("done", "")),
        status=code,
    )


def _locked(request, class_request, form):
    class_request.refresh_from_db()
    return render(
        request,
        "education/status.html",
        _status_context(class_request, form, "locked"),
        status=400,
    )


def _status_context(class_request, form, done):
    booking = class_request.booking
    shown = booking if booking and booking.state != Booking.State.ASKED else None
    return {
        "class_request": class_request,
        "dates": class_request.dates.all(),
        "booking": shown,
        # who comes for which programme, in the teacher's order
        "visit": _visit(class_request, shown) if shown else [],
        # the Japanese items that hold the stock, named in the teacher's language
        "loans": shown.loans.select_related("item").order_by("pk") if shown else [],
        "form": form,
        "done": done,
        "changeable": class_request.state in ClassRequest.CHANGEABLE,
        "steps": [
            (state, label, _reached(class_request.state, state))
            for state, label in ClassRequest.State.choices
            if state not in (ClassRequest.State.IMPOSSIBLE, ClassRequest.State.CANCELLED)
        ],
    }


def _visit(class_request, booking):
    """[(programme, [booked people])] in the teacher's order; people of no programme last."""
    people = list(booking.people.select_related("lecturer").order_by("pk"))
    rows = [
        (programme, [b for b in people if b.programme_id == programme.pk])
        for programme in class_request.programme_list()
    ]
    rest = [b for b in people if b.programme_id not in {p.pk for p, _b in rows}]
    return rows + ([(None, rest)] if rest else [])


def _reached(current, state):
    order = [s for s, _label in ClassRequest.State.choices]
    if current in (ClassRequest.State.IMPOSSIBLE, ClassRequest.State.CANCELLED):
        return state == ClassRequest.State.RECEIVED
    return order.index(state) <= order.index(current)


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """A lecturer's or supporter's page: accept or decline the class."""
    try:
        booked = services.person_from_token(token)
    except LinkError as error:
        return link_error(request, error)
    message, code = "", 200
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in {"accept", "decline"}:
            message, code = "choose", 400
        else:
            booked, taken = services.respond(booked, accept=choice == "accept")
            if not taken:
                message, code = "closed", 400
            else:
                return redirect(request.path)
    booked.refresh_from_db()
    booking = booked.booking
    return render(
        request,
        "education/answer.html",
        {
            "booked": booked,
            "booking": booking,
            "class_request": booking.request,
            "open": booking.state == Booking.State.ASKED
            and booked.answer == BookedPerson.Answer.PENDING,
            "message": message,
        },
        status=code,
    )


def _feedback(request, booking, author, lecturer, back):
    existing = Feedback.objects.filter(booking=booking, author=author, lecturer=lecturer).first()
    form = FeedbackForm(request.POST or None)
    code = 200
    if booking is None or booking.state != Booking.State.DONE:
        return render(request, "education/feedback.html", {"not_yet": True}, status=400)
    if request.method == "POST" and existing is None:
        if form.is_valid():
            services.record_feedback(booking, author, form.cleaned_data, lecturer)
            return redirect(back)
        code = 400
    return render(
        request,
        "education/feedback.html",
        {"form": form, "existing": existing, "booking": booking, "class_request": booking.request},
        status=code,
    )


@require_http_methods(["GET", "POST"])
def feedback(request, token):
    try:
        class_request = services.request_from_token(token)
    except LinkError as error:
        return link_error(request, error)
    booking = class_request.bookings.filter(state=Booking.State.DONE).first()
    return _feedback(request, booking, Feedback.Author.TEACHER, None, request.path)


@require_http_methods(["GET", "POST"])
def lecturer_feedback(request, token):
    try:
        booked = services.person_from_token(token)
    except LinkError as error:
        return link_error(request, error)
    return _feedback(
        request, booked.booking, Feedback.Author.LECTURER, booked.lecturer, request.path
    )


@require_GET
def calendar(request, token):
    """The confirmed class as an iCalendar file (Asia/Tokyo)."""
    try:
        class_request = services.request_from_token(token)
    except LinkError as error:
        return link_error(request, error)
    booking = class_request.bookings.filter(
        state__in=[Booking.State.CONFIRMED, Booking.State.DONE]
    ).first()
    if booking is None:
        return link_error(request, LinkError("not_confirmed"))
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kokoron//Welfare education//JA")
    cal.add("version", "2.0")
    event = icalendar.Event()
    start = dt.datetime.combine(booking.date, PERIOD_TIMES[booking.first_period][0], TOKYO)
    end = dt.datetime.combine(booking.date, PERIOD_TIMES[booking.last_period][1], TOKYO)
    event.add(
        "uid", f"education-booking-{booking.pk}@{request.get_host().split(':')[0] or 'kokoron'}"
    )
    with translation.override(class_request.language):
        titles = class_request.programme_titles(localized=True)
    event.add("summary", f"{titles} ({class_request.reference})")
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", timezone.now())
    event.add("location", class_request.school.name)
    lines = [f"{class_request.school.name} {class_request.get_grade_display()}"]
    with translation.override(class_request.language):
        for programme, people in _visit(class_request, booking):
            names = ", ".join(b.lecturer.name for b in people)
            lines.append(f"{programme.localized.title}: {names}" if programme else names)
    event.add("description", "\n".join(lines))
    cal.add_component(event)
    cal.add_missing_timezones()
    return response(cal.to_ical(), f"{class_request.reference}.ics")
