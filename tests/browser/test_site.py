import re

from playwright.sync_api import expect


def test_home_page_loads_in_japanese(page, site_url):
    page.goto(site_url + "/")
    expect(page).to_have_title(re.compile("こころん"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("だれもが、だれかの力に。")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_visible()


def test_language_switcher_keeps_the_current_page(page, site_url):
    page.goto(site_url + "/about/")
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    expect(page).to_have_url(site_url + "/en/about/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("About Kokoron")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    expect(page).to_have_url(site_url + "/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("こころんについて")


def focus_style(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
                outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                background: style.backgroundColor,
                top: box.top, bottom: box.bottom, width: box.width, height: box.height,
                innerHeight: window.innerHeight,
                inHeader: !!el.closest('header'),
            };
        }"""
    )


def test_keyboard_focus_is_visible_from_the_skip_link_onwards(page, site_url):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    skip = focus_style(page)
    assert skip["text"] == "メインコンテンツへ移動"
    assert skip["top"] >= 0 and skip["bottom"] <= skip["innerHeight"]  # shown, not off-screen
    assert skip["outlineStyle"] != "none" and skip["outlineWidth"] >= 2

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    seen = []
    while True:
        page.keyboard.press("Tab")
        focused = focus_style(page)
        if not focused["inHeader"]:
            break
        seen.append(focused["href"])
        assert focused["tag"] in {"A", "INPUT", "BUTTON", "SELECT", "SUMMARY"}, focused
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
        assert focused["background"] == "rgb(255, 221, 0)", focused  # the focus colour
        # WCAG 2.2 target size: at least 24 by 24 CSS pixels.
        assert focused["width"] >= 24 and focused["height"] >= 24, focused
    assert "/en/" in seen and "/about/" in seen  # the switcher and the menu, in that order
    assert seen.index("/en/") < seen.index("/about/")
