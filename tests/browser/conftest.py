"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop in the main thread, where the tests also use the
# ORM; Django would refuse that. tests/site/test_settings.py keeps it out of its deploy check.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser():
    executable = find_chromium()
    if executable is None:
        message = (
            "Debian's chromium is not installed (apt-get install chromium); "
            "browser tests need it, and they never download a browser."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site_url(live_server, transactional_db):
    """The live server with the core's demo ward on it."""
    from kokoron.core.demo import ESSENTIAL_STEPS, load_demo

    load_demo(core_steps=ESSENTIAL_STEPS)
    return live_server.url
