"""The Volunteer Center's figures for the plan's progress report: new helpers (goal 3) and
the needs found and solved (goal 4), per fiscal year and the school district of the
volunteer or of the need."""

from django.utils.translation import gettext_lazy as _

from kokoron.core.plan_progress import Indicator, count_by_year

from .models import Assignment, Need, Volunteer, VolunteerTraining


def volunteers_registered(years):
    return count_by_year(Volunteer.objects.all(), "registered_at", "person__district", years)


def volunteers_trained(years):
    """Volunteers who completed a training in the year, each once however many they did."""
    return count_by_year(
        VolunteerTraining.objects.all(),
        "completed_on",
        "volunteer__person__district",
        years,
        is_datetime=False,
        distinct="volunteer",
    )


def volunteers_active(years):
    """Volunteers who began helping with at least one need in the year."""
    return count_by_year(
        Assignment.objects.exclude(outcome=Assignment.Outcome.CANCELLED),
        "started_at",
        "volunteer__person__district",
        years,
        distinct="volunteer",
    )


def needs_received(years):
    return count_by_year(Need.objects.all(), "created_at", "district", years)


def needs_matched(years):
    """Needs a volunteer took on in the year (an accepted proposal makes an assignment),
    each once however many volunteers helped."""
    return count_by_year(
        Assignment.objects.all(), "started_at", "need__district", years, distinct="need"
    )


def needs_referred(years):
    """Needs passed to a specialist agency, by the day they were passed on."""
    return count_by_year(
        Need.objects.filter(state=Need.State.REFERRED), "closed_at", "district", years
    )


def indicators():
    return [
        Indicator(
            3,
            "matching.volunteers_registered",
            _("Volunteers registered"),
            volunteers_registered,
            10,
        ),
        Indicator(
            3,
            "matching.volunteers_trained",
            _("Volunteers who completed a training"),
            volunteers_trained,
            20,
        ),
        Indicator(
            3,
            "matching.volunteers_active",
            _("Volunteers who helped with a need"),
            volunteers_active,
            30,
        ),
        Indicator(4, "matching.needs_received", _("Needs received"), needs_received, 10),
        Indicator(
            4, "matching.needs_matched", _("Needs matched with a volunteer"), needs_matched, 20
        ),
        Indicator(
            4,
            "matching.needs_referred",
            _("Needs referred to a specialist agency"),
            needs_referred,
            30,
        ),
    ]
