"""Emailed links carry no personal data anyone could read, and every personal page and every
form's answer is sent `Cache-Control: private, no-store`.

Found, not listed: the links are the accessibility checks' registry of every public URL that
takes a token (tests/browser/signed_links.py, kept complete by tests/browser/test_signed_links),
made from the whole demo the way the site makes the links it mails; the forms are those on every
page type and every URL without arguments under the language prefixes.
"""

import base64
import binascii
import contextlib
import hashlib
import re
import zlib
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.db import models
from django.test import RequestFactory
from django.urls import resolve

from kokoron.core.no_store import no_store
from tests.browser import signed_links
from tests.browser.test_accessibility import (
    language_neutral_paths,
    localized_url_names,
    page_type_paths,
)

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", re.IGNORECASE)
ACTION = re.compile(r"\baction=\"([^\"]*)\"")


def is_private(response):
    parts = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


def readable_parts(link):
    """Everything anyone can read from a link without the key: each piece as it is, and
    base64-decoded (Django's signed values are base64 JSON, zlib-compressed after a dot)."""
    texts = [unquote(link)]
    for piece in re.split(r"[/?&=:]", urlsplit(link).path + "?" + urlsplit(link).query):
        piece = unquote(piece)
        for candidate in {piece, piece.lstrip(".")}:
            try:
                raw = base64.urlsafe_b64decode(candidate + "=" * (-len(candidate) % 4))
            except (ValueError, binascii.Error):
                continue
            # Only what decodes as text: a signature's random bytes are not data.
            with contextlib.suppress(UnicodeDecodeError):
                texts.append(raw.decode("utf-8"))
            with contextlib.suppress(zlib.error, UnicodeDecodeError):
                texts.append(zlib.decompress(raw).decode("utf-8"))
    return "\n".join(texts)


def personal_values():
    """Every person's name and email address in the database: the fields named *name or
    *email of every model that keeps an email address."""
    values = set()
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.CharField)
            and (field.name.endswith("email") or field.name.endswith("name"))
            # Staff sign-in names of the demo ("directory", "education") are words of the
            # site's own addresses, not a person's name.
            and field.name != "username"
        ]
        if not any(name.endswith("email") for name in fields):
            continue
        for field in fields:
            for value in model._default_manager.values_list(field, flat=True).distinct():
                if value and len(value.strip()) >= 3:
                    values.add(value.strip())
    return values


def signed_link_makers():
    available = set(localized_url_names()) | {kind for kind, _path in page_type_paths()}
    return [
        (name, variant, make)
        for name, variants in signed_links.LINKS.items()
        if name in available  # a plugin switched off takes its links with it
        for variant, make in variants.items()
    ]


def test_no_store_marks_a_view_private_whatever_it_said():
    @no_store
    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("personal")
        response["Cache-Control"] = "public, max-age=300"
        return response

    response = view(RequestFactory().get("/"))
    assert response["Cache-Control"] == "private, no-store"


def test_emailed_links_are_opaque_and_personal_pages_and_forms_are_never_stored(
    whole_demo, client, django_user_model
):
    makers = signed_link_makers()
    assert makers
    links = [(f"{name} ({variant})", make()) for name, variant, make in makers]
    problems = []

    # 1. No personal data readable in any link: no address, no name, no plain hash of one.
    personal = personal_values()
    emails = {value.lower() for value in personal if "@" in value}
    assert emails, "the demo and the links' own records have email addresses"
    hashes = {hashlib.sha256(email.encode()).hexdigest()[:16] for email in emails}
    for label, link in links:
        text = readable_parts(link)
        if "eyJ" in link:  # base64 of '{"': a signed payload, which must really be read here
            assert '{"' in text, f"{label}: its payload was not decoded"
        leaks = [value for value in personal | hashes if value in text]
        if "@" in text or leaks:
            problems.append(f"{label}: {link} shows {leaks or '@'}")

    # 2. Every page behind a link, and its form's answer, is private and never stored.
    for label, link in links:
        page = client.get(link)
        if not is_private(page):
            problems.append(f"GET {label} {link}: {page.status_code} {page.get('Cache-Control')}")
        sent = client.post(link, {})
        if not is_private(sent):
            problems.append(f"POST {label} {link}: {sent.status_code} {sent.get('Cache-Control')}")

    # 3. Every public form: the page that holds it and the answer to it.
    targets = [path for _kind, path in page_type_paths()] + list(language_neutral_paths())
    forms = 0
    for path in targets:
        page = client.get(path)
        body = page.content.decode(errors="replace") if page.status_code == 200 else ""
        for tag in POST_FORM.findall(body):
            action = ACTION.search(tag)
            target = action.group(1) if action and action.group(1) else path
            # Every page has the display settings form (text size, contrast): its answer is
            # private, the page that holds it is not personal.
            if resolve(urlsplit(target).path).url_name != "display_preferences":
                forms += 1
                if not is_private(page):
                    problems.append(f"GET {path} (a form): {page.get('Cache-Control')}")
            answer = client.post(target, {})
            if not is_private(answer):
                problems.append(
                    f"POST {target}: {answer.status_code} {answer.get('Cache-Control')}"
                )
    assert forms, "the public forms were found"
    # Pages without a form stay cacheable: the rule is not a blanket.
    assert not is_private(client.get("/"))

    # 4. The admin.
    staff = django_user_model.objects.create_superuser("editor", "editor@example.jp", "pw")
    client.force_login(staff)
    for path in ("/admin/", "/admin/pages/"):
        if not is_private(client.get(path)):
            problems.append(f"GET {path} (admin)")
    assert problems == [], "\n".join(problems)
