"""Every public form, every valid choice (issue 14): no server error, and what is stored is
what was sent.

The forms are found, not listed: every page type with a live page in the demo ward, every URL
name under the language prefixes, the pages their links lead to (one of each kind: a session's
sign-up form, a directory entry's correction form) and the pages behind emailed links
(tests/browser/signed_links.py) are read, and every <form> on them is collected. Each form
found must have a SPEC here (keyed by its method, the URL name it is sent to and its field
names), or the test fails naming it: a new form, or a new field, is exercised from the day it
appears.

Each form is sent, in Japanese and in Vietnamese, until every option of every choice field
(select, radio, checkbox, named button) has been sent at least once: exhaustively, combined
with compatible choices of the other fields (a programme with a grade it is for, a
neighbourhood with its school district). Hypothesis draws everything else: names, kana,
email addresses, telephone numbers, dates and times in the notations people type, numbers
and free text. Every submission must answer without a server error, be accepted (these are
valid values) and store exactly what was sent: the spec of each POST form reads the record
it made back and compares each field with the value sent; a filter (GET) form must show the
values it was sent back in its own fields. Then bad input, in Vietnamese: each choice field in
turn sent a value that is not an option, and every text field garbage (a NUL, 5,000
characters): each is refused (a message, never a 5xx) and nothing is written to the database.
Each Hypothesis example runs in a savepoint that is rolled back, so examples do not see each
other's records. Problems are collected with the values that were sent, not shrunk, so that one
run lists them all.
"""

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kokoron.core.languages import localize_path
from tests.browser import signed_links
from tests.browser.test_accessibility import language_neutral_paths, page_type_paths
from tests.rate_limits import reset_rate_limits

pytestmark = pytest.mark.django_db

# Japanese, and one of the residents' languages (its choices are labelled in Vietnamese).
LANGUAGES = ("ja", "vi")
# One example per form: every option of every choice is still sent, in both languages, with
# text Hypothesis draws afresh on every run.
EXAMPLES = 1
# Pages whose forms are not ours to test, or not pages at all.
SKIPPED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/_util/", "/cms/", "/static/")
NOT_FIELDS = {"csrfmiddlewaretoken"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LINK = re.compile(r'href="(/[^"#?]*)')
RECORD = re.compile(r"[-\d]")


# Finding the forms ----------------------------------------------------------------------------


@dataclass
class Control:
    """One field of a form as the browser sends it: a name, what kind of control, its options
    (select, radio, checkbox group, named buttons) and whether it is required."""

    name: str
    kind: str  # select, radio, checkbox, checkboxes, button, hidden, text
    options: list = field(default_factory=list)
    required: bool = False
    value: str = ""  # a hidden field's value
    count: int = 1  # text fields of the same name (rows of days away)


@dataclass
class FoundForm:
    key: str
    where: str  # the page it was found on, for messages
    method: str
    action: str  # the Japanese path it is sent to
    controls: dict
    make_page: object = None  # a function making a fresh signed page for each submission
    page: str = ""  # the page the form is on (its Japanese path)

    @property
    def choices(self):
        return [c for c in self.controls.values() if c.kind in CHOICE_KINDS]


CHOICE_KINDS = {"select", "radio", "checkbox", "checkboxes", "button"}


def url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def neutral(path):
    """The path without its language prefix, records and tokens replaced by *."""
    path = urlsplit(path).path
    for code in (*LANGUAGES, "en", "ja-easy", "zh-hans", "ko", "pt-br", "fil", "ne"):
        if path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :]
            break
    return path


def form_key(method, action, names, page_kinds):
    name = url_name(action)
    if name in (None, "wagtail_serve"):
        name = page_kinds.get(neutral(action), "page " + neutral(action))
    shown = sorted(UUID.sub("*", n) for n in names)
    return f"{method.upper()} {name} [{','.join(shown)}]"


