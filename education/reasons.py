"""The engine's codes in the reader's language: Japan's national holidays by name, and why a
class request has no suggestion (education.engine.explain), as matching.reasons does for
needs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokoron.core.choices import WEEKDAYS

from .models import Equipment, Lecturer, ProgrammePage

# The holidays by the names jpholiday gives (the law's); a name not here is shown as given.
HOLIDAYS = {
    "元日": gettext_lazy("New Year's Day"),
    "成人の日": gettext_lazy("Coming of Age Day"),
    "建国記念の日": gettext_lazy("National Foundation Day"),
    "天皇誕生日": gettext_lazy("The Emperor's Birthday"),
    "春分の日": gettext_lazy("Vernal Equinox Day"),
    "昭和の日": gettext_lazy("Showa Day"),
    "憲法記念日": gettext_lazy("Constitution Memorial Day"),
    "みどりの日": gettext_lazy("Greenery Day"),
    "こどもの日": gettext_lazy("Children's Day"),
    "海の日": gettext_lazy("Marine Day"),
    "山の日": gettext_lazy("Mountain Day"),
    "敬老の日": gettext_lazy("Respect for the Aged Day"),
    "秋分の日": gettext_lazy("Autumnal Equinox Day"),
    "スポーツの日": gettext_lazy("Sports Day"),
    "体育の日": gettext_lazy("Health and Sports Day"),
    "文化の日": gettext_lazy("Culture Day"),
    "勤労感謝の日": gettext_lazy("Labour Thanksgiving Day"),
    "国民の休日": gettext_lazy("Citizens' Holiday"),
    "振替休日": gettext_lazy("Substitute holiday"),
    "天皇の即位の日": gettext_lazy("Enthronement Day"),
    "即位礼正殿の儀": gettext_lazy("Enthronement Ceremony"),
    "即位の礼正殿の儀": gettext_lazy("Enthronement Ceremony"),
}
SUBSTITUTE = " 振替休日"


def holiday_name(name):
    """A national holiday's name (as education.engine.national_holiday gives it) in the
    active language: 建国記念の日 is National Foundation Day in English; a substitute
    holiday (春分の日 振替休日) names the holiday it stands for."""
    if not name:
        return ""
    if name.endswith(SUBSTITUTE):
        return _("Substitute holiday for %(holiday)s") % {
            "holiday": holiday_name(name.removesuffix(SUBSTITUTE))
        }
    return str(HOLIDAYS.get(name, name))


# Why there is no suggestion


def _name(model, pk):
    obj = model.objects.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        return "?"
    return getattr(obj, "display_name", None) or str(obj)


def _programme(pk):
    page = ProgrammePage.objects.filter(pk=pk).first()
    return page.localized.title if page else "?"


WHY_OTHER = {
    "no_lecturer": gettext_lazy("no lecturer of it can come"),
    "lecturer_taken": gettext_lazy("its lecturers are booked"),
    "no_escort": gettext_lazy("no guide helper or interpreter is free for its lecturer"),
    "no_supporters": gettext_lazy("not enough supporters are free for it"),
}


def describe(reason):
    """One engine Reason (code and parameters) about a request, a date or a lecturer, as a
    phrase for the coordinator."""
    code, p = reason.code, reason.kwargs
    if code == "national_holiday":
        return _("National holiday (%(holiday)s): no school.") % {
            "holiday": holiday_name(p.get("holiday"))
        }
    if code == "equipment":
        return _(
            "%(item)s: %(needed)s needed, only %(free)s free from delivery to return "
            "(the others are lent for other classes)."
        ) % {
            "item": _name(Equipment, p.get("item")),
            "needed": p.get("needed", 0),
            "free": p.get("free", 0),
        }
    if code == "weekday":
        return _("Does not come on %(weekday)s.") % {
            "weekday": dict(WEEKDAYS).get(p.get("weekday"), "?")
        }
    if code == "monthly_limit":
        return _("Already has %(limit)s classes that month, as many as they take.") % {
            "limit": p.get("limit", 0)
        }
    if code == "escort":
        return _("Needs %(escort)s; nobody who can is free that day.") % {
            "escort": dict(Lecturer.Escort.choices).get(p.get("escort"), "?")
        }
    if code == "supporters":
        return _("The programme needs %(needed)s supporters; %(free)s are free that day.") % {
            "needed": p.get("needed", 0),
            "free": p.get("free", 0),
        }
    if code == "other_programme":
        return _("For %(programme)s in the same visit, %(why)s.") % {
            "programme": _programme(p.get("programme")),
            "why": WHY_OTHER.get(p.get("why"), p.get("why", "")),
        }
    if code == "nobody_teaches":
        return _("No active lecturer teaches %(programme)s.") % {
            "programme": _programme(p.get("programme"))
        }
    return str(PHRASES.get(code, code))


PHRASES = {
    "grade": gettext_lazy("The programme is not for this grade."),
    "past": gettext_lazy("The date has passed."),
    "weekend": gettext_lazy("Weekend: no school."),
    "holiday": gettext_lazy("School holiday."),
    "step_free": gettext_lazy("Needs a step-free venue; the school is not."),
    "away": gettext_lazy("Away on that day."),
    "district": gettext_lazy("Does not go to this school district."),
    "booked": gettext_lazy("Already booked for another class that day."),
    # The rule that removed the last candidates (Explanation.empty_reason).
    "nobody_day": gettext_lazy("None of the dates is a school day any more."),
    "nobody_equipment": gettext_lazy(
        "On every school day asked for, the equipment is already lent for other classes."
    ),
    "nobody_step_free": gettext_lazy("Every lecturer of the programme needs a step-free venue."),
    "nobody_weekday": gettext_lazy("No lecturer of the programme comes on those weekdays."),
    "nobody_away": gettext_lazy("The lecturers who could come are away."),
    "nobody_district": gettext_lazy("No lecturer who could come goes to this school district."),
    "nobody_booked": gettext_lazy("The lecturers who could come are already booked that day."),
    "nobody_monthly_limit": gettext_lazy(
        "The lecturers who could come have as many classes that month as they take."
    ),
    "nobody_escort": gettext_lazy(
        "No guide helper or interpreter is free to come with the lecturers who could come."
    ),
    "nobody_supporters": gettext_lazy("Not enough supporters are free."),
    "nobody_other_programme": gettext_lazy(
        "Nobody is free for another programme of the same visit."
    ),
}


def explanation_rows(explanation):
    """The engine's Explanation for the request page: a summary, then each date with what
    rules it out, or each lecturer with what rules them out."""
    lecturers = Lecturer.objects.in_bulk(
        [pk for verdict in explanation.dates for pk, _reason in verdict.lecturers]
    )
    return {
        "summary": describe(explanation.empty_reason) if explanation.empty_reason else "",
        "request": describe(explanation.reason) if explanation.reason else "",
        "dates": [
            {
                "date": verdict.date,
                "reasons": [describe(reason) for reason in verdict.reasons],
                "lecturers": [
                    {
                        "lecturer": lecturers.get(pk),
                        "reason": describe(reason) if reason else _("Could come."),
                    }
                    for pk, reason in verdict.lecturers
                ],
            }
            for verdict in explanation.dates
        ],
    }
