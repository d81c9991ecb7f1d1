"""Whatever a visitor or a program sends to a public address, the answer is never a server error.

Every public URL pattern (found from the URL configuration, so new ones are covered, with
nonsense in its path arguments) and every kind of page the demo ward links to (each page type,
each view with a real record in its path) are asked with hostile query strings and a POST of
malformed form data. A 4xx, a 200 with a message or a redirect are all
fine; a 5xx is a bug.
"""

import re
import uuid
from collections import Counter

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter

import pytest

pytestmark = pytest.mark.django_db

# Not public, or not ours to test.
SKIPPED_PREFIXES = ("admin/", "django-admin/", "documents/", "_util/", "cms/", "static/", "media/")

# Each query string mixes several parameter names that the pages and the API read; between them
# they try wrong types, out-of-range numbers, broken encodings and injection-like text.
HOSTILE_QUERIES = [
    "page=-1&per_page=1000000000&q=%00&district=..%2F..%2Fetc&day=xx&free=2",
    "page=abc&per_page=-5&q=%ED%A0%80&field=%3Cscript%3E&kind=%00&open_now=maybe&step_free=%5B%5D",
    "page=99999999999999999999999&q=" + "%E3%81%82" * 3000 + "&month=2026-99&date=2026-13-45",
    "page=2.5&year=-1&category=abc&lang=zz&language=%FF&sort=%3BDROP+TABLE&format=ics%00",
    "taxonomy_term_id=not-a-uuid&organization_id=1&taxonomy_id=%25&modified_after=yesterday"
    "&minimal=maybe&full=2&full_service=yes%00&search=%ED%A0%80",
    "start=2026-02-30&end=0&session=abc&email=%00%40&token=..&next=https%3A%2F%2Fevil.example",
    "q=" + "+".join(["AND", "OR", "NOT", "*", "%22", "(", ")", "NEAR"] * 20),
]

MALFORMED_POST = {
    "name": "\x00",
    "name_kana": "<script>",
    "email": "not-an-email",
    "phone": "☎" * 500,
    "date": "2026-13-45",
    "start": "25:99",
    "pupils": "-3",
    "grade": "99",
    "school": "not-a-number",
    "programmes": ["x", "y"],
    "district": "999999999",
    "neighbourhood": "../../",
    "answer": "maybe",
    "rating": "11",
    "consent": "sometimes",
    "q": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
}


def nonsense_for(converter):
    if isinstance(converter, IntConverter):
        return "2147483648"
    if isinstance(converter, UUIDConverter):
        return str(uuid.UUID(int=7))
    return "no-such-thing.Zm9v:1abc:garbage"


def public_paths():
    """A path for every public URL pattern, with nonsense in its arguments."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if text.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern) and pattern.name != "wagtail_serve":
                converters = getattr(pattern.pattern, "converters", {})
                path = text
                for name, converter in converters.items():
                    for form in (f"<{type(converter).__name__}:{name}>", f"<{name}>"):
                        path = path.replace(form, nonsense_for(converter))
                    for kind in ("int", "str", "slug", "uuid", "path"):
                        path = path.replace(f"<{kind}:{name}>", nonsense_for(converter))
                if "<" in path or "^" in path:
                    continue  # a regular expression: not one of ours
                paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


LINK = re.compile(r'href="(/[^"#?]*)')
# A path segment that names one record (a slug or a key) rather than a view.
RECORD = re.compile(r"[-\d]")


def shape(path):
    first, *rest = path.strip("/").split("/") or [""]
    return (first, *("*" if RECORD.search(part) else part for part in rest))


def linked_paths(client, start, per_shape=2, limit=250):
    """The start paths and the Japanese pages their links lead to, following links further;
    at most `per_shape` records of each kind (two events, two service pages...), so every page
    type and every view with a real record in its path is among them."""
    languages = tuple(f"/{code}/" for code, _name in settings.LANGUAGES if code != "ja")
    found, seen, queue, shapes = [], set(), [], Counter()

    def visit(path):
        found.append(path)
        response = client.get(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(LINK.findall(response.content.decode()))

    for path in start:
        seen.add(path)
        visit(path)
    while queue and len(found) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(languages) or path[1:].startswith(SKIPPED_PREFIXES):
            continue
        seen.add(path)
        if shapes[shape(path)] < per_shape:
            shapes[shape(path)] += 1
            visit(path)
    return found


def test_no_public_address_answers_with_a_server_error(whole_demo):
    client = Client(raise_request_exception=False)
    targets = linked_paths(client, ["/", *public_paths()])
    assert len(targets) > 40, targets  # the walk and the links found the site
    failures = []
    for path in targets:
        for query in HOSTILE_QUERIES:
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append(f"GET {path}?{query[:60]}… → {response.status_code}")
        response = client.post(path, MALFORMED_POST)
        if response.status_code >= 500:
            failures.append(f"POST {path} → {response.status_code}")
    assert failures == []


def test_the_walk_fills_arguments_with_nonsense():
    paths = public_paths()
    assert "/directory/services/00000000-0000-0000-0000-000000000007/" in paths
    assert "/volunteer/experiences/session/2147483648/" in paths
    assert not [path for path in paths if "<" in path]