def read_forms(html, page_path, page_kinds):
    """[(key, FoundForm-like dict)] for every form in the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for index, form in enumerate(soup.find_all("form")):
        method = (form.get("method") or "get").lower()
        action = urlsplit(form.get("action") or page_path).path or urlsplit(page_path).path
        controls = {}
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name in NOT_FIELDS or element.has_attr("disabled"):
                continue
            kind = element.get("type", "text") if element.name == "input" else element.name
            required = element.has_attr("required")
            if element.name == "select":
                options = [
                    option.get("value", option.get_text())
                    for option in element.find_all("option")
                    if not (required and option.get("value", option.get_text()) == "")
                ]
                controls[name] = Control(name, "select", options, required)
            elif kind == "radio":
                control = controls.setdefault(name, Control(name, "radio", [], required))
                control.options.append(element.get("value", "on"))
            elif kind == "checkbox":
                control = controls.setdefault(name, Control(name, "checkbox", [], required))
                control.options.append(element.get("value", "on"))
            elif element.name == "button" or kind in ("submit", "image"):
                control = controls.setdefault(name, Control(name, "button", []))
                control.options.append(element.get("value", ""))
            elif kind == "hidden":
                controls[name] = Control(name, "hidden", value=element.get("value", ""))
            elif name in controls:
                controls[name].count += 1
            else:
                controls[name] = Control(name, "text", required=required)
        for control in controls.values():
            if control.kind == "checkbox":
                if len(control.options) > 1:
                    control.kind = "checkboxes"
                elif not control.required:
                    control.options = [*control.options, ""]  # ticked, or not
        found.append(
            (
                form_key(method, action, controls, page_kinds),
                index,
                method,
                action,
                controls,
            )
        )
    return found


def shape(path):
    first, *rest = path.strip("/").split("/") or [""]
    return (first, *("*" if RECORD.search(part) else part for part in rest))


def find_forms(client):
    """{dedupe key: FoundForm} for every form on every page found, and the pages' kinds."""
    targets = list(page_type_paths())
    page_kinds = {path: kind for kind, path in targets}
    starts = [path for _kind, path in targets] + list(language_neutral_paths())
    found, seen, shapes = {}, set(), set()
    queue = list(starts)

    def collect(path, html, make_page=None, where=None):
        for key, _index, method, action, controls in read_forms(html, path, page_kinds):
            actions = tuple(
                sorted(
                    f"{c.name}={c.value}"
                    for c in controls.values()
                    if c.name == "action" and c.value
                )
            )
            if make_page and any(f.key == key and not f.make_page for f in found.values()):
                continue  # the header's forms, on every page: already found
            # A signed page's forms differ with the state of what the link names: each kind.
            dedupe = (key, actions, where if make_page else None)
            if dedupe not in found:
                found[dedupe] = FoundForm(
                    key, where or path, method, action, controls, make_page, path
                )

    while queue and len(seen) < 300:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIPPED_PATHS) or neutral(path) != path:
            continue
        seen.add(path)
        if path not in starts:
            if shape(path) in shapes:
                continue
            shapes.add(shape(path))
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        collect(path, html)
        queue.extend(LINK.findall(html))
    for name, variants in signed_links.LINKS.items():
        for variant, make in variants.items():
            path = make()
            response = client.get(path)
            assert response.status_code == 200, f"{name} ({variant}): {response.status_code}"
            collect(path, response.content.decode(), make, f"signed link {name} ({variant})")
    return list(found.values())


# Values people type ------------------------------------------------------------------------

_serial = itertools.count(1)
# Full-width digits and hyphen (U+FF10-FF19, U+FF0D), as Japanese keyboards often type them.
FULL_WIDTH = str.maketrans("0123456789-", "".join(chr(0xFF10 + n) for n in range(10)) + "\uff0d")


def typed(text):
    """The same digits, as typed: half-width or full-width."""
    return st.sampled_from([text, text.translate(FULL_WIDTH)])


