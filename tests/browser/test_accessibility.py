"""JIS X 8341-3 AA checked in Chromium: axe-core on every public page type and form, in
Japanese, easy Japanese and English, and keyboard-only use of every public form. Each page
checked must also load without a Content-Security-Policy violation.

What is checked is found, not listed: every Wagtail page model with a live page in the demo
(and the named sub-pages of routable ones), every URL name under the language prefixes that
answers a GET with HTML, and every form inside <main> on those pages. A page type or form that
a colleague or a plugin adds is covered the day it has demo content.

Pages reached only by an emailed link (a token in the path or the query) are checked through
valid links made by tests/browser/signed_links.py, with each of their forms: every URL name
under the language prefixes that takes an opaque value, and every page that refuses a bare
visit with 400, must have a link maker there, or the test fails naming it.

The demo is loaded once for the module and served by one live server; one browser context is
reused. Set KOKORON_ACCESSIBILITY_RESULTS to a file name to keep the results as JSON
(`manage.py accessibility_results` turns them into the accessibility policy page's table).
"""

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation

from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

import pytest
from playwright.sync_api import Error as PlaywrightError

from kokoron.core.demo import load_demo
from kokoron.core.languages import localize_path
from kokoron.plugins import DEMO_DATA_HOOK

from . import csp, signed_links

# One test in the module: its database is emptied once it ends (pytest-django's flush).
pytestmark = pytest.mark.django_db(transaction=True)

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
LANGUAGES = ("ja", "ja-easy", "en")
# Each language is checked at another width and with other display choices, so that one pass
# over the pages covers a phone (320 px), 200% zoom, large text and high contrast too.
PASSES = {
    "ja": {"viewport": {"width": 320, "height": 720}, "cookies": {}},
    "ja-easy": {"viewport": {"width": 640, "height": 720}, "cookies": {"kokoron_text": "large"}},
    "en": {"viewport": {"width": 1280, "height": 900}, "cookies": {"kokoron_contrast": "high"}},
}
# Not pages a visitor reaches: Wagtail's internals for password-protected pages (unused here)
# and the display form's target, which only answers POST.
SKIPPED_URL_NAMES = {"wagtailcore_login", "display_preferences"}


# The page tree's own path (Wagtail's serve view): its pages are found as page types.
PAGE_TREE_URL_NAMES = {"wagtail_serve"}


def localized_url_names():
    """{URL name: takes an opaque value} for every URL name under the language prefixes.

    An opaque value is any argument but a number or a UUID (a record's key, linked from the
    pages that list it): a token, a signed value, a code. A page behind one is reached only by
    a link someone was sent."""
    found = {}

    def walk(patterns, namespace, localized):
        for pattern in patterns:
            inside = localized or isinstance(pattern.pattern, LocalePrefixPattern)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner, inside)
            elif isinstance(pattern, URLPattern) and pattern.name and inside:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if isinstance(pattern.pattern, RegexPattern):
                    arguments = dict.fromkeys(pattern.pattern.regex.groupindex)
                else:
                    arguments = pattern.pattern.converters
                found[name] = name not in PAGE_TREE_URL_NAMES and any(
                    not isinstance(converter, (IntConverter, UUIDConverter))
                    for converter in arguments.values()
                )

    walk(get_resolver().url_patterns, "", False)
    return found


def missing_link_makers(url_names, refusing_bare_visits=()):
    """What needs a link maker in signed_links and has none, each with a clear message."""
    known = set(signed_links.LINKS) | set(signed_links.NOT_PAGES)
    needed = {name for name, opaque in url_names.items() if opaque}
    messages = [
        f"URL name {name!r} takes a token or signed value"
        for name in sorted(needed - known - SKIPPED_URL_NAMES)
    ]
    messages += [
        f"{target!r} answers a visit without a value in its link with 400"
        for target in sorted(set(refusing_bare_visits) - known)
    ]
    return [
        f"{message}: add a function making a valid link for it to LINKS in "
        "tests/browser/signed_links.py (or, if it is not an HTML page, to NOT_PAGES)"
        for message in messages
    ]


def language_neutral_paths():
    """{path: URL name} of every URL name under the language prefixes that needs no argument."""
    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name in SKIPPED_URL_NAMES:
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                try:
                    path = reverse(name)
                except NoReverseMatch:
                    continue  # needs an argument: reached from a page that links to it
                if path.startswith("/en/"):
                    found[path.removeprefix("/en")] = name

    with translation.override("en"):
        walk(get_resolver().url_patterns, "")
    return dict(sorted(found.items()))


