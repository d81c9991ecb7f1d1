"""The education plugin's forms: a class request, its status page, a lecturer's answer
and the feedback after the class."""

import datetime as dt
import re

from hypothesis import strategies as st

from .spec import Spec, context_language, latest, pk_of, same_text, ticked
from .values import DATE_FORMATS, number, parse_date, typed, write_date


def programme_compatible(values, name, option):
    from education.models import ProgrammePage

    if name == "grade" or name.startswith("programme"):
        grade = values.get("grade") if name != "grade" else option
        chosen = [values.get(n) for n in ("programme", "programme_2", "programme_3") if n != name]
        if name.startswith("programme"):
            if option and option in chosen:
                return False
            programmes = [option] if option else []
        else:
            programmes = [p for p in chosen if p]
        if grade:
            for pk in programmes:
                if int(grade) not in ProgrammePage.objects.get(pk=pk).grades:
                    return False
    match = re.fullmatch(r"(first|last)_period_(\d)", name)
    if match:
        other = f"{'last' if match[1] == 'first' else 'first'}_period_{match[2]}"
        if other in values:
            # An optional date's periods are both chosen (with the date) or both left empty.
            if (option == "") != (values[other] == ""):
                return False
            if option == "":
                return True
            first, last = (
                (option, values[other]) if match[1] == "first" else (values[other], option)
            )
            return int(first) <= int(last)
    return True


def school_days(draw, count):
    from education import services

    calendar = services.calendar()
    days = []
    day = calendar.earliest() + dt.timedelta(days=draw(st.integers(0, 30)))
    while len(days) < count:
        if calendar.date_problem(day) is None:
            days.append(day)
        day += dt.timedelta(days=draw(st.integers(1, 10)))
    return days


def class_dates_complete(values, draw, context, prefix=""):
    days = school_days(draw, 3)
    for n, day in zip((1, 2, 3), days, strict=True):
        # An optional date is given when its periods were chosen (they start empty).
        if n == 1 or values.get(f"{prefix}first_period_{n}"):
            pattern = draw(st.sampled_from(DATE_FORMATS))
            values[f"{prefix}date_{n}"] = write_date(day, pattern, draw(st.booleans()))
        else:
            values[f"{prefix}date_{n}"] = ""


def class_dates_expected(values, prefix=""):
    return [
        (
            parse_date(values[f"{prefix}date_{n}"]),
            int(values[f"{prefix}first_period_{n}"]),
            int(values[f"{prefix}last_period_{n}"]),
        )
        for n in (1, 2, 3)
        if values[f"{prefix}date_{n}"]
    ]


def stored_dates(class_request):
    return [(d.date, d.first_period, d.last_period) for d in class_request.dates.order_by("rank")]


def request_complete(values, draw, context):
    from education.models import ProgrammePage

    class_dates_complete(values, draw, context)
    classes = draw(st.integers(1, 8))
    chosen = [
        ProgrammePage.objects.get(pk=values[n])
        for n in ("programme", "programme_2", "programme_3")
        if values.get(n)
    ]
    most = min(400, min(p.group_size for p in chosen) * classes)
    values["classes"] = draw(typed(str(classes)))
    values["pupils"] = draw(typed(str(draw(st.integers(1, most)))))


def request_stored(values, response, context):
    from education.models import ClassRequest

    request = latest(ClassRequest)
    programmes = [str(row.programme_id) for row in request.programme_rows.order_by("rank")]
    sent = [values[n] for n in ("programme", "programme_2", "programme_3") if values.get(n)]
    dates_sent = class_dates_expected(values)
    return {
        "school": (pk_of(request.school), values["school"]),
        "teacher_name": same_text(request.teacher_name, values["teacher_name"]),
        "email": same_text(request.teacher_email, values["email"]),
        "phone": same_text(request.teacher_phone, values.get("phone", "")),
        "grade": (request.grade, int(values["grade"])),
        "classes": (request.classes, number(values["classes"])),
        "pupils": (request.pupils, number(values["pupils"])),
        **dict.fromkeys(("programme", "programme_2", "programme_3"), (programmes, sent)),
        "step_free": (request.step_free, ticked(values.get("step_free"))),
        "has_lift": (request.has_lift, ticked(values.get("has_lift"))),
        "notes": same_text(request.notes, values.get("notes", "")),
        **{
            f"{kind}_{n}": (stored_dates(request), dates_sent)
            for kind in ("date", "first_period", "last_period")
            for n in (1, 2, 3)
        },
        "(language)": (request.language, context_language.get()),
    }