def free_text(min_size=1, max_size=60):
    first = st.characters(categories=("L", "N"))
    rest = st.text(
        st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"),
        max_size=max_size - 1,
    )
    text = st.builds(lambda a, b: (a + b).strip(), first, rest)
    return text.filter(lambda t: len(t) >= min_size)


def optional(strategy):
    return st.one_of(st.just(""), strategy)


KANA_LETTERS = "".join(chr(c) for c in range(0x3041, 0x3097)) + "".join(
    chr(c) for c in range(0x30A1, 0x30FB)
)
kana = st.builds(
    lambda a, b: a + b,
    st.sampled_from(KANA_LETTERS),
    st.text(st.sampled_from(KANA_LETTERS + "ー・ \u3000"), max_size=20),
).map(str.strip)
# A local part of letters and digits, maybe two parts joined by . _ or - (never two dots).
emails = st.from_regex(r"[A-Za-z0-9]{1,8}([._-][A-Za-z0-9]{1,8})?", fullmatch=True).map(
    lambda local: f"{local}.{next(_serial)}@example.jp"
)
phones = (
    st.from_regex(r"0[1-9]{1,3}-[0-9]{2,4}-[0-9]{4}", fullmatch=True)
    .filter(lambda p: 10 <= len(p) <= 15)
    .flatmap(typed)
)


def dates(first, last):
    """A date between two dates (inclusive), written the ways people write dates."""
    days = (last - first).days
    return st.tuples(st.integers(0, days), st.sampled_from(DATE_FORMATS), st.booleans()).map(
        lambda t: _write_date(first + dt.timedelta(days=t[0]), t[1], t[2])
    )


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def _write_date(day, pattern, full_width):
    text = day.strftime(pattern)
    return text.translate(FULL_WIDTH) if full_width else text


def parse_date(text):
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise AssertionError(f"the test wrote a date it cannot read: {text!r}")


def write_time(minutes, pattern):
    hour, minute = divmod(minutes, 60)
    if pattern == "%H時" and minute:
        pattern = "%H:%M"
    return dt.time(hour, minute).strftime(pattern)


def parse_time(text):
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in ("%H:%M", "%H時%M分", "%H時"):
        try:
            return dt.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise AssertionError(f"the test wrote a time it cannot read: {text!r}")


def number(text):
    return int(unicodedata.normalize("NFKC", text))


def today():
    return timezone.localdate()


# Values for text fields by name, whatever the form (a spec may give its own).
TEXT = {
    "name": lambda: free_text(max_size=100),
    "teacher_name": lambda: free_text(max_size=80),
    "guardian_name": lambda: free_text(max_size=100),
    "name_kana": lambda: kana,
    "email": lambda: emails,
    "guardian_email": lambda: emails,
    "phone": lambda: optional(phones),
    "description": lambda: free_text(max_size=1000),
    "strengths": lambda: optional(free_text(max_size=1000)),
    "notes": lambda: optional(free_text(max_size=500)),
    "comments": lambda: optional(free_text(max_size=500)),
    "school": lambda: optional(free_text(max_size=120)),
    "emergency_contact": lambda: free_text(max_size=200),
    "allergies": lambda: optional(free_text(max_size=500)),
    "assistance": lambda: optional(free_text(max_size=500)),
    "message": lambda: free_text(min_size=5, max_size=500),
    "q": lambda: optional(free_text(max_size=40)),
    "website": lambda: st.just(""),  # the honeypot: people leave it empty
}


# Reading back what was stored ----------------------------------------------------------------


def same_text(stored, sent):
    return stored, sent.strip()


def pk_of(stored):
    return None if stored is None else str(stored.pk)


def pks(stored):
    return sorted(str(obj.pk) for obj in stored)


def sent_list(value):
    return sorted(v for v in (value if isinstance(value, list) else [value]) if v)


def ticked(value):
    return value not in ("", None)


def latest(model, **filters):
    return model.objects.filter(**filters).order_by("-pk").first()


