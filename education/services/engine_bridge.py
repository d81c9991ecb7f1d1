"""Models to the engine: the problem of the pending requests, lecturers and equipment as the
engine sees it, and the suggestions it makes for one request."""

import datetime as dt
from collections import defaultdict

from django.db.models import Avg, Count

from .. import engine
from ..models import (
    BookedPerson,
    Booking,
    ClassRequest,
    Equipment,
    EquipmentLoan,
    Feedback,
    Lecturer,
    ProgrammePage,
    SchoolHoliday,
)
from .common import options, programme_rows, today

SUGGESTIONS = 5


def calendar(on=None):
    staff = options()
    return engine.Calendar(
        today=on or today(),
        lead_days=staff.lead_days,
        holidays=tuple(SchoolHoliday.objects.values_list("first", "last")),
        delivery_days=staff.delivery_days,
        return_days=staff.return_days,
    )


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
