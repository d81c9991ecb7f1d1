"""The Django side of welfare education: models to the engine and back, signed links,
proposals to lecturers, confirmation, reminders, feedback and the yearly report."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from kokoron.core.links import absolute_url
from kokoron.core.locking import lock, lock_all, lock_name
from kokoron.core.signed_links import ObjectLink
from kokoron.notifications.service import notify

from . import engine
from .engine.check import violations
from .models import (
    BatchItem,
    BatchRun,
    BookedPerson,
    Booking,
    ClassRequest,
    EducationSettings,
    Equipment,
    EquipmentLoan,
    Feedback,
    Lecturer,
    ProgrammePage,
    RequestDate,
    RequestProgramme,
    SchoolHoliday,
)

# A teacher's link lives through the school year; a lecturer's a little past the class.
REQUEST_LINK_DAYS = 400
PERSON_LINK_DAYS = 200
SUGGESTIONS = 5


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


def calendar(on=None):
    staff = options()
    return engine.Calendar(
        today=on or today(),
        lead_days=staff.lead_days,
        holidays=tuple(SchoolHoliday.objects.values_list("first", "last")),
        delivery_days=staff.delivery_days,
        return_days=staff.return_days,
    )


# Signed links


REQUEST_LINK = ObjectLink("education.request", dt.timedelta(days=REQUEST_LINK_DAYS))
PERSON_LINK = ObjectLink("education.person", dt.timedelta(days=PERSON_LINK_DAYS))


def request_token(class_request):
    return REQUEST_LINK.token(class_request)


def request_from_token(token):
    return REQUEST_LINK.read(
        token, ClassRequest.objects.select_related("school").prefetch_related(programme_rows())
    )


def person_token(booked):
    return PERSON_LINK.token(booked)


def person_from_token(token):
    return PERSON_LINK.read(
        token, BookedPerson.objects.select_related("booking__request__school", "lecturer")
    )


def status_url(class_request):
    return absolute_url(reverse("education:status", kwargs={"token": request_token(class_request)}))


def feedback_url(class_request):
    return absolute_url(
        reverse("education:feedback", kwargs={"token": request_token(class_request)})
    )


def calendar_url(class_request):
    return absolute_url(
        reverse("education:calendar", kwargs={"token": request_token(class_request)})
    )


def answer_url(booked):
    return absolute_url(reverse("education:answer", kwargs={"token": person_token(booked)}))


def lecturer_feedback_url(booked):
    return absolute_url(
        reverse("education:lecturer_feedback", kwargs={"token": person_token(booked)})
    )


# Models to the engine


def to_programme(page, sources=None):
    """The programme for the engine; its equipment counted on the items in the default
    language (`sources`: Equipment.source_ids of its items), so a translated item chosen on
    a page never counts as stock of its own."""
    needs = list(page.equipment_needs.all())
    if sources is None:
        sources = Equipment.source_ids(need.item_id for need in needs)
    equipment = defaultdict(int)
    for need in needs:
        equipment[sources.get(need.item_id, need.item_id)] += need.per_class
    return engine.Programme(
        id=page.pk,
        grades=frozenset(page.grades),
        supporters=page.supporters,
        equipment=dict(equipment),
    )


def ratings_by_school():
    """school id -> {lecturer id -> mean rating the school's teachers gave}."""
    result = defaultdict(dict)
    rows = (
        Feedback.objects.filter(author=Feedback.Author.TEACHER)
        .values("booking__request__school", "booking__people__lecturer")
        .annotate(mean=Avg("rating"))
    )
    for row in rows:
        if row["booking__people__lecturer"] is not None:
            result[row["booking__request__school"]][row["booking__people__lecturer"]] = float(
                row["mean"]
            )
    return result


def to_request(class_request, ratings=None):
    return engine.Request(
        id=class_request.pk,
        school=class_request.school_id,
        district=class_request.school.district_id,
        programmes=tuple(
            row.programme_id
            for row in sorted(class_request.programme_rows.all(), key=lambda r: r.rank)
        ),
        grade=class_request.grade,
        classes=class_request.classes,
        pupils=class_request.pupils,
        options=tuple(
            engine.Option(d.date, d.first_period, d.last_period)
            for d in sorted(class_request.dates.all(), key=lambda d: d.rank)
        ),
        step_free=class_request.accessible,
        ratings=(ratings or {}).get(class_request.school_id, {}),
        received=class_request.pk,
    )


def active_bookings():
    return Booking.objects.filter(state__in=[Booking.State.ASKED, Booking.State.CONFIRMED])


def to_people(on):
    """Every active lecturer and supporter, with what is already booked for them."""
    year_start = dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    busy = defaultdict(set)
    month_load = defaultdict(lambda: defaultdict(int))
    for lecturer_id, date in (
        BookedPerson.objects.filter(booking__in=active_bookings())
        .exclude(answer=BookedPerson.Answer.DECLINED)
        .values_list("lecturer_id", "booking__date")
    ):
        busy[lecturer_id].add(date)
        month_load[lecturer_id][(date.year, date.month)] += 1
    year = dict(
        BookedPerson.objects.filter(
            booking__state__in=[Booking.State.CONFIRMED, Booking.State.DONE],
            booking__date__gte=year_start,
        )
        .values_list("lecturer_id")
        .annotate(n=Count("pk"))
    )
    experience = defaultdict(dict)
    for lecturer_id, programme_id, n in (
        BookedPerson.objects.filter(
            booking__state=Booking.State.DONE, role=BookedPerson.Role.LECTURER
        )
        .values_list("lecturer_id", "programme_id")
        .annotate(n=Count("pk"))
    ):
        experience[lecturer_id][programme_id] = n
    absences = defaultdict(list)
    lecturers = list(
        Lecturer.objects.filter(active=True).prefetch_related("programmes", "districts", "absences")
    )
    for lecturer in lecturers:
        absences[lecturer.pk] = [(a.first, a.last) for a in lecturer.absences.all()]
    return [
        engine.Person(
            id=lecturer.pk,
            kind=lecturer.kind,
            programmes=frozenset(p.pk for p in lecturer.programmes.all()),
            weekdays=frozenset(lecturer.weekdays),
            away=tuple(absences[lecturer.pk]),
            monthly_max=lecturer.monthly_max,
            districts=frozenset(d.pk for d in lecturer.districts.all()),
            home_district=lecturer.home_district_id,
            needs_step_free=lecturer.needs_step_free,
            needs_escort=lecturer.needs_escort,
            escorts=frozenset(lecturer.escorts),
            busy=frozenset(busy[lecturer.pk]),
            month_load=dict(month_load[lecturer.pk]),
            experience=experience[lecturer.pk],
            classes_this_year=year.get(lecturer.pk, 0),
        )
        for lecturer in lecturers
    ]


def equipment_out(exclude_booking=None):
    out = defaultdict(int)
    loans = EquipmentLoan.objects.filter(booking__in=active_bookings())
    if exclude_booking is not None:
        loans = loans.exclude(booking=exclude_booking)
    for loan in loans:
        for day in loan.days():
            out[(loan.item_id, day)] += loan.pieces
    return dict(out)


def problem(class_requests, on=None):
    class_requests = list(class_requests)
    programme_ids = {row.programme_id for r in class_requests for row in r.programme_rows.all()}
    pages = list(
        ProgrammePage.objects.filter(pk__in=programme_ids).prefetch_related("equipment_needs")
    )
    sources = Equipment.source_ids(
        need.item_id for page in pages for need in page.equipment_needs.all()
    )
    programmes = {page.pk: to_programme(page, sources) for page in pages}
    ratings = ratings_by_school()
    return engine.Problem(
        requests=[to_request(r, ratings) for r in class_requests],
        programmes=programmes,
        people=to_people(on or today()),
        # The stock: the items in the default language only.
        items=[engine.Item(e.pk, e.count) for e in Equipment.objects.default_locale()],
        calendar=calendar(on),
        equipment_out=equipment_out(),
    )


def pending_requests():
    return (
        ClassRequest.objects.filter(state__in=ClassRequest.PENDING)
        .select_related("school")
        .prefetch_related("dates", programme_rows())
    )


def suggest(class_request, k=SUGGESTIONS):
    """The best bookings possible for one request now: each candidate lecturer on each of its
    dates, with the helpers and equipment that would come, best first; and the code of why
    there is none at all, when the engine sees it before booking (see suggest_explained)."""
    found, hopeless, _why = suggest_explained(class_request, k)
    return found, hopeless


def suggest_explained(class_request, k=SUGGESTIONS):
    """suggest(), and when it finds nothing, the engine's Explanation of why: what rules out
    each date, and each lecturer on a date that is possible (else None)."""
    p = problem([class_request])
    cands = engine.candidates(p)
    people = {person.id: person for person in p.people}
    request = p.requests[0]
    found = []
    for e in sorted(range(len(cands.score)), key=lambda e: -int(cands.score[e])):
        ledger = p.ledger()
        result = ledger.try_book(
            request,
            people[int(cands.lecturer[e])],
            int(cands.option[e]),
            int(cands.score[e]),
        )
        if isinstance(result, engine.Booking):
            found.append(result)
        if len(found) >= k:
            break
    return found, cands.hopeless.get(0), (None if found else engine.explain(p))


# Bookings


def booking_as_json(plan):
    return {
        "date": plan.date.isoformat(),
        "option": plan.option,
        "parts": [
            {
                "programme": part.programme,
                "lecturer": part.lecturer,
                "escort": part.escort,
                "supporters": list(part.supporters),
            }
            for part in plan.parts
        ],
        "equipment": [list(pair) for pair in plan.equipment],
        "score": plan.score,
    }


def booking_from_json(class_request, data):
    # Plans stored before requests had several programmes name one lecturer at the top.
    parts = data.get("parts") or [{**data, "programme": class_request.programme.pk}]
    return engine.Booking(
        request=class_request.pk,
        date=dt.date.fromisoformat(data["date"]),
        option=data["option"],
        parts=tuple(
            engine.Part(
                programme=part["programme"],
                lecturer=part["lecturer"],
                escort=part.get("escort"),
                supporters=tuple(part.get("supporters", ())),
            )
            for part in parts
        ),
        equipment=tuple(tuple(pair) for pair in data.get("equipment", ())),
        score=data.get("score", 0),
    )


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
            context={"reference": class_request.reference, **context},
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


# The batch


def run_batch(run):
    stage = run.set_stage
    run.start()
    requests = list(pending_requests())
    p = problem(requests)
    stage("candidates", 20)

    def progress(name):
        if name.startswith("solve "):
            rounds = int(name.split()[1])
            stage(name, min(85, 25 + rounds * 60 // engine.plan.MAX_ROUNDS))
        else:
            stage(name, 90 if name == "top up" else 20)

    plan = engine.batch(p, progress=progress)
    fcfs = engine.greedy(p)
    by_request = {b.request: b for b in plan.bookings}
    with transaction.atomic():
        BatchItem.objects.filter(run=run).delete()
        BatchItem.objects.bulk_create(
            [
                BatchItem(
                    run=run,
                    request=r,
                    plan=booking_as_json(by_request[r.pk]) if r.pk in by_request else {},
                    reason="" if r.pk in by_request else plan.unfulfilled.get(r.pk, ""),
                    score=by_request[r.pk].score if r.pk in by_request else 0,
                )
                for r in requests
            ]
        )
        ClassRequest.objects.filter(
            pk__in=[r.pk for r in requests], state=ClassRequest.State.RECEIVED
        ).update(state=ClassRequest.State.ARRANGING)
        run.finish(
            requests_count=len(requests),
            fulfilled=plan.fulfilled,
            greedy_fulfilled=fcfs.fulfilled,
            total_score=plan.score,
        )
    run.refresh_from_db()
    return run


def apply_items(items, user=None):
    """Propose the chosen plan items that are still possible, in one transaction; returns
    (proposed, skipped). The plan's run is locked first, so the same choice sent twice waits,
    then finds its items applied: each item is proposed once."""
    proposed, skipped = 0, 0
    with transaction.atomic():
        lock_all(BatchRun.objects.filter(pk__in=items.values("run_id")))
        lock_name(PROPOSALS_LOCK)
        for item in (
            items.filter(applied_at__isnull=True)
            .select_related("request__school")
            .prefetch_related(programme_rows("request__"))
        ):
            if not item.plan:
                continue
            if propose(item.request, booking_from_json(item.request, item.plan), user) is None:
                skipped += 1
                continue
            item.applied_at = timezone.now()
            item.save(update_fields=["applied_at"])
            proposed += 1
    return proposed, skipped


# Before and after the class


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


# The yearly report


def school_year(year):
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def report(year):
    """Classes and pupils reached per school, per lecturer and per programme in a school year
    (April-March)."""
    first, last = school_year(year)
    done = Booking.objects.filter(state=Booking.State.DONE, date__range=(first, last))
    reached = Sum("feedback__pupils_reached", filter=Q(feedback__author=Feedback.Author.TEACHER))
    schools = list(
        done.values(
            "request__school__name", "request__school__kind", "request__school__district__name"
        )
        .annotate(classes=Count("pk", distinct=True), pupils=reached)
        .order_by("request__school__name")
    )
    lecturers = list(
        BookedPerson.objects.filter(booking__in=done, role=BookedPerson.Role.LECTURER)
        .values("lecturer__name", "lecturer__reference")
        .annotate(
            classes=Count("booking", distinct=True),
            pupils=Sum(
                "booking__feedback__pupils_reached",
                filter=Q(booking__feedback__author=Feedback.Author.TEACHER),
            ),
            rating=Avg(
                "booking__feedback__rating",
                filter=Q(booking__feedback__author=Feedback.Author.TEACHER),
            ),
        )
        .order_by("lecturer__name")
    )
    # A visit for several programmes counts once for the school and the lecturer, and once
    # for each of its programmes.
    per_programme = defaultdict(lambda: {"classes": 0, "pupils": 0})
    for booking in done.prefetch_related(programme_rows("request__"), "feedback"):
        pupils = sum(
            f.pupils_reached for f in booking.feedback.all() if f.author == Feedback.Author.TEACHER
        )
        for programme in booking.request.programme_list():
            per_programme[programme.title]["classes"] += 1
            per_programme[programme.title]["pupils"] += pupils
    return {
        "programmes": [
            {"name": title, **figures} for title, figures in sorted(per_programme.items())
        ],
        "schools": [
            {
                "name": row["request__school__name"],
                "district": row["request__school__district__name"],
                "classes": row["classes"],
                "pupils": row["pupils"] or 0,
            }
            for row in schools
        ],
        "lecturers": [
            {
                "name": row["lecturer__name"],
                "reference": row["lecturer__reference"],
                "classes": row["classes"],
                "pupils": row["pupils"] or 0,
                "rating": round(row["rating"], 1) if row["rating"] is not None else None,
            }
            for row in lecturers
        ],
    }


def cancel_booking(booking):
    """The coordinator calls a booking off; the request can be arranged again. Returns False
    if it was not asked or confirmed any more (called off already, done)."""
    with transaction.atomic():
        booking = _locked_booking(booking.pk)
        if booking is None or booking.state not in (Booking.State.ASKED, Booking.State.CONFIRMED):
            return False
        _call_off(booking, "coordinator")
    return True