# The forms ------------------------------------------------------------------------------------


@dataclass
class Spec:
    """How to send one form valid values and read back what it stored.

    text:        {field: strategy} for this form's text fields (else TEXT by name)
    compatible:  (values chosen so far, field, option) -> bool: a choice that goes with them
    complete:    (values, draw, context) -> None: settles the values that depend on others
    stored:      (values, response, context) -> {field: (stored, expected)}
    unstored:    {field: why it is not stored}
    expect:      the statuses of an accepted submission
    prepare:     (context) -> the Japanese path of the page to send it from (default: found)
    reuse_page:  a signed page whose form may be sent again and again (the weekly times): one
                 fresh page for every submission of an example, instead of one each
    bad_choices_ignored: a choice that is not one of the options is left out, by design (the
                 display settings keep what they had), rather than refused
    options_from_prepared: the options are read on the prepared page, not the page found
                 first: they differ from page to page (the sign-up form offers the school
                 years of its opportunity; the prepared one takes them all)
    """

    text: dict = field(default_factory=dict)
    compatible: object = None
    complete: object = None
    stored: object = None
    unstored: dict = field(default_factory=dict)
    expect: tuple = (302,)
    prepare: object = None
    reuse_page: bool = False
    bad_choices_ignored: bool = False
    options_from_prepared: bool = False


def anything_goes(values, name, option):
    return True


# -- matching: ask for help, register as a volunteer -------------------------------------------


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


class _Language:
    """The language the current submission was sent in (for the specs' checks)."""

    code = "ja"

    def get(self):
        return self.code


context_language = _Language()


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
            firsts.append(_write_date(first, pattern, False))
            lasts.append(_write_date(first + dt.timedelta(days=length), pattern, False))
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
    values["first_day"] = _write_date(first, pattern, draw(st.booleans()))
    if draw(st.booleans()):
        last = first + dt.timedelta(days=draw(st.integers(0, 91)))
        values["last_day"] = _write_date(last, pattern, draw(st.booleans()))
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


# -- matching: volunteer experiences -----------------------------------------------------------


