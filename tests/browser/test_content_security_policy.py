"""Wagtail's admin under the site's Content-Security-Policy: every main admin screen (the
dashboard, the explorer, each page type's editor, every listing and the first object's edit
form of every viewset and snippet) loads in Chromium without a single violation."""

import re

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from wagtail import hooks
from wagtail.models import Page, get_page_models

import pytest
from playwright.sync_api import expect

from kokoron.core.demo import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DemoContext,
    build_superuser,
    load_demo,
)
from kokoron.plugins import DEMO_DATA_HOOK

from . import csp

pytestmark = pytest.mark.django_db(transaction=True)


def admin_names():
    """Names of the admin's URL patterns, with the number of arguments each takes."""
    found = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found[name] = entry.pattern.regex.groups

    admin = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern) == "admin/"
    )
    walk(admin.url_patterns, None)
    return found


def first_object_pk(viewset_name):
    from wagtail.admin.viewsets import viewsets

    for viewset in viewsets.viewsets:
        if getattr(viewset, "name", None) == viewset_name and hasattr(viewset, "model"):
            first = viewset.model._default_manager.order_by("pk").first()
            return first.pk if first else None
    return None


def admin_screens():
    names = admin_names()
    screens = ["/admin/", "/admin/pages/"]
    for name, groups in sorted(names.items()):
        if name.endswith(":index") and groups == 0:
            try:
                screens.append(reverse(name))
            except NoReverseMatch:
                continue
        elif name.endswith(":edit"):
            pk = first_object_pk(name.rsplit(":", 1)[0])
            if pk is not None:
                try:
                    screens.append(reverse(name, args=[pk]))
                except NoReverseMatch:
                    continue
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.filter(locale__language_code="ja").order_by("path").first()
        if page is not None:
            screens.append(f"/admin/pages/{page.pk}/edit/")
    return list(dict.fromkeys(screens))


def test_the_admins_main_screens_load_without_a_policy_violation(
    live_server, chromium_browser, settings
):
    load_demo(plugin_steps=hooks.get_hooks(DEMO_DATA_HOOK))
    settings.KOKORON_DEMO_SUPERUSER = True
    build_superuser(DemoContext())
    context = chromium_browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    csp.watch(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/admin/login/")
    assert csp.violations(page) == []
    page.fill("#id_username", DEMO_ADMIN_USERNAME)
    page.fill("#id_password", DEMO_ADMIN_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile("/admin/$"))

    screens = admin_screens()
    assert len(screens) > 20
    problems = []
    for path in screens:
        response = page.goto(live_server.url + path)
        if response is None or response.status >= 400:
            continue
        page.wait_for_load_state("load")
        problems += [f"{path}: {violation}" for violation in csp.violations(page)]
    context.close()
    assert problems == [], "\n".join(problems)