def page_type_paths():
    """(page type, Japanese path) for every page model with a live Japanese page."""
    targets = []
    for model in get_page_models():
        if model is Page:
            continue
        content_type = ContentType.objects.get_for_model(model)
        page = (
            Page.objects.live()
            .filter(content_type=content_type, locale__language_code="ja")
            .order_by("path")
            .first()
        )
        if page is None:
            continue
        page = page.specific
        url = page.get_url()
        targets.append((model.__name__, url))
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                try:
                    sub = page.reverse_subpage(pattern.name) if pattern.name else None
                except NoReverseMatch:
                    continue
                if sub:
                    targets.append((f"{model.__name__}:{pattern.name}", url + sub))
    return targets


def in_language(path, language_code):
    return path if language_code == "ja" else localize_path(path, language_code)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, chromium_browser):
    """The demo ward loaded once, served by one live server, and the targets found in it."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # The whole demo, the plugins' too: their page types, forms and lists are checked
        # with real content (a directory's map with its pins, an experience with sessions).
        context = load_demo(plugin_steps=hooks.get_hooks(DEMO_DATA_HOOK))
        targets = [(kind, path) for kind, path in page_type_paths()]
        # What each target is called in signed_links (a routable page's route is its kind).
        names = {kind: kind for kind, _path in targets}
        for path, name in language_neutral_paths().items():
            targets.append((f"url:{path}", path))
            names[f"url:{path}"] = name
        url_names = localized_url_names()
        available = set(url_names) | set(names.values())
        signed = [
            (name, variant, make)
            for name, variants in signed_links.LINKS.items()
            if name in available  # a plugin switched off takes its links with it
            for variant, make in variants.items()
        ]
        server = LiveServer("localhost:0")
        try:
            yield {
                "url": server.url,
                "targets": targets,
                "names": names,
                "url_names": url_names,
                "signed": signed,
                "demo": context,
            }
        finally:
            server.stop()


@pytest.fixture(scope="module")
def browser_page(chromium_browser):
    context = chromium_browser.new_context(locale="ja-JP", viewport=PASSES["en"]["viewport"])
    # axe-core in every document before the page's own scripts, where the site's
    # Content-Security-Policy (no inline script) does not reach; and its violations recorded.
    context.add_init_script(path=str(AXE))
    csp.watch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def use_pass(page, base_url, language_code):
    settings = PASSES[language_code]
    page.context.clear_cookies()
    if settings["cookies"]:
        page.context.add_cookies(
            [{"name": n, "value": v, "url": base_url} for n, v in settings["cookies"].items()]
        )
    page.set_viewport_size(settings["viewport"])


def run_axe(page):
    assert page.evaluate("() => typeof window.axe === 'object'"), "axe-core is not loaded"
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return {
                version: axe.version,
                passes: result.passes.length,
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1]),
                })),
            };
        }""",
        AXE_TAGS,
    )


def visit(page, url):
    """The page's response, or None for a file that the browser downloads (a calendar)."""
    try:
        return page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


