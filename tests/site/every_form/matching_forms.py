"""The matching plugin's forms: asking for help, registering as a volunteer, a volunteer's
own page and the answer to a proposal."""

import datetime as dt
import unicodedata
from decimal import Decimal

from hypothesis import strategies as st

from .spec import Spec, context_language, latest, pk_of, pks, same_text, sent_list, ticked
from .values import (
    DATE_FORMATS,
    dates,
    emails,
    free_text,
    kana,
    optional,
    parse_date,
    parse_time,
    phones,
    today,
    typed,
    write_date,
    write_time,
)


def place_compatible(values, name, option):
    """A neighbourhood goes with its own school district only."""
    from kokoron.geography.models import Neighbourhood

    neighbourhood, district = values.get("neighbourhood"), values.get("district")
    if name == "district" and neighbourhood:
        return str(Neighbourhood.objects.get(pk=neighbourhood).district_id) == option
    if name == "neighbourhood" and option and district:
        return str(Neighbourhood.objects.get(pk=option).district_id) == district
    return True


HELPED_TEXTS = ("helped_name", "helped_name_kana", "helped_phone", "helped_address")


def ask_compatible(values, name, option):
    """A place as in place_compatible; the other person's agreement ticked whenever the help
    is for someone else (for oneself it may be ticked or not: it is not used)."""
    if not place_compatible(values, name, option):
        return False
    if name == "helped_consent" and option == "":
        return values.get("for_whom") in (None, "self")
    if name == "for_whom" and option != "self":
        return values.get("helped_consent") != ""
    return True


def ask_complete(values, draw, context):
    if values["for_whom"] == "self":  # the other person's details are left empty
        values.update(dict.fromkeys(HELPED_TEXTS, ""))
    values["date"] = draw(dates(today(), today() + dt.timedelta(days=366)))
    start = draw(st.integers(0, 22 * 60))
    end = draw(st.integers(start + 1, 23 * 60 + 59))
    pattern = draw(st.sampled_from(("%H:%M", "%H時%M分", "%H時")))
    values["start_time"] = write_time(start, pattern)
    values["end_time"] = write_time(end, pattern)
    if parse_time(values["end_time"]) <= parse_time(values["start_time"]):
        values["end_time"] = write_time(end, "%H:%M")
    if not values.get("email") and not values.get("phone"):
        values["email"] = draw(emails)


def person_stored(person, values):
    return {
        "name": same_text(person.name, values["name"]),
        "name_kana": same_text(person.name_kana, values.get("name_kana", "")),
        "email": same_text(person.email, values.get("email", "")),
        "phone": same_text(person.phone, values.get("phone", "")),
        "district": (pk_of(person.district), values["district"]),
        "neighbourhood": (pk_of(person.neighbourhood), values.get("neighbourhood") or None),
        "(language)": (person.language, context_language.get()),
    }


def helped_stored(need, values):
    """The person helped: their own record, placed where the help is, and the agreement noted
    on the need; none of it when the help is for the one who asks."""
    from matching.models import NeedNote

    helped = need.recipient
    if values["for_whom"] == "self":
        return {
            **{name: (pk_of(helped), None) for name in HELPED_TEXTS},
            "helped_consent": (need.notes.exists(), False),
        }
    return {
        "helped_name": same_text(helped.name, values["helped_name"]),
        "helped_name_kana": same_text(helped.name_kana, values["helped_name_kana"]),
        "helped_phone": same_text(helped.phone, values["helped_phone"]),
        "helped_address": same_text(helped.address, values["helped_address"]),
        "(helped place)": (
            (pk_of(helped.district), pk_of(helped.neighbourhood)),
            (values["district"], values.get("neighbourhood") or None),
        ),
        "helped_consent": (
            NeedNote.objects.filter(need=need, author=None).count(),
            int(ticked(values.get("helped_consent"))),
        ),
    }