def signup_prepare(context):
    """A session open to everyone (every school year, every age), with room for every
    submission: the found form's choices are all valid on it."""
    from matching.signups.factories import OpportunityPageFactory, SessionFactory
    from matching.signups.models import OpportunityIndexPage

    index = OpportunityIndexPage.objects.filter(locale__language_code="ja").first()
    opportunity = OpportunityPageFactory(
        parent=index,
        title="だれでも参加できる体験",
        slug=f"open-to-all-{next(_serial)}",
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
    from matching.signups import services

    token = context["path"].rstrip("/").split("/")[-1]
    email = services.email_from_mine_token(token)
    days = [s.session.start.date() for s in services.certifiable(email)]
    if draw(st.booleans()):
        values["date_from"] = _write_date(
            min(days) - dt.timedelta(days=draw(st.integers(0, 60))), "%Y-%m-%d", False
        )
        values["date_to"] = _write_date(
            max(days) + dt.timedelta(days=draw(st.integers(0, 60))), "%Y/%m/%d", False
        )
    else:
        values["date_from"] = values["date_to"] = ""


def mine_stored(values, response, context):
    from matching.signups import services
    from matching.signups.models import Certificate

    token = context["path"].rstrip("/").split("/")[-1]
    email = services.email_from_mine_token(token)
    certificate = latest(Certificate)
    expected = sorted(s.pk for s in services.certifiable(email))
    stored = sorted(s.pk for s in certificate.signups.all())
    first = parse_date(values["date_from"]) if values["date_from"] else None
    last = parse_date(values["date_to"]) if values["date_to"] else None
    return {
        "date_from": (certificate.date_from >= first if first else True, True),
        "date_to": (certificate.date_to <= last if last else True, True),
        "(signups)": (stored, expected),
    }


# -- education ---------------------------------------------------------------------------------


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
            values[f"{prefix}date_{n}"] = _write_date(day, pattern, draw(st.booleans()))
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


# -- directory ---------------------------------------------------------------------------------


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


# -- the core: newsletter subscriptions, display settings --------------------------------------


def subscribe_compatible(values, name, option):
    """At least one of the two is ticked."""
    other = {"news": "newsletters", "newsletters": "news"}.get(name)
    return not (other and not option and other in values and not values[other])


def subscription_stored(values, response, context):
    """The confirm and unsubscribe buttons behind the emailed links: the subscriber of the
    signed token is confirmed, or gone."""
    from kokoron.newsletters import subscriptions
    from kokoron.newsletters.models import Subscriber

    if context["path"].rstrip("/").endswith("confirm"):
        subscriber = Subscriber.objects.get(pk=subscriptions.read_confirm_token(values["token"]))
        return {"(confirmed)": (subscriber.confirmed_at is not None, True)}
    subscriber_id = subscriptions.read_unsubscribe_token(values["token"])
    return {"(deleted)": (Subscriber.objects.filter(pk=subscriber_id).exists(), False)}


def subscribe_stored(values, response, context):
    from kokoron.newsletters.models import Subscriber

    subscriber = Subscriber.objects.get(email=values["email"].strip().lower())
    return {
        "email": (subscriber.email, values["email"].strip().lower()),
        "language": (subscriber.language, values["language"]),
        "newsletters": (subscriber.newsletters, ticked(values.get("newsletters"))),
        "news": (subscriber.news, ticked(values.get("news"))),
    }


def display_stored(values, response, context):
    return {
        name: (response.cookies[f"kokoron_{name}"].value, values[name])
        for name in ("text", "contrast", "furigana")
    } | {"next": (response["Location"], values["next"])}


def echo_stored(values, response, context):
    """A filter (GET) form: the page shows back, in the same form, every value it was sent."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = context["form"]
    wanted = {UUID.sub("*", name) for name in form.controls}
    for candidate in soup.select("main form") + soup.find_all("form"):
        names = {e.get("name") for e in candidate.find_all(["input", "select", "textarea"])}
        if (candidate.get("method") or "get").lower() == "get" and wanted <= names:
            break
    else:
        return {"(form)": ("not shown again", "shown again")}
    shown = {}
    for element in candidate.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if name not in form.controls:
            continue
        if element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            shown[name] = option.get("value", option.get_text()) if option else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                shown[name] = element.get("value", "on")
            else:
                shown.setdefault(name, "")
        elif element.name == "textarea":
            shown[name] = element.get_text()
        else:
            shown[name] = element.get("value", "")
    words = " ".join
    return {
        name: (words(str(shown.get(name, "")).split()), words(str(values.get(name, "")).split()))
        for name in form.controls
        if form.controls[name].kind != "hidden"
    }


GET = {"expect": (200,), "stored": echo_stored}
ACTION = {"action": "a hidden field naming what the form does"}

SPECS = {
    # matching ---------------------------------------------------------------------------
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
    # education ---------------------------------------------------------------------------
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
    # directory ---------------------------------------------------------------------------
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
    # the core ---------------------------------------------------------------------------
    "GET search:search [q]": Spec(**GET),
    "POST display_preferences [contrast,furigana,next,text]": Spec(
        stored=display_stored, expect=(303,), bad_choices_ignored=True
    ),
    "GET NewsIndexPage [category,district,year]": Spec(**GET),
    "GET EventIndexPage [category,district,month]": Spec(
        text={
            "month": optional(
                st.tuples(st.integers(2024, 2030), st.integers(1, 12)).map(
                    lambda t: f"{t[0]}-{t[1]:02d}"
                )
            )
        },
        **GET,
    ),
    "GET EventIndexPage:past [category,district,month]": Spec(
        text={
            "month": optional(
                st.tuples(st.integers(2024, 2030), st.integers(1, 12)).map(
                    lambda t: f"{t[0]}-{t[1]:02d}"
                )
            )
        },
        **GET,
    ),
    "GET NewsletterIndexPage [year]": Spec(**GET),
    "POST NewsletterIndexPage:confirm [token]": Spec(stored=subscription_stored, expect=(200,)),
    "POST NewsletterIndexPage:unsubscribe [token]": Spec(stored=subscription_stored, expect=(200,)),
    "POST NewsletterIndexPage:subscribe [email,language,news,newsletters]": Spec(
        compatible=subscribe_compatible,
        stored=subscribe_stored,
        expect=(200,),
    ),
}


def _period_ok(values, name, option):
    return programme_compatible(
        {k.removeprefix("change-"): v for k, v in values.items()},
        name.removeprefix("change-"),
        option,
    )


# Sending -------------------------------------------------------------------------------------


def plan_rounds(form, spec):
    """The choices of each submission, until every option of every choice field was sent:
    each round pins one option not yet sent, then fills the other fields with options not yet
    sent where they go with it, else any that goes with it."""
    compatible = spec.compatible or anything_goes
    fields = form.choices
    uncovered = [(c.name, option) for c in fields for option in c.options]
    rounds, problems = [], []
    while uncovered:
        pin_name, pin_option = uncovered[0]
        values = {pin_name: pin_option}
        for control in fields:
            if control.name == pin_name:
                continue
            fits = [o for o in control.options if compatible(values, control.name, o)]
            if not fits:
                break
            fresh = [o for o in fits if (control.name, o) in uncovered]
            values[control.name] = (fresh or fits)[0]
        else:
            if all(
                compatible({k: v for k, v in values.items() if k != n}, n, v)
                for n, v in values.items()
            ):
                rounds.append(values)
                uncovered = [pair for pair in uncovered if values.get(pair[0]) != pair[1]]
                continue
        problems.append(f"{form.key}: {pin_name}={pin_option!r} goes with no choice of the others")
        uncovered.pop(0)
    return rounds or [{}], problems


def fill(form, spec, choices, draw, context):
    values = {}
    for control in form.controls.values():
        if control.kind == "hidden":
            values[control.name] = control.value
        elif control.kind == "checkboxes":
            pinned = choices.get(control.name)
            extra = draw(st.sets(st.sampled_from(control.options), max_size=3))
            values[control.name] = sorted({pinned, *extra} - {None})
        elif control.kind in CHOICE_KINDS:
            values[control.name] = choices.get(
                control.name, control.options[0] if control.options else ""
            )
        else:
            if control.name in spec.text:
                strategy = spec.text[control.name]
            else:
                strategy = TEXT[control.name]() if control.name in TEXT else None
            if strategy is None:
                values[control.name] = None  # the spec's `complete` gives it
                continue
            values[control.name] = (
                [draw(strategy) for _ in range(control.count)]
                if control.count > 1
                else draw(strategy)
            )
    if spec.complete:
        spec.complete(values, draw, context)
    unknown = [name for name, value in values.items() if value is None]
    assert not unknown, (
        f"{form.key}: no values for the text fields {unknown}: add them to TEXT or to the "
        "form's Spec in tests/site/test_every_form.py"
    )
    # An unticked checkbox is not sent at all.
    return {
        name: value
        for name, value in values.items()
        if not (value == "" and name in form.controls and form.controls[name].kind == "checkbox")
    }


def send(client, form, path, values):
    reset_rate_limits()
    if form.method == "get":
        return client.get(path, {k: v for k, v in values.items() if v not in ("", [])})
    return client.post(path, values)


def hidden_action(controls):
    control = controls.get("action")
    return control.value if control is not None and control.kind == "hidden" else None


def same_form_in(html, page, form):
    """(action, hidden values) of the form on a freshly made page: its token and the records
    named in its hidden fields are the new page's."""
    for key, _index, _method, action, controls in read_forms(html, page, {}):
        if key.split(" [")[1] == form.key.split(" [")[1] and hidden_action(
            controls
        ) == hidden_action(form.controls):
            return action, {c.name: c.value for c in controls.values() if c.kind == "hidden"}
    return None, {}


def on_prepared_page(form, spec):
    """The form as it is on the page its spec prepares: the options offered there."""
    with translation.override("ja"):
        page = spec.prepare({"form": form})
    html = Client().get(page).content.decode()
    for key, _index, _method, _action, controls in read_forms(html, page, {}):
        if key == form.key:
            return replace(form, controls=controls)
    raise AssertionError(f"{form.key}: not on the prepared page {page}")


def exercise(form, spec, problems):
    """Send the form with every option of its choice fields, in each language."""
    if spec.options_from_prepared:
        form = on_prepared_page(form, spec)
    rounds, impossible = plan_rounds(form, spec)
    problems.extend(impossible)
    missing = [
        c.name
        for c in form.controls.values()
        if c.kind not in ("hidden", "button") and c.name not in spec.unstored
    ]

    @hypothesis_settings(
        max_examples=EXAMPLES,
        # Far off rather than None: Hypothesis's slow-draw check starts at five deadlines (30 s
        # with none), and past it builds a report quadratic in the number of draws at every
        # example (suppressed, but still built), which took most of this test's time.
        deadline=dt.timedelta(hours=1),
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        sid = transaction.savepoint()
        try:
            reused = None
            for language_code in LANGUAGES:
                context_language.code = language_code
                for choices in rounds:
                    client = Client(raise_request_exception=False)
                    page = form.page
                    # Links are made as mailed: in Japanese, whatever the last request left.
                    with translation.override("ja"):
                        if form.make_page:
                            page = reused or form.make_page()
                            reused = page if spec.reuse_page else None
                        elif spec.prepare:
                            page = spec.prepare({"form": form})
                    action, hidden = (page if spec.prepare else form.action), {}
                    if form.make_page:
                        html = client.get(page).content.decode()
                        action, hidden = same_form_in(html, page, form)
                        if action is None:
                            problems.append(f"{form.key}: not on a fresh page {page}")
                            continue
                    path = urlsplit(action).path
                    if language_code != "ja":
                        path = localize_path(path, language_code)
                    context = {"form": form, "path": urlsplit(action).path}
                    values = {**fill(form, spec, choices, data.draw, context), **hidden}
                    if "next" in values:
                        values["next"] = (
                            form.page
                            if language_code == "ja"
                            else localize_path(form.page, language_code)
                        )
                    response = send(client, form, path, values)
                    shown = {k: v for k, v in values.items() if k not in NOT_FIELDS}
                    where = f"{form.key} ({form.where}) in {language_code} with {shown}"
                    if response.status_code >= 500:
                        problems.append(f"{where}: server error {response.status_code}")
                        continue
                    if response.status_code not in spec.expect:
                        errors = getattr(response, "context", None) and _errors(response)
                        problems.append(
                            f"{where}: refused, {response.status_code} at {path} {errors}"
                        )
                        continue
                    for name, (stored, expected) in spec.stored(values, response, context).items():
                        if stored != expected:
                            problems.append(f"{where}: {name} stored {stored!r}, sent {expected!r}")
                    checked = set(spec.stored(values, response, context))
                    for name in missing:
                        if name not in checked and UUID.sub("*", name) not in {
                            UUID.sub("*", c) for c in checked
                        }:
                            problems.append(
                                f"{form.key}: field {name} is not compared with what was stored"
                            )
                if language_code == LANGUAGES[-1]:
                    bad_input(form, spec, rounds[0], data.draw, problems, language_code)
        finally:
            transaction.savepoint_rollback(sid)

    run()


# Bad input: an option that is not one, and text no person types. The answer is a message
# (never a 5xx) and nothing is written, whatever the form: no half-saved record.
NOT_AN_OPTION = "2147483648"
GARBAGE = "\x00" + "あ" * 5000
# Writes that are not the form's: the cache (pages), the rate limits (a refused attempt counts
# too), sessions, and the audit log of what a signed page showed (it is shown again with the
# message).
NOT_THE_FORMS = (
    "kokoron_cache",
    "core_ratelimitcounter",
    "django_session",
    "core_auditentry",
)


def writes(queries):
    return [
        query["sql"][:120]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and not any(table in query["sql"] for table in NOT_THE_FORMS)
    ]


def bad_input(form, spec, choices, draw, problems, language_code):
    """Each choice field in turn sent a value that is not an option, then every text field
    sent garbage: each is refused with a message, nothing is written, never a 5xx."""
    variants = [
        (control.name, [NOT_AN_OPTION] if control.kind == "checkboxes" else NOT_AN_OPTION)
        for control in form.choices
        if control.kind != "checkbox"  # any value ticks a checkbox
    ]
    texts = [c.name for c in form.controls.values() if c.kind == "text" and c.name != "website"]
    if texts:
        variants.append(("text", None))
    for name, bad in variants:
        client = Client(raise_request_exception=False)
        page = form.page
        with translation.override("ja"):
            if form.make_page:
                page = form.make_page()
            elif spec.prepare:
                page = spec.prepare({"form": form})
        action, hidden = (page if spec.prepare else form.action), {}
        if form.make_page:
            action, hidden = same_form_in(client.get(page).content.decode(), page, form)
        context = {"form": form, "path": urlsplit(action).path}
        values = {**fill(form, spec, choices, draw, context), **hidden}
        if bad is None:
            values.update(dict.fromkeys(texts, GARBAGE))
        else:
            values[name] = bad
        path = localize_path(urlsplit(action).path, language_code)
        with CaptureQueriesContext(connection) as queries:
            response = send(client, form, path, values)
        what = "garbage in its text fields" if bad is None else f"{name}={bad!r}"
        where = f"{form.key} ({form.where}) in {language_code} with {what}"
        if response.status_code >= 500:
            problems.append(f"{where}: server error {response.status_code}")
        elif form.method == "post" and response.status_code in spec.expect:
            if not (spec.bad_choices_ignored and bad is not None):
                problems.append(f"{where}: accepted ({response.status_code})")
        elif writes(queries.captured_queries):
            problems.append(f"{where}: refused, but wrote {writes(queries.captured_queries)}")


def _errors(response):
    found = {}
    for context in response.context or []:
        for key in ("form", "range_form", "availability_form", "absence_form"):
            form = context.get(key) if hasattr(context, "get") else None
            if form is not None and getattr(form, "errors", None):
                found.update({k: [str(e) for e in v] for k, v in form.errors.items()})
    return found


def unknown_forms(forms):
    """Every form found that no SPEC says how to send, with a message naming it."""
    return [
        f"{form.key} on {form.where}: add a Spec for it to SPECS in tests/site/test_every_form.py"
        for form in forms
        if form.key not in SPECS
    ]


def test_every_public_form_takes_every_valid_choice(whole_demo):
    forms = find_forms(Client())
    keys = {form.key for form in forms}
    unknown = unknown_forms(forms)
    assert unknown == [], "\n".join(unknown)
    # The walk found the forms the site is made of (a plugin switched off takes its own).
    assert {
        "GET search:search [q]",
        "POST display_preferences [contrast,furigana,next,text]",
    } <= keys
    problems = []
    for form in forms:
        exercise(form, SPECS[form.key], problems)
    problems = list(dict.fromkeys(problems))
    assert problems == [], "\n".join(problems)


def test_a_form_without_a_spec_is_named():
    form = FoundForm("POST somewhere:new [colour]", "/new/", "post", "/new/", {})
    assert unknown_forms([form]) == [
        "POST somewhere:new [colour] on /new/: add a Spec for it to SPECS in "
        "tests/site/test_every_form.py"
    ]
