"""One front-end layer in the core: public forms drawn by one renderer, one .visually-hidden,
one .pagination and one .button in site.css, scripts that take their words from the page and
are loaded once."""

import re
from pathlib import Path

from django.conf import settings

import pytest
from bs4 import BeautifulSoup

from kokoron.core.forms import PublicForm, PublicFormRenderer

ROOT = Path(settings.BASE_DIR)
CODE = ["site", "templates", "matching", "education", "directory"]
SITE_CSS = ROOT / "site/core/static/kokoron/css/site.css"
# display.css (the visitor's contrast and text size) restyles site.css's rules.
CORE_CSS = {SITE_CSS, ROOT / "site/core/static/kokoron/css/display.css"}


def _files(*patterns):
    for top in CODE:
        for pattern in patterns:
            for path in (ROOT / top).rglob(pattern):
                if "vendor" not in path.parts:
                    yield path


def _stylesheets():
    return [path for path in _files("*.css") if path not in CORE_CSS]


def _public_form_classes():
    from directory.forms import CorrectionForm, VerifyEntryForm
    from education.forms import ChangeDatesForm, FeedbackForm
    from kokoron.newsletters.views import SubscribeForm
    from matching.own_forms import AbsenceForm
    from matching.signups.forms import RangeForm, VerifyForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [
        *subclasses(PublicForm),
        CorrectionForm,
        VerifyEntryForm,
        ChangeDatesForm,
        FeedbackForm,
        SubscribeForm,
        AbsenceForm,
        RangeForm,
        VerifyForm,
    ]


def test_every_public_form_is_drawn_by_the_one_renderer():
    for form_class in _public_form_classes():
        assert issubclass(form_class.default_renderer, PublicFormRenderer), form_class


def test_public_templates_draw_fields_through_the_renderer_not_by_hand():
    # The field template and the filters' own fields are the only places a label is written
    # for a form field; the admin (Wagtail's markup) aside.
    allowed = {
        "templates/includes/forms/field.html",
        "templates/includes/filters.html",
        "matching/templates/matching/own_page.html",  # the hours in a table row
    }
    hand_made = []
    for path in _files("*.html"):
        relative = str(path.relative_to(ROOT))
        if "/admin/" in relative or relative in allowed:
            continue
        if re.search(r'<label for="\{\{ *[\w.]+\.id_for_label', path.read_text()):
            hand_made.append(relative)
    assert hand_made == []


def _bound_with_errors():
    from directory.forms import CorrectionForm
    from kokoron.newsletters.views import SubscribeForm
    from matching.signups.forms import VerifyForm

    for form in (CorrectionForm({}), SubscribeForm({}), VerifyForm({})):
        assert not form.is_valid()
        yield form


@pytest.mark.django_db
def test_a_form_with_errors_ties_labels_help_and_errors_to_its_inputs():
    for form in _bound_with_errors():
        page = BeautifulSoup(str(form), "html.parser")
        ids = {element["id"] for element in page.select("[id]")}
        summary = page.select_one("#error-summary[role=alert]")
        assert summary, type(form)
        for link in summary.select("a"):
            assert link["href"][1:] in ids
        for control in page.select("input, select, textarea"):
            if control.get("type") == "hidden" or control["name"] == "website":
                continue
            assert page.select_one(f'label[for="{control["id"]}"]'), control
            for described_by in control.get("aria-describedby", "").split():
                assert described_by in ids, (type(form), described_by)
        for name, _errors in form.errors.items():
            control = page.select_one(f'[name="{name}"]')
            assert control["aria-invalid"] == "true"
            assert f"{control['id']}_error" in control["aria-describedby"].split()


def test_visually_hidden_pagination_and_buttons_are_defined_once_in_site_css():
    site_css = SITE_CSS.read_text()
    assert ".visually-hidden {" in site_css
    assert ".pagination ul" in site_css
    assert ".button {" in site_css and ".button--secondary" in site_css
    hidden_like = re.compile(r"\.[\w-]*(visually-?hidden|sr-only|screen-reader)[\w-]*\s*[{,]")
    for path in _stylesheets():
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        assert not hidden_like.search(css), path
        assert not re.search(r"\.pagination\b", css), path
        assert not re.search(r"\.[\w-]+-button\b(?!__)|\.button\b", css), path


def test_templates_use_the_one_hidden_class():
    # Wagtail's own w-sr-only in admin templates is the admin's class, not a copy.
    other = re.compile(r'class="[^"]*\b([\w-]+-visually-hidden|visuallyhidden|(?<!w-)sr-only)\b')
    for path in _files("*.html"):
        text = path.read_text()
        assert not other.search(text), path
        assert "<style" not in text or "visually" not in text, path


def test_scripts_take_their_words_from_the_page():
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    literal = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
    sentence = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
    for path in _files("*.js"):
        code = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        code = re.sub(r"(^|\s)//.*$", "", code, flags=re.M)
        assert not japanese.search(code), path
        words = [m.group(0) for m in literal.finditer(code) if sentence.search(m.group(0))]
        assert words in ([], ['"use strict"']), (path, words)


def test_each_script_is_loaded_once_per_page():
    script = re.compile(r"<script src=\"\{% static '([^']+)' %\}\"")
    base = set(script.findall((ROOT / "templates/base.html").read_text()))
    for path in _files("*.html"):
        if path.name == "base.html":
            continue
        found = script.findall(path.read_text())
        assert len(found) == len(set(found)), path
        assert not base & set(found), path
