"""The forms of matching's volunteer experiences and courses (sign-ups): the list, signing
up, a guardian's consent, managing a sign-up, one's sign-ups and certificates."""

import datetime as dt

from django.utils import timezone

from hypothesis import strategies as st

from tests.browser import signed_links

from .spec import GET, Spec, context_language, latest, same_text
from .values import (
    dates,
    emails,
    free_text,
    number,
    optional,
    parse_date,
    serial,
    today,
    typed,
    write_date,
)


def signup_prepare(context):
    """A session open to everyone (every school year, every age), with room for every
    submission: the found form's choices are all valid on it."""
    from matching.signups.factories import OpportunityPageFactory, SessionFactory
    from matching.signups.models import OpportunityIndexPage

    index = OpportunityIndexPage.objects.filter(locale__language_code="ja").first()
    opportunity = OpportunityPageFactory(
        parent=index,
        title="だれでも参加できる体験",
        slug=f"open-to-all-{next(serial)}",
        open_to_adults=True,
        grade_from=None,
        grade_to=None,
    )
    session = SessionFactory(
        opportunity=opportunity,
        start=timezone.now() + dt.timedelta(days=30),
        capacity=1000,
        signup_opens=timezone.now() - dt.timedelta(days=1),
    )
    return f"/volunteer/experiences/session/{session.pk}/"


def signup_complete(values, draw, context):
    from matching.signups import rules

    grade = int(values["grade"])
    # An age that goes with the school year: a pupil's (小1 is 6 or 7), a university
    # student's, or an adult's.
    if grade == rules.ADULT:
        low, high = 15, 120
    elif grade == rules.UNIVERSITY:
        low, high = 18, 70
    else:
        low, high = grade + 5, grade + 7
    age = draw(st.integers(low, high))
    values["age"] = draw(typed(str(age)))
    if rules.needs_guardian(age):
        values["guardian_name"] = draw(free_text(max_size=100))
        values["guardian_email"] = draw(emails)
    else:
        values["guardian_name"] = values["guardian_email"] = ""


def signup_stored(values, response, context):
    from matching.signups.models import Signup

    signup = latest(Signup)
    return {
        "name": same_text(signup.name, values["name"]),
        "name_kana": same_text(signup.name_kana, values["name_kana"]),
        "school": same_text(signup.school, values.get("school", "")),
        "grade": (signup.grade, int(values["grade"])),
        "age": (signup.age, number(values["age"])),
        # Addresses are kept in lower case: the same person is recognised however typed.
        "email": (signup.email, values["email"].strip().lower()),
        "phone": same_text(signup.phone, values.get("phone", "")),
        "emergency_contact": same_text(signup.emergency_contact, values["emergency_contact"]),
        "allergies": same_text(signup.allergies, values.get("allergies", "")),
        "assistance": same_text(signup.assistance, values.get("assistance", "")),
        "photo_consent": (signup.photo_consent, values["photo_consent"] == "yes"),
        "guardian_name": same_text(signup.guardian_name, values["guardian_name"]),
        "guardian_email": same_text(signup.guardian_email, values["guardian_email"]),
        "(language)": (signup.language, context_language.get()),
    }


def email_lookup_stored(values, response, context):
    return {}


def guardian_stored(values, response, context):
    from matching.signups import services

    token = context["path"].rstrip("/").split("/")[-1]
    signup = services.signup_from_token(token, "guardian")
    return {"(consent)": (signup.guardian_confirmed_at is not None, True)}


def manage_stored(values, response, context):
    from matching.signups import services
    from matching.signups.models import Certificate

    token = context["path"].rstrip("/").split("/")[-1]
    signup = services.signup_from_token(token)
    action = values["action"]
    if action == "certificate":
        certificate = latest(Certificate)
        return {"action": (list(certificate.signups.all()), [signup])}
    expected = {"cancel": "cancelled", "reconfirm": "confirmed"}[action]
    return {"action": (signup.state, expected)}


def certificate_complete(values, draw, context):
    """A number and the code printed with it, of one certificate."""
    certificate = signed_links._certificate()
    values["number"], values["code"] = certificate.number, certificate.printed_code


def mine_complete(values, draw, context):
    """A period around the person's attended sessions (or none given: all of them)."""
    from matching.signups import certificates, services

    token = context["path"].rstrip("/").split("/")[-1]
    email = services.email_from_mine_token(token)
    days = [s.session.start.date() for s in certificates.certifiable(email)]
    if draw(st.booleans()):
        values["date_from"] = write_date(
            min(days) - dt.timedelta(days=draw(st.integers(0, 60))), "%Y-%m-%d", False
        )
        values["date_to"] = write_date(
            max(days) + dt.timedelta(days=draw(st.integers(0, 60))), "%Y/%m/%d", False
        )
    else:
        values["date_from"] = values["date_to"] = ""


def mine_stored(values, response, context):
    from matching.signups import certificates, services
    from matching.signups.models import Certificate

    token = context["path"].rstrip("/").split("/")[-1]
    email = services.email_from_mine_token(token)
    certificate = latest(Certificate)
    expected = sorted(s.pk for s in certificates.certifiable(email))
    stored = sorted(s.pk for s in certificate.signups.all())
    first = parse_date(values["date_from"]) if values["date_from"] else None
    last = parse_date(values["date_to"]) if values["date_to"] else None
    return {
        "date_from": (certificate.date_from >= first if first else True, True),
        "date_to": (certificate.date_to <= last if last else True, True),
        "(signups)": (stored, expected),
    }


SPECS = {
    "GET matching:experiences:list [activity,date_from,date_to,district,free,grade,q]": Spec(
        text={
            "date_from": optional(dates(today(), today() + dt.timedelta(days=90))),
            "date_to": optional(
                dates(today() + dt.timedelta(days=91), today() + dt.timedelta(days=400))
            ),
        },
        **GET,
    ),
    "POST matching:experiences:signup [age,allergies,assistance,email,emergency_contact,"
    "grade,guardian_email,guardian_name,name,name_kana,phone,photo_consent,school,website]": Spec(
        prepare=signup_prepare,
        complete=signup_complete,
        stored=signup_stored,
        text={"age": st.just("20")},
        options_from_prepared=True,
        unstored={"website": "the honeypot"},
    ),
    "POST matching:experiences:mine_request [email,website]": Spec(
        stored=email_lookup_stored,
        expect=(200,),
        unstored={
            "email": "only looked up: a link is emailed if it is known",
            "website": "the honeypot",
        },
    ),
    "POST matching:experiences:mine [date_from,date_to]": Spec(
        complete=mine_complete,
        stored=mine_stored,
        text={"date_from": st.just(""), "date_to": st.just("")},
    ),
    "GET matching:experiences:verify [code,number]": Spec(
        text={"number": st.none(), "code": st.none()},
        complete=certificate_complete,
        **GET,
    ),
    "POST matching:experiences:guardian []": Spec(stored=guardian_stored),
    "POST matching:experiences:manage [action]": Spec(stored=manage_stored),
}
