"""The yearly report: classes and pupils reached per school, lecturer and programme."""

import datetime as dt
from collections import defaultdict

from django.db.models import Avg, Count, Q, Sum

from ..models import BookedPerson, Booking, Feedback
from .common import programme_rows


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
