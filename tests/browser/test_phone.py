"""A 390 px phone: the languages and the main menu are one button each (a <details>, so no
script is needed), the first screen shows the page's heading, and headings break between
phrases, never inside a word. Measured in Chromium, not assumed."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}

# The lines a heading is laid out on: for each line after the first, the offset in the
# heading's text (readings in <rt> left out) where it starts; and the offsets where a line may
# start between phrases: after a marked break (<wbr>), a space or Japanese punctuation.
LINES = """(selector) => {
    const heading = document.querySelector(selector);
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let text = '', lastTop = null;
    const starts = [], allowed = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.ELEMENT_NODE) {
            if (node.tagName === 'WBR') allowed.add(text.length);
            continue;
        }
        if (node.parentElement.closest('rt, rp')) continue;
        for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
            const ch = node.data[i];
            if (rects.length && !/\\s/.test(ch)) {
                const top = Math.round(rects[0].top);
                if (lastTop !== null && top > lastTop + 2) starts.push(text.length);
                lastTop = top;
            }
            text += ch;
            if (/[\\s、。・]/.test(ch)) allowed.add(text.length);
        }
    }
    return {text, starts, allowed: Array.from(allowed)};
}"""


def heading_lines(page, selector="h1"):
    found = page.evaluate(LINES, selector)
    text, starts = found["text"], found["starts"]
    # A line that starts with spaces starts after them.
    starts = [start + len(text[start:]) - len(text[start:].lstrip()) for start in starts]
    lines = [text[a:b].strip() for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    return lines, [start for start in starts if start not in found["allowed"]]


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(locale="ja-JP", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def box(locator):
    found = locator.bounding_box()
    assert found is not None
    return found


def test_the_first_phone_screen_shows_the_heading_below_two_closed_menus(phone, site_url):
    phone.goto(site_url + "/")
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text("だれもが、だれかの力に。")
    assert box(heading)["y"] + box(heading)["height"] <= PHONE["height"] / 2
    languages = phone.locator("summary", has_text="言語")
    menu = phone.locator("summary", has_text="メニュー")
    for button in (languages, menu):
        expect(button).to_be_visible()
        # WCAG 2.2 target size (24 px) with room to spare: 44 by 44.
        assert box(button)["width"] >= 44 and box(button)["height"] >= 44
    # Closed: none of the nine languages or the menu's links take room or focus.
    expect(phone.get_by_role("link", name="English")).to_be_hidden()
    expect(phone.locator("header").get_by_role("link", name="こころんについて")).to_be_hidden()
    assert box(phone.locator("header.site-header"))["height"] <= 320


def axe_node(page, name):
    """Chromium's own accessibility node for a name: what a screen reader is told."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    found = [
        node
        for node in nodes
        if not node.get("ignored") and node.get("name", {}).get("value") == name
    ]
    assert found, name
    node = found[0]
    properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    return node["role"]["value"], properties


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName, text: el.textContent.trim(),
                    outline: style.outlineStyle, background: style.backgroundColor};
        }"""
    )


def tab_to(page, tag, text, presses=20):
    for _ in range(presses):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == tag and now["text"].startswith(text):
            return now
    raise AssertionError(f"{tag} {text!r} not reached by Tab")


def test_the_two_buttons_open_their_menus_from_the_keyboard(phone, site_url):
    phone.goto(site_url + "/")
    # Announced as collapsed buttons, with the nav's own name kept inside.
    role, properties = axe_node(phone, "言語 Language")
    assert role == "DisclosureTriangle" and properties["expanded"] is False
    assert properties["focusable"] is True
    assert axe_node(phone, "メニュー")[1]["expanded"] is False

    button = tab_to(phone, "SUMMARY", "言語")
    assert button["outline"] != "none" and button["background"] == "rgb(255, 221, 0)"
    phone.keyboard.press("Enter")
    expect(phone.locator("details.language-menu")).to_have_attribute("open", "")
    assert axe_node(phone, "言語 Language")[1]["expanded"] is True
    expect(phone.get_by_role("navigation", name="言語").get_by_role("link")).to_have_count(9)
    phone.keyboard.press("Tab")
    assert focused(phone)["text"] == "日本語"

    tab_to(phone, "SUMMARY", "メニュー")
    phone.keyboard.press(" ")
    menu = phone.get_by_role("navigation", name="メインメニュー")
    expect(menu.get_by_role("link", name="こころんについて")).to_be_visible()
    phone.keyboard.press("Tab")
    assert focused(phone)["tag"] == "A"
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Enter")  # closes it again
    expect(menu.get_by_role("link", name="こころんについて")).to_be_hidden()


def test_the_menus_work_without_javascript(chromium_browser, site_url):
    context = chromium_browser.new_context(
        locale="ja-JP", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(site_url + "/")
        page.locator("summary", has_text="メニュー").click()
        page.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="こころんについて"
        ).click()
        expect(page).to_have_url(site_url + "/about/")
        page.locator("summary", has_text="言語").click()
        page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
        expect(page).to_have_url(site_url + "/en/about/")
        expect(page.locator("summary", has_text="Language")).to_be_visible()
        expect(page.locator("summary", has_text="Menu")).to_be_visible()
    finally:
        context.close()


def test_a_wide_screen_shows_both_lists_and_no_buttons(page, site_url):
    page.goto(site_url + "/")
    for name in ("言語 Language", "メニュー"):
        expect(page.locator("summary", has_text=name.split()[0])).to_be_hidden()
    expect(page.get_by_role("link", name="English")).to_be_visible()
    expect(page.locator("header").get_by_role("link", name="こころんについて")).to_be_visible()
    # Shown to a screen reader too, not only painted.
    assert axe_node(page, "English")[0] == "link"
    assert axe_node(page, "こころんについて")[0] == "link"


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/", "だれもが、だれかの力に。"), ("/ja-easy/", "だれでも、だれかの ちからに なれます。")],
)
def test_the_home_heading_breaks_between_phrases_at_every_phone_width(
    phone, site_url, path, heading
):
    # How wide the heading's glyphs are depends on the fonts installed: every width from 390 px
    # down to 200 is laid out and measured, and the narrower ones must wrap.
    phone.goto(site_url + path)
    wrapped = 0
    for width in range(390, 199, -10):
        phone.set_viewport_size({"width": width, "height": 844})
        lines, inside_words = heading_lines(phone, "h1")
        assert "".join(lines).replace(" ", "") == heading.replace(" ", ""), width
        assert inside_words == [], (width, lines)
        assert not any(line.startswith(("に", "。", "ます")) for line in lines), (width, lines)
        wrapped += len(lines) > 1
    assert wrapped, "the heading never wrapped: the test measured nothing"


def test_page_titles_break_between_phrases_on_a_phone(phone, site_url):
    from kokoron.pages.factories import StandardPageFactory
    from kokoron.pages.models import HomePage

    home = HomePage.objects.get(locale__language_code="ja")
    page = StandardPageFactory(
        parent=home, slug="kurashi", title="地域のみんなで支えあう暮らしのための福祉活動計画"
    )
    phone.goto(site_url + page.url)
    lines, inside_words = heading_lines(phone, "h1")
    assert len(lines) >= 2 and inside_words == [], lines