def overflows(page):
    """How far the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


FORMS = """(scope) => Array.from(document.querySelectorAll(scope + ' form')).map((form, index) => ({
    index,
    method: (form.getAttribute('method') || 'get').toLowerCase(),
    action: new URL(form.getAttribute('action') || '', location.href).pathname,
    fields: Array.from(form.elements).map(e => e.name).filter(Boolean).sort().join(','),
}))"""

PREPARE_FORM = """([scope, index, submit]) => {
    const form = document.querySelectorAll(scope + ' form')[index];
    form.noValidate = true;
    for (const el of form.elements) {
        if (['text', 'email', 'tel', 'search', 'textarea', 'number', 'date', 'url']
                .includes(el.type || el.tagName.toLowerCase())) el.value = '';
    }
    const button = form.querySelector('button:not([type]), button[type=submit], input[type=submit]');
    if (submit && !button) form.requestSubmit();
    if (button) button.focus();
    return !!button;
}"""

# The controls a keyboard user must reach, in order, each marked with its key (a radio group is
# one stop); and how many Tab presses from the start can be needed to get past them.
MARK_STOPS = """([scope, index]) => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const form = document.querySelectorAll(scope + ' form')[index];
    const stops = [];
    Array.from(form.elements).forEach((el, i) => {
        if (el.type === 'hidden' || el.disabled || el.tabIndex < 0 || el.tagName === 'FIELDSET'
            || el.closest('[aria-hidden=true], [inert]') || !el.getClientRects().length) return;
        const key = el.type === 'radio' ? 'radio:' + el.name : 'control:' + i;
        el.dataset.a11yStop = key;
        if (!stops.includes(key)) stops.push(key);
    });
    const start = scope === 'main' ? document.getElementById('main') : document.body;
    const tabbable = Array.from(start.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]'));
    const last = Array.from(form.elements).pop();
    const before = tabbable.filter(el => !last || el === last ||
        (el.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_FOLLOWING));
    if (scope === 'main') start.focus(); else { document.activeElement.blur(); window.scrollTo(0, 0); }
    return {stops, limit: before.length + 5};
}"""

FOCUSED = """() => {
    const el = document.activeElement;
    const stop = el && el.dataset ? el.dataset.a11yStop : undefined;
    if (!stop) return {stop: null};
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const label = hit && hit.closest('label');
    return {
        stop,
        visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none',
        inView: box.bottom > 0 && box.top < window.innerHeight,
        covered: !(hit && (hit === el || el.contains(hit) || (label && label.control === el))),
    };
}"""

ERRORS = """() => {
    const main = document.querySelector('main');
    const invalid = Array.from(main.querySelectorAll('[aria-invalid="true"]'));
    const alerts = Array.from(main.querySelectorAll('[role=alert]'));
    const links = alerts.flatMap(a => Array.from(a.querySelectorAll('a[href^="#"]')));
    const target = a => decodeURIComponent(a.getAttribute('href').slice(1));
    const linked = new Set(links.map(target));
    const describedBy = el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const described = el => describedBy(el).length > 0 && describedBy(el).every(
        id => document.getElementById(id) && document.getElementById(id).textContent.trim());
    const group = el => el.closest('fieldset[id]');
    return {
        shown: invalid.length > 0 || alerts.length > 0,
        announced: alerts.length > 0
            || !!(document.activeElement && document.activeElement.closest('[role=alert]')),
        brokenLinks: links.filter(a => !document.getElementById(target(a))).map(a => a.getAttribute('href')),
        unlinked: invalid.filter(el => !described(el) && !linked.has(el.id)
            && !(group(el) && (linked.has(group(el).id) || described(group(el)))))
            .map(el => el.name || el.id),
    };
}"""


def submit_empty(page, scope, index):
    """Submit the form empty, without the browser's own checks, so that the server answers."""
    with page.expect_navigation():
        if page.evaluate(PREPARE_FORM, [scope, index, True]):
            page.keyboard.press("Enter")


def keyboard_problems(page, scope, index):
    """Tab from the start of the page (or of <main>) through the form, then send it empty."""
    marked = page.evaluate(MARK_STOPS, [scope, index])
    reached, problems = [], []
    for _ in range(marked["limit"]):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        stop = focused["stop"]
        if stop is None:
            if reached:
                break  # past the form
            continue
        if stop not in reached:
            reached.append(stop)
        if not focused["visible"]:
            problems.append(f"focus not visible on {stop}")
        if not focused["inView"] or focused["covered"]:
            problems.append(f"focus obscured on {stop}")
    if reached != marked["stops"]:
        problems.append(f"Tab order {reached} instead of {marked['stops']}")
    if scope == "main":
        submit_empty(page, scope, index)
        errors = page.evaluate(ERRORS)
        if errors["shown"] and not errors["announced"]:
            problems.append("errors not announced (no role=alert, no focus on the summary)")
        if errors["brokenLinks"] or errors["unlinked"]:
            problems.append(f"errors not linked to fields: {errors}")
    return problems


def shown_path(path):
    """A signed link's path for the results, its signed values (value:stamp:signature) hidden."""
    return re.sub(r"[^/?&=]*:[^/?&=]*", "<token>", path)


