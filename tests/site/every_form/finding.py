"""Finding the forms: every page type, URL name and emailed link is read, and every <form>
on them collected with its fields and options."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from bs4 import BeautifulSoup

from tests.browser import signed_links
from tests.browser.test_accessibility import language_neutral_paths, page_type_paths

# Japanese, and one of the residents' languages (its choices are labelled in Vietnamese).
LANGUAGES = ("ja", "vi")
# Pages whose forms are not ours to test, or not pages at all.
SKIPPED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/_util/", "/cms/", "/static/")
NOT_FIELDS = {"csrfmiddlewaretoken"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LINK = re.compile(r'href="(/[^"#?]*)')
RECORD = re.compile(r"[-\d]")


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
