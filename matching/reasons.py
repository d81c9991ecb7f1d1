"""The engine's reasons (message ids and parameters) in the reader's language."""

from django.utils.translation import gettext as _

from kokoron.core.choices import LANGUAGE_CHOICES, WEEKDAYS
from kokoron.geography.models import Neighbourhood, SchoolDistrict

from .models import (
    Activity,
    Gender,
    Training,
)


def _name(model, pk):
    if pk is None:
        return ""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return "?"
    return obj.display_name


def _weekday(number):
    return str(dict(WEEKDAYS).get(number, "?"))


def describe(reason):
    """One reason, a dict {"code", "params", "points"}, as a short phrase."""
    code = reason.get("code", "")
    p = reason.get("params") or {}
    if code == "same_neighbourhood":
        return _("Same neighbourhood (%(name)s)") % {
            "name": _name(Neighbourhood, p.get("neighbourhood"))
        }
    if code == "same_district":
        return _("Same school district (%(name)s)") % {
            "name": _name(SchoolDistrict, p.get("district"))
        }
    if code == "adjacent_district":
        return _("Lives in the next district (%(name)s)") % {
            "name": _name(SchoolDistrict, p.get("district"))
        }
    if code == "experience":
        return _("Has helped with %(activity)s before (%(count)s times)") % {
            "activity": _name(Activity, p.get("activity")),
            "count": p.get("count", 0),
        }
    if code == "familiar":
        return _("Knows this person: has helped them before, and it went well")
    if code == "light_load":
        return _("Has time: %(load)s of %(capacity)s needs at once") % {
            "load": p.get("load", 0),
            "capacity": p.get("capacity", 0),
        }
    if code == "waiting":
        return _("Has waited %(days)s days for a need") % {"days": p.get("days", 0)}
    if code == "preferred_language":
        return _("Speaks %(language)s") % {
            "language": dict(LANGUAGE_CHOICES).get(p.get("language"), p.get("language"))
        }
    if code == "preferred_gender":
        return _("Gender as preferred (%(gender)s)") % {
            "gender": dict(Gender.choices).get(p.get("gender"), "")
        }
    if code == "preferred_training":
        return _("Has done %(training)s") % {"training": _name(Training, p.get("training"))}
    return describe_empty(reason)


def describe_empty(reason):
    """Why nobody can take a need."""
    code = reason.get("code", "")
    p = reason.get("params") or {}
    district = _name(SchoolDistrict, p.get("district"))
    activity = _name(Activity, p.get("activity"))
    if code == "nobody_available":
        return _(
            "Nobody who goes to %(district)s and helps with %(activity)s is available on "
            "%(weekday)s from %(start)s to %(end)s."
        ) % {
            "district": district,
            "activity": activity,
            "weekday": _weekday(p.get("weekday")),
            "start": p.get("start", ""),
            "end": p.get("end", ""),
        }
    messages = {
        "nobody_available_dates": _(
            "Everyone who could help in %(district)s is away on one of the dates."
        ),
        "nobody_registered": _("No active volunteer goes to %(district)s."),
        "nobody_active": _("No active volunteer goes to %(district)s."),
        "nobody_capacity": _(
            "Everyone who could help in %(district)s already has as many needs as they can take."
        ),
        "nobody_district": _("No active volunteer goes to %(district)s."),
        "nobody_activity": _("Nobody who goes to %(district)s helps with %(activity)s."),
        "nobody_declined": _("Everyone who could help has already been asked for this need."),
        "nobody_time": _("Nobody is available at that time."),
        "nobody_away": _("Everyone who could help is away on one of the dates."),
        "nobody_language": _("Nobody who could help speaks the required language."),
        "nobody_gender": _("Nobody who could help is of the required gender."),
        "nobody_training": _("Nobody who could help has the required training, still valid."),
        "no_dates": _("The need has no dates left."),
    }
    message = messages.get(code)
    if message is None:
        return code
    return message % {"district": district, "activity": activity}
