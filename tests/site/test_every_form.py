"""Every public form, every valid choice (issue 14): no server error, and what is stored is
what was sent.

The forms are found, not listed: every page type with a live page in the demo ward, every URL
name under the language prefixes, the pages their links lead to (one of each kind: a session's
sign-up form, a directory entry's correction form) and the pages behind emailed links
(tests/browser/signed_links.py) are read, and every <form> on them is collected. Each form
found must have a Spec (keyed by its method, the URL name it is sent to and its field names;
in the module of its plugin in tests/site/every_form/, the core's in core_forms.py), or the
test fails naming it: a new form, or a new field, is exercised from the day it appears.

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

from django.test import Client

import pytest

from tests.site.every_form import (
    core_forms,
    directory_forms,
    education_forms,
    matching_forms,
    signup_forms,
)
from tests.site.every_form.finding import FoundForm, find_forms
from tests.site.every_form.sending import exercise

pytestmark = pytest.mark.django_db

# Every form's Spec, keyed by its method, the URL name it is sent to and its field names.
SPECS = {
    **matching_forms.SPECS,
    **signup_forms.SPECS,
    **education_forms.SPECS,
    **directory_forms.SPECS,
    **core_forms.SPECS,
}


def unknown_forms(forms):
    """Every form found that no SPEC says how to send, with a message naming it."""
    return [
        f"{form.key} on {form.where}: add a Spec for it to the SPECS of its plugin in "
        "tests/site/every_form/"
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
        "POST somewhere:new [colour] on /new/: add a Spec for it to the SPECS of its plugin in "
        "tests/site/every_form/"
    ]