def test_every_public_page_type_and_form_meets_jis_x_8341_3_aa(demo_site, browser_page):
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256, "axe.min.js changed"
    missing = missing_link_makers(demo_site["url_names"])
    assert not missing, "\n".join(missing)
    kinds = {kind for kind, _path in demo_site["targets"]}
    unchecked = sorted(m.__name__ for m in get_page_models() if m is not Page)
    unchecked = [name for name in unchecked if name not in kinds]
    assert unchecked == [], f"page types with no live Japanese page in the demo: {unchecked}"
    page, base = browser_page, demo_site["url"]
    results, problems, versions = [], [], set()

    def record(
        target, language_code, path, state, rules_passed, violations, overflow=0, shown=None
    ):
        results.append(
            {
                "target": target,
                "page": shown
                or (path.removeprefix(f"/{language_code}") if language_code != "ja" else path),
                "language": language_code,
                "path": path,
                "state": state,
                "rules_passed": rules_passed,
                "violations": violations,
                "overflow_px": max(overflow, 0),
            }
        )
        problems.extend(f"{language_code} {path} ({state}): {v}" for v in violations)
        if overflow > 0:
            problems.append(f"{language_code} {path}: {overflow}px wider than the window")

    def check(target, language_code, path, state, shown=None):
        found = run_axe(page)
        versions.add(found["version"])
        # The Content-Security-Policy refused nothing the page needs (no inline script,
        # style or handler, nothing from elsewhere).
        problems.extend(
            f"{language_code} {path} ({state}): CSP {violation}"
            for violation in csp.violations(page)
        )
        record(
            target,
            language_code,
            path,
            state,
            found["passes"],
            [f"{v['id']} {v['nodes']}" for v in found["violations"]],
            overflows(page),
            shown,
        )

    # axe on every page type and URL, and on every form after it was sent empty.
    forms, refusing = {}, []
    for language_code in LANGUAGES:
        use_pass(page, base, language_code)
        for target, neutral in demo_site["targets"]:
            path = in_language(neutral, language_code)
            response = visit(page, base + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if response.status >= 500:
                problems.append(f"{language_code} {path}: HTTP {response.status}")
                continue
            if response.status == 400 and language_code == "ja":
                refusing.append(demo_site["names"][target])
            # A 400 or 404 page (a link without its token) is checked like any other.
            check(target, language_code, path, "page")
            for form in page.evaluate(FORMS, "main"):
                key = (form["method"], form["action"].removeprefix(f"/{language_code}"))
                key += (form["fields"],)
                if (language_code, key) in forms:
                    continue
                forms[(language_code, key)] = (neutral, form["index"])
                submit_empty(page, "main", form["index"])
                check(f"form on {neutral}", language_code, path, "submitted empty")
                visit(page, base + path)

    # The keyboard alone through every form: the header's on the home page, then each form.
    use_pass(page, base, "en")
    page.context.clear_cookies()
    visit(page, base + "/")
    for form in page.evaluate(FORMS, "header"):
        visit(page, base + "/")
        found = keyboard_problems(page, "header", form["index"])
        record(f"keyboard: header form {form['action']}", "ja", "/", "keyboard", 0, found)
    for (language_code, _key), (neutral, index) in forms.items():
        if language_code != "ja":
            continue
        visit(page, base + neutral)
        found = keyboard_problems(page, "main", index)
        record(f"keyboard: form on {neutral}", "ja", neutral, "keyboard", 0, found)

    # The pages behind signed links, made from the plugins' demo data, in every language.
    # Their forms are many and alike: each is sent empty in one language, in turn, so that
    # every language's display choices see some; a form sent on a link may change what it
    # shows (a cancel button), so the next one is sent from a fresh link.
    signed_forms = []
    for turn, language_code in enumerate(LANGUAGES):
        use_pass(page, base, language_code)
        counted = 0
        for name, variant, make in demo_site["signed"]:
            target = f"signed:{name} ({variant})"
            link = make()
            shown = f"{shown_path(link)} ({variant})"
            path = in_language(link, language_code)
            response = visit(page, base + path)
            if response is None or response.status != 200:
                problems.append(f"{language_code} {target}: no page (HTTP error) at {path}")
                continue
            check(target, language_code, path, "page", shown)
            sent = False
            for form in page.evaluate(FORMS, "main"):
                counted += 1
                if language_code == "ja":
                    signed_forms.append((target, make, form["index"], shown))
                if counted % len(LANGUAGES) != turn:
                    continue
                if sent:
                    path = in_language(make(), language_code)
                    visit(page, base + path)
                submit_empty(page, "main", form["index"])
                sent = True
                check(f"form on {target}", language_code, path, "submitted empty", shown)
    use_pass(page, base, "en")
    page.context.clear_cookies()
    for target, make, index, shown in signed_forms:
        path = make()
        visit(page, base + path)
        found = keyboard_problems(page, "main", index)
        record(f"keyboard: form on {target}", "ja", path, "keyboard", 0, found, shown=shown)

    problems.extend(missing_link_makers({}, refusing))
    assert {result["language"] for result in results} == set(LANGUAGES)
    assert any(result["state"] == "submitted empty" for result in results)
    assert any(result["state"] == "keyboard" for result in results)
    assert any(result["target"].startswith("keyboard: form on signed:") for result in results)
    assert versions == {AXE_VERSION}
    write_results(results, page)
    assert problems == [], "\n".join(problems)


def write_results(results, page):
    destination = os.environ.get("KOKORON_ACCESSIBILITY_RESULTS")
    if not destination:
        return
    document = {
        "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "axe_version": AXE_VERSION,
        "browser": f"Chromium {page.context.browser.version}",
        "tags": AXE_TAGS,
        "results": results,
    }
    Path(destination).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
