"""Personal data on request (APPI): welfare education's part of the core's registry
(kokoron.privacy.registry), and the two screens that go through it.

- Teachers (`education.teachers`): their class requests (by address, name or number), the
  feedback they gave, and requests or feedback elsewhere that name them.
- Lecturers and supporters (`education.lecturers`): their record, their classes and the
  feedback they gave, and notes or feedback elsewhere that name them.

Erasing keeps the statistics (classes, pupils reached, ratings) and the records they count;
it removes names, contacts, notes and comments, and the links stop working.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from kokoron.core.locking import lock_all
from kokoron.core.signed_links import new_nonce
from kokoron.notifications.service import forget
from kokoron.privacy import registry
from kokoron.privacy.identifiers import Subject, normalize_email, normalize_name, phone_digits
from kokoron.privacy.registry import Contributor, mentioning, place, redact_fields

from .models import BookedPerson, Booking, ClassRequest, Feedback, Lecturer
from .services.bookings import _call_off, _locked_booking, cancel, tell_coordinators
from .services.common import programme_rows, today

TEACHERS = "education.teachers"
LECTURERS = "education.lecturers"
ERASED_DOMAIN = "erased.invalid"


def _is(subject, name="", email="", phone=""):
    return bool(
        (subject.email and email and normalize_email(email) == subject.email)
        or (
            subject.name
            and name
            and normalize_name(name).replace(" ", "") == subject.name.replace(" ", "")
        )
        or (subject.phone and phone and phone_digits(phone) == subject.phone)
    )


def _candidates(queryset, subject, name, email, phone):
    query = Q()
    if subject.email:
        query |= Q(**{f"{email}__iexact": subject.email})
    if subject.name:
        query |= Q(**{f"{name}__icontains": subject.name.split(" ")[0]})
    if len(subject.phone) >= 4:
        query |= Q(**{f"{phone}__icontains": subject.phone[-4:]})
    if not query:
        return []
    return [
        row
        for row in queryset.filter(query)
        if _is(subject, getattr(row, name), getattr(row, email), getattr(row, phone))
    ]


# Teachers


def teacher_requests(email):
    email = normalize_email(email)
    if not email:
        return ClassRequest.objects.none()
    return (
        ClassRequest.objects.filter(teacher_email__iexact=email)
        .select_related("school")
        .prefetch_related("dates", programme_rows(), "bookings__feedback")
        .order_by("pk")
    )


def request_data(r):
    """One request as its teacher's data: the request, its dates, classes and the feedback
    the teacher gave (not the lecturers' data)."""
    return {
        "reference": r.reference,
        "school": r.school.name,
        "teacher_name": r.teacher_name,
        "teacher_email": r.teacher_email,
        "teacher_phone": r.teacher_phone,
        "language": r.language,
        "programmes": [p.title for p in r.programme_list()],
        "grade": r.grade,
        "classes": r.classes,
        "pupils": r.pupils,
        "step_free": r.step_free,
        "has_lift": r.has_lift,
        "notes": r.notes,
        "state": r.state,
        "reason": r.reason,
        "received": r.created_at.isoformat(),
        "dates": [
            {"date": d.date.isoformat(), "periods": f"{d.first_period}-{d.last_period}"}
            for d in r.dates.all()
        ],
        "classes_arranged": [
            {"date": b.date.isoformat(), "state": b.state} for b in r.bookings.all()
        ],
        "feedback": [
            {
                "rating": f.rating,
                "pupils_reached": f.pupils_reached,
                "comments": f.comments,
                "sent": f.created_at.isoformat(),
            }
            for b in r.bookings.all()
            for f in b.feedback.all()
            if f.author == Feedback.Author.TEACHER
        ],
    }


def export_teacher(email):
    """Everything kept about one teacher's address (the teacher's screen)."""
    return {
        "email": normalize_email(email),
        "requests": [request_data(r) for r in teacher_requests(email)],
    }


def erase_requests(requests):
    """Requests still open or to come are cancelled first (the lecturers are told), then
    names, contacts, notes and the teacher's comments are blanked and the links stop working.
    Schools, grades, pupils, dates, programmes and ratings stay."""
    addresses = []
    requests = list(requests)
    lock_all(ClassRequest.objects.filter(pk__in=[r.pk for r in requests]))
    for class_request in requests:
        # Decided under the request's lock: a request confirmed or done meanwhile stays.
        cancel(class_request, states=(*ClassRequest.CHANGEABLE, ClassRequest.State.CONFIRMED))
        addresses.append(class_request.teacher_email)
        ClassRequest.objects.filter(pk=class_request.pk).update(
            teacher_name="",
            teacher_email=f"erased-{class_request.pk}@{ERASED_DOMAIN}",
            teacher_phone="",
            notes="",
            nonce=new_nonce(),
        )
        Feedback.objects.filter(
            booking__request=class_request, author=Feedback.Author.TEACHER
        ).update(comments="")
    forget(addresses)
    return len(addresses)


def erase_teacher(email):
    """Erase a teacher's data by their address (the teacher's screen), with the emails sent
    to them."""
    subject = Subject.of(email=email)
    places = [place(TEACHERS, r, "teacher") for r in teacher_requests(email)]
    person = registry.Person(
        subject, places + registry.find(subject, only={"notifications"}).places
    )
    with transaction.atomic():
        registry.erase(person)
        registry.log("erase", person, None, TEACHERS)
    return len(places)


REQUEST_TEXTS = ("notes", "reason")


class TeachersContributor(Contributor):
    key = TEACHERS
    label = _("Welfare education: teachers' requests")

    def find(self, subject, found=()):
        requests = _candidates(
            ClassRequest.objects.all(), subject, "teacher_name", "teacher_email", "teacher_phone"
        )
        places = [place(self.key, r, "teacher") for r in requests]
        own = {r.pk for r in requests}
        for r in mentioning(ClassRequest.objects.exclude(pk__in=own), REQUEST_TEXTS, subject):
            places.append(place(self.key, r, "mention"))
        teacher_feedback = Feedback.objects.filter(author=Feedback.Author.TEACHER)
        for feedback in mentioning(teacher_feedback, ["comments"], subject):
            places.append(place(self.key, feedback, "feedback", f"#{feedback.pk}"))
        return places

    def export(self, subject, places):
        person = registry.Person(subject, places)
        own = person.pks(self.key, "education.classrequest", "teacher")
        named = person.pks(self.key, "education.classrequest", "mention")
        return {
            "requests": [request_data(r) for r in teacher_requests_by_pk(own)],
            "named_in": [
                {"request": r.reference, "notes": r.notes, "reason": r.reason}
                for r in ClassRequest.objects.filter(pk__in=named)
            ]
            + [
                {"feedback": f.pk, "comments": f.comments}
                for f in Feedback.objects.filter(pk__in=person.pks(self.key, "education.feedback"))
            ],
        }

    def erase(self, subject, places):
        person = registry.Person(subject, places)
        own = person.pks(self.key, "education.classrequest", "teacher")
        erased = erase_requests(teacher_requests_by_pk(own))
        for r in ClassRequest.objects.filter(
            pk__in=person.pks(self.key, "education.classrequest", "mention")
        ):
            erased += redact_fields(r, REQUEST_TEXTS, subject)
        for f in Feedback.objects.filter(pk__in=person.pks(self.key, "education.feedback")):
            erased += redact_fields(f, ["comments"], subject)
        return erased


def teacher_requests_by_pk(pks):
    return (
        ClassRequest.objects.filter(pk__in=pks)
        .select_related("school")
        .prefetch_related("dates", programme_rows(), "bookings__feedback")
        .order_by("pk")
    )


# Lecturers and supporters


def export_lecturer(lecturer):
    """Everything kept about one lecturer or supporter."""
    return {
        "lecturer": {
            "reference": lecturer.reference,
            "kind": lecturer.kind,
            "name": lecturer.name,
            "name_kana": lecturer.name_kana,
            "email": lecturer.email,
            "phone": lecturer.phone,
            "language": lecturer.language,
            "programmes": [p.title for p in lecturer.programmes.all()],
            "weekdays": lecturer.weekdays,
            "monthly_max": lecturer.monthly_max,
            "home_district": str(lecturer.home_district or ""),
            "districts": [str(d) for d in lecturer.districts.all()],
            "needs_step_free": lecturer.needs_step_free,
            "needs_escort": lecturer.needs_escort,
            "escorts": lecturer.escorts,
            "notes": lecturer.notes,
            "active": lecturer.active,
        },
        "days_away": [
            {"from": a.first.isoformat(), "to": a.last.isoformat()} for a in lecturer.absences.all()
        ],
        "classes": [
            {
                "request": b.booking.request.reference,
                "school": b.booking.request.school.name,
                "date": b.booking.date.isoformat(),
                "state": b.booking.state,
                "role": b.role,
                "programme": b.programme.title if b.programme else "",
                "answer": b.answer,
            }
            for b in lecturer.booked.select_related(
                "booking__request__school", "programme"
            ).order_by("booking__date")
        ],
        "feedback_given": [
            {"class": f.booking.date.isoformat(), "rating": f.rating, "comments": f.comments}
            for f in lecturer.feedback_given.select_related("booking")
        ],
    }


def erase_lecturer_record(lecturer, name):
    """Classes to come that they are booked for are called off (the request is arranged
    again), then name, contacts, needs, notes and days away go and the links stop working.
    The reference, kind and classes stay, so the yearly report still counts them (under
    `name`, e.g. "(erased)")."""
    upcoming = Booking.objects.filter(
        people__lecturer=lecturer,
        state__in=[Booking.State.ASKED, Booking.State.CONFIRMED],
        date__gte=today(),
    )
    # The requests locked in one order, then each booking read again under its lock.
    lock_all(ClassRequest.objects.filter(pk__in=upcoming.values("request_id")))
    for booking_id in list(upcoming.values_list("pk", flat=True).distinct()):
        booking = _locked_booking(booking_id)
        if booking is None or booking.state not in (Booking.State.ASKED, Booking.State.CONFIRMED):
            continue
        _call_off(booking, "person_unavailable")
        tell_coordinators(
            booking.request, "education_declined", f"erased-{booking.pk}", erased=True
        )
    address = lecturer.email
    Lecturer.objects.filter(pk=lecturer.pk).update(
        name=name,
        name_kana="",
        email="",
        phone="",
        notes="",
        home_district=None,
        needs_step_free=False,
        needs_escort="",
        escorts=[],
        weekdays=[],
        active=False,
    )
    lecturer.districts.clear()
    lecturer.absences.all().delete()
    for booked in lecturer.booked.all():
        BookedPerson.objects.filter(pk=booked.pk).update(nonce=new_nonce())
    lecturer.feedback_given.update(comments="")
    forget([address])


def erase_lecturer(lecturer):
    """Erase one lecturer's or supporter's record (its own screen), with the emails sent to
    them."""
    subject = Subject.of(email=lecturer.email)
    places = [place(LECTURERS, lecturer, "lecturer")]
    if subject.email:
        places += registry.find(subject, only={"notifications"}).places
    person = registry.Person(subject, places)
    with transaction.atomic():
        registry.erase(person)
        registry.log("erase", person, None, LECTURERS)
    lecturer.refresh_from_db()
    return lecturer


def _erase_lecturers(pks, name):
    for lecturer in Lecturer.objects.filter(pk__in=pks):
        erase_lecturer_record(lecturer, name)
    return len(pks)


class LecturersContributor(Contributor):
    key = LECTURERS
    label = _("Welfare education: lecturers and supporters")

    def find(self, subject, found=()):
        lecturers = _candidates(Lecturer.objects.all(), subject, "name", "email", "phone")
        places = [place(self.key, lecturer, "lecturer") for lecturer in lecturers]
        own = {lecturer.pk for lecturer in lecturers}
        for lecturer in mentioning(Lecturer.objects.exclude(pk__in=own), ["notes"], subject):
            places.append(place(self.key, lecturer, "mention"))
        lecturer_feedback = Feedback.objects.filter(author=Feedback.Author.LECTURER).exclude(
            lecturer__in=own
        )
        for feedback in mentioning(lecturer_feedback, ["comments"], subject):
            places.append(place(self.key, feedback, "feedback", f"#{feedback.pk}"))
        return places

    def export(self, subject, places):
        person = registry.Person(subject, places)
        return {
            "lecturers": [
                export_lecturer(lecturer)
                for lecturer in Lecturer.objects.filter(
                    pk__in=person.pks(self.key, "education.lecturer", "lecturer")
                )
            ],
            "named_in": [
                {"lecturer": lecturer.reference, "notes": lecturer.notes}
                for lecturer in Lecturer.objects.filter(
                    pk__in=person.pks(self.key, "education.lecturer", "mention")
                )
            ]
            + [
                {"feedback": f.pk, "comments": f.comments}
                for f in Feedback.objects.filter(pk__in=person.pks(self.key, "education.feedback"))
            ],
        }

    def erase(self, subject, places):
        person = registry.Person(subject, places)
        erased = _erase_lecturers(
            person.pks(self.key, "education.lecturer", "lecturer"), _gettext("(erased)")
        )
        for lecturer in Lecturer.objects.filter(
            pk__in=person.pks(self.key, "education.lecturer", "mention")
        ):
            erased += redact_fields(lecturer, ["notes"], subject)
        for f in Feedback.objects.filter(pk__in=person.pks(self.key, "education.feedback")):
            erased += redact_fields(f, ["comments"], subject)
        return erased


def contributors():
    return [TeachersContributor(), LecturersContributor()]
