"""The directory plugin's forms: its search, a correction and the yearly verification."""

from .spec import GET, Spec, latest, same_text
from .values import emails, free_text, optional, today


def correction_stored(values, response, context):
    from directory.models import CorrectionSuggestion

    suggestion = latest(CorrectionSuggestion)
    return {
        "message": same_text(suggestion.message, values["message"]),
        "name": same_text(suggestion.name, values.get("name", "")),
        "email": same_text(suggestion.email, values.get("email", "")),
        "(service)": (str(suggestion.service_id), context["path"].split("/")[-3]),
    }


def verify_complete(values, draw, context):
    for name in list(values):
        if name.endswith("-answer"):
            message = name.replace("-answer", "-message")
            values[message] = (
                draw(free_text(min_size=5, max_size=300))
                if values[name] == "correct"
                else draw(optional(free_text(max_size=300)))
            )


def verify_stored(values, response, context):
    from directory.models import CorrectionSuggestion, Service

    found = {}
    for name, value in values.items():
        if not name.endswith("-answer"):
            continue
        pk = name.removesuffix("-answer")
        service = Service.objects.get(pk=pk)
        latest_correction = latest(CorrectionSuggestion, service=service)
        if value == "confirm":
            found[name] = (service.assured_date, today())
            found[name.replace("-answer", "-message")] = ("", "")
        else:
            found[name] = (latest_correction is not None, True)
            found[name.replace("-answer", "-message")] = same_text(
                latest_correction.message, values[name.replace("-answer", "-message")]
            )
    return found


SPECS = {
    "GET directory:index [day,district,field,free,kind,language,open_now,q,step_free]": Spec(**GET),
    "GET directory:index [q]": Spec(**GET),
    "POST directory:correction [email,message,name,website]": Spec(
        stored=correction_stored,
        text={"name": optional(free_text(max_size=100)), "email": optional(emails)},
        unstored={"website": "the honeypot"},
    ),
    "POST directory:verify [*-answer,*-message]": Spec(
        complete=verify_complete, stored=verify_stored
    ),
}
