"""The Content-Security-Policy header: strict on public pages (no inline script or style, no
nonce, so that cached pages stay valid), what Wagtail needs in the admin, a nonce for the one
inline style the error page has; and no template of the site's public pages inlines a script,
an event handler or a style. (The browser tests check that nothing is refused in Chromium.)"""

import re
from pathlib import Path

from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from kokoron.core.csp import ContentSecurityPolicyMiddleware
from kokoron.core.views import server_error
from kokoron.pages.cache import cacheable_response

REPO = Path(__file__).resolve().parents[2]


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client):
    directives = policy(client.get("/search/?q=サロン"))
    assert directives["script-src"] == ["'self'", "'report-sample'"]
    assert directives["style-src"] == ["'self'", "'report-sample'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in directives["img-src"]


@pytest.mark.django_db
def test_the_admin_allows_the_inline_scripts_and_styles_wagtail_writes_and_nothing_else(client):
    directives = policy(client.get("/admin/login/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]  # Wagtail's preview frame
    assert directives["object-src"] == ["'none'"]
    assert directives["connect-src"] == ["'self'"]


def test_the_error_pages_inline_style_carries_the_responses_nonce():
    request = RequestFactory().get("/broken/")
    response = ContentSecurityPolicyMiddleware(server_error)(request)
    assert response.status_code == 500
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]
    # Another response, another nonce.
    again = ContentSecurityPolicyMiddleware(server_error)(RequestFactory().get("/broken/"))
    assert f"'nonce-{nonce}'" not in policy(again)["style-src"]


def test_a_page_that_used_a_nonce_is_never_cached():
    plain = RequestFactory().get("/")
    plain._csp_nonce = None
    assert cacheable_response(plain, HttpResponse("page"))
    used = RequestFactory().get("/")
    used._csp_nonce = "abc"
    assert not cacheable_response(used, HttpResponse("page"))


PUBLIC_TEMPLATES = [
    path
    for folder in ("templates", "directory/templates", "matching/templates", "education/templates")
    for path in sorted((REPO / folder).rglob("*.html"))
    if "admin" not in path.relative_to(REPO).parts
]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "an inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an inline event handler"),
    (re.compile(r"\sstyle\s*="), "a style attribute"),
    (re.compile(r"<style(?![^>]*\bnonce=)[^>]*>"), "a <style> without the nonce"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: link"),
]


def test_no_public_template_inlines_what_the_policy_refuses():
    assert len(PUBLIC_TEMPLATES) > 50
    found = [
        f"{path.relative_to(REPO)}: {what}"
        for path in PUBLIC_TEMPLATES
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