def ask_stored(values, response, context):
    from matching.models import Need

    need = latest(Need)
    return {
        **person_stored(need.requester, values),
        **helped_stored(need, values),
        "category": (pk_of(need.category), values["category"]),
        "description": same_text(need.description, values["description"]),
        "for_whom": (need.for_whom, values["for_whom"]),
        "district": (pk_of(need.district), values["district"]),
        "neighbourhood": (pk_of(need.neighbourhood), values.get("neighbourhood") or None),
        "date": (need.date, parse_date(values["date"])),
        "start_time": (need.start_time, parse_time(values["start_time"])),
        "end_time": (need.end_time, parse_time(values["end_time"])),
        "repeats_weekly": (need.repeats_weekly, ticked(values.get("repeats_weekly"))),
    }


def days_away_complete(values, draw, context):
    """Rows of days away: each empty, or a period that is not over."""
    rows = context["form"].controls["days_away_first"].count
    firsts, lasts = [], []
    for _row in range(rows):
        if draw(st.booleans()):
            start = draw(st.integers(0, 300))
            length = draw(st.integers(0, 30))
            first = today() + dt.timedelta(days=start)
            pattern = draw(st.sampled_from(DATE_FORMATS))
            firsts.append(write_date(first, pattern, False))
            lasts.append(write_date(first + dt.timedelta(days=length), pattern, False))
        else:
            firsts.append("")
            lasts.append("")
    values["days_away_first"], values["days_away_last"] = firsts, lasts


def days_away_expected(values):
    periods = [
        (parse_date(first), parse_date(last))
        for first, last in zip(values["days_away_first"], values["days_away_last"], strict=True)
        if first
    ]
    return sorted(periods)


def absences_of(volunteer):
    return sorted(
        volunteer.absences.filter(last_day__gte=today()).values_list("first_day", "last_day")
    )


def availability_expected(values):
    from matching import weekgrid

    cells = [weekgrid.parse_cell(cell) for cell in sent_list(values.get("availability", []))]
    return weekgrid.slots_from_cells(cells)


def register_complete(values, draw, context):
    days_away_complete(values, draw, context)


def register_stored(values, response, context):
    from matching.models import Volunteer

    volunteer = latest(Volunteer)
    person = volunteer.person
    return {
        **person_stored(person, values),
        "strengths": same_text(person.strengths, values.get("strengths", "")),
        "goes_to": (pks(volunteer.goes_to.all()), sent_list(values.get("goes_to", []))),
        "activities": (pks(volunteer.activities.all()), sent_list(values["activities"])),
        "availability": (volunteer.availability, availability_expected(values)),
        "days_away_first": (absences_of(volunteer), days_away_expected(values)),
        "days_away_last": (absences_of(volunteer), days_away_expected(values)),
        "languages": (sorted(volunteer.languages), sent_list(values["languages"])),
        "gender": (volunteer.gender, values.get("gender", "")),
        "consent": (volunteer.consent, ticked(values.get("consent"))),
    }


# -- matching: a volunteer's own page, the answer to a proposal --------------------------------


def own_page_request_stored(values, response, context):
    return {}


def _volunteer_of(context):
    from matching import own_page

    token = context["path"].rstrip("/").split("/")[-1]
    return own_page.volunteer_from_token(token)


def own_availability_stored(values, response, context):
    volunteer = _volunteer_of(context)
    volunteer.refresh_from_db()
    return {
        "availability": (volunteer.availability, availability_expected(values)),
        "days_away_first": (absences_of(volunteer), days_away_expected(values)),
        "days_away_last": (absences_of(volunteer), days_away_expected(values)),
        "action": ("availability", values["action"]),
    }


def own_action_stored(values, response, context):
    volunteer = _volunteer_of(context)
    action = values["action"]
    expected = {
        "pause": ("paused", True),
        "resume": ("active", True),
        "withdraw": ("paused", False),
        "consent": (volunteer.status, True),
    }[action]
    return {"action": ((volunteer.status, volunteer.consent), expected)}