def _class_request_of(context):
    from education import services

    return services.request_from_token(context["path"].rstrip("/").split("/")[-1])


def status_complete(values, draw, context):
    if values.get("action") == "change":
        class_dates_complete(values, draw, context, prefix="change-")


def status_stored(values, response, context):
    class_request = _class_request_of(context)
    if values["action"] == "cancel":
        return {"action": (class_request.state, "cancelled")}
    dates_sent = class_dates_expected(values, prefix="change-")
    return {
        "action": ("change", values["action"]),
        **{
            f"change-{kind}_{n}": (stored_dates(class_request), dates_sent)
            for kind in ("date", "first_period", "last_period")
            for n in (1, 2, 3)
        },
    }


def _booked_of(context):
    from education import services

    token = context["path"].rstrip("/").split("/")
    token = token[-2] if context["path"].rstrip("/").endswith("feedback") else token[-1]
    return services.person_from_token(token)


def answer_stored(values, response, context):
    booked = _booked_of(context)
    expected = "accepted" if values["answer"] == "accept" else "declined"
    return {"answer": (booked.answer, expected)}


def feedback_complete(values, draw, context):
    values["pupils_reached"] = draw(typed(str(draw(st.integers(0, 400)))))


def feedback_stored(values, response, context):
    from education.models import Feedback

    feedback = latest(Feedback)
    return {
        "rating": (feedback.rating, int(values["rating"])),
        "pupils_reached": (feedback.pupils_reached, number(values["pupils_reached"])),
        "comments": same_text(feedback.comments, values.get("comments", "")),
    }


def _period_ok(values, name, option):
    return programme_compatible(
        {k.removeprefix("change-"): v for k, v in values.items()},
        name.removeprefix("change-"),
        option,
    )


SPECS = {
    "POST education:request [classes,date_1,date_2,date_3,email,first_period_1,first_period_2,"
    "first_period_3,grade,has_lift,last_period_1,last_period_2,last_period_3,notes,phone,"
    "programme,programme_2,programme_3,pupils,school,step_free,teacher_name,website]": Spec(
        compatible=programme_compatible,
        complete=request_complete,
        stored=request_stored,
        text={n: st.just("") for n in ("date_1", "date_2", "date_3", "classes", "pupils")},
        unstored={"website": "the honeypot"},
    ),
    "POST education:status [action,change-date_1,change-date_2,change-date_3,"
    "change-first_period_1,change-first_period_2,change-first_period_3,change-last_period_1,"
    "change-last_period_2,change-last_period_3]": Spec(
        compatible=lambda values, name, option: _period_ok(values, name, option),
        complete=status_complete,
        stored=status_stored,
        text={f"change-date_{n}": st.just("") for n in (1, 2, 3)},
    ),
    "POST education:status [action]": Spec(stored=status_stored),
    "POST education:answer [answer]": Spec(stored=answer_stored),
    "POST education:feedback [comments,pupils_reached,rating]": Spec(
        complete=feedback_complete,
        stored=feedback_stored,
        text={"pupils_reached": st.just("0")},
    ),
    "POST education:lecturer_feedback [comments,pupils_reached,rating]": Spec(
        complete=feedback_complete,
        stored=feedback_stored,
        text={"pupils_reached": st.just("0")},
    ),
}
