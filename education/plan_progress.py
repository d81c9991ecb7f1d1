"""Welfare education's figures for the plan's progress report (goal 1): the classes held in
schools and the pupils they reached, per fiscal year and the school's district."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from kokoron.core.plan_progress import Indicator, count_by_year

from .models import Booking


def _held():
    return Booking.objects.filter(state=Booking.State.DONE)


def classes_held(years):
    """Visits held (a booking marked done), on the day of the class."""
    return count_by_year(_held(), "date", "request__school__district", years, is_datetime=False)


def pupils_reached(years):
    """The pupils of the classes held, as the teacher's request gave them."""
    return count_by_year(
        _held(),
        "date",
        "request__school__district",
        years,
        is_datetime=False,
        value=Sum("request__pupils"),
    )


def indicators():
    return [
        Indicator(
            1, "education.classes_held", _("Welfare-education classes held"), classes_held, 10
        ),
        Indicator(
            1, "education.pupils_reached", _("Pupils reached by the classes"), pupils_reached, 20
        ),
    ]