def absence_complete(values, draw, context):
    """A first day from today on; a last day empty (one day) or within three months of it."""
    first = today() + dt.timedelta(days=draw(st.integers(0, 300)))
    pattern = draw(st.sampled_from(DATE_FORMATS))
    values["first_day"] = write_date(first, pattern, draw(st.booleans()))
    if draw(st.booleans()):
        last = first + dt.timedelta(days=draw(st.integers(0, 91)))
        values["last_day"] = write_date(last, pattern, draw(st.booleans()))
    else:
        values["last_day"] = ""


def absence_stored(values, response, context):
    volunteer = _volunteer_of(context)
    first = parse_date(values["first_day"])
    last = parse_date(values["last_day"]) if values["last_day"] else first
    absence = volunteer.absences.filter(first_day=first, last_day=last).first()
    return {
        "first_day": (absence and absence.first_day, first),
        "last_day": (absence and absence.last_day, last),
        "reason": same_text(absence and absence.reason, values.get("reason", "")),
        "action": ("away", values["action"]),
    }


def absence_withdrawn_stored(values, response, context):
    from matching.models import VolunteerAbsence

    gone = not VolunteerAbsence.objects.filter(pk=values["absence"]).exists()
    return {"action": (gone, True)}


def hours_complete(values, draw, context):
    tenths = draw(st.integers(0, 9990))
    values["hours"] = draw(typed(str(Decimal(tenths) / 10)))


def hours_stored(values, response, context):
    from matching.models import Assignment

    assignment = Assignment.objects.get(pk=values["assignment"])
    return {
        "hours": (assignment.hours_given, Decimal(unicodedata.normalize("NFKC", values["hours"]))),
        "action": (assignment.hours_recorded_by, Assignment.HoursBy.VOLUNTEER),
    }


def proposal_stored(values, response, context):
    from matching import services

    token = context["path"].rstrip("/").split("/")[-1]
    proposal = services.proposal_from_token(token)
    expected = "accepted" if values["answer"] == "accept" else "declined"
    return {"answer": (proposal.state, expected)}


SPECS = {
    "POST matching:ask [category,date,description,district,email,end_time,for_whom,"
    "helped_address,helped_consent,helped_name,helped_name_kana,helped_phone,name,name_kana,"
    "neighbourhood,phone,repeats_weekly,start_time,website]": Spec(
        compatible=ask_compatible,
        complete=ask_complete,
        stored=ask_stored,
        text={
            "email": optional(emails),
            "helped_name": free_text(max_size=100),
            "helped_name_kana": optional(kana),
            "helped_phone": optional(phones),
            "helped_address": optional(free_text(max_size=250)),
        },
        unstored={"website": "the honeypot"},
    ),
    "POST matching:register [activities,availability,consent,days_away_first,days_away_last,"
    "district,email,gender,goes_to,languages,name,name_kana,neighbourhood,phone,strengths,"
    "website]": Spec(
        compatible=place_compatible,
        complete=register_complete,
        stored=register_stored,
        unstored={"website": "the honeypot"},
    ),
    "POST matching:my_page_request [email,website]": Spec(
        stored=own_page_request_stored,
        expect=(200,),
        unstored={
            "email": "only looked up: a link is emailed if it is known",
            "website": "the honeypot",
        },
    ),
    "POST matching:my_page [action,assignment,hours]": Spec(
        complete=hours_complete,
        stored=hours_stored,
        unstored={"assignment": "a hidden field naming the assignment"},
    ),
    "POST matching:my_page [action,availability,days_away_first,days_away_last]": Spec(
        complete=days_away_complete,
        stored=own_availability_stored,
        reuse_page=True,
    ),
    "POST matching:my_page [action]": Spec(stored=own_action_stored),
    "POST matching:my_page [action,first_day,last_day,reason]": Spec(
        complete=absence_complete,
        stored=absence_stored,
        text={
            "first_day": st.just(""),  # settled by absence_complete
            "last_day": st.just(""),
            "reason": optional(free_text(max_size=200)),
        },
    ),
    "POST matching:my_page [absence,action]": Spec(
        stored=absence_withdrawn_stored,
        unstored={"absence": "a hidden field naming the absence"},
    ),
    "POST matching:proposal [answer]": Spec(stored=proposal_stored),
}
