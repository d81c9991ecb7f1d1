"""Sending a form: every option of its choice fields, in each language, with values
Hypothesis draws; then bad input, which must be refused without a write."""

import datetime as dt
from dataclasses import replace
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kokoron.core.languages import localize_path
from tests.rate_limits import reset_rate_limits

from .finding import CHOICE_KINDS, LANGUAGES, NOT_FIELDS, UUID, read_forms
from .spec import anything_goes, context_language
from .values import TEXT

# One example per form: every option of every choice is still sent, in both languages, with
# text Hypothesis draws afresh on every run.
EXAMPLES = 1


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
        "form's Spec in tests/site/every_form/"
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
