"""Site search in a real browser: the header form with and without JavaScript, suggestions."""

import re

from playwright.sync_api import expect


def test_header_search_works_without_javascript(chromium_browser, site_url):
    context = chromium_browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "/about/")
        box = page.get_by_role("searchbox", name="サイト内検索")
        box.fill("ｺｺﾛﾝ")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q="))
        expect(page.get_by_role("heading", level=1)).to_have_text("検索")
        expect(page.get_by_role("status")).to_contain_text("件")
        expect(
            page.locator("#main").get_by_role("link", name=re.compile("こころんについて"))
        ).to_be_visible()
        expect(page.locator("mark").first).to_be_visible()
    finally:
        context.close()


def test_empty_search_shows_guidance(page, site_url):
    page.goto(site_url + "/search/")
    expect(page.get_by_role("heading", name="検索のしかた")).to_be_visible()
    # Only the page's own search form: the header one is left out here.
    expect(page.get_by_role("search")).to_have_count(1)


def test_suggestions_as_you_type_with_the_keyboard(page, site_url):
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="サイト内検索")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("こころんに", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("こころんについて"))
    expect(option).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="候補")).to_have_count(1)

    box.press("ArrowDown")
    expect(page.get_by_role("option", selected=True)).to_have_count(1)
    assert box.get_attribute("aria-activedescendant")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    box.press("ArrowDown")
    selected = page.get_by_role("option", selected=True)
    expect(selected).to_have_count(1)
    target = selected.get_attribute("data-url")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_enter_without_a_chosen_suggestion_submits_the_search(page, site_url):
    page.goto(site_url + "/en/")
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("Kokoron")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=Kokoron"))
    expect(
        page.locator("#main").get_by_role("link", name=re.compile("About Kokoron"))
    ).to_be_visible()


def test_suggestions_are_counted_in_the_pages_language(page, site_url):
    for prefix, name, typed, counted in (
        ("/en/", "Search the site", "Kokoron", re.compile(r"\d+ suggestions?$")),
        ("/ja-easy/", None, "こころん", re.compile(r"^こうほ \d+ こ$")),
    ):
        page.goto(site_url + prefix)
        box = page.get_by_role("combobox", name=name) if name else page.get_by_role("combobox")
        box.first.press_sequentially(typed, delay=30)
        expect(page.get_by_role("listbox").first).to_be_visible()
        expect(page.get_by_role("status").filter(has_text=counted)).to_have_count(1)
